"""Retention purge of personal data in raw (transforms/retention.py), on DuckDB and PostgreSQL
with the small sample province: the purged rows hold no phone number, e-mail address, NIK or
requester name any more, every core row and the published figures stay identical after the
purge and a refresh, a second purge changes nothing, and rows inside the retention period or
of a year not yet final are untouched."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import KEY
from tests.pii_scan import desk_contacts, find_in_text, requester_names
from transforms.config import Settings
from transforms.models import FormRow
from transforms.pseudonym import pseudonymise
from transforms.release import mark_final, publish_release
from transforms.retention import months_before, purge, purged_form
from transforms.tasks import prepare, refresh_bodies
from transforms.warehouse import connect

WIB = ZoneInfo("Asia/Pontianak")
STATUS_PER = date(2025, 1, 1)
PURGE_AT = datetime(2026, 6, 1, 4, 0, tzinfo=WIB)  # 24 months: rows before 1 June 2024
CORE = ("core.permohonan", "core.keberatan", "core.sengketa", "core.survei_responden")


def _no_reports(folder: Path) -> None:
    folder.mkdir(parents=True)


def _load(url: str, settings: Settings, run_id: str) -> None:
    for batch in prepare(url, settings, bodies_per_task=8):
        refresh_bodies(url, settings, batch, run_id, STATUS_PER, KEY)


def _snapshot(url: str) -> dict[str, list[tuple]]:
    with connect(url) as wh:
        return {t: sorted(map(repr, wh.query(f"SELECT * FROM {t}"))) for t in CORE}


def _formulir(url: str) -> dict[tuple, tuple]:
    with connect(url) as wh:
        rows = wh.query(
            "SELECT berkas_sha256, baris, diterima_pada, jenis, nama, nik, kontak, alamat,"
            " keperluan, rincian, tujuan, keputusan_teks, alasan_teks FROM raw.formulir"
        )
    return {(r[0], r[1]): (r[2].astimezone(WIB), *r[3:]) for r in rows}


def _in_scope(row: tuple) -> bool:
    """Requests and visits of 2023; objections wait for the purge of raw.pesan."""
    return row[0].year == 2023 and row[1] != "keberatan"


@pytest.fixture
def loaded(warehouse_url: str, small_landing: Path, tmp_path: Path):
    """The sample loaded, 2023 published and marked final (2022 and 2024 stay provisional)."""
    landing = tmp_path / "landing"
    shutil.copytree(small_landing, landing)
    out = tmp_path / "out"
    settings = dataclasses.replace(Settings.from_env(), landing_root=landing, output_dir=out)
    _load(warehouse_url, settings, "run-1")
    with connect(warehouse_url) as wh:
        publish_release(wh, 2023, out, "pub-1", documents=_no_reports)
        final = mark_final(
            wh, 2023, out, "Kepala Dinas selaku Atasan PPID", "fin-1", documents=_no_reports
        )
    return warehouse_url, settings, landing, final


def test_purge_keeps_core_and_figures_and_removes_personal_data(loaded) -> None:
    url, settings, landing, final = loaded
    out = final.folder.parent.parent
    names = requester_names(url)
    allowed = desk_contacts(landing)
    core_before = _snapshot(url)
    raw_before = _formulir(url)
    # first a purge 24 months after 1 March 2023: only January and February 2023 are in scope
    with connect(url) as wh:
        early = purge(wh, KEY, datetime(2025, 3, 1, tzinfo=WIB), 24, "purge-0")
    early_raw = _formulir(url)
    changed = {k for k in raw_before if raw_before[k] != early_raw[k]}
    assert changed == {
        k for k, v in raw_before.items() if _in_scope(v) and v[0].date() < date(2023, 3, 1)
    }
    assert sum(p.baris for p in early) == len(changed) > 0

    with connect(url) as wh:
        distinct_before = wh.query(
            "SELECT COUNT(DISTINCT pemohon_id) FROM core.permohonan WHERE tahun = 2023"
        )[0][0]
        purged = purge(wh, KEY, PURGE_AT, 24, "purge-1")
    # only final 2023 is in scope (2024 is inside the period and not final; 2022 not final)
    assert {p.tahun for p in purged} == {2023}
    expected = {k for k, v in raw_before.items() if _in_scope(v)}
    assert sum(p.baris for p in purged) == len(expected - changed) > 300

    raw_after = _formulir(url)
    assert set(raw_after) == set(raw_before)  # no row deleted
    leaks = [
        hit
        for k in expected
        for hit in find_in_text(
            " | ".join("" if v is None else str(v) for v in raw_after[k][1:]),
            names,
            str(k),
            allowed,
        )
    ]
    assert leaks == []
    assert any(raw_before[k][1:] != raw_after[k][1:] for k in expected)
    assert all(raw_after[k] == raw_before[k] for k in raw_before if k not in expected)
    assert all(
        raw_after[k][2] in (None, "[nama]") or raw_after[k][2].startswith("[pemohon:")
        for k in expected
    )

    # the refresh rebuilds core from the purged raw rows: identical, row for row
    _load(url, settings, "run-2")
    assert _snapshot(url) == core_before
    with connect(url) as wh:
        assert (
            wh.query("SELECT COUNT(DISTINCT pemohon_id) FROM core.permohonan WHERE tahun = 2023")[
                0
            ][0]
            == distinct_before
        )
        again = publish_release(wh, 2023, out, "pub-2", documents=_no_reports)
        log = wh.query(
            "SELECT kode_badan, tabel, tahun, baris, retensi_bulan FROM raw.retensi"
            " WHERE run_id = 'purge-1' ORDER BY kode_badan"
        )
    assert (again.new_revision, again.status) == (False, "final")
    assert (again.revision, again.checksum) == (final.revision, final.checksum)
    assert again.total_requests == final.total_requests
    assert sum(r[3] for r in log) == len(expected - changed)
    assert {(r[1], r[2], r[4]) for r in log} == {("raw.formulir", 2023, 24)}

    # a second purge is a no-op: nothing rewritten, nothing recorded
    with connect(url) as wh:
        assert purge(wh, KEY, PURGE_AT, 24, "purge-2") == []
        assert wh.query("SELECT COUNT(*) FROM raw.retensi WHERE run_id = 'purge-2'") == [(0,)]
    assert _formulir(url) == raw_after

    # years later: the quarantine excerpts go too; 2022 and 2024 are still not final
    later = datetime.now(WIB).replace(microsecond=0)
    later = later.replace(year=later.year + 3)
    with connect(url) as wh:
        excerpts = wh.query("SELECT COUNT(*) FROM raw.karantina WHERE cuplikan IS NOT NULL")[0][0]
        dropped = purge(wh, KEY, later, 24, "purge-3")
        assert wh.query("SELECT COUNT(*) FROM raw.karantina WHERE cuplikan IS NOT NULL") == [(0,)]
    assert excerpts > 0
    assert {p.tabel for p in dropped} == {"raw.karantina"}
    assert sum(p.baris for p in dropped) == excerpts
    assert _formulir(url) == raw_after
    assert _snapshot(url) == core_before


def test_months_before_clamps_to_the_month_end() -> None:
    assert months_before(datetime(2026, 3, 31, 4, tzinfo=WIB), 1) == datetime(
        2026, 2, 28, 4, tzinfo=WIB
    )
    assert months_before(datetime(2026, 6, 1, tzinfo=WIB), 24) == datetime(2024, 6, 1, tzinfo=WIB)


def _row(**fields: str | None) -> FormRow:
    base = dict(
        saluran="buku_tamu",
        baris=3,
        record_key="k",
        jenis="permohonan",
        diterima_pada=datetime(2023, 3, 6, tzinfo=WIB),
    )
    return FormRow(**{**base, **fields})


def test_a_purged_form_keeps_its_requester_and_purges_to_itself() -> None:
    row = _row(
        nama="Siti Rahmawati",
        nik="6171010101010001",
        kontak="WA 0812-3456-7890",
        alamat="Jl. Ahmad Yani No. 5",
        rincian="Data UMKM 2023 (hubungi Siti Rahmawati WA08123456789)",
    )
    purged = purged_form(row, KEY)
    assert purged == {
        "nama": "[nama]",
        "nik": "[nik]",
        "kontak": f"[pemohon:{pseudonymise('+6281234567890', KEY)}]",
        "alamat": "[alamat]",
        "keperluan": None,
        "rincian": "Data UMKM 2023 (hubungi [nama] WA[nomor])",
        "tujuan": None,
        "keputusan_teks": None,
        "alasan_teks": None,
    }
    again = purged_form(dataclasses.replace(row, **purged), KEY)
    assert again == purged
    # no contact: the name was the identity, and it carries the mark; blanks stay blank
    by_name = purged_form(_row(nama="Budi Santoso", kontak=" "), KEY)
    assert by_name["nama"] == f"[pemohon:{pseudonymise('budi santoso', KEY)}]"
    assert by_name["kontak"] == " "
