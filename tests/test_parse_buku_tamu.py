"""Guestbook parser: the messy spreadsheets desks really keep."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import openpyxl
import pytest

from transforms.models import FileRejected, FormRow
from transforms.parsers.buku_tamu import BadDate, parse_buku_tamu, parse_date_text

FIXTURES = Path(__file__).parent / "fixtures" / "buku_tamu"


def _by_line(rows: list[FormRow]) -> dict[int, FormRow]:
    return {r.baris: r for r in rows}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12/01/2023", (date(2023, 1, 12), None)),
        ("12-01-2023", (date(2023, 1, 12), None)),
        ("12.01.23", (date(2023, 1, 12), None)),
        ("12 Januari 2023", (date(2023, 1, 12), None)),
        ("Senin, 12 Jan 2023", (date(2023, 1, 12), None)),
        ("Jum'at, 12 Jan 2024", (date(2024, 1, 12), None)),
        ("12 Agu 2023", (date(2023, 8, 12), None)),
        ("3 Nopember 2023", (date(2023, 11, 3), None)),
        ("5 Pebruari 2023", (date(2023, 2, 5), None)),
        ("12-Des-2023", (date(2023, 12, 12), None)),
        ("2023-03-14", (date(2023, 3, 14), None)),
        ("12/01/2023 09.15", (date(2023, 1, 12), time(9, 15))),
        ("12 Januari 2023 pukul 09.15 WIB", (date(2023, 1, 12), time(9, 15))),
        ("44938", (date(2023, 1, 12), None)),
        ("-", None),
        ("", None),
    ],
)
def test_parse_date_text(text: str, expected: tuple | None) -> None:
    assert parse_date_text(text) == expected


@pytest.mark.parametrize("text", ["31/02/2023", "kemarin", "12 Foo 2023", "12/13/2023", "1/1/1923"])
def test_parse_date_text_rejects(text: str) -> None:
    with pytest.raises(BadDate):
        parse_date_text(text)


def test_csv_cp1252_semicolon_with_title_rows() -> None:
    result = parse_buku_tamu(FIXTURES / "bukutamu_2023.csv")
    rows = _by_line(result.rows)
    assert sorted(rows) == [5, 6, 8, 10]  # 7 and 11 are blank (11 has only a number)

    budi = rows[5]
    assert budi.saluran == "buku_tamu" and budi.jenis == "permohonan"
    assert budi.diterima_pada == datetime(2023, 1, 9, tzinfo=budi.diterima_pada.tzinfo)
    assert budi.diterima_pada.utcoffset() == timedelta(hours=7)
    assert str(budi.diterima_pada.tzinfo) == "Asia/Pontianak"
    assert budi.kontak == "0812-5678-1234"
    assert budi.alamat == "Jl. Ahmad Yani, Pontianak"
    assert budi.rincian == "Data UMKM binaan 2022"
    assert budi.keputusan_teks == "Dikabulkan seluruhnya" and budi.alasan_teks is None
    assert budi.tanggal_keputusan == date(2023, 1, 16)
    assert len(budi.record_key) == 32

    assert rows[6].jenis == "kunjungan"  # "Koordinasi kegiatan": a visit, kept as a raw row
    assert rows[8].nama == "André Wijaya"  # cp1252 decoded
    assert rows[8].diterima_pada.date() == date(2023, 8, 12)
    assert rows[8].jenis == "permohonan" and rows[8].tanggal_keputusan == date(2023, 8, 18)
    # Keperluan empty but "Informasi yang diminta" filled: a request (name missing).
    assert rows[10].jenis == "permohonan" and rows[10].nama is None
    assert rows[10].diterima_pada.date() == date(2023, 11, 3)

    [bad] = result.quarantined
    assert bad.baris == 9
    assert bad.alasan == "baris 9: tanggal '31/02/2023' tidak valid"
    assert "Rudi" not in (bad.cuplikan or "") and "0812" not in (bad.cuplikan or "")


def test_csv_utf8_comma_with_optional_columns() -> None:
    result = parse_buku_tamu(FIXTURES / "bukutamu_utf8.csv")
    assert result.quarantined == []
    first, second = result.rows
    assert first.baris == 2 and first.diterima_pada.date() == date(2023, 3, 14)
    assert first.nomor_pendaftaran == "012/PPID-DISKOPUKM/III/2023"
    assert first.perpanjangan_teks == "7 hari kerja"
    assert first.tanggal_pemberian == date(2023, 3, 30)
    assert first.keputusan_teks == "Informasi dapat diberikan"
    assert second.jenis == "kunjungan" and second.perpanjangan_teks is None


def test_overlapping_reexport_gives_same_keys(tmp_path: Path) -> None:
    original = parse_buku_tamu(FIXTURES / "bukutamu_2023.csv").rows
    # A later export: no title rows, renumbered, other column names, another date style.
    again = tmp_path / "bukutamu_2023_revisi.csv"
    again.write_text(
        "No,Tanggal,Nama Pengunjung,Alamat,No. Telp,Keperluan,Informasi yang dibutuhkan\n"
        "7,09/01/2023,Budi  Santoso,Pontianak,+62 812 5678 1234,Permohonan informasi,"
        "Data UMKM binaan 2022\n",
        encoding="utf-8",
    )
    [row] = parse_buku_tamu(again).rows
    assert row.record_key == _by_line(original)[5].record_key
    keys = [r.record_key for r in original]
    assert len(set(keys)) == len(keys)


def _guestbook_xlsx(path: Path) -> None:
    """A typed guestbook: title, merged two-row header, every kind of date cell."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Januari"
    ws["A1"] = "BUKU TAMU PPID DINAS KOPERASI DAN UKM"
    ws.merge_cells("A1:K1")
    ws["A2"] = "Tahun 2023"
    top = ["No", "Tanggal", "Pemohon", None, None, "Keperluan", "Informasi yang diminta",
           "Tanggapan", None, None, "Petugas"]  # fmt: skip
    sub = [None, None, "Nama", "Instansi / Alamat", "No. HP", None, None,
           "Tanggal ditanggapi", "Keputusan", "Alasan", None]  # fmt: skip
    for col, value in enumerate(top, start=1):
        ws.cell(row=4, column=col, value=value)
    for col, value in enumerate(sub, start=1):
        ws.cell(row=5, column=col, value=value)
    for rng in ("A4:A5", "B4:B5", "C4:E4", "F4:F5", "G4:G5", "H4:J4", "K4:K5"):
        ws.merge_cells(rng)
    data = [
        # row 6: serial number without a date format (openpyxl gives a float)
        [1, 44938, "Budi Santoso", "Pontianak", 81256781234, "Minta data", "Data UMKM",
         44945, "Dikabulkan", None, "Rina"],
        # row 7: a real date cell with a time
        [2, datetime(2023, 1, 13, 9, 15), "Siti", "Untan", "0852 1111 2222", "Audiensi",
         None, None, None, None, "Rina"],
        [None] * 11,  # row 8: blank
        # row 9: text dates
        [3, "Senin, 16 Jan 2023", "Andi", "Sambas", "andi@example.com", None,
         "Salinan SK", "20 Januari 2023", "Ditolak", "Pasal 17 huruf j", "Dedi"],
        # row 10: impossible date
        [4, "31/02/2023", "Rudi", "Kubu Raya", "0812", "Informasi", "Daftar koperasi",
         None, None, None, "Dedi"],
        # row 11: bad response date
        [5, "17/01/2023", "Eko", "Mempawah", None, "Informasi", "APBD", "kemarin",
         "Dikabulkan", None, "Dedi"],
    ]  # fmt: skip
    for r, values in enumerate(data, start=6):
        for c, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(row=r, column=c, value=value)
    ws.cell(row=7, column=2).number_format = "dd/mm/yyyy hh:mm"
    hidden = wb.create_sheet("Catatan")
    hidden["A1"] = "bukan data"
    wb.save(path)


