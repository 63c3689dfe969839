"""Retention of requesters' personal data in `raw` (UU 27/2022: kept no longer than needed).

`core` is rebuilt from `raw` on every refresh, so deleting old raw rows would lose requests
and change published figures. The purge therefore rewrites a row in place: the requester's
name, NIK, contact and address become placeholders, with the keyed pseudonym conformance would
compute kept as `[pemohon:<id>]` (transforms.pseudonym.pseudonym_mark), and the free text
becomes what `core` already holds (pseudonym.redact). Conformance reads the mark back, so every
core row, `pemohon_id` included, stays identical (tests/test_retention.py proves it).

In scope: rows received more than `PPID_RETENSI_BULAN` months before the purge, whose year is
published final (mart.publikasi status `final`): a year still open can still be corrected from
its rows. Purging is idempotent: a purged row purges to itself, and nothing is recorded then.
Covered today: raw.formulir (guestbook, web form: requests and visits; objections wait for
raw.pesan) and the excerpts in raw.karantina. raw.pesan (e-mail, chat) is not purged yet: see
docs/architecture.md#retention.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from transforms.conform.forms_rows import requester_pseudonym
from transforms.models import FormRow
from transforms.pseudonym import pseudonym_mark, redact
from transforms.refresh import WIB, form_row_from_record
from transforms.warehouse import Warehouse

log = logging.getLogger(__name__)

# personal fields of a form: replaced by a placeholder (never emptied: completeness is judged
# on their presence) or, for the requester's identity, by the pseudonym mark
FORM_PLACEHOLDERS = {"nama": "[nama]", "nik": "[nik]", "kontak": "[kontak]", "alamat": "[alamat]"}
# free text that may repeat a contact or the name: masked exactly as conformance masks it
FORM_FREE_TEXT = ("keperluan", "rincian", "tujuan", "keputusan_teks", "alasan_teks")
FORM_COLUMNS = (*FORM_PLACEHOLDERS, *FORM_FREE_TEXT)


@dataclass(frozen=True)
class Purged:
    kode_badan: str
    tabel: str
    tahun: int
    baris: int
    kolom: str


def months_before(now: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (the 31st clamps to month end)."""
    index = now.year * 12 + now.month - 1 - months
    year, month = divmod(index, 12)
    day = now.day
    while True:
        try:
            return now.replace(year=year, month=month + 1, day=day)
        except ValueError:
            day -= 1


def final_years(wh: Warehouse) -> set[int]:
    rows = wh.query("SELECT DISTINCT tahun FROM mart.publikasi WHERE status = 'final'")
    return {int(r[0]) for r in rows}


def _filled(value: str | None) -> bool:
    return bool(value and value.strip())


def purged_form(row: FormRow, key: bytes) -> dict[str, str | None]:
    """The row's personal columns after the purge; a purged row gives itself back."""
    mark = None
    pemohon = requester_pseudonym(row, key)
    if pemohon:
        mark = pseudonym_mark(pemohon)
    values: dict[str, str | None] = {}
    for column, placeholder in FORM_PLACEHOLDERS.items():
        value = getattr(row, column)
        values[column] = placeholder if _filled(value) else value
    if mark and _filled(row.kontak):
        values["kontak"] = mark
    elif mark and _filled(row.nama):
        values["nama"] = mark
    for column in FORM_FREE_TEXT:
        values[column] = redact(getattr(row, column), [row.nama])
    return values


