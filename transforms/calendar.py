"""Working-day calendar for the UU KIP deadlines (10 working days, +7 with extension, ...).

A working day is Monday to Friday except national public holidays (libur nasional) and, by
default, collective leave days (cuti bersama), when government offices are closed. Whether cuti
bersama count as working days is a setting (`cuti_bersama_is_workday`), because no KIP
regulation says. The calendar is data: the `holidays` package gives the SKB 3 Menteri lists and
`reference/kalender_koreksi.csv` corrects dates the government changed after a release (or that
an older package version lacks), so a moved holiday is a one-line CSV change, not code.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import holidays
import numpy as np
import pandas as pd

WIB = "Asia/Pontianak"
DEFAULT_CORRECTIONS = Path(__file__).resolve().parents[1] / "reference" / "kalender_koreksi.csv"

_KINDS = ("libur_nasional", "cuti_bersama")
_ACTIONS = ("tambah", "hapus")
# holidays 0.109 spells the Indonesian "observed" label "Pegangti"; the word is "Pengganti".
_NAME_FIXES = {"Pegangti ": "Pengganti "}


def _fix_name(name: str) -> str:
    for wrong, right in _NAME_FIXES.items():
        name = name.replace(wrong, right)
    return name


def _package_days(first_year: int, last_year: int) -> dict[date, dict[str, list[str]]]:
    """Holiday names per date and kind, as the `holidays` package knows them.

    The package files cuti bersama under the "government" category (names "Cuti Bersama ...")
    and national holidays under "public"; asking for each category apart tells them apart even
    when a date carries both.
    """
    years = range(first_year, last_year + 1)
    days: dict[date, dict[str, list[str]]] = {}
    for kind, category in (("libur_nasional", "public"), ("cuti_bersama", "government")):
        calendar = holidays.country_holidays(
            "ID", years=years, categories=(category,), language="id"
        )
        for day in calendar:
            names = [_fix_name(n) for n in calendar.get_list(day)]
            days.setdefault(day, {k: [] for k in _KINDS})[kind].extend(names)
    return days


def read_corrections(path: Path) -> list[dict[str, Any]]:
    """Read and check the correction file; a bad row stops the build: the calendar must be right."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"tanggal", "jenis", "tindakan", "keterangan", "sumber"} - set(
            reader.fieldnames or []
        )
        if missing:
            raise ValueError(f"{path}: kolom tidak ada: {', '.join(sorted(missing))}")
        rows, errors = [], []
        for line, raw in enumerate(reader, start=2):
            row = {k: (v or "").strip() for k, v in raw.items() if k}
            if not any(row.values()) or row["tanggal"].startswith("#"):
                continue
            try:
                day = date.fromisoformat(row["tanggal"])
            except ValueError:
                errors.append(f"baris {line}: tanggal '{row['tanggal']}' bukan YYYY-MM-DD")
                continue
            if row["jenis"] not in _KINDS:
                errors.append(f"baris {line}: jenis '{row['jenis']}' harus {' atau '.join(_KINDS)}")
            if row["tindakan"] not in _ACTIONS:
                errors.append(
                    f"baris {line}: tindakan '{row['tindakan']}' harus {' atau '.join(_ACTIONS)}"
                )
            if not row["sumber"]:
                errors.append(f"baris {line}: sumber kosong (sebutkan SKB/Keppres atau tautan)")
            rows.append({**row, "tanggal": day, "baris": line})
        if errors:
            raise ValueError(f"{path} tidak valid:\n" + "\n".join(errors))
    return rows


def build_calendar(
    first_year: int = 2019, last_year: int = 2027, corrections: Path = DEFAULT_CORRECTIONS
) -> pd.DataFrame:
    """One row per date of the years: akhir_pekan, libur_nasional, cuti_bersama, keterangan."""
    if last_year < first_year:
        raise ValueError(f"last_year {last_year} < first_year {first_year}")
    days = _package_days(first_year, last_year)
    for fix in read_corrections(Path(corrections)) if corrections else []:
        day = fix["tanggal"]
        if not first_year <= day.year <= last_year:
            continue
        entry = days.setdefault(day, {k: [] for k in _KINDS})
        if fix["tindakan"] == "hapus":
            entry[fix["jenis"]] = []
        elif not entry[fix["jenis"]]:
            entry[fix["jenis"]] = [fix["keterangan"] or fix["jenis"].replace("_", " ")]
        elif fix["keterangan"] and fix["keterangan"] not in entry[fix["jenis"]]:
            entry[fix["jenis"]].append(fix["keterangan"])

    index = pd.date_range(date(first_year, 1, 1), date(last_year, 12, 31), freq="D")
    dates = [d.date() for d in index]
    empty = {k: [] for k in _KINDS}
    return pd.DataFrame(
        {
            "tanggal": dates,
            "akhir_pekan": index.day_of_week >= 5,
            "libur_nasional": [bool(days.get(d, empty)["libur_nasional"]) for d in dates],
            "cuti_bersama": [bool(days.get(d, empty)["cuti_bersama"]) for d in dates],
            "keterangan": [
                "; ".join(days.get(d, empty)["libur_nasional"] + days.get(d, empty)["cuti_bersama"])
                for d in dates
            ],
        }
    )


@lru_cache(maxsize=4)
def _default_frame() -> pd.DataFrame:
    return build_calendar()


