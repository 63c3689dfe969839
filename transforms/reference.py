"""Reference data every body's refresh needs: the registry of bodies and the working-day
calendar. Both are synchronised row by row, so an unchanged input changes no row."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from transforms.calendar import WorkCalendar, build_calendar
from transforms.parsers.bodies import Body, load_bodies
from transforms.warehouse import Warehouse

CALENDAR_FIRST_YEAR = 2019


def calendar_last_year(today: date | None = None) -> int:
    """Cover at least 2027 and always the next year, so a deadline never falls off the table."""
    return max(2027, (today or date.today()).year + 1)


def sync_table(
    wh: Warehouse, table: str, key: str, frame: pd.DataFrame, delete_missing: bool
) -> int:
    """Make `table` hold `frame`'s rows (matched on `key`); returns the number of rows written."""
    current = wh.frame(f"SELECT {', '.join(frame.columns)} FROM {table}")
    wanted = {tuple(_norm(v) for v in r) for r in frame.itertuples(index=False, name=None)}
    have = {tuple(_norm(v) for v in r) for r in current.itertuples(index=False, name=None)}
    pos = list(frame.columns).index(key)
    stale_keys = {r[pos] for r in have - wanted}
    if not delete_missing:
        stale_keys &= {r[pos] for r in wanted}
    fresh = [r for r in wanted - have]
    for k in sorted(stale_keys | {r[pos] for r in fresh} & {r[pos] for r in have}):
        wh.execute(f"DELETE FROM {table} WHERE {key} = ?", [k])
    if fresh:
        wh.insert_frame(table, pd.DataFrame(sorted(fresh), columns=frame.columns))
    return len(fresh) + len(stale_keys - {r[pos] for r in fresh})


def _norm(value: object) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):
        return value.item()
    return value


def sync_bodies(wh: Warehouse, landing_root: Path) -> list[Body]:
    """Load bodies.csv into core.badan_publik; a body removed from the file keeps its row."""
    bodies = load_bodies(landing_root / "bodies.csv")
    frame = pd.DataFrame(
        [
            {
                "kode_badan": b.kode,
                "nama": b.nama,
                "jenis": b.jenis,
                "induk": b.induk,
                "kabupaten_kota": b.kabupaten_kota,
            }
            for b in bodies
        ]
    )
    with wh.transaction(lock="ppid:reference"):
        sync_table(wh, "core.badan_publik", "kode_badan", frame, delete_missing=False)
    return bodies


def sync_calendar(wh: Warehouse, today: date | None = None) -> int:
    frame = build_calendar(CALENDAR_FIRST_YEAR, calendar_last_year(today))
    with wh.transaction(lock="ppid:reference"):
        return sync_table(wh, "core.kalender_kerja", "tanggal", frame, delete_missing=True)


def work_calendar(wh: Warehouse, cuti_bersama_is_workday: bool) -> WorkCalendar:
    """The calendar as the warehouse holds it (corrections made there are honoured)."""
    frame = wh.frame(
        "SELECT tanggal, akhir_pekan, libur_nasional, cuti_bersama, keterangan"
        " FROM core.kalender_kerja ORDER BY tanggal"
    )
    if frame.empty:
        raise RuntimeError("core.kalender_kerja is empty: run the prepare step first")
    return WorkCalendar(frame, cuti_bersama_is_workday=cuti_bersama_is_workday)
