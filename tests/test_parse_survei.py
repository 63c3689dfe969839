"""The satisfaction survey parser on hand-written Google Forms / Sheets exports."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from transforms.models import FileRejected
from transforms.parsers.survei import config_for, parse_survei, split_checkbox

FIXTURES = Path(__file__).parent / "fixtures" / "survei"
WIB = ZoneInfo("Asia/Pontianak")


def _scores(row) -> list[int]:
    return [getattr(row, f"u{i}") for i in range(1, 10)]


def test_forms_csv_with_cap_waktu_labels_and_checkbox() -> None:
    result = parse_survei(FIXTURES / "skm_cap_waktu.csv")
    assert [r.baris for r in result.rows] == [2, 3, 4, 6]
    first, second, third, last = result.rows
    assert first.diisi_pada == datetime(2023, 3, 14, 9, 5, 12, tzinfo=WIB)
    assert _scores(first) == [4, 3, 3, 4, 3, 4, 4, 4, 3]
    assert _scores(second) == [3, 2, 2, 4, 3, 3, 3, 3, 2]
    assert _scores(last) == [1] * 9
    # GMT+8 (WITA) is shown in WIB
    assert third.diisi_pada == datetime(2023, 7, 3, 12, 15, tzinfo=WIB)
    assert (first.jenis_kelamin, first.usia, first.pendidikan, first.pekerjaan) == (
        "Perempuan",
        "34",
        "S1",
        "Wiraswasta",
    )
    # the option with commas inside stays whole; the "Lainnya" free text is kept as typed
    assert first.layanan == (
        "Permohonan informasi publik; Penelusuran dokumen (arsip, data statistik, peraturan)"
    )
    assert third.layanan == "Konsultasi layanan informasi; Minta tanda tangan, legalisir"
    # the name column is never read
    assert "Rina" not in repr(result.rows)
    (bad,) = result.quarantined
    assert bad.baris == 5
    assert bad.alasan == (
        "baris 5: jawaban 'Lumayan' untuk U1 (Persyaratan) tidak dikenal (pilihan: Tidak sesuai,"
        " Kurang sesuai, Sesuai, Sangat sesuai, atau angka 1-4)"
    )


def test_sheets_short_timestamps_english_headers_and_numbers() -> None:
    result = parse_survei(FIXTURES / "skm_timestamp_sheets.csv")
    assert [(r.baris, r.diisi_pada) for r in result.rows] == [
        (2, datetime(2020, 9, 30, 10, 10, tzinfo=WIB)),  # month first, settled by the 30
        (3, datetime(2020, 10, 2, 8, 5, tzinfo=WIB)),
    ]
    assert _scores(result.rows[0]) == [4, 3, 3, 4, 3, 4, 4, 3, 3]
    assert result.rows[1].layanan == (
        "Public information request; Document search (archives, statistics, regulations)"
    )
    assert result.rows[0].jenis_kelamin == "Male"
    assert [(q.baris, q.alasan) for q in result.quarantined] == [
        (4, "baris 4: cap waktu '13/10/20 9:00' tidak valid"),
        (
            5,
            "baris 5: nilai 5 untuk U8 (Penanganan pengaduan, saran dan masukan) di luar skala 1-4",
        ),
    ]


def test_stempel_waktu_day_first_semicolons_and_element_codes() -> None:
    result = parse_survei(FIXTURES / "skm_stempel_waktu.csv")
    assert [r.diisi_pada for r in result.rows] == [
        datetime(2024, 9, 30, 14, 5, 9, tzinfo=WIB),
        datetime(2024, 10, 1, 8, 30, tzinfo=WIB),
        datetime(2024, 10, 5, 9, 12, 44, tzinfo=WIB),
    ]
    assert _scores(result.rows[0]) == [4, 4, 3, 4, 3, 3, 4, 4, 3]
    assert result.rows[0].usia == "20-29 tahun"
    assert [q.alasan for q in result.quarantined] == [
        "baris 5: cap waktu '31/02/2024 10.00.00' tidak valid"
    ]


def test_xlsx_from_sheets_with_date_cells_numbers_and_numbered_labels() -> None:
    result = parse_survei(FIXTURES / "skm_jawaban_formulir.xlsx")
    assert [(r.baris, r.diisi_pada) for r in result.rows] == [
        (2, datetime(2023, 2, 6, 10, 12, 5, tzinfo=WIB)),
        (3, datetime(2023, 8, 21, 15, 40, tzinfo=WIB)),
    ]
    assert _scores(result.rows[0]) == [4, 3, 3, 4, 3, 4, 4, 3, 3]
    # "Sangat sesuai (4)" and "3 - Mudah" next to plain numbers
    assert _scores(result.rows[1]) == [4, 3, 2, 4, 3, 3, 3, 3, 2]
    assert result.rows[0].usia == "41"  # a number cell
    assert [q.alasan for q in result.quarantined] == [
        "baris 4: jawaban U3 (Waktu penyelesaian) kosong",
        "baris 5: jawaban '4 - Tidak ada' untuk U8 (Penanganan pengaduan, saran dan masukan):"
        " angka dan label tidak sesuai",
    ]


def test_file_missing_elements_is_rejected_naming_them() -> None:
    with pytest.raises(FileRejected) as exc:
        parse_survei(FIXTURES / "skm_tanpa_unsur.csv")
    assert "U8 (Penanganan pengaduan, saran dan masukan), U9 (Sarana dan prasarana)" in str(
        exc.value.reason
    )
    assert "U1" not in exc.value.reason and "reference/skm_unsur.yaml" in exc.value.reason


def test_file_without_timestamp_column_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    lines = (FIXTURES / "skm_timestamp_sheets.csv").read_text().splitlines()
    path.write_text("\n".join([lines[0].replace("Timestamp", "Tanggal"), lines[1]]) + "\n")
    with pytest.raises(FileRejected, match="tidak punya kolom cap waktu"):
        parse_survei(path)


def test_body_override_maps_its_own_wording(tmp_path: Path) -> None:
    """Pontianak asks 'lama menunggu' for U3 with its own answers; other bodies cannot map it."""
    header = (
        "Cap waktu,Jenis Kelamin,Persyaratan pelayanan,Kemudahan mengurus permohonan,"
        "Berapa lama menunggu informasi Anda?,Biaya,Produk layanan,Kompetensi petugas,"
        "Perilaku petugas,Penanganan pengaduan,Sarana dan prasarana\n"
        "2024/05/06 10:00:00 AM GMT+7,Perempuan,Sesuai,Mudah,Agak lama,Gratis,Sesuai,"
        "Kompeten,Sopan dan ramah,Dikelola dengan baik,Baik\n"
    )
    for kode in ("pontianak", "dinkes"):
        (tmp_path / kode / "survei").mkdir(parents=True)
        (tmp_path / kode / "survei" / "skm.csv").write_text(header, encoding="utf-8")
    (row,) = parse_survei(tmp_path / "pontianak" / "survei" / "skm.csv").rows
    assert _scores(row) == [3, 3, 2, 4, 3, 3, 3, 4, 3]
    with pytest.raises(FileRejected, match=r"U2 \(Sistem, mekanisme dan prosedur\), U3"):
        parse_survei(tmp_path / "dinkes" / "survei" / "skm.csv")


def test_same_response_has_the_same_key_in_every_export(tmp_path: Path) -> None:
    """A Sheets download (no seconds, numbers) of a Forms CSV response keys the same."""
    forms = parse_survei(FIXTURES / "skm_cap_waktu.csv").rows[0]
    copy = tmp_path / "copy.csv"
    shutil.copy(FIXTURES / "skm_cap_waktu.csv", copy)
    text = copy.read_text(encoding="utf-8").replace(
        '"2023/03/14 9:05:12 AM GMT+7"', '"14/03/2023 09.05.48"'
    )
    copy.write_text(text, encoding="utf-8")
    assert parse_survei(copy).rows[0].record_key == forms.record_key
    assert len({r.record_key for r in parse_survei(copy).rows}) == 4


def test_checkbox_split_uses_the_known_options() -> None:
    options = config_for(None).services
    assert split_checkbox("Pengajuan keberatan, Penelusuran dokumen (arsip, data statistik,"
                          " peraturan), Kunjungan ke ruang PPID", options) == [
        "Pengajuan keberatan",
        "Penelusuran dokumen (arsip, data statistik, peraturan)",
        "Kunjungan ke ruang PPID",
    ]  # fmt: skip
    assert split_checkbox("Legalisir, salinan SK, Pengajuan keberatan", options) == [
        "Legalisir, salinan SK",
        "Pengajuan keberatan",
    ]
    assert split_checkbox("", options) == []
