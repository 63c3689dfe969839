"""Web-form exports: CSV and JSON Lines, one submission per record."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from transforms.models import FileRejected
from transforms.parsers.web import parse_web

FIXTURES = Path(__file__).parent / "fixtures" / "web"


def test_jsonl() -> None:
    result = parse_web(FIXTURES / "kiriman_2023.jsonl")
    rows = {r.record_key: r for r in result.rows}
    assert sorted(rows) == ["WEB-2023-0001", "WEB-2023-0002", "WEB-2023-0003", "WEB-2023-0007"]

    first = rows["WEB-2023-0001"]
    assert first.saluran == "web" and first.jenis == "permohonan" and first.baris == 1
    assert first.diterima_pada.isoformat() == "2023-03-14T09:12:45+07:00"
    assert first.kontak == "Budi.Santoso@example.com; 0812-5678-1234"
    assert first.nik == "6171010101800001" and first.pekerjaan == "Wiraswasta"
    assert first.cara_memperoleh == "mendapatkan salinan (softcopy); e-mail"
    assert first.keputusan_teks == "Dikabulkan sebagian"
    assert first.alasan_teks == "Pasal 17 huruf h UU 14/2008"
    assert first.tanggal_keputusan == date(2023, 3, 27)
    assert first.tanggal_pemberian == date(2023, 3, 29)
    assert first.perpanjangan_teks is None

    # UTC time late in the evening: the WIB date is the next day.
    late = rows["WEB-2023-0002"]
    assert late.diterima_pada.isoformat() == "2023-03-16T05:30:00+07:00"
    assert late.kontak is None and late.rincian is None

    naive = rows["WEB-2023-0003"]
    assert naive.jenis == "keberatan" and naive.baris == 4
    assert naive.diterima_pada.utcoffset() == timedelta(hours=7)
    assert naive.diterima_pada.replace(tzinfo=None) == datetime(2023, 4, 3, 8, 0)
    assert naive.alasan_teks == "Pasal 35 ayat 1 huruf a"
    assert naive.keperluan == "Sebagian data dihitamkan tanpa penjelasan"

    assert rows["WEB-2023-0007"].perpanjangan_teks == "7 hari kerja"

    reasons = {q.baris: q.alasan for q in result.quarantined}
    assert set(reasons) == {5, 6, 7}
    assert reasons[5] == "baris 5: waktu_kirim 'kemarin sore' tidak valid"
    assert reasons[6].startswith("baris 6: JSON tidak valid")
    assert reasons[7] == "baris 7: id_kiriman kosong"


def test_csv_semicolon() -> None:
    result = parse_web(FIXTURES / "kiriman_2023.csv")
    rows = {r.record_key: r for r in result.rows}
    assert sorted(rows) == ["WEB-2023-0001", "WEB-2023-0008"]
    assert rows["WEB-2023-0001"].baris == 2
    assert rows["WEB-2023-0001"].kontak == "budi.santoso@example.com; 0812-5678-1234"
    dewi = rows["WEB-2023-0008"]
    assert dewi.rincian == "Rekap bantuan modal; per kota"  # quoted delimiter
    assert dewi.kontak == "0852 1234 5678" and dewi.nik is None
    assert dewi.cara_memperoleh == "melihat/membaca"
    [bad] = result.quarantined
    assert bad.baris == 5
    assert bad.alasan == "baris 5: tanggal_pemberitahuan '2023-13-01' tidak valid"
    assert bad.cuplikan and "WEB-2023-0009" in bad.cuplikan and "eko" not in bad.cuplikan


def test_csv_comma_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "kiriman.csv"
    path.write_text(
        "id_kiriman,jenis_formulir,waktu_kirim,nama,email,no_hp,rincian_informasi,status\n"
        '17,Permohonan,2023-06-01 10:00,"Santoso, Budi",,081256781234,"Data A, B",\n',
        encoding="utf-8-sig",
    )
    [row] = parse_web(path).rows
    assert row.record_key == "17" and row.jenis == "permohonan"
    assert row.nama == "Santoso, Budi" and row.kontak == "081256781234"
    assert row.diterima_pada.isoformat() == "2023-06-01T10:00:00+07:00"


def test_unknown_form_type_is_quarantined(tmp_path: Path) -> None:
    path = tmp_path / "kiriman.jsonl"
    path.write_text(
        '{"id_kiriman": "1", "jenis_formulir": "pengaduan", "waktu_kirim": "2023-01-02"}\n',
        encoding="utf-8",
    )
    result = parse_web(path)
    assert result.rows == []
    assert result.quarantined[0].alasan.startswith("baris 1: jenis_formulir 'pengaduan'")


def test_rejects_files(tmp_path: Path) -> None:
    no_id = tmp_path / "salah.csv"
    no_id.write_text("nama;email\nBudi;b@example.com\n", encoding="utf-8")
    with pytest.raises(FileRejected) as err:
        parse_web(no_id)
    assert "id_kiriman" in err.value.reason
    with pytest.raises(FileRejected):
        parse_web(tmp_path / "kiriman.xlsx")


def test_csv_cp1252_title_rows_and_header_synonyms() -> None:
    """Re-saved by Excel on Indonesian Windows: cp1252 without BOM, `;`, title rows above the
    header, the plugin's own column names, Excel-style and Indonesian text dates."""
    from transforms.conform.forms_rows import conform_form_rows

    result = parse_web(FIXTURES / "kiriman_ekspor_excel.csv")
    rows = {r.record_key: r for r in result.rows}
    assert sorted(rows) == ["118", "119", "120"]
    andre = rows["118"]
    assert andre.baris == 4 and andre.jenis == "permohonan"
    assert andre.nama == "André Wijaya"
    assert andre.kontak == "andre.w@example.com; 0812-5678-1234"
    assert andre.diterima_pada.isoformat() == "2023-03-14T09:12:00+07:00"
    assert andre.rincian == "Daftar koperasi aktif per kabupaten"
    assert andre.tujuan == "Penelitian"
    assert (andre.tanggal_keputusan, andre.tanggal_pemberian) == (
        date(2023, 3, 21),
        date(2023, 3, 22),
    )
    siti = rows["119"]
    assert siti.baris == 6  # line 5 is blank
    assert siti.diterima_pada.isoformat() == "2023-03-20T10:15:00+07:00"
    assert (
        siti.tanggal_keputusan == date(2023, 3, 27)
        and siti.rincian == "Rekap bantuan modal, per kota"
    )
    assert rows["120"].jenis == "keberatan"
    assert rows["120"].diterima_pada.isoformat() == "2023-03-21T00:00:00+07:00"
    [bad] = result.quarantined
    assert (bad.baris, bad.alasan) == (8, "baris 8: tanggal_pemberitahuan '31/02/2023' tidak valid")
    assert bad.cuplikan == "121 | 2023-03-22T08:00:00+07:00"

    requests = conform_form_rows("diskopukm", [("w/k.csv", r) for r in result.rows], b"k")
    got = {r.sumber_baris: (r.keputusan, r.alasan_penolakan, r.tanggal_pemberian) for r in requests}
    assert got == {
        4: ("dikabulkan_seluruhnya", None, date(2023, 3, 22)),
        6: ("ditolak", None, date(2023, 3, 27)),
    }


