"""Deadlines and time-to-decision classes of a request, in working days (UU KIP Pasal 22)."""

from __future__ import annotations

from datetime import date
from typing import Protocol

NOTICE_DAYS = 10  # Pasal 22 ayat (7)
EXTENDED_DAYS = 17  # Pasal 22 ayat (8): at most 7 more working days

# kelas_waktu codes, published with the report's labels
ON_TIME = "tepat_waktu"
ON_TIME_EXTENDED = "tepat_waktu_perpanjangan"
LATE = "terlambat"
OPEN = "belum_selesai"
OVERDUE = "lewat_tenggat"
UNKNOWN = "waktu_tidak_diketahui"  # decided, but the desk did not record when
CLASSES = (ON_TIME, ON_TIME_EXTENDED, LATE, OPEN, OVERDUE, UNKNOWN)


class Calendar(Protocol):
    def add_workdays(self, received: date, n: int) -> date: ...
    def workdays_between(self, received: date, decided: date) -> int: ...


def lifecycle(
    cal: Calendar,
    received: date,
    decided: date | None,
    has_decision: bool,
    extended: bool,
    status_per: date,
) -> dict[str, object]:
    """Deadline columns and class of one request; `status_per` decides open vs overdue."""
    deadline = cal.add_workdays(received, NOTICE_DAYS)
    extended_deadline = cal.add_workdays(received, EXTENDED_DAYS)
    days: int | None = None
    if decided is not None:
        days = cal.workdays_between(received, decided)
        if days <= NOTICE_DAYS:
            cls = ON_TIME
        elif extended and days <= EXTENDED_DAYS:
            cls = ON_TIME_EXTENDED
        else:
            cls = LATE
    elif has_decision:
        cls = UNKNOWN
    else:
        limit = extended_deadline if extended else deadline
        cls = OVERDUE if status_per > limit else OPEN
    return {
        "tenggat": deadline,
        "tenggat_perpanjangan": extended_deadline,
        "hari_kerja_keputusan": days,
        "kelas_waktu": cls,
    }
