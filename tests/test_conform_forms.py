"""Guestbook and web rows → core requests: ids, dedup, decisions, completeness, no personal data."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from transforms.conform.forms_rows import conform_form_rows
from transforms.models import GRANTED_FULL, GRANTED_PART, NOT_HELD, REJECTED, FormRow
from transforms.parsers.buku_tamu import parse_buku_tamu
from transforms.parsers.web import parse_web
from transforms.pseudonym import pseudonymise

KEY = b"kunci-uji"
FIXTURES = Path(__file__).parent / "fixtures"
WIB = ZoneInfo("Asia/Pontianak")


def _row(**kw) -> FormRow:
    base = dict(
        saluran="web",
        baris=1,
        record_key="k1",
        jenis="permohonan",
        diterima_pada=datetime(2023, 3, 14, 9, 0, tzinfo=WIB),
        nama="Budi Santoso",
        kontak="0812-5678-1234",
        rincian="Data UMKM",
    )
    return FormRow(**{**base, **kw})


def test_ids_and_dedup_first_by_file_and_row() -> None:
    rows = [
        ("diskopukm/web/b.jsonl", _row(baris=1)),
        ("diskopukm/web/a.jsonl", _row(baris=9)),
        ("diskopukm/web/a.jsonl", _row(baris=3)),
        ("diskopukm/web/a.jsonl", _row(baris=4, record_key="k2")),
    ]
    out = conform_form_rows("diskopukm", rows, KEY)
    assert [(r.sumber_berkas, r.sumber_baris) for r in out] == [
        ("diskopukm/web/a.jsonl", 3),
        ("diskopukm/web/a.jsonl", 4),
    ]
    expected = hashlib.sha256(b"diskopukm\x1fweb\x1fk1").hexdigest()[:32]
    assert out[0].permohonan_id == expected
    assert conform_form_rows("dinkes", rows, KEY)[0].permohonan_id != expected


def test_only_requests() -> None:
    rows = [
        ("f", _row(record_key="a", jenis="kunjungan")),
        ("f", _row(record_key="b", jenis="keberatan")),
        ("f", _row(record_key="c")),
    ]
    assert [r.saluran for r in conform_form_rows("x", rows, KEY)] == ["web"]


def test_decisions_and_dates() -> None:
    rows = [
        ("f", _row(record_key="part", keputusan_teks="Dikabulkan sebagian",
                   alasan_teks="Pasal 17 huruf h", tanggal_keputusan=date(2023, 3, 27),
                   tanggal_pemberian=date(2023, 3, 29))),
        ("f", _row(record_key="full", keputusan_teks="Informasi dapat diberikan",
                   tanggal_keputusan=date(2023, 3, 20), perpanjangan_teks="7 hari kerja")),
        ("f", _row(record_key="held", keputusan_teks="Informasi tidak dapat diberikan karena "
                   "belum dikuasai")),
        ("f", _row(record_key="no", keputusan_teks="Ditolak", alasan_teks="Pasal 17 huruf j",
                   tanggal_keputusan=date(2023, 4, 1))),
        ("f", _row(record_key="open", keputusan_teks="Diproses",
                   tanggal_keputusan=date(2023, 4, 2))),
    ]  # fmt: skip
    out = conform_form_rows("x", rows, KEY)
    by_key = dict(zip(["part", "full", "held", "no", "open"], out, strict=True))
    part = by_key["part"]
    assert (part.keputusan, part.alasan_penolakan) == (GRANTED_PART, "pasal_17_h")
    assert part.tanggal_keputusan == date(2023, 3, 27)
    assert part.tanggal_pemberian == date(2023, 3, 29)
    full = by_key["full"]
    assert full.keputusan == GRANTED_FULL and full.perpanjangan
    assert full.tanggal_pemberian == date(2023, 3, 20)  # delivered with the notice
    held = by_key["held"]
    assert held.keputusan == NOT_HELD and held.tanggal_keputusan is None
    assert held.tanggal_pemberian is None and not held.perpanjangan
    assert by_key["no"].keputusan == REJECTED and by_key["no"].alasan_penolakan == "pasal_17_j"
    still_open = by_key["open"]
    assert still_open.keputusan is None and still_open.tanggal_keputusan is None


def test_completeness() -> None:
    rows = [
        ("f", _row(record_key="ok")),
        ("f", _row(record_key="no-contact", kontak=None)),
        ("f", _row(record_key="bare", kontak=" ", nama=None, rincian=None)),
    ]
    ok, no_contact, bare = conform_form_rows("x", rows, KEY)
    assert ok.lengkap and ok.kekurangan is None
    assert not no_contact.lengkap and no_contact.kekurangan == "kontak"
    assert bare.kekurangan == "kontak,nama,rincian" and bare.pemohon_id is None


def test_pseudonym_follows_contact_then_name() -> None:
    rows = [
        ("f", _row(record_key="a", kontak="0812-5678-1234")),
        ("f", _row(record_key="b", kontak="+62 812 5678 1234", nama="B. Santoso")),
        ("f", _row(record_key="c", kontak=None, nama="  Budi   SANTOSO ")),
        ("f", _row(record_key="d", kontak="Budi@Example.com; 0812-5678-1234")),
    ]
    a, b, c, d = conform_form_rows("x", rows, KEY)
    assert a.pemohon_id == b.pemohon_id == pseudonymise("+6281256781234", KEY)
    assert c.pemohon_id == pseudonymise("budi santoso", KEY)
    assert d.pemohon_id == pseudonymise("budi@example.com", KEY)


def test_no_personal_data_from_fixtures() -> None:
    landing = [
        ("diskopukm/web/kiriman_2023.jsonl", r)
        for r in parse_web(FIXTURES / "web" / "kiriman_2023.jsonl").rows
    ]
    landing += [
        ("diskopukm/web/kiriman_2023.csv", r)
        for r in parse_web(FIXTURES / "web" / "kiriman_2023.csv").rows
    ]
    landing += [
        ("diskopukm/buku_tamu/bukutamu_2023.csv", r)
        for r in parse_buku_tamu(FIXTURES / "buku_tamu" / "bukutamu_2023.csv").rows
    ]
    out = conform_form_rows("diskopukm", landing, KEY)
    # WEB-2023-0001 is in both web exports: kept once, from the first file by name.
    web_ids = [r for r in out if r.saluran == "web"]
    assert len(web_ids) == 4
    first = next(r for r in out if r.nomor_pendaftaran == "015/PPID-DISKOPUKM/III/2023")
    assert first.sumber_berkas == "diskopukm/web/kiriman_2023.csv"
    assert len([r for r in out if r.saluran == "buku_tamu"]) == 3

    personal = ["Budi", "Santoso", "0812", "example.com", "6171010101800001", "Ahmad Yani",
                "André", "Universitas"]  # fmt: skip
    for request in out:
        for value in dataclasses.asdict(request).values():
            if isinstance(value, str):
                assert not any(p.lower() in value.lower() for p in personal), value


def test_contacts_typed_into_free_text_are_masked() -> None:
    from datetime import UTC, datetime

    from transforms.models import FormRow

    row = FormRow(
        saluran="buku_tamu",
        baris=7,
        record_key="r1",
        jenis="permohonan",
        diterima_pada=datetime(2023, 5, 2, tzinfo=UTC),
        nama="Siti Rahma",
        kontak="0813 1111 2222",
        rincian="Data UMKM, kirim ke siti.rahma@example.org atau WA 0813-1111-2222 a.n. Siti Rahma",
        tujuan="Tugas kuliah",
    )
    [req] = conform_form_rows("diskopukm", [("diskopukm/buku_tamu/b.csv", row)], KEY)
    assert req.rincian_informasi == "Data UMKM, kirim ke [email] atau WA [nomor] a.n. [nama]"
