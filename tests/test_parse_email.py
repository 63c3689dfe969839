"""E-mail parser: Thunderbird folders (no extension), Gmail Takeout .mbox and .eml, as desks
export them, and what their messages conform to (requests, decisions, dates)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from transforms.conform.threads import conform_messages
from transforms.models import GRANTED_FULL, GRANTED_PART, NOT_HELD, Desk, FileRejected, Message
from transforms.parsers.email import normalise_subject, parse_email, strip_quoted, unflow

FIXTURES = Path(__file__).parent / "fixtures" / "email"
WIB = ZoneInfo("Asia/Pontianak")


@pytest.fixture(scope="module")
def inbox() -> dict[str, Message]:
    return {m.message_key: m for m in parse_email(FIXTURES / "Inbox").rows}


def test_rfc2047_subject_and_quoted_printable_body(inbox: dict[str, Message]) -> None:
    msg = inbox["req-001@mail.example.com"]
    assert msg.saluran == "email"
    assert msg.subjek == "Permohonan Informasi – Data UMKM"
    assert msg.thread_hint == "permohonan informasi - data umkm"
    assert "per kabupaten tahun 2022 (format “xlsx”)" in msg.teks  # soft break + UTF-8 joined
    assert msg.pengirim == "budi.santoso@example.com"  # lower-case addr-spec, no display name


def test_body_line_starting_with_from_does_not_split_the_mbox(inbox: dict[str, Message]) -> None:
    assert "From 2020 sampai 2022 jika ada." in inbox["req-001@mail.example.com"].teks
    assert len(inbox) == 7


def test_base64_body_and_utc_date_converted_to_wib(inbox: dict[str, Message]) -> None:
    msg = inbox["notice-045@diskopukm.kalbarprov.go.id"]
    assert "Keputusan: Dikabulkan seluruhnya" in msg.teks
    assert msg.dikirim_pada == datetime(2023, 3, 7, 9, 0, tzinfo=WIB)
    assert msg.dikirim_pada.tzinfo == WIB
    assert msg.subjek == "Re: Permohonan Informasi – Data UMKM"  # base64 encoded-word


def test_html_only_body_is_text_without_quote_or_style(inbox: dict[str, Message]) -> None:
    msg = inbox["sari-01@example.org"]
    assert "Rincian informasi: Anggaran PPID 2023\ndan realisasinya" in msg.teks
    assert "<" not in msg.teks and "color" not in msg.teks
    assert "kutipan lama" not in msg.teks
    assert "café" in msg.teks  # iso-8859-1 quoted-printable


def test_date_with_wib_name_is_taken_as_wib(inbox: dict[str, Message]) -> None:
    assert inbox["sari-01@example.org"].dikirim_pada == datetime(2023, 3, 8, 10, tzinfo=WIB)


def test_attachments_are_counted(inbox: dict[str, Message]) -> None:
    assert inbox["deliver-045@diskopukm.kalbarprov.go.id"].lampiran == 2
    assert inbox["deliver-045@diskopukm.kalbarprov.go.id"].teks == "Berikut data yang Bapak minta."
    assert inbox["req-001@mail.example.com"].lampiran == 0


def test_quoted_reply_is_not_read_again(inbox: dict[str, Message]) -> None:
    msg = inbox["reply-002@mail.example.com"]
    assert msg.teks == "Baik, terima kasih banyak."


def test_unknown_charset_falls_back_to_replacement(inbox: dict[str, Message]) -> None:
    msg = inbox["charset-aneh@example.net"]
    assert "caf\ufffd di Pontianak" in msg.teks
    assert "From the archive" in msg.teks  # mbox `>From ` escaping undone


def test_missing_date_is_quarantined_and_the_rest_loads() -> None:
    result = parse_email(FIXTURES / "Inbox")
    assert len(result.rows) == 7
    assert len(result.quarantined) == 1
    item = result.quarantined[0]
    assert item.baris == 6
    assert item.alasan == "pesan ke-6: header Date tidak ada atau kosong"


def test_thread_headers(inbox: dict[str, Message]) -> None:
    msg = inbox["deliver-045@diskopukm.kalbarprov.go.id"]
    assert msg.in_reply_to == "reply-002@mail.example.com"
    assert msg.referensi == (
        "req-001@mail.example.com notice-045@diskopukm.kalbarprov.go.id reply-002@mail.example.com"
    )


def test_gmail_mbox_and_eml_with_indonesian_date() -> None:
    sent = parse_email(FIXTURES / "Terkirim.mbox").rows
    assert [m.message_key for m in sent] == ["notice-045@diskopukm.kalbarprov.go.id"]
    (eml,) = parse_email(FIXTURES / "permohonan.eml").rows
    assert eml.baris == 1
    assert eml.dikirim_pada == datetime(2023, 6, 12, 10, 15, tzinfo=WIB)
    assert eml.pengirim == "rina@example.com"


def test_message_without_message_id_gets_a_stable_hash(tmp_path: Path) -> None:
    raw = "From: a@example.com\nDate: Mon, 06 Mar 2023 09:15:00 +0700\nSubject: Halo\n\nIsi pesan\n"
    (tmp_path / "a.eml").write_text(raw)
    (tmp_path / "b.eml").write_text(raw)
    key_a = parse_email(tmp_path / "a.eml").rows[0].message_key
    assert key_a == parse_email(tmp_path / "b.eml").rows[0].message_key
    assert len(key_a) == 32


def test_not_an_email_file_is_rejected() -> None:
    with pytest.raises(FileRejected) as exc:
        parse_email(FIXTURES / "bukan_email.txt")
    assert "tidak dikenali" in exc.value.reason


def test_empty_mailbox_folder_is_empty_not_rejected(tmp_path: Path) -> None:
    (tmp_path / "Trash").write_bytes(b"")
    assert parse_email(tmp_path / "Trash").rows == []


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Re: Bls:  Permohonan  Informasi", "permohonan informasi"),
        ("RE: FWD: Data UMKM", "data umkm"),
        ("Balas: data", "data"),
        (None, ""),
    ],
)
def test_normalise_subject(subject: str | None, expected: str) -> None:
    assert normalise_subject(subject) == expected


def test_strip_quoted_outlook_and_indonesian() -> None:
    text = "Siap.\n\nPada Sen, 6 Mar 2023 pukul 09.15 PPID <p@x.id> menulis:\nRincian informasi: x"
    assert strip_quoted(text) == "Siap."
    text = "Oke\n-----Original Message-----\nFrom: PPID\nRincian informasi: x"
    assert strip_quoted(text) == "Oke"


# --- Thunderbird folders and a Gmail Takeout mbox of one desk (tests/fixtures/email/) ----------

TB = FIXTURES / "thunderbird"
TAKEOUT = FIXTURES / "takeout" / "All mail Including Spam and Trash.mbox"
DESK = Desk("diskopukm", emails=frozenset({"ppid@diskopukm.kalbarprov.go.id"}))
KEY = b"kunci-uji-email-0123"


def _keyed(path: Path) -> dict[str, Message]:
    return {m.message_key: m for m in parse_email(path).rows}


def test_thunderbird_inbox_charsets_folding_and_flowed_text() -> None:
    result = parse_email(TB / "Inbox")
    msgs = {m.message_key: m for m in result.rows}
    assert [m.baris for m in result.rows] == [1, 2, 3, 5, 6, 7]
    rudi = msgs["tb-rudi-1@example.com"]
    # two ISO-8859-1 encoded-words folded over two header lines
    assert rudi.subjek == "Permohonan Informasi - Daftar KSP «sehat» tahun 2022"
    # format=flowed soft break joined; the 8-bit Latin-1 body decoded
    assert (
        "Rincian informasi yang dibutuhkan: Daftar koperasi simpan pinjam berpredikat "
        "«sehat» tahun 2022\n" in rudi.teks
    )
    # a body line shaped like an mbox separator, not followed by headers, stays in the body
    assert "From rudi.hartono@example.com Mon Apr 03 21:00:00 2023\nisinya" in rudi.teks
    lina = msgs["tb-lina-1@contoh.or.id"]  # Outlook: HTML only, windows-1252, +0800
    assert lina.subjek == "Permohonan Informasi – Anggaran hibah koperasi 2022"
    assert "Rincian informasi: Anggaran dan realisasi “hibah koperasi” tahun 2022 – per" in (
        lina.teks
    )
    assert "<" not in lina.teks and "margin" not in lina.teks
    assert lina.dikirim_pada == datetime(2023, 4, 5, 13, 20, 11, tzinfo=WIB)
    # the quoted notice and the quoted form are not read again
    assert msgs["tb-rudi-2@example.com"].teks == "Terima kasih, saya tunggu datanya."
    assert msgs["tb-rudi-2@example.com"].referensi == (
        "tb-rudi-1@example.com sent-071@diskopukm.kalbarprov.go.id"
    )
    hendra = msgs["5F3A.hendra@warnet.example"]  # charset=unknown-8bit: bytes, replaced
    assert hendra.teks.endswith("Kabupaten Sambas 2020 \ufffd 2022")
    olga = msgs["7741.olga@example.ru"]  # KOI8-R body, +0300
    assert olga.teks.endswith("С уважением,\nОльга Петрова")
    assert olga.dikirim_pada == datetime(2023, 4, 12, 13, 0, tzinfo=WIB)
    assert olga.pengirim == "olga.petrova@example.ru"
    assert [(q.baris, q.alasan) for q in result.quarantined] == [
        (4, "pesan ke-4: header Date tidak ada atau kosong")
    ]


def test_attachments_are_counted_and_named_inline_images_are_not() -> None:
    sent = _keyed(TB / "Sent")
    delivery = sent["sent-071-kirim@diskopukm.kalbarprov.go.id"]
    assert (delivery.lampiran, delivery.lampiran_nama) == (1, "daftar KSP “sehat” 2022.xlsx")
    assert delivery.teks == "Yth. Bapak Rudi,\n\nInformasi telah kami kirimkan dalam lampiran."
    notice = sent["sent-071@diskopukm.kalbarprov.go.id"]
    assert (notice.lampiran, notice.lampiran_nama) == (0, None)
    assert notice.dikirim_pada == datetime(2023, 4, 5, 10, 0, tzinfo=WIB)
    gmail = _keyed(TAKEOUT)["CAKd3w1Q+notice-072@mail.gmail.com"]  # RFC 2047 in the filename
    assert gmail.lampiran_nama == "Daftar Koperasi Wanita 2022 (dihitamkan).pdf"
    assert gmail.teks.startswith("Yth. Ibu Dewi Anggraini,\n\nNomor Pendaftaran: 072/")


def test_gmail_takeout_thread_ids_labels_and_bad_date() -> None:
    result = parse_email(TAKEOUT)  # CRLF line ends, as Takeout writes them
    msgs = {m.message_key: m for m in result.rows}
    dewi = msgs["CAKd3w1Q+dewi=4y@mail.gmail.com"]
    assert dewi.thread_hint == "x-gm-thrid:1762600000000000001"
    assert dewi.subjek == "Permohonan Informasi – Data Koperasi Wanita"  # windows-1252 Q
    assert "Daftar “koperasi wanita” aktif beserta nomor badan hukum, tahun 2022" in dewi.teks
    assert "\nFrom Desa Sungai Kakap" in dewi.teks  # >From unescaped
    assert msgs["CAKd3w1Q+notice-072@mail.gmail.com"].dikirim_pada == datetime(
        2023, 4, 11, 14, 30, tzinfo=WIB
    )
    assert [(q.baris, q.alasan) for q in result.quarantined] == [
        (2, "pesan ke-2: draf yang belum dikirim (label Gmail Draft), tidak dihitung"),
        (5, "pesan ke-5: header Date 'Senin, 31 Februari 2023 10.00 WIB' tidak valid"),
    ]
    assert result.quarantined[1].cuplikan == "Subject: Permohonan Informasi daftar koperasi"


def test_thunderbird_draft_is_quarantined_not_read() -> None:
    result = parse_email(TB / "Drafts")
    assert result.rows == []
    assert [q.alasan for q in result.quarantined] == [
        "pesan ke-1: draf yang belum dikirim (draf Thunderbird), tidak dihitung"
    ]


def test_same_message_in_two_exports_has_one_key() -> None:
    tb, gm = _keyed(TB / "Inbox"), _keyed(TAKEOUT)
    assert tb["tb-rudi-1@example.com"].teks == gm["tb-rudi-1@example.com"].teks
    no_id = {k for k in tb if "@" not in k}  # Yusuf's mail has no Message-ID: content hash
    assert len(no_id) == 1 and no_id <= set(gm)


EXPORTS = ("thunderbird/Inbox", "thunderbird/Sent", "thunderbird/Drafts", TAKEOUT.name)


def _all_messages(order: tuple[str, ...] = EXPORTS) -> list[tuple[str, Message]]:
    out = []
    for name in order:
        path = TAKEOUT if name == TAKEOUT.name else FIXTURES / name
        out += [(f"diskopukm/email/{name}", m) for m in parse_email(path).rows]
    return out


def test_exports_conform_to_the_expected_requests() -> None:
    requests = conform_messages("diskopukm", _all_messages(), DESK, KEY)
    got = [
        (
            r.diterima_pada,
            r.nomor_pendaftaran,
            r.keputusan,
            r.alasan_penolakan,
            r.tanggal_keputusan,
            r.tanggal_pemberian,
            r.lengkap,
        )
        for r in requests
    ]
    assert got == [
        # Rudi: in both exports, decided (Sent, by In-Reply-To), data delivered with attachment
        (datetime(2023, 4, 4, 8, 30, tzinfo=WIB), "071/PPID-DISKOPUKM/IV/2023", GRANTED_FULL,
         None, date(2023, 4, 5), date(2023, 4, 10), True),
        # Lina: HTML-only; the desk's reply has no thread headers and joins by subject
        (datetime(2023, 4, 5, 13, 20, 11, tzinfo=WIB), None, NOT_HELD, "belum_dikuasai",
         date(2023, 4, 13), date(2023, 4, 13), True),
        # Dewi: the notice joins only through X-GM-THRID; the earlier Gmail draft is ignored
        (datetime(2023, 4, 6, 8, 5, tzinfo=WIB), "072/PPID-DISKOPUKM/IV/2023", GRANTED_PART,
         "pasal_17_h", date(2023, 4, 11), date(2023, 4, 11), True),
        # Yusuf (no Message-ID, in both exports), Hendra (unknown charset), Olga (KOI8-R; a
        # Thunderbird draft rejecting it is not a decision): open
        (datetime(2023, 4, 10, 9, 0, tzinfo=WIB), None, None, None, None, None, True),
        (datetime(2023, 4, 11, 10, 10, tzinfo=WIB), None, None, None, None, None, True),
        (datetime(2023, 4, 12, 13, 0, tzinfo=WIB), None, None, None, None, None, True),
    ]  # fmt: skip
    assert requests[0].rincian_informasi == (
        "Daftar koperasi simpan pinjam berpredikat «sehat» tahun 2022"
    )
    assert requests[0].sumber_berkas == f"diskopukm/email/{TAKEOUT.name}"  # first by path
    # the order the exports arrive in changes nothing
    reordered = conform_messages("diskopukm", _all_messages(EXPORTS[::-1]), DESK, KEY)
    assert [r.permohonan_id for r in reordered] == [r.permohonan_id for r in requests]


def test_gmail_thread_id_is_what_joins_a_reply_without_headers() -> None:
    plain = [
        (src, dataclasses.replace(m, thread_hint=normalise_subject(m.subjek)))
        for src, m in _all_messages()
    ]
    dewi = conform_messages("diskopukm", plain, DESK, KEY)[2]
    assert dewi.diterima_pada == datetime(2023, 4, 6, 8, 5, tzinfo=WIB)
    assert dewi.keputusan is None  # without the Gmail id the notice has no thread


def test_mbox_separator_needs_headers_after_it(tmp_path: Path) -> None:
    mbox = tmp_path / "Arsip"
    mbox.write_bytes(
        b"From - Mon Mar 06 09:15:00 2023\nMessage-ID: <a@x>\nFrom: a@x.id\n"
        b"Date: Mon, 06 Mar 2023 09:15:00 +0700\nSubject: satu\n\nbaris pertama\n"
        b"From 2022 sampai 10:00 2023\nmasih pesan pertama\n\n"
        b"From - Mon Mar 06 10:15:00 2023\nMessage-ID: <b@x>\nFrom: b@x.id\n"
        b"Date: Mon, 06 Mar 2023 10:15:00 +0700\nSubject: dua\n\nisi kedua\n"
    )
    rows = parse_email(mbox).rows
    assert [m.message_key for m in rows] == ["a@x", "b@x"]
    assert rows[0].teks == "baris pertama\nFrom 2022 sampai 10:00 2023\nmasih pesan pertama"


def test_unflow_joins_soft_breaks_only() -> None:
    text = "Rincian: data koperasi \naktif 2022\nTujuan: skripsi\n-- \nRudi"
    assert unflow(text) == "Rincian: data koperasi aktif 2022\nTujuan: skripsi\n-- \nRudi"
    assert unflow("satu dua \ntiga", delsp=True) == "satu duatiga"
    assert unflow("> kutipan \n> lanjut\nbaru") == "> kutipan lanjut\nbaru"
