"""Free-text request forms and desk notices, written the way requesters and desks write them."""

from __future__ import annotations

from datetime import date

import pytest

from transforms.forms import (
    Notice,
    RequestForm,
    extract_form,
    parse_notice,
    parse_request_form,
    stated_date,
)
from transforms.models import GRANTED_FULL, GRANTED_PART, NOT_DOCUMENTED, NOT_HELD, REJECTED
from transforms.pseudonym import normalise_contact, pseudonymise, redact

FULL_FORM = """Selamat pagi Bapak/Ibu,
Nama: Budi Santoso
NIK: 6171010101010001
Alamat: Jl. Ahmad Yani No. 1
Pontianak
Pekerjaan: Wiraswasta
No. HP / Telepon / E-mail: 0812-3456-7890
Rincian informasi yang dibutuhkan: Data jumlah UMKM binaan
per kabupaten tahun 2022

dan daftar koperasi aktif
Tujuan penggunaan informasi: Penelitian skripsi
Cara memperoleh informasi: mendapatkan salinan (softcopy)
Cara mendapatkan salinan: e-mail

Terima kasih
"""


def test_full_form_with_multiline_values() -> None:
    form = parse_request_form(FULL_FORM)
    assert form == RequestForm(
        nama="Budi Santoso",
        nik="6171010101010001",
        alamat="Jl. Ahmad Yani No. 1\nPontianak",
        pekerjaan="Wiraswasta",
        kontak="0812-3456-7890",
        rincian="Data jumlah UMKM binaan\nper kabupaten tahun 2022\n\ndan daftar koperasi aktif",
        tujuan="Penelitian skripsi",
        cara_memperoleh="mendapatkan salinan (softcopy)",
        cara_salinan="e-mail",
    )
    assert form.missing == []


def test_label_variants_case_spacing_and_missing_colon() -> None:
    text = """NAMA LENGKAP   Sari Wulandari
1. no hp : 0813 1111 2222
2. Informasi yang diminta   anggaran PPID 2023
3. tujuan : kajian"""
    form = parse_request_form(text)
    assert form is not None
    assert form.nama == "Sari Wulandari"
    assert form.kontak == "0813 1111 2222"
    assert form.rincian == "anggaran PPID 2023"
    assert form.tujuan == "kajian"


@pytest.mark.parametrize(
    ("line", "field", "value"),
    [
        ("Email: sari@example.org", "kontak", "sari@example.org"),
        ("No HP: 0812", "kontak", "0812"),
        ("No. Telp/HP : 0561-123456", "kontak", "0561-123456"),
        ("Nomor WhatsApp: 0812", "kontak", "0812"),
        ("Rincian Informasi yang dibutuhkan: a", "rincian", "a"),
        ("Informasi yang dibutuhkan: b", "rincian", "b"),
        ("rincian informasi : c", "rincian", "c"),
        ("Rincian: d", "rincian", "d"),
        ("Tujuan penggunaan informasi: e", "tujuan", "e"),
        ("- Nama Pemohon: f", "nama", "f"),
        ("Nomor KTP: 1234", "nik", "1234"),
        ("Cara memperoleh salinan informasi: pos", "cara_salinan", "pos"),
    ],
)
def test_single_label_variants(line: str, field: str, value: str) -> None:
    assert getattr(extract_form(line), field) == value


def test_missing_fields_are_listed() -> None:
    form = parse_request_form("Rincian informasi: data koperasi")
    assert form is not None
    assert form.missing == ["nama", "kontak"]
    empty = parse_request_form("Nama: -\nRincian informasi:\nNo HP: tidak ada")
    assert empty is not None
    assert empty.missing == ["nama", "kontak", "rincian"]


def test_not_a_request() -> None:
    assert parse_request_form("Selamat pagi, apakah kantor buka hari Sabtu?") is None
    assert parse_request_form("Nama: Budi\nNo HP: 0812") is None  # no rincian field
    assert parse_request_form("") is None


def test_closing_words_end_a_value() -> None:
    form = parse_request_form("Rincian informasi: data UMKM\nTerima kasih\nBudi")
    assert form is not None and form.rincian == "data UMKM"


