"""Masking of contacts in free text copied into core (pseudonym.redact): what is masked, what
is an ordinary number and stays, and that masking twice changes nothing (the retention purge
relies on it)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.pseudonym import redact


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("WA08123456789", "WA[nomor]"),
        ("HP:0812-3456-7890", "HP:[nomor]"),
        ("no.hp0812-3456-7890 (siang)", "no.hp[nomor] (siang)"),
        ("hubungi WA +62 812 3456 7890 ya", "hubungi WA [nomor] ya"),
        ("telp/wa 62812.3456.7890", "telp/wa [nomor]"),
        ("+62 (0)812 3456 7890", "[nomor]"),
        ("telp kantor (0561) 734567", "telp kantor [nomor]"),
        ("telp 021-5551234", "telp [nomor]"),
        ("NIK6171010101010001", "NIK[nik]"),
        ("NIK: 6171010101010001, KK 6171010101010002", "NIK: [nik], KK [nik]"),
        ("08123456789/081298765432", "[nomor]/[nomor]"),
        ("rekening 1234.5678.90", "rekening [nomor]"),
        ("nomor 081234567890123456", "nomor [nomor]"),
        ("NPWP 01.234.567.8-901.000", "NPWP [nomor]"),
        ("surel budi.s@mail.co.id, WA08123456789", "surel [email], WA[nomor]"),
    ],
)
def test_contacts_glued_or_spaced_are_masked(text: str, masked: str) -> None:
    assert redact(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "Data UMKM binaan tahun 2023",
        "anggaran Rp 1.500.000 dan Rp 15.000.000 serta Rp 1.250.000.000",
        "Nomor Pendaftaran 045/PPID-DISKOPUKM/III/2023",
        "surat 800/1234/DISKOP-UKM/2023 tanggal 12-03-2023",
        "diterima 2023-03-12 08:30 WIB, diputuskan 08-12-2023",
        "pukul 08.30-12.00, tahun 2019-2023",
        "jumlah koperasi 1.234 unit di 14 kabupaten/kota",
        "Perda No. 7 Tahun 2012, Pergub 61/2021",
        "0812345",
        "berkas a3f08123456789bc0d1e2f3a4b5c6d7e8f901234",
    ],
)
def test_ordinary_numbers_stay(text: str) -> None:
    assert redact(text) == text


def test_names_from_the_form_are_masked() -> None:
    assert redact("atas nama Siti Rahmawati, WA08123456789", ["Siti Rahmawati"]) == (
        "atas nama [nama], WA[nomor]"
    )


@pytest.mark.parametrize(
    "text",
    [
        "WA08123456789 a.n. Siti Rahmawati, NIK6171010101010001, siti@mail.id",
        "rekening 1234.5678.90, tahun 2023, Rp 15.000.000",
        "Ema: email ema@x.id",
        "Siti Rahmawati1234.5678.90",
    ],
)
def test_masking_twice_changes_nothing(text: str) -> None:
    once = redact(text, ["Siti Rahmawati", "Ema"])
    assert redact(once, ["[nama]"]) == once
    assert redact(once) == once


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="0123456789 .-()+/:@WAHPNIKbudiBUDIemax", max_size=60))
def test_masking_is_idempotent_on_any_mix_of_digits_separators_and_names(text: str) -> None:
    once = redact(text, ["Budi", "Ema"])
    assert redact(once, ["[nama]"]) == once
