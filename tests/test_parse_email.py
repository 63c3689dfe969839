"""E-mail parser: mbox without extension, Gmail-style .mbox and .eml, as desks export them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from transforms.models import FileRejected, Message
from transforms.parsers.email import normalise_subject, parse_email, strip_quoted

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
    assert item.alasan == "pesan ke-6: header Date kosong atau tidak valid"


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
