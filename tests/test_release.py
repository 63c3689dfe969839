"""Publishing a year as a release: immutable revision folders, the change log of a late file,
the desk's final mark and the correction after it, provisional figures of the running year, the
Komisi Informasi workbook and formula-injection escaping. On DuckDB and PostgreSQL."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import KEY
from transforms.config import Settings
from transforms.release import (
    ReleaseError,
    final_folder,
    latest_folder,
    mark_final,
    publish_release,
    revisions,
    running_year,
    years_to_publish,
)
from transforms.tasks import prepare, refresh_bodies
from transforms.warehouse import connect
from transforms.workbook_export import escape_text

STATUS_PER = date(2025, 1, 1)
BODY_TOTAL = "Jumlah Permohonan Informasi Publik"
INJECTED = '=HYPERLINK("http://contoh.invalid/x","klik")'

# Hand-written late guestbook pages of diskopukm (the desk's CSV export, comma-separated).
LATE_MARCH = Path(__file__).parent / "fixtures" / "buku_tamu" / "susulan_maret_2023.csv"
LATE_MAY = Path(__file__).parent / "fixtures" / "buku_tamu" / "susulan_mei_2023.csv"


def _settings(landing: Path, out: Path) -> Settings:
    return dataclasses.replace(Settings.from_env(), landing_root=landing, output_dir=out)


def _load(url: str, settings: Settings, run_id: str, status_per: date, codes=None) -> None:
    for batch in prepare(url, settings, bodies_per_task=4):
        todo = [c for c in batch if codes is None or c in codes]
        if todo:
            refresh_bodies(url, settings, todo, run_id, status_per, KEY)


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _rows(folder: Path, name: str) -> list[dict]:
    return json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))["baris"]


def _reports(counter: list[int]):
    """A stand-in for the report renderer: different bytes on every call (a PDF timestamp)."""

    def write(folder: Path) -> None:
        counter.append(1)
        folder.mkdir(parents=True)
        (folder / "provinsi.pdf").write_bytes(b"%PDF-1.7 dibuat " + str(len(counter)).encode())

    return write


def _change(doc: dict, table: str, kode: str | None, kolom: str, **detail: str) -> tuple:
    hits = [
        (c["lama"], c["baru"])
        for c in doc["angka_berubah"]
        if c["tabel"] == table
        and c["kode_badan"] == kode
        and c["kolom"] == kolom
        and all(c["rincian"].get(k) == v for k, v in detail.items())
    ]
    assert len(hits) == 1, (table, kode, kolom, detail, hits)
    return hits[0]


def test_revisions_late_file_final_and_correction(
    warehouse_url: str, small_landing: Path, tmp_path: Path
) -> None:
    landing = tmp_path / "landing"
    shutil.copytree(small_landing, landing)
    out = tmp_path / "out"
    settings = _settings(landing, out)
    _load(warehouse_url, settings, "run-1", STATUS_PER)
    rendered: list[int] = []
    with connect(warehouse_url) as wh:
        first = publish_release(wh, 2023, out, "pub-1", documents=_reports(rendered))
        again = publish_release(wh, 2023, out, "pub-2", documents=_reports(rendered))
    assert (first.revision, first.new_revision, first.status) == (1, True, "sementara")
    # same figures: no revision, although the "report" would have other bytes
    assert (again.revision, again.new_revision) == (1, False)
    assert rendered == [1]
    rev1 = out / "2023" / "revisi-1"
    assert latest_folder(out, 2023) == rev1 and final_folder(out, 2023) is None
    assert (rev1 / "laporan" / "provinsi.pdf").is_file()
    assert not [p for p in (out / "2023").iterdir() if p.name.startswith(".")]
    rev1_bytes = _tree(rev1)
    seed = next(
        r for r in _rows(rev1, "c_permohonan_per_badan") if r["Kode Badan Publik"] == "diskopukm"
    )
    assert seed[BODY_TOTAL] == 671
    march_before = next(
        r[BODY_TOTAL]
        for r in _rows(rev1, "c_permohonan_per_badan_bulan")
        if r["Kode Badan Publik"] == "diskopukm" and r["Bulan"] == 3
    )
    province_before = _rows(rev1, "c_provinsi")[0][BODY_TOTAL]

    # a late guestbook page of the seed body: revision 2 with its change log
    shutil.copy(LATE_MARCH, landing / "diskopukm" / "buku_tamu" / "buku_tamu_2023_susulan.csv")
    _load(warehouse_url, settings, "run-2", STATUS_PER, codes={"diskopukm"})
    with connect(warehouse_url) as wh:
        second = publish_release(wh, 2023, out, "pub-3")
        again = publish_release(wh, 2023, out, "pub-4")
    assert (second.revision, second.new_revision, second.status) == (2, True, "sementara")
    assert (again.revision, again.new_revision) == (2, False)
    rev2 = out / "2023" / "revisi-2"
    assert latest_folder(out, 2023) == rev2
    assert _tree(rev1) == rev1_bytes  # revision 1 never rewritten
    log = json.loads((rev2 / "perubahan.json").read_text(encoding="utf-8"))
    assert (log["revisi"], log["revisi_sebelumnya"], log["alasan"]) == (2, 1, "data baru")
    assert [
        (f["kode_badan"], f["sumber"], f["berkas"], f["status"], f["baris_dimuat"])
        for f in log["berkas_baru"]
    ] == [("diskopukm", "buku_tamu", "diskopukm/buku_tamu/buku_tamu_2023_susulan.csv", "dimuat", 2)]
    assert _change(log, "c_permohonan_per_badan", "diskopukm", "jumlah_permohonan") == (671, 673)
    assert _change(log, "c_permohonan_per_badan", "diskopukm", "dikabulkan_seluruhnya") == (
        671,
        673,
    )
    assert _change(
        log,
        "c_permohonan_per_badan_saluran",
        "diskopukm",
        "jumlah_permohonan",
        **{"Saluran Permohonan": "Buku Tamu"},
    ) == (398, 400)
    assert _change(
        log, "c_permohonan_per_badan_bulan", "diskopukm", "jumlah_permohonan", Bulan=3
    ) == (march_before, march_before + 2)
    assert _change(log, "c_provinsi", None, "jumlah_permohonan") == (
        province_before,
        province_before + 2,
    )
    assert not [c for c in log["angka_berubah"] if c["kode_badan"] not in ("diskopukm", None)]
    md = (rev2 / "perubahan.md").read_text(encoding="utf-8")
    assert "buku_tamu_2023_susulan.csv" in md
    assert (
        "| c_permohonan_per_badan | diskopukm | - | Jumlah Permohonan Informasi Publik |"
        " 671 | 673 |" in md
    )

    # the desk marks the year final: a final revision with the same figures
    with connect(warehouse_url) as wh:
        with pytest.raises(ReleaseError, match="hanya revisi terbaru"):
            mark_final(wh, 2023, out, "Kepala Dinas Kominfo", "fin-0", revision=1)
        final = mark_final(wh, 2023, out, "Kepala Dinas Kominfo selaku Atasan PPID", "fin-1")
        repeat = mark_final(wh, 2023, out, "Kepala Dinas Kominfo selaku Atasan PPID", "fin-2")
    assert (final.revision, final.status, final.new_revision) == (3, "final", True)
    assert (repeat.revision, repeat.new_revision) == (3, False)
    rev3 = out / "2023" / "revisi-3"
    assert final_folder(out, 2023) == rev3 == latest_folder(out, 2023)
    assert _rows(rev3, "c_permohonan_per_badan") == _rows(rev2, "c_permohonan_per_badan")
    assert json.loads((rev3 / "perubahan.json").read_text())["angka_berubah"] == []
    rev3_bytes = _tree(rev3)

    # a late file after final: refused as final, published as a correction; FINAL untouched
    shutil.copy(LATE_MAY, landing / "diskopukm" / "buku_tamu" / "buku_tamu_2023_susulan_mei.csv")
    _load(warehouse_url, settings, "run-3", STATUS_PER, codes={"diskopukm"})
    with connect(warehouse_url) as wh:
        with pytest.raises(ReleaseError, match="berubah sejak revisi 3"):
            mark_final(wh, 2023, out, "Kepala Dinas Kominfo", "fin-3")
        fix = publish_release(wh, 2023, out, "pub-5")
        logged = [(r.revisi, r.status, r.revisi_final) for r in revisions(wh, 2023)]
    assert (fix.revision, fix.status, fix.new_revision) == (4, "koreksi", True)
    assert logged == [
        (1, "sementara", None),
        (2, "sementara", None),
        (3, "final", None),
        (4, "koreksi", 3),
    ]
    rev4 = out / "2023" / "revisi-4"
    assert latest_folder(out, 2023) == rev4 and final_folder(out, 2023) == rev3
    assert _tree(rev3) == rev3_bytes and _tree(rev1) == rev1_bytes
    log4 = json.loads((rev4 / "perubahan.json").read_text(encoding="utf-8"))
    assert log4["koreksi_setelah_final"]["revisi_final"] == 3
    assert _change(log4, "c_permohonan_per_badan", "diskopukm", "jumlah_permohonan") == (673, 674)
    md4 = (rev4 / "perubahan.md").read_text(encoding="utf-8")
    assert md4.splitlines()[2].startswith("> **KOREKSI SETELAH FINAL.**")
    meta = json.loads((rev4 / "revisi.json").read_text(encoding="utf-8"))
    assert meta["status_keterangan"].startswith("KOREKSI SETELAH FINAL")


@pytest.fixture(scope="module")
def provisional(tmp_path_factory: pytest.TempPathFactory, small_landing: Path) -> tuple[Path, Path]:
    """A DuckDB warehouse refreshed mid-2023 (status 1 July 2023), one body renamed to a
    formula in bodies.csv; tests copy the file."""
    root = tmp_path_factory.mktemp("provisional")
    landing = root / "landing"
    shutil.copytree(small_landing, landing)
    bodies = landing / "bodies.csv"
    rows = list(csv.DictReader(bodies.open(encoding="utf-8")))
    for row in rows:
        if row["kode"] == "diskopukm":
            row["nama"] = INJECTED
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    bodies.write_text(buf.getvalue(), encoding="utf-8")
    url = f"duckdb:///{root / 'warehouse.duckdb'}"
    _load(url, _settings(landing, root / "unused"), "run-mid", date(2023, 7, 1))
    return root / "warehouse.duckdb", landing


def test_provisional_running_year_workbook_and_escaping(
    provisional: tuple[Path, Path], tmp_path: Path
) -> None:
    shutil.copy(provisional[0], tmp_path / "wh.duckdb")
    out = tmp_path / "out"
    with connect(f"duckdb:///{tmp_path / 'wh.duckdb'}") as wh:
        assert running_year(wh) == 2023
        assert years_to_publish(wh, 2022) == [2022, 2023]
        assert years_to_publish(wh, 2023) == [2023]
        pub = publish_release(wh, 2023, out, "pub-mid")
    assert (pub.status, pub.data_per) == ("sementara", date(2023, 7, 1))
    meta = json.loads((pub.folder / "revisi.json").read_text(encoding="utf-8"))
    assert meta["status_keterangan"] == (
        "Sementara: tahun berjalan, data sampai dengan 2023-06-30; angka dapat berubah"
    )

    wb = openpyxl.load_workbook(pub.folder / "ppid_2023_revisi-1.xlsx")
    assert wb.sheetnames == [
        "Keterangan",
        "C Per Badan Publik",
        "C Per Saluran",
        "C Per Bulan",
        "C Alasan Penolakan",
        "D Sengketa Per Badan Publik",
        "SKM Per Badan Publik",
        "SKM Unsur Pelayanan",
        "SKM Profil Responden",
    ]
    about = {r[0]: r[1] for r in wb["Keterangan"].iter_rows(values_only=True) if r and r[0]}
    assert (about["Tahun"], about["Revisi"], about["Keadaan data per"]) == (
        "2023",
        "1",
        "2023-07-01",
    )
    assert about["Status"].startswith("Sementara: tahun berjalan")
    assert about["Dibuat pada"].endswith("WIB")
    for ws in wb.worksheets:  # nothing anywhere is a formula
        assert all(c.data_type != "f" for row in ws.iter_rows() for c in row), ws.title

    ws = wb["C Per Badan Publik"]
    assert ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    assert header[:3] == ["Kode Badan Publik", "Nama Badan Publik", "Tahun"]
    body_rows = [list(r) for r in ws.iter_rows(min_row=2, values_only=True)]
    province = body_rows.pop()
    assert province[:2] == ["PROVINSI", "Provinsi (jumlah seluruh badan publik)"]
    seed = next(r for r in body_rows if r[0] == "diskopukm")
    assert seed[1] == "'" + INJECTED
    total_col = header.index(BODY_TOTAL)
    seed_cell = ws.cell(row=2 + body_rows.index(seed), column=total_col + 1)
    assert seed_cell.data_type == "n" and isinstance(seed_cell.value, int)
    assert seed[total_col] > 0
    for i, label in enumerate(header[3:], start=3):  # the province row is the sum
        assert province[i] == sum(r[i] for r in body_rows), label
    expected = _rows(pub.folder, "c_provinsi")[0][BODY_TOTAL]
    assert province[total_col] == expected > 0

    skm = wb["SKM Per Badan Publik"]
    ikm_col = [c.value for c in skm[1]].index("Nilai IKM Unit Pelayanan (Konversi 25-100)")
    values = [r[ikm_col] for r in skm.iter_rows(min_row=2, values_only=True) if r[ikm_col]]
    assert values and all(isinstance(v, float) for v in values)

    line = next(
        ln
        for ln in (pub.folder / "c_permohonan_per_badan.csv")
        .read_text(encoding="utf-8")
        .splitlines()
        if ln.startswith("diskopukm,")
    )
    assert line.startswith('diskopukm,"\'=HYPERLINK(""http://contoh.invalid/x"",""klik"")",2023,')
    seed_json = next(
        r
        for r in _rows(pub.folder, "c_permohonan_per_badan")
        if r["Kode Badan Publik"] == "diskopukm"
    )
    assert seed_json["Nama Badan Publik"] == INJECTED  # JSON is data, not a spreadsheet


def test_escape_text_covers_owasp_prefixes() -> None:
    for text in ("=1+1", "+62 812", "-5", "@SUM(A1)", "\tx", "\rx"):
        assert escape_text(text) == "'" + text
    assert escape_text("Dinas Kesehatan") == "Dinas Kesehatan"
    assert escape_text(-5) == -5 and escape_text(3.5) == 3.5


def test_killed_publish_leaves_no_half_release(
    provisional: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import transforms.release as release

    shutil.copy(provisional[0], tmp_path / "wh.duckdb")
    out = tmp_path / "out"
    url = f"duckdb:///{tmp_path / 'wh.duckdb'}"

    def killed(*args, **kwargs):
        raise RuntimeError("worker killed")

    monkeypatch.setattr(release, "_insert", killed)
    with connect(url) as wh, pytest.raises(RuntimeError, match="worker killed"):
        publish_release(wh, 2023, out, "pub-killed")
    monkeypatch.undo()
    with connect(url) as wh:
        assert revisions(wh, 2023) == []
    assert sorted(p.name for p in (out / "2023").iterdir()) == []  # no folder, no pointer

    # a run killed between rename and commit, and a leftover temp folder from another
    (out / "2023" / "revisi-1").mkdir()
    (out / "2023" / "revisi-1" / "c_provinsi.csv").write_text("setengah\n")
    (out / "2023" / ".tmp-revisi-1-dead").mkdir()
    with connect(url) as wh:
        pub = publish_release(wh, 2023, out, "pub-ok")
        assert [r.revisi for r in revisions(wh, 2023)] == [1]
    names = sorted(p.name for p in (out / "2023").iterdir())
    assert names[0].startswith(".batal-revisi-1-") and names[1:] == ["TERBARU", "revisi-1"]
    umask = os.umask(0)
    os.umask(umask)  # the pointer is read by whoever serves the folder, not only by us
    assert (out / "2023" / "TERBARU").stat().st_mode & 0o777 == 0o666 & ~umask
    assert (pub.folder / "c_provinsi.csv").read_text().startswith("Tahun,")

    # output disk lost: the logged revision is rebuilt byte for byte, no new revision
    before = _tree(pub.folder)
    shutil.rmtree(out)
    with connect(url) as wh:
        again = publish_release(wh, 2023, out, "pub-restore")
    assert (again.revision, again.new_revision) == (1, False)
    assert _tree(out / "2023" / "revisi-1") == before
