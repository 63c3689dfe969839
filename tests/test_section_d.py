"""Report section D end to end: a hand-made landing zone (web and e-mail objections, a dispute
register) through refresh_body into core.keberatan / core.sengketa and the mart views, on
DuckDB and PostgreSQL; then published with section C."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import KEY
from transforms.migrate import migrate
from transforms.parsers.bodies import load_bodies
from transforms.publish import publish_year
from transforms.reference import sync_bodies, sync_calendar, work_calendar
from transforms.refresh import BodyContext, refresh_body
from transforms.validation import Validator
from transforms.warehouse import connect

FIXTURES = Path(__file__).parent / "fixtures"
STATUS_PER = date(2023, 12, 31)

# Figures counted by hand from the fixtures (see tests/test_keberatan.py for the dates).
D_2023 = {
    # D1: 5 objections (web 31 Jul c,g; e-mail 1 Aug c, number 099 unknown; web 14 Aug a;
    # e-mail 21 Aug d,f; web 20 Dec e, 94 working days after the decision)
    "jumlah_keberatan": 5,
    "keberatan_alasan_a": 1,
    "keberatan_alasan_b": 0,
    "keberatan_alasan_c": 2,
    "keberatan_alasan_d": 1,
    "keberatan_alasan_e": 1,
    "keberatan_alasan_f": 1,
    "keberatan_alasan_g": 1,
    "keberatan_alasan_tidak_disebutkan": 0,
    "keberatan_tanpa_permohonan": 1,
    "keberatan_lewat_batas_pengajuan": 1,
    # D2: answered 3 (upheld 2, rejected 1), one answered after 30 working days, one open,
    # one overdue; both upheld answers carried out
    "keberatan_ditanggapi": 3,
    "keberatan_dikabulkan": 2,
    "keberatan_ditolak": 1,
    "keberatan_ditanggapi_lain": 0,
    "keberatan_tanggapan_terlambat": 1,
    "keberatan_belum_ditanggapi": 1,
    "keberatan_lewat_waktu": 1,
    "keberatan_dilaksanakan": 2,
    "keberatan_belum_dilaksanakan": 0,
    # D3: three cases at the KI (001, 003, 777); "Banding" and the bad rows are quarantined
    "sengketa_diajukan_ki": 3,
    # D4
    "mediasi": 3,
    "mediasi_berhasil": 1,
    "mediasi_gagal": 1,
    "mediasi_berjalan": 1,
    "ajudikasi": 1,
    "ajudikasi_dikabulkan": 1,
    "ajudikasi_dikabulkan_sebagian": 1,
    "ajudikasi_ditolak": 0,
    "ajudikasi_lainnya": 0,
    "ajudikasi_berjalan": 0,
    "putusan_ki_dilaksanakan": 1,
    "putusan_ki_belum_dilaksanakan": 1,
    # D5: PTUN suit filed 28 Dec 2023
    "gugatan_pengadilan": 1,
    "gugatan_ptun": 1,
    "gugatan_pn": 0,
    # D6: its ruling (gugatan ditolak, carried out); the kasasi is filed in 2024
    "putusan_pengadilan": 1,
    "putusan_pengadilan_dikabulkan": 0,
    "putusan_pengadilan_ditolak": 1,
    "putusan_pengadilan_lainnya": 0,
    "kasasi": 0,
    "putusan_kasasi": 0,
    "putusan_kasasi_dikabulkan": 0,
    "putusan_kasasi_ditolak": 0,
    "putusan_pengadilan_dilaksanakan": 1,
    "putusan_pengadilan_belum_dilaksanakan": 0,
}


@pytest.fixture
def landing(tmp_path: Path) -> Path:
    root = tmp_path / "landing"
    shutil.copytree(FIXTURES / "keberatan" / "landing", root)
    (root / "dinsos" / "sengketa").mkdir()
    shutil.copy(FIXTURES / "sengketa" / "register_sengketa_2023.csv", root / "dinsos" / "sengketa")
    return root


def _refresh(url: str, landing: Path) -> dict[str, dict[str, int]]:
    validator = Validator()
    out = {}
    with connect(url) as wh:
        migrate(wh)
        sync_bodies(wh, landing)
        sync_calendar(wh)
        cal = work_calendar(wh, False)
        for body in load_bodies(landing / "bodies.csv"):
            ctx = BodyContext(body.kode, body.desk(), KEY, cal, STATUS_PER, "run-1")
            out[body.kode] = refresh_body(wh, landing, ctx, validator).inti
    return out


def _row(wh, view: str, where: str, params: list) -> dict:
    frame = wh.frame(f"SELECT * FROM {view} WHERE {where}", params)
    assert len(frame) == 1, frame
    return {k: (int(v) if hasattr(v, "item") else v) for k, v in frame.iloc[0].items()}


def test_section_d_figures(warehouse_url: str, landing: Path) -> None:
    built = _refresh(warehouse_url, landing)
    assert built["dinsos"]["permohonan"] == 3  # objections are no requests
    assert built["dinsos"]["keberatan"] == 5
    assert built["dinsos"]["sengketa"] == 6
    with connect(warehouse_url) as wh:
        dinsos = _row(wh, "mart.d_badan_tahun", "kode_badan = ? AND tahun = ?", ["dinsos", 2023])
        assert {k: dinsos[k] for k in D_2023} == D_2023
        # every registered body appears, with zeros
        other = _row(wh, "mart.d_badan_tahun", "kode_badan = ? AND tahun = ?", ["diskominfo", 2023])
        assert all(other[k] == 0 for k in D_2023)
        province = _row(wh, "mart.d_provinsi_tahun", "tahun = ?", [2023])
        assert {k: province[k] for k in D_2023} == D_2023
        later = _row(wh, "mart.d_badan_tahun", "kode_badan = ? AND tahun = ?", ["dinsos", 2024])
        assert (later["kasasi"], later["putusan_kasasi"], later["jumlah_keberatan"]) == (1, 0, 0)
        # the objection and dispute rows carry their links
        rows = wh.query(
            "SELECT nomor_pendaftaran, permohonan_ditemukan, hasil, hari_kerja_tanggapan"
            " FROM core.keberatan ORDER BY tanggal_diterima"
        )
        assert [(r[0], bool(r[1]), r[2], r[3]) for r in rows] == [
            ("2/PPID-DINSOS/VII/2023", True, "dikabulkan", 36),
            ("99/PPID-DINSOS/VII/2023", False, "lewat_waktu", None),
            ("1/PPID-DINSOS/VII/2023", True, "ditolak", 30),
            ("3/PPID-DINSOS/VIII/2023", True, "dikabulkan", 10),
            ("3/PPID-DINSOS/VIII/2023", True, "belum_ditanggapi", None),
        ]
        linked = wh.query(
            "SELECT s.tahap, k.tanggal_diterima FROM core.sengketa s"
            " JOIN core.keberatan k ON k.keberatan_id = s.keberatan_id"
            " JOIN core.permohonan p ON p.permohonan_id = s.permohonan_id"
            " WHERE s.nomor_pendaftaran = '1/PPID-DINSOS/VII/2023' ORDER BY s.urutan_tahap"
        )
        assert [(t, d) for t, d in linked] == [
            ("mediasi", date(2023, 8, 14)),
            ("ajudikasi", date(2023, 8, 14)),
            ("pengadilan", date(2023, 8, 14)),
            ("kasasi", date(2023, 8, 14)),
        ]
        reasons = sorted(
            (t, b, a)
            for t, b, a in wh.query(
                "SELECT tahap, baris, alasan FROM raw.karantina WHERE kode_badan = 'dinsos'"
            )
        )
        assert reasons == [
            ("baca", 14, "baris 14: tanggal permohonan '31/02/2023' tidak valid"),
            (
                "validasi",
                13,
                "baris 13: nomor pendaftaran permohonan kosong: sengketa tidak dapat dikaitkan"
                " dengan permohonannya; isi kolom Nomor Pendaftaran",
            ),
            (
                "validasi_sengketa",
                12,
                "tahap 'banding' tidak dikenal; tulis mediasi, ajudikasi, pengadilan (PTUN/PN)"
                " atau kasasi",
            ),
        ]
        # no personal data in core: names and contacts of objectors stay raw
        text = " ".join(
            str(v) for row in wh.query("SELECT * FROM core.keberatan") for v in row if v
        )
        for secret in ("Rina", "Dedi", "Agus", "0812", "@contoh.id"):
            assert secret not in text

    again = _refresh(warehouse_url, landing)  # idempotent: nothing new, same rows
    assert again["dinsos"] == built["dinsos"]
    with connect(warehouse_url) as wh:
        assert wh.query("SELECT COUNT(*) FROM raw.karantina WHERE kode_badan = 'dinsos'")[0][0] == 3
        assert _row(wh, "mart.d_provinsi_tahun", "tahun = ?", [2023])["jumlah_keberatan"] == 5


def test_publish_contains_section_d(duckdb_url: str, landing: Path, tmp_path: Path) -> None:
    _refresh(duckdb_url, landing)
    with connect(duckdb_url) as wh:
        pub = publish_year(wh, 2023, tmp_path / "out", "run-1")
    names = {p.name for p in pub.files}
    assert {"d_keberatan_sengketa_per_badan.csv", "d_provinsi.json"} <= names
    header = (pub.folder / "d_keberatan_sengketa_per_badan.csv").read_text().splitlines()[0]
    assert "Jumlah Keberatan yang Diterima" in header
    assert "Pasal 35 ayat (1) huruf c: Tidak Ditanggapinya Permintaan Informasi" in header
    assert "Permohonan Penyelesaian Sengketa ke Komisi Informasi" in header
    assert "Gugatan ke Pengadilan Tata Usaha Negara (PTUN)" in header
    doc = json.loads((pub.folder / "d_provinsi.json").read_text())
    assert doc["judul"] == "Rekapitulasi provinsi penyelesaian sengketa informasi publik"
    row = doc["baris"][0]
    assert row["Jumlah Keberatan yang Diterima"] == 5
    assert row["Mediasi Berhasil (Kesepakatan)"] == 1
    assert row["Putusan Pengadilan/Kasasi Telah Dilaksanakan"] == 1
    bodies = json.loads((pub.folder / "d_keberatan_sengketa_per_badan.json").read_text())
    assert [r["Kode Badan Publik"] for r in bodies["baris"]] == ["dinsos", "diskominfo"]