def test_blank_line_ends_a_short_field() -> None:
    form = parse_request_form("Nama: Budi\n\nSaya mahasiswa.\nRincian informasi: x")
    assert form is not None and form.nama == "Budi"


def test_short_notice_with_rejection_ground() -> None:
    notice = parse_notice(
        "Nomor Pendaftaran: 045/PPID-DISKOPUKM/III/2023\n"
        "Keputusan: Ditolak\n"
        "Alasan: Pasal 17 huruf b UU 14/2008\n"
        "Perpanjangan: -"
    )
    assert notice == Notice(
        nomor_pendaftaran="045/PPID-DISKOPUKM/III/2023",
        keputusan=REJECTED,
        alasan="pasal_17_b",
        perpanjangan=False,
        disampaikan=False,
    )


@pytest.mark.parametrize(
    ("text", "keputusan", "alasan"),
    [
        ("Keputusan: Dikabulkan seluruhnya", GRANTED_FULL, None),
        ("Keputusan: dikabulkan sebagian\nAlasan: Pasal 17 huruf h", GRANTED_PART, "pasal_17_h"),
        (
            "Informasi dapat diberikan.\nBentuk fisik: softcopy\n"
            "Penjelasan penghitaman/pengaburan: -",
            GRANTED_FULL,
            None,
        ),
        (
            "Informasi dapat diberikan\nPenjelasan penghitaman/pengaburan: NIK pemilik usaha",
            GRANTED_PART,
            None,
        ),
        (
            "Informasi tidak dapat diberikan karena:\n- belum dikuasai",
            NOT_HELD,
            "belum_dikuasai",
        ),
        (
            "Informasi tidak dapat diberikan karena belum didokumentasikan",
            NOT_DOCUMENTED,
            "belum_didokumentasikan",
        ),
        (
            "Dengan ini permohonan Saudara ditolak berdasarkan Pasal 17 huruf c.",
            REJECTED,
            "pasal_17_c",
        ),
    ],
)
def test_decision_wordings(text: str, keputusan: str, alasan: str | None) -> None:
    notice = parse_notice(text)
    assert notice is not None
    assert (notice.keputusan, notice.alasan) == (keputusan, alasan)


def test_extension_and_delivery_notices() -> None:
    ext = parse_notice("Perpanjangan: 7 hari kerja karena data masih direkap")
    assert ext is not None and ext.perpanjangan and ext.keputusan is None
    prose = parse_notice("Mohon maaf, waktu pemberian informasi diperpanjang 7 (tujuh) hari kerja.")
    assert prose is not None and prose.perpanjangan
    sent = parse_notice("Informasi telah disampaikan melalui e-mail.")
    assert sent is not None and sent.disampaikan and not sent.perpanjangan
    assert parse_notice("Berkas telah kami kirimkan, mohon dicek.").disampaikan  # type: ignore[union-attr]


def test_acknowledgement_carries_only_the_number() -> None:
    notice = parse_notice(
        "Permohonan Bapak telah kami terima dengan No. Pendaftaran 012/PPID/2023."
    )
    assert notice == Notice(nomor_pendaftaran="012/PPID/2023")


def test_chatter_is_no_notice() -> None:
    assert parse_notice("Baik, silakan isi formulir permohonan.") is None
    assert parse_notice("") is None


# --- tolerant labels: what requesters type on a phone -----------------------------------------


@pytest.mark.parametrize(
    ("line", "field", "value"),
    [
        ("*Nama*: Budi", "nama", "Budi"),
        ("*Nama:* Budi", "nama", "Budi"),
        ("_Tujuan_ : skripsi", "tujuan", "skripsi"),
        ("*RINCIAN INFORMASI YG DIBUTUHKAN* : data hibah", "rincian", "data hibah"),
        ("Informasi yg diminta: data hibah", "rincian", "data hibah"),
        ("Almat: Jl. Merdeka 3", "alamat", "Jl. Merdeka 3"),
        ("Pekerjan: PNS", "pekerjaan", "PNS"),
        ("Tujuan pengunaan informasi: kajian", "tujuan", "kajian"),
        ("Tujuan Permohonan: kajian", "tujuan", "kajian"),
        ("Alamat E-mail: sari@example.org", "kontak", "sari@example.org"),
        ("Alamat email : sari@example.org", "kontak", "sari@example.org"),
        ("Pekerjaan/Instansi: Dosen Untan", "pekerjaan", "Dosen Untan"),
        ("Alamat / Instansi: Jl. Merdeka 3", "alamat", "Jl. Merdeka 3"),
        ("telp/hp : 62 857 5012 3456", "kontak", "62 857 5012 3456"),
        ("No. Telp: (0561) 734567", "kontak", "(0561) 734567"),
    ],
)
def test_more_label_variants(line: str, field: str, value: str) -> None:
    form = extract_form(line)
    assert getattr(form, field) == value
    assert sum(1 for v in vars(form).values() if v) == 1  # nothing leaks into another field