def test_xlsx_merged_header_and_dates(tmp_path: Path) -> None:
    path = tmp_path / "bukutamu.xlsx"
    _guestbook_xlsx(path)
    result = parse_buku_tamu(path)
    rows = _by_line(result.rows)
    assert sorted(rows) == [6, 7, 9]

    budi = rows[6]
    assert budi.diterima_pada.date() == date(2023, 1, 12)  # serial 44938, epoch 1899-12-30
    assert budi.diterima_pada.time() == time(0)
    assert budi.nama == "Budi Santoso" and budi.alamat == "Pontianak"
    assert budi.kontak == "81256781234"
    assert budi.tanggal_keputusan == date(2023, 1, 19)
    assert budi.keputusan_teks == "Dikabulkan" and budi.jenis == "permohonan"

    siti = rows[7]
    assert siti.diterima_pada == datetime(2023, 1, 13, 9, 15, tzinfo=siti.diterima_pada.tzinfo)
    assert siti.jenis == "kunjungan"

    andi = rows[9]
    assert andi.diterima_pada.date() == date(2023, 1, 16)
    assert andi.jenis == "permohonan"  # Keperluan empty, information named
    assert andi.tanggal_keputusan == date(2023, 1, 20)
    assert andi.alasan_teks == "Pasal 17 huruf j"

    reasons = {q.baris: q.alasan for q in result.quarantined}
    assert reasons == {
        10: "lembar 'Januari' baris 10: tanggal '31/02/2023' tidak valid",
        11: "lembar 'Januari' baris 11: tanggal ditanggapi 'kemarin' tidak valid",
    }


