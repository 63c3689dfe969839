"""Free-text request forms and desk notices, written the way requesters and desks write them."""

from __future__ import annotations

import pytest

from transforms.forms import Notice, RequestForm, extract_form, parse_notice, parse_request_form
from transforms.models import GRANTED_FULL, GRANTED_PART, NOT_DOCUMENTED, NOT_HELD, REJECTED

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
