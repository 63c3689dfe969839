"""The pipeline's steps without Airflow, on the embedded DuckDB and on the real PostgreSQL:
the seed report's figures, province = sum of bodies, quarantine, and idempotent re-runs."""

from __future__ import annotations

import csv
import dataclasses
import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import KEY
from tests.pii_scan import desk_contacts, requester_names, scan_files, scan_warehouse
from transforms.config import Settings
from transforms.release import latest_folder
from transforms.tasks import prepare, publish, refresh_bodies
from transforms.warehouse import connect

STATUS_PER = date(2025, 1, 1)


def _settings(landing: Path, out: Path) -> Settings:
    return dataclasses.replace(Settings.from_env(), landing_root=landing, output_dir=out)


def _run(url: str, settings: Settings, run_id: str, year: int = 2023) -> dict:
    for batch in prepare(url, settings, bodies_per_task=3):
        refresh_bodies(url, settings, batch, run_id, STATUS_PER, KEY)
    return publish(url, settings, year, run_id)


def _snapshot(url: str) -> dict[str, list[tuple]]:
    """Every table of every layer (views follow from them), so a new table is covered too."""
    with connect(url) as wh:
        tables = wh.query(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables"
            " WHERE table_schema IN ('raw', 'core', 'mart') AND table_type = 'BASE TABLE'"
        )
        assert len(tables) >= 9
        return {t: sorted(wh.query(f"SELECT * FROM {t}"), key=repr) for (t,) in tables}


def _published(out: Path, year: int, name: str) -> list[dict]:
    return json.loads((latest_folder(out, year) / f"{name}.json").read_text())["baris"]


def test_seed_figures_province_totals_and_idempotence(
    warehouse_url: str, small_landing: Path, tmp_path: Path
) -> None:
    settings = _settings(small_landing, tmp_path / "out")
    first = _run(warehouse_url, settings, "run-1")
    assert first["revisi"] == 1 and first["revisi_baru"]

    bodies = _published(settings.output_dir, 2023, "c_permohonan_per_badan")
    seed = next(r for r in bodies if r["Kode Badan Publik"] == "diskopukm")
    assert seed["Jumlah Permohonan Informasi Publik"] == 671
    assert seed["Dikabulkan Seluruhnya"] == 671
    assert seed["Dipenuhi dalam 10 Hari Kerja"] == 671
    assert seed["Ditolak (Pengecualian Pasal 17 / Pasal 6)"] == 0
    assert seed["Dipenuhi Melewati Jangka Waktu"] == 0
    assert seed["Belum Selesai dan Melewati Jangka Waktu"] == 0

    by_channel = {
        r["Saluran Permohonan"]: r["Jumlah Permohonan Informasi Publik"]
        for r in _published(settings.output_dir, 2023, "c_permohonan_per_badan_saluran")
        if r["Kode Badan Publik"] == "diskopukm"
    }
    assert set(by_channel) == {"E-mail", "Buku Tamu", "WhatsApp"}
    assert sum(by_channel.values()) == 671

    months = [
        r
        for r in _published(settings.output_dir, 2023, "c_permohonan_per_badan_bulan")
        if r["Kode Badan Publik"] == "diskopukm"
    ]
    assert sum(r["Jumlah Permohonan Informasi Publik"] for r in months) == 671

    province = _published(settings.output_dir, 2023, "c_provinsi")[0]
    for label, value in province.items():
        if label in bodies[0] and label != "Tahun" and isinstance(value, int):
            assert value == sum(r[label] for r in bodies), label
    # other bodies do carry refusals, so the zero above is not a constant
    assert province["Ditolak (Pengecualian Pasal 17 / Pasal 6)"] > 0

    with (latest_folder(settings.output_dir, 2023) / "c_permohonan_per_badan.csv").open() as fh:
        header = next(csv.reader(fh))
    assert "Jumlah Permohonan Informasi Publik" in header

    with connect(warehouse_url) as wh:  # overlapping or renamed re-exports count once
        doubles = wh.query(
            "SELECT kode_badan, saluran, diterima_pada, COUNT(*) FROM core.permohonan"
            " GROUP BY kode_badan, saluran, diterima_pada, pemohon_id, rincian_informasi"
            " HAVING COUNT(*) > 1"
        )
    assert doubles == []

    names = requester_names(warehouse_url)
    assert len(names) > 50, "the sample's requesters must be known to the scan"
    desks = desk_contacts(settings.landing_root)
    leaks = scan_warehouse(warehouse_url, names) + scan_files(settings.output_dir, names, desks)
    assert leaks == [], leaks[:10]

    before = _snapshot(warehouse_url)
    second = _run(warehouse_url, settings, "run-2")
    assert _snapshot(warehouse_url) == before
    assert second["revisi"] == 1 and not second["revisi_baru"]