def test_rejects_unreadable_files(tmp_path: Path) -> None:
    broken = tmp_path / "rusak.xlsx"
    broken.write_bytes(b"bukan zip")
    with pytest.raises(FileRejected) as err:
        parse_buku_tamu(broken)
    assert "tidak dapat dibaca sebagai spreadsheet" in err.value.reason

    no_header = tmp_path / "tanpa_judul.csv"
    no_header.write_text("a;b;c\n1;2;3\n", encoding="utf-8")
    with pytest.raises(FileRejected) as err:
        parse_buku_tamu(no_header)
    assert "Baris judul kolom tidak ditemukan" in err.value.reason

    with pytest.raises(FileRejected, match="xls"):
        parse_buku_tamu(tmp_path / "lama.xls")


def test_two_data_sheets_keep_rows_distinct(tmp_path: Path) -> None:
    """Row 3 of 'Januari' and row 3 of 'Februari' must stay two rows (lineage key is unique)."""
    import openpyxl

    path = tmp_path / "dua_lembar.xlsx"
    wb = openpyxl.Workbook()
    header = ["No", "Tanggal", "Nama", "No. HP", "Keperluan", "Informasi yang diminta"]
    for title, day in (("Januari", "12/01/2023"), ("Februari", "13/02/2023")):
        ws = wb.active if title == "Januari" else wb.create_sheet(title)
        ws.title = title
        ws.append(["BUKU TAMU PPID"])
        ws.append(header)
        ws.append([1, day, "Rina", "0812", "Permohonan informasi", "Data UMKM"])
    wb.save(path)
    rows = parse_buku_tamu(path).rows
    assert len(rows) == 2
    assert len({r.baris for r in rows}) == 2
    assert sorted(r.diterima_pada.month for r in rows) == [1, 2]


# --- item 5 variations: synonyms, BOM + comma decimals, 1904 serials, merged date cells --------