def test_jsonl_unknown_keys_are_ignored_and_synonym_keys_read(tmp_path: Path) -> None:
    path = tmp_path / "kiriman.jsonl"
    path.write_text(
        '{"submission_id": "A-1", "form_name": "permohonan", "submitted_at": '
        '"2023-07-03T10:00:00+07:00", "nama_lengkap": "Budi", "utm_source": "instagram", '
        '"_wpcf7_container_post": 12, "rincian_informasi": "Data UMKM", "status": "Dikabulkan"}\n'
        '{"id_kiriman": "A-2", "jenis_formulir": "permohonan", "waktu_kirim": "2023-07-04T1\n'
        '{"id_kiriman": "A-3", "jenis_formulir": "permohonan", "waktu_kirim": "2023-07-05",'
        ' "browser": {"name": "Chrome"}}\n',
        encoding="utf-8",
    )
    result = parse_web(path)
    assert [(r.record_key, r.baris, r.diterima_pada.date()) for r in result.rows] == [
        ("A-1", 1, date(2023, 7, 3)),
        ("A-3", 3, date(2023, 7, 5)),
    ]
    assert result.rows[0].nama == "Budi" and result.rows[0].rincian == "Data UMKM"
    [bad] = result.quarantined
    assert bad.baris == 2 and bad.alasan.startswith("baris 2: JSON tidak valid")


def test_synonym_list_is_printed_in_the_docs() -> None:
    from transforms.parsers.buku_tamu import synonyms_markdown
    from transforms.parsers.web import COLUMN_SYNONYMS

    docs = (Path(__file__).parents[1] / "docs" / "data-contract.md").read_text(encoding="utf-8")
    assert synonyms_markdown(COLUMN_SYNONYMS) in docs
