"""Threads → requests: decisions, dates, extension, delivery, de-duplication, no personal data."""

from __future__ import annotations

import dataclasses
import zipfile
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from transforms.conform.threads import conform_messages
from transforms.models import (
    GRANTED_FULL,
    GRANTED_PART,
    NOT_DOCUMENTED,
    NOT_HELD,
    Desk,
    Message,
    Request,
)
from transforms.parsers.email import parse_email
from transforms.parsers.whatsapp import parse_whatsapp
from transforms.pseudonym import pseudonymise

FIXTURES = Path(__file__).parent / "fixtures"
CHAT = "Chat WhatsApp dengan Budi Santoso.txt"
WIB = ZoneInfo("Asia/Pontianak")
KEY = b"kunci-uji"
DESK = Desk(
    "diskopukm",
    emails=frozenset({"ppid@diskopukm.kalbarprov.go.id"}),
    whatsapp_names=frozenset({"PPID Diskopukm"}),
)
PERSONAL = ["budi", "santoso", "0812", "3456", "6281234567890", "6171010101010001", "ahmad yani"]


def whatsapp_messages(
    *names: str, folder: Path = FIXTURES / "whatsapp"
) -> list[tuple[str, Message]]:
    return [
        (f"diskopukm/whatsapp/{name}", m)
        for name in names
        for m in parse_whatsapp(folder / name).rows
    ]


def email_messages(*names: str) -> list[tuple[str, Message]]:
    return [
        (f"diskopukm/email/{name}", m)
        for name in names
        for m in parse_email(FIXTURES / "email" / name).rows
    ]


@pytest.fixture(scope="module")
def chat_requests() -> list[Request]:
    return conform_messages("diskopukm", whatsapp_messages(CHAT), DESK, KEY)


def test_chat_with_two_requests_gives_exact_lifecycle(chat_requests: list[Request]) -> None:
    first, second = chat_requests
    assert first.diterima_pada == datetime(2023, 3, 6, 8, 2, tzinfo=WIB)
    assert (first.sumber_berkas, first.sumber_baris) == (f"diskopukm/whatsapp/{CHAT}", 3)
    assert first.nomor_pendaftaran == "045/PPID-DISKOPUKM/III/2023"
    assert first.perpanjangan is True
    assert (first.keputusan, first.alasan_penolakan) == (GRANTED_PART, "pasal_17_h")
    assert first.tanggal_keputusan == date(2023, 3, 21)
    assert first.tanggal_pemberian == date(2023, 3, 22)  # the media sent the next day
    assert first.lengkap and first.kekurangan is None
    assert first.rincian_informasi == "Data jumlah UMKM binaan\nper kabupaten tahun 2022"
    assert first.tujuan_penggunaan == "Penelitian skripsi"

    assert second.diterima_pada == datetime(2023, 3, 20, 14, 0, tzinfo=WIB)
    assert second.nomor_pendaftaran is None
    assert second.perpanjangan is False
    assert (second.keputusan, second.alasan_penolakan) == (NOT_HELD, "belum_dikuasai")
    assert second.tanggal_keputusan == date(2023, 3, 23)
    assert second.tanggal_pemberian == date(2023, 3, 23)  # no delivery: the decision date
    assert not second.lengkap and second.kekurangan == "kontak,nama"


def test_desk_replies_are_not_requests(chat_requests: list[Request]) -> None:
    # the desk's decision message repeats "Rincian informasi:" but is no request
    assert len(chat_requests) == 2
    assert all(r.sumber_baris in (3, 18) for r in chat_requests)


def test_requester_is_pseudonymised_and_recognised_again(chat_requests: list[Request]) -> None:
    first, second = chat_requests
    assert first.pemohon_id == pseudonymise("+6281234567890", KEY)
    assert second.pemohon_id == first.pemohon_id  # same sender, number given earlier


def test_no_personal_data_in_requests(chat_requests: list[Request]) -> None:
    mail = conform_messages("diskopukm", email_messages("Inbox"), DESK, KEY)
    for request in [*chat_requests, *mail]:
        for field in dataclasses.fields(request):
            value = str(getattr(request, field.name)).lower()
            if field.name == "sumber_berkas":
                continue  # the file name of a chat export is the chat name: lineage, kept raw
            for secret in [*PERSONAL, "sari", "wulandari", "@example"]:
                assert secret not in value, (field.name, value)


def test_personal_data_inside_free_text_is_masked() -> None:
    chat = [
        (
            "x.txt",
            Message(
                saluran="whatsapp",
                baris=1,
                message_key="k1",
                thread_hint="x",
                dikirim_pada=datetime(2023, 5, 2, 9, tzinfo=WIB),
                pengirim="Rina Marlina",
                teks="Nama: Rina Marlina\nRincian informasi: data saya (Rina Marlina), "
                "kirim ke rina@example.com atau 0812-9999-8888",
            ),
        )
    ]
    (request,) = conform_messages("dinkes", chat, DESK, KEY)
    assert request.rincian_informasi == "data saya ([nama]), kirim ke [email] atau [nomor]"
    assert request.pemohon_id == pseudonymise("rina marlina", KEY)  # no contact field: the name