def test_words_that_only_start_like_a_label_are_no_label() -> None:
    assert extract_form("Nama Instansi: Universitas Tanjungpura") == RequestForm()
    assert extract_form("Namanya Budi") == RequestForm()
    assert extract_form("Rincian anggaran tahun lalu") == RequestForm()


def test_any_order_no_colons_and_values_on_the_next_line() -> None:
    text = """permohonan informasi

tujuan penggunaan
penelitian
informasi yang dibutuhkan
peta sebaran koperasi aktif 2022
nama : Yusuf Maulana
TELP/HP 0857-5012-3456"""
    form = parse_request_form(text)
    assert form == RequestForm(
        nama="Yusuf Maulana",
        kontak="0857-5012-3456",
        rincian="peta sebaran koperasi aktif 2022",
        tujuan="penelitian",
    )


# --- dates typed in words ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tanggal: 12 Januari 2023", date(2023, 1, 12)),
        ("Tanggal surat : Senin, 12 Jan 2023", date(2023, 1, 12)),
        ("Pontianak, 12 Nopember 2023", date(2023, 11, 12)),
        ("Sanggau, 3 Agt 2023", date(2023, 8, 3)),
        ("tgl. 03/11/2023", date(2023, 11, 3)),
        ("Rincian: data per 31 Desember 2022", None),  # a date inside the requested information
        ("Tanggal: 31 Februari 2023", None),  # impossible: no date rather than a wrong one
    ],
)
def test_stated_date(text: str, expected: date | None) -> None:
    assert stated_date(text) == expected


def test_notice_carries_its_stated_date_but_a_date_alone_is_no_notice() -> None:
    notice = parse_notice(
        "Pontianak, Senin, 12 Jan 2023\nKeputusan: Ditolak\nAlasan: Pasal 17 huruf b"
    )
    assert notice == Notice(keputusan=REJECTED, alasan="pasal_17_b", tanggal=date(2023, 1, 12))
    assert parse_notice("Tanggal: 12 Januari 2023") is None


# --- phone numbers: one identity however they are written --------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "081234567890",
        "0812-3456-7890",
        "0812 3456 7890",
        "+6281234567890",
        "+62 812-3456-7890",
        "+62 (0)812-3456-7890",
        "62 (0)812 3456 7890",
        "6281234567890",
        "62-812-3456-7890",
        "No HP/WA: 0812.3456.7890",
    ],
)
def test_every_indonesian_phone_form_gives_one_pseudonym(written: str) -> None:
    assert normalise_contact(written) == "+6281234567890"
    assert pseudonymise(normalise_contact(written), b"k") == pseudonymise("+6281234567890", b"k")


@pytest.mark.parametrize(
    ("text", "contact", "redacted"),
    [
        # contact fields and free text recognise the same numbers (more: tests/test_pseudonym.py)
        ("HP: 0812-3456-7890", "+6281234567890", "HP: [nomor]"),
        ("WA08123456789", "+628123456789", "WA[nomor]"),
        ("telp (0561) 734567", "+62561734567", "telp [nomor]"),
        ("NIK6171010101010001", None, "NIK[nik]"),
        ("0812345", None, "0812345"),
        ("nomor 081234567890123456", None, "nomor [nomor]"),
        ("08123456789/081298765432", "+628123456789", "[nomor]/[nomor]"),
        ("rekening 1234.5678.90", None, "rekening [nomor]"),
    ],
)
def test_phone_shape_in_contact_fields_and_free_text(
    text: str, contact: str | None, redacted: str
) -> None:
    assert normalise_contact(text) == contact
    assert redact(text) == redacted