def purge_body(
    wh: Warehouse, kode: str, key: bytes, before: datetime, years: set[int]
) -> list[Purged]:
    """Purge one body's raw.formulir rows received before `before` in a final year.

    Objections (jenis `keberatan`) wait for the purge of raw.pesan: the atasan PPID's answer
    may come by e-mail and is masked with the objector's name from the form."""
    frame = wh.frame(
        "SELECT * FROM raw.formulir WHERE kode_badan = ? AND diterima_pada < ?"
        " AND jenis <> 'keberatan' ORDER BY berkas_sha256, baris",
        [kode, before],
    )
    counts: dict[int, int] = {}
    for record in frame.to_dict("records"):
        row = form_row_from_record(record)
        year = row.diterima_pada.astimezone(WIB).year
        if year not in years:
            continue
        values = purged_form(row, key)
        if all(values[c] == getattr(row, c) for c in FORM_COLUMNS):
            continue  # already purged
        wh.execute(
            "UPDATE raw.formulir SET "
            + ", ".join(f"{c} = ?" for c in FORM_COLUMNS)
            + " WHERE kode_badan = ? AND berkas_sha256 = ? AND baris = ?",
            [*(values[c] for c in FORM_COLUMNS), kode, record["berkas_sha256"], row.baris],
        )
        counts[year] = counts.get(year, 0) + 1
    kolom = ",".join(FORM_COLUMNS)
    purged = [Purged(kode, "raw.formulir", y, n, kolom) for y, n in sorted(counts.items())]
    return purged + _purge_excerpts(wh, kode, before)


def _purge_excerpts(wh: Warehouse, kode: str, before: datetime) -> list[Purged]:
    """Excerpts of rejected rows (`raw.karantina.cuplikan`) help the desk fix a file for a
    while; one quarantined longer than the period is dropped (it never counts in a figure)."""
    rows = wh.query(
        "SELECT dicatat_pada FROM raw.karantina"
        " WHERE kode_badan = ? AND dicatat_pada < ? AND cuplikan IS NOT NULL",
        [kode, before],
    )
    if not rows:
        return []
    wh.execute(
        "UPDATE raw.karantina SET cuplikan = NULL"
        " WHERE kode_badan = ? AND dicatat_pada < ? AND cuplikan IS NOT NULL",
        [kode, before],
    )
    counts: dict[int, int] = {}
    for (when,) in rows:
        year = when.astimezone(WIB).year
        counts[year] = counts.get(year, 0) + 1
    return [Purged(kode, "raw.karantina", y, n, "cuplikan") for y, n in sorted(counts.items())]


def purge(wh: Warehouse, key: bytes, now: datetime, months: int, run_id: str) -> list[Purged]:
    """Purge every body (one transaction each, under the body's refresh lock) and record it."""
    before = months_before(now.astimezone(WIB), months)
    years = final_years(wh)
    bodies = [
        r[0]
        for r in wh.query(
            "SELECT kode_badan FROM raw.formulir UNION SELECT kode_badan FROM raw.karantina"
        )
    ]
    done: list[Purged] = []
    for kode in sorted(bodies):
        with wh.transaction(lock=f"ppid:body:{kode}"):
            purged = purge_body(wh, kode, key, before, years)
            for p in purged:
                _record(wh, p, run_id, before, months)
        done += purged
    log.info(
        "retention: %d rows purged before %s (final years %s)",
        sum(p.baris for p in done),
        before.isoformat(),
        sorted(years),
    )
    return done


def _record(wh: Warehouse, p: Purged, run_id: str, before: datetime, months: int) -> None:
    wh.execute(
        "INSERT INTO raw.retensi (run_id, kode_badan, tabel, tahun, baris, kolom, batas_waktu,"
        " retensi_bulan, dipurge_pada) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            run_id,
            p.kode_badan,
            p.tabel,
            p.tahun,
            p.baris,
            p.kolom,
            before,
            months,
            datetime.now(UTC),
        ],
    )


def run(url: str, key: bytes, now: datetime, months: int, run_id: str) -> dict[str, Any]:
    """The DAG task: migrate, purge, and return a summary for the task log."""
    from transforms.migrate import migrate
    from transforms.warehouse import connect

    with connect(url) as wh:
        migrate(wh)
        purged = purge(wh, key, now, months, run_id)
    return {
        "batas_waktu": months_before(now.astimezone(WIB), months).isoformat(),
        "baris": sum(p.baris for p in purged),
        "per_badan": {f"{p.kode_badan}/{p.tahun}": p.baris for p in purged},
    }