def test_duplicate_messages_across_overlapping_files_count_once(tmp_path: Path) -> None:
    lines = (FIXTURES / "whatsapp" / CHAT).read_text(encoding="utf-8").splitlines(keepends=True)
    older = tmp_path / "Chat WhatsApp dengan Budi Santoso (1).zip"
    with zipfile.ZipFile(older, "w") as zf:
        zf.writestr("Chat WhatsApp dengan Budi Santoso.txt", "".join(lines[:18]))
    messages = whatsapp_messages(older.name, folder=tmp_path) + whatsapp_messages(CHAT)
    requests = conform_messages("diskopukm", messages, DESK, KEY)
    single = conform_messages("diskopukm", whatsapp_messages(CHAT), DESK, KEY)
    assert [r.permohonan_id for r in requests] == [r.permohonan_id for r in single]
    assert [r.keputusan for r in requests] == [GRANTED_PART, NOT_HELD]
    # lineage points at the first file by (time, file, line): the zip sorts first
    assert requests[0].sumber_berkas == f"diskopukm/whatsapp/{older.name}"


def test_email_threads_joined_by_headers_and_subject() -> None:
    messages = email_messages("Inbox", "Terkirim.mbox", "permohonan.eml")
    budi, sari, rina = conform_messages("diskopukm", messages, DESK, KEY)

    assert budi.saluran == "email" and budi.sumber_baris == 1
    assert budi.nomor_pendaftaran == "045/PPID-DISKOPUKM/III/2023"
    assert budi.keputusan == GRANTED_FULL and budi.alasan_penolakan is None
    assert budi.tanggal_keputusan == date(2023, 3, 7)  # 02:00 UTC is 09:00 WIB
    assert budi.tanggal_pemberian == date(2023, 3, 10)  # the reply with two attachments
    assert budi.pemohon_id == pseudonymise("+6281234567890", KEY)  # form contact first

    # the desk's answer to Sari has no In-Reply-To: joined by "RE:" subject
    assert sari.keputusan == NOT_DOCUMENTED
    assert sari.tanggal_keputusan == sari.tanggal_pemberian == date(2023, 3, 13)
    assert sari.rincian_informasi == "Anggaran PPID 2023\ndan realisasinya"

    # subject "Permohonan Informasi" without a form is still a request, flagged incomplete
    assert rina.keputusan is None and rina.tanggal_pemberian is None
    assert rina.pemohon_id == pseudonymise("rina@example.com", KEY)
    assert not rina.lengkap


def test_same_message_in_two_mailbox_exports_decides_once() -> None:
    only_inbox = conform_messages("diskopukm", email_messages("Inbox"), DESK, KEY)
    both = conform_messages("diskopukm", email_messages("Terkirim.mbox", "Inbox"), DESK, KEY)
    assert both == only_inbox
    assert len(both) == 2


def test_requester_reply_in_thread_is_not_a_new_request() -> None:
    requests = conform_messages("diskopukm", email_messages("Inbox"), DESK, KEY)
    assert [r.sumber_baris for r in requests] == [1, 5]


def test_ids_are_stable_and_output_sorted() -> None:
    a = conform_messages("diskopukm", email_messages("Inbox", "permohonan.eml"), DESK, KEY)
    b = conform_messages(
        "diskopukm", list(reversed(email_messages("permohonan.eml", "Inbox"))), DESK, KEY
    )
    assert [r.permohonan_id for r in a] == [r.permohonan_id for r in b]
    assert [r.diterima_pada for r in a] == sorted(r.diterima_pada for r in a)
    other_body = conform_messages("dinkes", email_messages("Inbox"), DESK, KEY)
    assert {r.permohonan_id for r in other_body}.isdisjoint(r.permohonan_id for r in a)


def _day(day: int) -> datetime:
    return datetime(2023, 1, day, 9, tzinfo=WIB)


def _msg(key: str, when: datetime, sender: str, text: str, lampiran: int = 0) -> Message:
    return Message("whatsapp", 1, key, "chat", when, sender, text, lampiran=lampiran)


def test_decision_goes_to_the_earliest_open_request_and_attachment_delivers() -> None:
    requester, ppid = "0812-1111-2222", "PPID Diskopukm"
    chat = [
        ("c.txt", _msg("a", _day(2), requester, "Rincian informasi: A")),
        ("c.txt", _msg("b", _day(3), requester, "Rincian informasi: B")),
        ("c.txt", _msg("c", _day(4), ppid, "Keputusan: Dikabulkan")),
        ("c.txt", _msg("d", _day(5), ppid, "Keputusan: Dikabulkan")),
        ("c.txt", _msg("e", _day(9), ppid, "<Media omitted>", 1)),
    ]
    a, b = conform_messages("diskopukm", chat, DESK, KEY)
    assert (a.rincian_informasi, a.tanggal_keputusan) == ("A", date(2023, 1, 4))
    assert (b.rincian_informasi, b.tanggal_keputusan) == ("B", date(2023, 1, 5))
    assert b.tanggal_pemberian == date(2023, 1, 9)  # most recently decided gets the delivery
    assert a.tanggal_pemberian == date(2023, 1, 4)
    assert a.kekurangan == "kontak,nama"  # the form's own fields, as the contract counts them
    assert a.pemohon_id == pseudonymise("+6281211112222", KEY)  # the sender's number
