"""The dispute register: parsing (title rows, header synonyms, text/serial dates, bad rows),
reading stages, results and execution, and one row per case and stage (latest file wins)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pandas as pd
import pytest

from transforms.calendar import WorkCalendar
from transforms.conform.sengketa import (
    latest_stages,
    normalise_execution,
    normalise_result,
    normalise_stage,
    sengketa_frame,
)
from transforms.models import FileRejected
from transforms.parsers.sengketa import parse_sengketa

REGISTER = Path(__file__).parent / "fixtures" / "sengketa" / "register_sengketa_2023.csv"


def test_csv_register_with_title_rows_and_text_dates() -> None:
    result = parse_sengketa(REGISTER)
    got = [
        (r.baris, r.nomor_pendaftaran, r.tahap_teks, r.tanggal_pengajuan, r.tanggal_putusan)
        for r in result.rows
    ]
    assert got == [
        (5, "001/PPID-DINSOS/VII/2023", "Mediasi", date(2023, 10, 9), date(2023, 10, 30)),
        (6, "001/PPID-DINSOS/VII/2023", "Ajudikasi nonlitigasi", date(2023, 11, 1),
         date(2023, 12, 15)),
        (7, "001/PPID-DINSOS/VII/2023", "Pengadilan (PTUN Pontianak)", date(2023, 12, 28),
         date(2024, 3, 20)),
        (8, "001/PPID-DINSOS/VII/2023", "Kasasi", date(2024, 4, 15), None),
        (10, "003 / PPID-DINSOS / VIII / 2023", "mediasi", date(2023, 10, 2), date(2023, 10, 16)),
        (11, "777/PPID-DINSOS/IX/2023", "Mediasi", date(2023, 11, 20), None),
        (12, "777/PPID-DINSOS/IX/2023", "Banding", date(2023, 11, 21), None),
        (13, None, "Mediasi", date(2023, 11, 22), None),  # GX raw suite quarantines it
    ]  # fmt: skip
    first = result.rows[0]
    assert first.nomor_perkara == "012/REG-PSI/X/2023" and first.hasil_teks == "Mediasi gagal"
    assert first.pelaksanaan_teks is None  # "-" is an empty cell
    assert result.rows[1].pelaksanaan_teks == "Belum dilaksanakan"
    assert [(q.baris, q.alasan) for q in result.quarantined] == [
        (14, "baris 14: tanggal permohonan '31/02/2023' tidak valid")
    ]


def test_xlsx_register_with_serial_and_date_cells(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Register"
    ws.append(["Register Penyelesaian Sengketa Informasi 2024"])
    ws.append([])
    ws.append(["No", "No. Pendaftaran", "Tahapan", "Tgl Pengajuan", "Tgl Putusan", "Putusan",
               "Pelaksanaan Putusan", "Keterangan"])  # fmt: skip
    ws.append([1, "010/PPID-X/II/2024", "Gugatan PN Sintang", 45336, datetime(2024, 5, 2),
               "Gugatan tidak dapat diterima", None, "serial"])  # fmt: skip
    ws.append([None, None, None, None, None, None, None, None])
    ws.append([2, "011/PPID-X/II/2024", "Ajudikasi", "5 Maret 2024", None, None, None, None])
    path = tmp_path / "register.xlsx"
    wb.save(path)
    rows = parse_sengketa(path).rows
    assert [(r.baris, r.tahap_teks, r.tanggal_pengajuan, r.tanggal_putusan) for r in rows] == [
        (4, "Gugatan PN Sintang", date(2024, 2, 14), date(2024, 5, 2)),  # 45292 = 1 Jan 2024
        (6, "Ajudikasi", date(2024, 3, 5), None),
    ]
    assert rows[0].keterangan == "serial" and rows[0].hasil_teks == "Gugatan tidak dapat diterima"


def test_register_without_header_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "catatan.csv"
    path.write_text("Tanggal;Catatan\n1/1/2023;rapat\n", encoding="utf-8")
    with pytest.raises(FileRejected, match="Nomor Pendaftaran dan Tahap"):
        parse_sengketa(path)


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("Mediasi", ("mediasi", None)),
        ("Ajudikasi nonlitigasi (setelah mediasi gagal)", ("ajudikasi", None)),
        ("Pengadilan (PTUN Pontianak)", ("pengadilan", "PTUN")),
        ("Keberatan ke Pengadilan Tata Usaha Negara", ("pengadilan", "PTUN")),
        ("Gugatan PN Sintang", ("pengadilan", "PN")),
        ("Pengadilan", ("pengadilan", None)),
        ("Kasasi ke Mahkamah Agung", ("kasasi", "MA")),
        ("Banding", ("banding", None)),
    ],
)
def test_stage(text: str, stage: tuple[str, str | None]) -> None:
    assert normalise_stage(text) == stage


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Mediasi berhasil (kesepakatan para pihak)", "mediasi_berhasil"),
        ("Mediasi gagal", "mediasi_gagal"),
        ("Mediasi tidak berhasil", "mediasi_gagal"),
        ("Permohonan dikabulkan sebagian", "dikabulkan_sebagian"),
        ("Mengabulkan permohonan seluruhnya", "dikabulkan"),
        ("Gugatan ditolak", "ditolak"),
        ("Permohonan tidak dapat diterima", "tidak_diterima"),
        ("Dicabut oleh pemohon", "dicabut"),
        ("", None),
        (None, None),
        ("Ditunda", "ditunda"),
    ],
)
def test_result(text: str | None, code: str | None) -> None:
    assert normalise_result(text) == code


def test_execution() -> None:
    assert normalise_execution("Sudah dilaksanakan") is True
    assert normalise_execution("Sudah") is True
    assert normalise_execution("Belum dilaksanakan") is False
    assert normalise_execution("dalam proses") is False
    assert normalise_execution(None) is None


def _raw(rows: list[dict]) -> pd.DataFrame:
    blank = {
        "nomor_keberatan": None,
        "nomor_perkara": None,
        "tanggal_putusan": None,
        "hasil_teks": None,
        "pelaksanaan_teks": None,
    }
    return pd.DataFrame([{**blank, **r} for r in rows])


def test_latest_delivery_wins_per_case_and_stage() -> None:
    rows = _raw(
        [
            {"dimuat_pada": datetime(2023, 11, 1), "berkas": "d/sengketa/a.csv", "baris": 5,
             "nomor_pendaftaran": "001/P/VII/2023", "tahap_teks": "Mediasi",
             "tanggal_pengajuan": date(2023, 10, 9)},
            {"dimuat_pada": datetime(2024, 1, 5), "berkas": "d/sengketa/b.csv", "baris": 9,
             "nomor_pendaftaran": "1/p/vii/2023", "tahap_teks": "mediasi",
             "tanggal_pengajuan": date(2023, 10, 9), "hasil_teks": "Mediasi berhasil",
             "pelaksanaan_teks": "Sudah"},
        ]
    )  # fmt: skip
    stages = latest_stages(rows)
    assert len(stages) == 1
    assert stages[0]["hasil_teks"] == "Mediasi berhasil" and stages[0]["baris"] == 9


def test_case_stages_linked_to_request_and_objection() -> None:
    rows = _raw(
        [
            {"dimuat_pada": datetime(2024, 1, 5), "berkas": "d/sengketa/a.csv", "baris": b,
             "nomor_pendaftaran": "001/P/VII/2023", "tahap_teks": t, "tanggal_pengajuan": d}
            for b, t, d in [
                (5, "Mediasi", date(2023, 10, 9)),
                (6, "Ajudikasi", date(2023, 11, 1)),
                (7, "PTUN", date(2023, 12, 28)),
            ]
        ]
        + [{"dimuat_pada": datetime(2024, 1, 5), "berkas": "d/sengketa/a.csv", "baris": 8,
            "nomor_pendaftaran": "9/P/IX/2023", "tahap_teks": "Ajudikasi",
            "tanggal_pengajuan": date(2023, 11, 2)}]
    )  # fmt: skip
    requests = pd.DataFrame(
        [{"permohonan_id": "r1", "nomor_pendaftaran": "001/P/VII/2023",
          "tanggal_diterima": date(2023, 7, 3)}]
    )  # fmt: skip
    objections = pd.DataFrame(
        [{"keberatan_id": "k1", "nomor_registrasi": None, "nomor_pendaftaran": "1/P/VII/2023",
          "tanggal_diterima": date(2023, 8, 14), "tanggal_tanggapan": date(2023, 9, 26),
          "batas_tanggapan": date(2023, 9, 26)}]
    )  # fmt: skip
    ctx = SimpleNamespace(
        kode_badan="d", calendar=WorkCalendar.default(), status_per=date(2023, 12, 31)
    )
    frame = sengketa_frame(rows, requests, objections, ctx)
    got = frame[
        ["nomor_pendaftaran", "tahap", "urutan_tahap", "pengadilan", "pengajuan_ki",
         "permohonan_id", "keberatan_id", "hari_kerja_sejak_tanggapan", "pengajuan_tepat_waktu"]
    ].astype(object).where(frame.notna(), None).values.tolist()  # fmt: skip
    by_case = sorted(got, key=lambda r: (r[0], r[2]))
    # 26 Sep answer -> 9 Oct: 8 working days (28 Sep, Maulid Nabi, not counted): in time.
    assert by_case == [
        ["1/P/VII/2023", "mediasi", 1, None, True, "r1", "k1", 8, True],
        ["1/P/VII/2023", "ajudikasi", 2, None, False, "r1", "k1", 25, False],
        ["1/P/VII/2023", "pengadilan", 3, "PTUN", False, "r1", "k1", None, None],
        ["9/P/IX/2023", "ajudikasi", 2, None, True, None, None, None, None],
    ]
    assert frame["perkara_id"].nunique() == 2 and frame["sengketa_id"].nunique() == 4
    lost = frame[frame["nomor_pendaftaran"] == "9/P/IX/2023"].iloc[0]
    assert not lost["permohonan_ditemukan"] and not lost["keberatan_ditemukan"]