def _to_days(values: Any) -> np.ndarray:
    """Any array-like of dates/timestamps → datetime64[D]; aware timestamps are taken in WIB.

    Converting an aware timestamp through UTC would move evening WIB times to the previous day.
    """
    series = values if isinstance(values, pd.Series) else pd.Series(list(np.ravel(values)))
    if not pd.api.types.is_datetime64_any_dtype(series):
        series = pd.to_datetime(series, errors="raise")
    if getattr(series.dt, "tz", None) is not None:
        series = series.dt.tz_convert(WIB).dt.tz_localize(None)
    return series.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")


def _plain_date(value: date) -> date:
    """A scalar date; an aware datetime is taken in WIB, like `_to_days` does."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(ZoneInfo(WIB))
        return value.date()
    if isinstance(value, date):
        return value
    return _plain_date(pd.Timestamp(value).to_pydatetime())


class WorkCalendar:
    """Counts working days (hari kerja) on a calendar frame from `build_calendar`."""

    def __init__(self, frame: pd.DataFrame, cuti_bersama_is_workday: bool = False) -> None:
        self.cuti_bersama_is_workday = cuti_bersama_is_workday
        days = pd.to_datetime(frame["tanggal"]).to_numpy(dtype="datetime64[D]")
        closed = frame["libur_nasional"].to_numpy(dtype=bool)
        if not cuti_bersama_is_workday:
            closed = closed | frame["cuti_bersama"].to_numpy(dtype=bool)
        self.first: date = pd.Timestamp(days.min()).date()
        self.last: date = pd.Timestamp(days.max()).date()
        self.holidays: np.ndarray = np.sort(days[closed])
        self._cal = np.busdaycalendar(weekmask="1111100", holidays=self.holidays)
        self._add_cache: dict[tuple[date, int], date] = {}

    @classmethod
    def default(cls, cuti_bersama_is_workday: bool = False) -> WorkCalendar:
        """The 2019–2027 calendar with the repository's corrections (built once per process)."""
        return cls(_default_frame(), cuti_bersama_is_workday=cuti_bersama_is_workday)

    def _check(self, days: Iterable[date] | np.ndarray, what: str) -> None:
        arr = np.asarray(days, dtype="datetime64[D]")
        arr = arr[~np.isnat(arr)]
        if arr.size == 0:
            return
        lo, hi = np.datetime64(self.first, "D"), np.datetime64(self.last, "D")
        bad = arr[(arr < lo) | (arr > hi)]
        if bad.size:
            raise ValueError(
                f"{what} {bad[0]} is outside the working-day calendar "
                f"({self.first.isoformat()} to {self.last.isoformat()}); "
                "build the calendar with more years"
            )

    def is_workday(self, d: date) -> bool:
        self._check([d], "date")
        return bool(np.is_busday(np.datetime64(d, "D"), busdaycal=self._cal))

    def add_workdays(self, received: date, n: int) -> date:
        """The n-th working day after `received` (day one is the first working day after it)."""
        key = (received, n)
        if key not in self._add_cache:  # scalar fast path: lifecycle() calls this per request
            if n < 1:
                raise ValueError("n must be at least 1 working day")
            day = np.datetime64(_plain_date(received), "D")
            self._check([day], "received date")
            start = np.busday_offset(day, 0, roll="backward", busdaycal=self._cal)
            out = np.busday_offset(start, n, roll="forward", busdaycal=self._cal)
            self._check([out], "deadline")
            self._add_cache[key] = out.astype(object)
        return self._add_cache[key]

    def workdays_between(self, received: date, decided: date) -> int:
        """Working days after `received` up to and including `decided` (0 if not later)."""
        start = np.datetime64(_plain_date(received), "D")
        end = np.datetime64(_plain_date(decided), "D")
        self._check([start], "received date")
        self._check([end], "decision date")
        one = np.timedelta64(1, "D")
        return max(0, int(np.busday_count(start + one, end + one, busdaycal=self._cal)))

    def add_workdays_many(self, received: Any, n: int | Any) -> np.ndarray:
        """Vectorised `add_workdays`: datetime64[D] array, NaT where `received` is missing."""
        days = _to_days(received)
        steps = np.broadcast_to(np.asarray(n, dtype=np.int64), days.shape)
        if (steps < 1).any():
            raise ValueError("n must be at least 1 working day")
        self._check(days, "received date")
        out = np.full(days.shape, np.datetime64("NaT"), dtype="datetime64[D]")
        ok = ~np.isnat(days)
        # Roll a weekend/holiday receipt back to the previous working day, then step n:
        # that makes day one the first working day after receipt in every case.
        start = np.busday_offset(days[ok], 0, roll="backward", busdaycal=self._cal)
        out[ok] = np.busday_offset(start, steps[ok], roll="forward", busdaycal=self._cal)
        self._check(out, "deadline")
        return out

    def workdays_between_many(self, received: Any, decided: Any) -> pd.arrays.IntegerArray:
        """Vectorised `workdays_between`: nullable Int64, <NA> where either date is missing."""
        start, end = _to_days(received), _to_days(decided)
        self._check(start, "received date")
        self._check(end, "decision date")
        ok = ~(np.isnat(start) | np.isnat(end))
        counts = np.zeros(start.shape, dtype=np.int64)
        one = np.timedelta64(1, "D")
        counts[ok] = np.busday_count(start[ok] + one, end[ok] + one, busdaycal=self._cal)
        result = pd.array(np.clip(counts, 0, None), dtype="Int64")
        result[~ok] = pd.NA
        return result


__all__ = ["WorkCalendar", "build_calendar", "read_corrections"]