def test_csv_bom_semicolon_comma_decimals_and_header_synonyms() -> None:
    """UTF-8 BOM, `;`, a serial date with a comma decimal, a money column `1.500,00` (ignored),
    two title rows, header names from the synonym list, Indonesian text dates, a blank row."""
    from transforms.conform.forms_rows import conform_form_rows

    result = parse_buku_tamu(FIXTURES / "bukutamu_bom_titik_koma.csv")
    assert result.quarantined == []
    rows = _by_line(result.rows)
    assert sorted(rows) == [4, 5, 7, 8, 9]  # row 6 is blank
    budi = rows[4]
    assert budi.diterima_pada == datetime(2023, 1, 12, 9, 0, tzinfo=budi.diterima_pada.tzinfo)
    assert (budi.nama, budi.alamat, budi.kontak) == ("Budi Santoso", "Pontianak", "0812-5678-1234")
    assert budi.keperluan == "Permintaan data" and budi.rincian == "Data UMKM binaan 2022"
    assert budi.tanggal_keputusan == date(2023, 1, 13)
    assert budi.keputusan_teks == "Dikabulkan seluruhnya"
    expected = {
        5: (date(2023, 1, 12), "kunjungan"),  # 12 Januari 2023, Audiensi
        7: (date(2023, 1, 16), "permohonan"),  # Senin, 16 Jan 2023
        8: (date(2023, 1, 17), "permohonan"),  # 17-01-2023, salinan
        9: (date(2023, 1, 18), "kunjungan"),  # 18/01/2023, Konsultasi
    }
    assert {n: (rows[n].diterima_pada.date(), rows[n].jenis) for n in expected} == expected

    requests = conform_form_rows("diskopukm", [("b/bt.csv", r) for r in result.rows], b"k")
    got = {
        r.sumber_baris: (r.keputusan, r.tanggal_keputusan, r.tanggal_pemberian) for r in requests
    }
    assert got == {
        4: ("dikabulkan_seluruhnya", date(2023, 1, 13), date(2023, 1, 13)),
        7: ("ditolak", date(2023, 1, 20), date(2023, 1, 20)),
        8: (None, None, None),
    }


def test_xlsx_1904_serials_merged_date_cells_and_synonyms(tmp_path: Path) -> None:
    """A Mac workbook (1904 date system): serials with and without a date format, a date typed
    once and merged down over the visitors of that day, other header names."""
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    path = tmp_path / "bukutamu_mac.xlsx"
    wb = openpyxl.Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.append(["Daftar Pengunjung PPID"])
    ws.append([])
    ws.append(["No", "Tanggal Kunjungan", "Nama Lengkap", "Alamat / Instansi", "Nomor HP",
               "Maksud dan Tujuan", "Rincian Informasi", "Tanggal Jawaban", "Hasil"])  # fmt: skip
    ws.append([1, 43476, "Budi", "Pontianak", "0812", "Minta data", "Data UMKM", 43480,
               "Dikabulkan"])  # fmt: skip
    ws.append([2, 43477, "Siti", "Untan", None, "Permohonan informasi", "APBD"])
    ws.append([3, 43478, "Andi", "Sambas", None, "Rapat", None])
    ws.append([4, None, "Rina", "Mempawah", None, "Permohonan informasi", "Renstra"])
    ws.cell(row=5, column=2).number_format = "dd/mm/yyyy"  # a date cell, read as a date
    ws.cell(row=6, column=2).number_format = "d mmmm yyyy"
    ws.merge_cells("B6:B7")  # Andi and Rina came the same day
    wb.save(path)

    result = parse_buku_tamu(path)
    assert result.quarantined == []
    got = {r.baris: (r.diterima_pada.date(), r.nama, r.jenis) for r in result.rows}
    assert got == {
        4: (date(2023, 1, 12), "Budi", "permohonan"),  # serial without format, 1904 system
        5: (date(2023, 1, 13), "Siti", "permohonan"),  # date-formatted serial
        6: (date(2023, 1, 14), "Andi", "kunjungan"),
        7: (date(2023, 1, 14), "Rina", "permohonan"),  # merged date cell filled down
    }
    budi = _by_line(result.rows)[4]
    assert budi.tanggal_keputusan == date(2023, 1, 16) and budi.keputusan_teks == "Dikabulkan"


def test_xlsx_1900_serial_with_date_format(tmp_path: Path) -> None:
    path = tmp_path / "bt.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Tgl", "Nama", "Keperluan"])
    ws.append([44938.5, "Budi", "Permohonan informasi"])
    ws.cell(row=2, column=1).number_format = "dd/mm/yyyy hh:mm"
    wb.save(path)
    [row] = parse_buku_tamu(path).rows
    assert row.diterima_pada == datetime(2023, 1, 12, 12, 0, tzinfo=row.diterima_pada.tzinfo)


def test_synonym_list_is_printed_in_the_docs() -> None:
    from transforms.parsers.buku_tamu import COLUMN_SYNONYMS, synonyms_markdown

    docs = (Path(__file__).parents[1] / "docs" / "data-contract.md").read_text(encoding="utf-8")
    assert synonyms_markdown(COLUMN_SYNONYMS) in docs
