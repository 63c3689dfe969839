"""Which bodies delivered nothing for the month a refresh covers: a silent desk is as much a
problem for the annual report as a broken file, so the run summary names it."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from transforms.warehouse import Warehouse

WIB = ZoneInfo("Asia/Pontianak")

# every raw record with the time it was sent, submitted or filled in
_RECORD_TIMES = (
    ("raw.pesan", "dikirim_pada"),
    ("raw.formulir", "diterima_pada"),
    ("raw.survei", "diisi_pada"),
)


def month_before(status_per: date) -> tuple[date, date]:
    """The monthly refresh's data interval: the calendar month that ends at `status_per`."""
    last = status_per - timedelta(days=1)
    return last.replace(day=1), status_per


def bodies_without_data(wh: Warehouse, start: date, end: date) -> list[dict[str, object]]:
    """Registered bodies with no record dated in [start, end) WIB, with their latest record."""
    lo = datetime.combine(start, time(), WIB)
    hi = datetime.combine(end, time(), WIB)
    union = " UNION ALL ".join(
        f"SELECT kode_badan, {col} AS waktu FROM {table}" for table, col in _RECORD_TIMES
    )
    rows = wh.query(
        "SELECT b.kode_badan,"
        " MAX(CASE WHEN r.waktu >= ? AND r.waktu < ? THEN 1 ELSE 0 END) AS ada,"
        " MAX(CASE WHEN r.waktu < ? THEN r.waktu END) AS terakhir"
        f" FROM core.badan_publik b LEFT JOIN ({union}) r ON r.kode_badan = b.kode_badan"
        " GROUP BY b.kode_badan ORDER BY b.kode_badan",
        [lo, hi, hi],
    )
    stale = []
    for kode, ada, terakhir in rows:
        if ada:
            continue
        last = None if terakhir is None else _wib_date(terakhir)
        stale.append({"kode_badan": kode, "data_terakhir": last and last.isoformat()})
    return stale


def _wib_date(value: datetime) -> date:
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo("UTC"))
    return value.astimezone(WIB).date()
