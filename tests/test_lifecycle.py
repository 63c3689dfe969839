"""Deadline classes (UU KIP Pasal 22) on the real calendar."""

from __future__ import annotations

from datetime import date

import pytest

from transforms.calendar import WorkCalendar
from transforms.lifecycle import lifecycle

CAL = WorkCalendar.default()
RECEIVED = date(2023, 3, 1)  # Wednesday; 22-23 March are Nyepi and its cuti bersama


@pytest.mark.parametrize(
    ("decided", "extended", "expected_class", "days"),
    [
        (date(2023, 3, 1), False, "tepat_waktu", 0),
        (date(2023, 3, 15), False, "tepat_waktu", 10),
        (date(2023, 3, 16), False, "terlambat", 11),
        (date(2023, 3, 16), True, "tepat_waktu_perpanjangan", 11),
        (date(2023, 3, 28), True, "tepat_waktu_perpanjangan", 17),
        (date(2023, 3, 29), True, "terlambat", 18),
    ],
)
def test_decided_classes(decided, extended, expected_class, days) -> None:
    out = lifecycle(CAL, RECEIVED, decided, True, extended, date(2023, 12, 31))
    assert out["kelas_waktu"] == expected_class
    assert out["hari_kerja_keputusan"] == days
    assert out["tenggat"] == date(2023, 3, 15)
    assert out["tenggat_perpanjangan"] == date(2023, 3, 28)


def test_open_then_overdue_depends_on_status_date() -> None:
    assert lifecycle(CAL, RECEIVED, None, False, False, date(2023, 3, 15))["kelas_waktu"] == (
        "belum_selesai"
    )
    assert lifecycle(CAL, RECEIVED, None, False, False, date(2023, 3, 16))["kelas_waktu"] == (
        "lewat_tenggat"
    )
    assert lifecycle(CAL, RECEIVED, None, False, True, date(2023, 3, 16))["kelas_waktu"] == (
        "belum_selesai"
    )


def test_decision_without_date_is_its_own_class() -> None:
    out = lifecycle(CAL, RECEIVED, None, True, False, date(2023, 12, 31))
    assert out["kelas_waktu"] == "waktu_tidak_diketahui"
