"""Working-day calendar: package data checked against the SKB 3 Menteri lists, corrections,
the cuti-bersama setting and deadlines counted by hand."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from transforms.calendar import DEFAULT_CORRECTIONS, WorkCalendar, build_calendar, read_corrections


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return build_calendar()


@pytest.fixture(scope="module")
def cal(frame: pd.DataFrame) -> WorkCalendar:
    return WorkCalendar(frame)


@pytest.fixture(scope="module")
def cal_cuti_works(frame: pd.DataFrame) -> WorkCalendar:
    return WorkCalendar(frame, cuti_bersama_is_workday=True)


def _day(frame: pd.DataFrame, d: date) -> pd.Series:
    return frame.loc[frame["tanggal"] == d].iloc[0]


def test_frame_shape(frame: pd.DataFrame) -> None:
    assert list(frame.columns) == [
        "tanggal",
        "akhir_pekan",
        "libur_nasional",
        "cuti_bersama",
        "keterangan",
    ]
    assert len(frame) == (date(2027, 12, 31) - date(2019, 1, 1)).days + 1
    assert frame["tanggal"].iloc[0] == date(2019, 1, 1)
    assert frame["keterangan"].map(type).eq(str).all()
    assert _day(frame, date(2023, 4, 15))["akhir_pekan"]  # Saturday
    assert _day(frame, date(2023, 4, 17))["keterangan"] == ""


# SKB 1066/2022 as revised by SKB 327/2023 (Lebaran) and SKB 624/2023 (Idul Adha).
CUTI_2023 = [
    "2023-01-23",
    "2023-03-23",
    "2023-04-19",
    "2023-04-20",
    "2023-04-21",
    "2023-04-24",
    "2023-04-25",
    "2023-06-02",
    "2023-06-28",
    "2023-06-30",
    "2023-12-26",
]
LIBUR_2023 = ["2023-01-01", "2023-01-22", "2023-02-18", "2023-03-22", "2023-04-07",
              "2023-04-22", "2023-04-23", "2023-05-01", "2023-05-18", "2023-06-01",
              "2023-06-04", "2023-06-29", "2023-07-19", "2023-08-17", "2023-09-28",
              "2023-12-25"]  # fmt: skip
# SKB 855/2023 and Keppres 7/2024 (cuti bersama ASN), Keppres 10/2024 and 33/2024 (elections).
CUTI_2024 = [
    "2024-02-09",
    "2024-03-12",
    "2024-04-08",
    "2024-04-09",
    "2024-04-12",
    "2024-04-15",
    "2024-05-10",
    "2024-05-24",
    "2024-06-18",
    "2024-12-26",
]
LIBUR_2024 = ["2024-01-01", "2024-02-08", "2024-02-10", "2024-02-14", "2024-03-11",
              "2024-03-29", "2024-03-31", "2024-04-10", "2024-04-11", "2024-05-01",
              "2024-05-09", "2024-05-23", "2024-06-01", "2024-06-17", "2024-07-07",
              "2024-08-17", "2024-09-16", "2024-11-27", "2024-12-25"]  # fmt: skip


@pytest.mark.parametrize(
    ("year", "cuti", "libur"), [(2023, CUTI_2023, LIBUR_2023), (2024, CUTI_2024, LIBUR_2024)]
)
def test_year_matches_skb(frame: pd.DataFrame, year: int, cuti: list, libur: list) -> None:
    rows = frame[pd.to_datetime(frame["tanggal"]).dt.year == year]
    got_cuti = sorted(d.isoformat() for d in rows.loc[rows["cuti_bersama"], "tanggal"])
    got_libur = sorted(d.isoformat() for d in rows.loc[rows["libur_nasional"], "tanggal"])
    assert got_cuti == sorted(cuti)
    assert got_libur == sorted(libur)


def test_indonesian_names(frame: pd.DataFrame) -> None:
    assert _day(frame, date(2023, 4, 22))["keterangan"] == "Hari Raya Idul Fitri"
    assert _day(frame, date(2023, 4, 19))["keterangan"] == "Cuti Bersama Hari Raya Idul Fitri"
    both = _day(frame, date(2021, 5, 13))["keterangan"]
    assert "Idul Fitri" in both and "Kenaikan Yesus Kristus" in both
    assert _day(frame, date(2020, 12, 31))["keterangan"].startswith("Pengganti Cuti Bersama")


def test_revisions_of_other_years(frame: pd.DataFrame) -> None:
    assert _day(frame, date(2025, 8, 18))["cuti_bersama"]  # HUT RI ke-80
    assert not _day(frame, date(2021, 12, 24))["cuti_bersama"]  # cancelled (COVID)
    assert not _day(frame, date(2021, 8, 10))["libur_nasional"]  # moved to 11 August
    assert _day(frame, date(2021, 8, 11))["libur_nasional"]
    assert not _day(frame, date(2022, 12, 26))["cuti_bersama"]


def test_correction_file_is_valid() -> None:
    rows = read_corrections(DEFAULT_CORRECTIONS)
    assert rows and all(r["sumber"] for r in rows)


def test_corrections_add_and_remove(tmp_path: Path) -> None:
    fixes = tmp_path / "koreksi.csv"
    fixes.write_text(
        "tanggal,jenis,tindakan,keterangan,sumber\n"
        "2023-04-26,cuti_bersama,tambah,Cuti Bersama Uji,uji\n"
        "2023-04-19,cuti_bersama,hapus,,uji\n"
        "2030-01-02,libur_nasional,tambah,Di luar tahun,uji\n",
        encoding="utf-8",
    )
    frame = build_calendar(2023, 2023, corrections=fixes)
    assert len(frame) == 365
    added, removed = _day(frame, date(2023, 4, 26)), _day(frame, date(2023, 4, 19))
    assert added["cuti_bersama"] and added["keterangan"] == "Cuti Bersama Uji"
    assert not removed["cuti_bersama"] and removed["keterangan"] == ""


def test_bad_correction_file(tmp_path: Path) -> None:
    fixes = tmp_path / "koreksi.csv"
    fixes.write_text(
        "tanggal,jenis,tindakan,keterangan,sumber\n2023-02-30,libur,ubah,x,\n", encoding="utf-8"
    )
    with pytest.raises(ValueError) as err:
        build_calendar(2023, 2023, corrections=fixes)
    assert "baris 2" in str(err.value) and "bukan YYYY-MM-DD" in str(err.value)


def test_workdays_and_setting(cal: WorkCalendar, cal_cuti_works: WorkCalendar) -> None:
    assert cal.is_workday(date(2023, 4, 17))
    assert not cal.is_workday(date(2023, 4, 15))  # Saturday
    assert not cal.is_workday(date(2023, 5, 1))  # Labour Day
    assert not cal.is_workday(date(2023, 4, 19))  # cuti bersama: offices closed by default
    assert cal_cuti_works.is_workday(date(2023, 4, 19))
    assert not cal_cuti_works.is_workday(date(2023, 5, 1))
    assert not cal_cuti_works.is_workday(date(2023, 4, 22))


def test_deadline_over_lebaran_2023(cal: WorkCalendar, cal_cuti_works: WorkCalendar) -> None:
    # Received Fri 14 Apr 2023. Working days: 17, 18 (1-2); 19-21 and 24-25 cuti bersama;
    # 26, 27, 28 (3-5); 1 May holiday; 2, 3, 4, 5 (6-9); Mon 8 May is the 10th.
    assert cal.add_workdays(date(2023, 4, 14), 10) == date(2023, 5, 8)
    assert cal.workdays_between(date(2023, 4, 14), date(2023, 5, 8)) == 10
    assert cal.workdays_between(date(2023, 4, 14), date(2023, 4, 25)) == 2
    # With cuti bersama as working days: 17..21 (1-5), 24..28 (6-10).
    assert cal_cuti_works.add_workdays(date(2023, 4, 14), 10) == date(2023, 4, 28)


def test_deadline_over_lebaran_2024_with_extension(cal: WorkCalendar) -> None:
    # Received Fri 5 Apr 2024; 8-15 Apr closed; 16..19, 22..26, 29 Apr = 10th working day.
    assert cal.add_workdays(date(2024, 4, 5), 10) == date(2024, 4, 29)
    # +7: 30 Apr, 2, 3, 6, 7, 8 May (1 May, 9 May holiday, 10 May cuti), Mon 13 May = 17th.
    assert cal.add_workdays(date(2024, 4, 5), 17) == date(2024, 5, 13)


def test_receipt_on_weekend_or_holiday(cal: WorkCalendar) -> None:
    # Day one is the first working day after receipt, whatever day the receipt was.
    assert cal.add_workdays(date(2023, 4, 15), 1) == date(2023, 4, 17)
    assert cal.add_workdays(date(2023, 4, 22), 1) == date(2023, 4, 26)
    assert cal.add_workdays(date(2023, 4, 14), 1) == date(2023, 4, 17)
    assert cal.workdays_between(date(2023, 4, 15), date(2023, 4, 17)) == 1


def test_workdays_between_edges(cal: WorkCalendar) -> None:
    assert cal.workdays_between(date(2023, 4, 14), date(2023, 4, 14)) == 0
    assert cal.workdays_between(date(2023, 4, 14), date(2023, 4, 10)) == 0
    assert cal.workdays_between(date(2023, 4, 14), date(2023, 4, 16)) == 0


def test_boundaries(cal: WorkCalendar) -> None:
    assert cal.add_workdays(date(2027, 12, 30), 1) == date(2027, 12, 31)
    with pytest.raises(ValueError, match="outside the working-day calendar"):
        cal.add_workdays(date(2027, 12, 31), 1)
    with pytest.raises(ValueError, match="outside"):
        cal.is_workday(date(2018, 12, 31))
    with pytest.raises(ValueError, match="outside"):
        cal.workdays_between(date(2027, 12, 1), date(2028, 1, 5))
    with pytest.raises(ValueError, match="at least 1"):
        cal.add_workdays(date(2023, 1, 2), 0)


def test_vectorised_matches_scalar_and_handles_nat(cal: WorkCalendar) -> None:
    received = pd.Series(pd.to_datetime(["2023-04-14", None, "2024-04-05"]))
    deadlines = cal.add_workdays_many(received, 10)
    assert deadlines.dtype == np.dtype("datetime64[D]")
    assert deadlines[0] == np.datetime64("2023-05-08") and np.isnat(deadlines[1])
    assert deadlines[2] == np.datetime64("2024-04-29")
    counts = cal.workdays_between_many(received, pd.Series(deadlines))
    assert counts[0] == 10 and counts[1] is pd.NA and counts[2] == 10
    assert list(cal.add_workdays_many([date(2024, 4, 5)] * 2, [10, 17])) == [
        np.datetime64("2024-04-29"),
        np.datetime64("2024-05-13"),
    ]


def test_aware_timestamps_use_wib_date(cal: WorkCalendar) -> None:
    # 17:30 UTC on 13 April is 00:30 WIB on 14 April: the receipt date is the 14th.
    received = pd.Series(pd.to_datetime(["2023-04-13T17:30:00Z"]))
    assert cal.add_workdays_many(received, 10)[0] == np.datetime64("2023-05-08")


def test_default_is_cached() -> None:
    a, b = WorkCalendar.default(), WorkCalendar.default(cuti_bersama_is_workday=True)
    assert a.add_workdays(date(2023, 4, 14), 10) == date(2023, 5, 8)
    assert b.add_workdays(date(2023, 4, 14), 10) == date(2023, 4, 28)