def test_bad_files_and_rows_are_quarantined_with_reasons(
    duckdb_url: str, small_landing: Path, tmp_path: Path
) -> None:
    landing = tmp_path / "landing"
    shutil.copytree(small_landing, landing)
    (landing / "diskopukm" / "whatsapp" / "bukan_chat.txt").write_text("catatan rapat\n")
    (landing / "diskopukm" / "buku_tamu" / "scan.pdf").write_bytes(b"%PDF-1.4")
    settings = _settings(landing, tmp_path / "out")
    _run(duckdb_url, settings, "run-1")
    with connect(duckdb_url) as wh:
        rows = wh.query(
            "SELECT berkas, baris, alasan FROM raw.karantina WHERE kode_badan = 'diskopukm'"
        )
        reasons = {berkas: alasan for berkas, _baris, alasan in rows}
        assert "WhatsApp" in reasons["diskopukm/whatsapp/bukan_chat.txt"]
        assert "tidak didukung" in reasons["diskopukm/buku_tamu/scan.pdf"]
        # the rest of the body still loaded
        n = wh.query(
            "SELECT COUNT(*) FROM core.permohonan WHERE kode_badan = 'diskopukm' AND tahun = 2023"
        )[0][0]
        assert n == 671
        dinkes = wh.query("SELECT alasan FROM raw.karantina WHERE kode_badan = 'dinkes'")
        assert any("31/02/2023" in a for (a,) in dinkes)
        status = dict(wh.query("SELECT berkas, status FROM raw.berkas WHERE kode_badan='dinkes'"))
        assert status["dinkes/buku_tamu/buku_tamu_2023_revisi.xlsx"] == "dikarantina"


def test_redelivered_file_changes_nothing(duckdb_url: str, small_landing: Path, tmp_path: Path):
    landing = tmp_path / "landing"
    shutil.copytree(small_landing, landing)
    settings = _settings(landing, tmp_path / "out")
    _run(duckdb_url, settings, "run-1")
    before = _snapshot(duckdb_url)
    src = next((landing / "diskopukm" / "email").iterdir())
    shutil.copy(src, src.with_name("kiriman_ulang_" + src.name))
    _run(duckdb_url, settings, "run-2")
    assert _snapshot(duckdb_url) == before


@pytest.mark.parametrize("cuti_bersama_is_workday", [False, True])
def test_cuti_bersama_setting_changes_deadlines(
    duckdb_url: str, small_landing: Path, tmp_path: Path, cuti_bersama_is_workday: bool
) -> None:
    settings = dataclasses.replace(
        _settings(small_landing, tmp_path / "out"),
        cuti_bersama_is_workday=cuti_bersama_is_workday,
    )
    _run(duckdb_url, settings, "run-1")
    with connect(duckdb_url) as wh:
        # received Friday 14 April 2023, before Lebaran (cuti bersama 19-21, 24-25 April)
        rows = wh.query(
            "SELECT DISTINCT tenggat FROM core.permohonan WHERE tanggal_diterima = ?",
            [date(2023, 4, 14)],
        )
    assert rows, "the sample has requests received on 14 April 2023"
    expected = date(2023, 4, 28) if cuti_bersama_is_workday else date(2023, 5, 8)
    assert {r[0] for r in rows} == {expected}
