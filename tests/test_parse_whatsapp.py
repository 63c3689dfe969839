"""WhatsApp export parser: every header variant of the data contract, in hand-written files."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from transforms.models import FileRejected
from transforms.parsers.whatsapp import chat_name, parse_whatsapp

FIXTURES = Path(__file__).parent / "fixtures" / "whatsapp"
WIB = ZoneInfo("Asia/Pontianak")
BUDI = FIXTURES / "Chat WhatsApp dengan Budi Santoso.txt"


def wib(*args: int) -> datetime:
    return datetime(*args, tzinfo=WIB)


def test_android_indonesian_dot_time_and_chat_name() -> None:
    rows = parse_whatsapp(BUDI).rows
    assert rows[0].dikirim_pada == wib(2023, 3, 6, 8, 1)
    assert rows[0].pengirim == "Budi Santoso"
    assert all(r.saluran == "whatsapp" and r.thread_hint == "Budi Santoso" for r in rows)
    assert rows[0].dikirim_pada.tzinfo == WIB


def test_system_lines_are_not_messages() -> None:
    rows = parse_whatsapp(BUDI).rows
    texts = [r.teks for r in rows]
    assert not any("terenkripsi" in t for t in texts)
    assert not any(t.endswith("keluar") for t in texts)
    assert rows[0].baris == 2  # line 1 is the encryption banner
    assert len(rows) == 10


def test_multiline_message_keeps_continuation_and_blank_lines() -> None:
    form = parse_whatsapp(BUDI).rows[1]
    assert form.baris == 3
    assert form.teks.startswith("Nama: Budi Santoso\nNIK: 6171010101010001")
    assert "per kabupaten tahun 2022\n\nTujuan penggunaan informasi" in form.teks
    assert form.teks.endswith("Cara mendapatkan salinan: WhatsApp")


def test_media_and_deleted_messages_are_kept() -> None:
    rows = parse_whatsapp(BUDI).rows
    media = next(r for r in rows if "Media" in r.teks)
    deleted = next(r for r in rows if "dihapus" in r.teks)
    assert media.lampiran == 1
    assert deleted.lampiran == 0


def test_android_four_digit_year_and_phone_sender() -> None:
    rows = parse_whatsapp(FIXTURES / "android_tahun4.txt").rows
    assert [r.dikirim_pada for r in rows] == [
        wib(2023, 7, 21, 3, 10),
        wib(2023, 7, 21, 3, 11),
        wib(2023, 7, 22, 10, 45),
    ]
    assert rows[0].pengirim == "+62 853-3894-5830"
    assert rows[1].lampiran == 1


def test_ios_seconds_lrm_crlf_and_banner_behind_chat_name() -> None:
    raw = (FIXTURES / "_chat.txt").read_bytes()
    assert b"\r\n" in raw and "\u200e".encode() in raw  # the fixture really is iOS-shaped
    rows = parse_whatsapp(FIXTURES / "_chat.txt").rows
    assert rows[0].dikirim_pada == wib(2021, 1, 26, 21, 6, 10)
    assert rows[0].pengirim == "Dewi Lestari"  # U+00A0 inside the name
    assert "\r" not in rows[0].teks and "\u200e" not in rows[0].teks
    assert rows[0].teks.splitlines()[1] == "Nama : Dewi Lestari"
    assert [r.lampiran for r in rows] == [0, 1, 0, 1]
    assert not any("terenkripsi" in r.teks for r in rows)


def test_english_ui_with_narrow_no_break_space_before_ampm() -> None:
    rows = parse_whatsapp(FIXTURES / "WhatsApp Chat with Sari.txt").rows
    assert rows[0].thread_hint == "Sari"
    assert [r.dikirim_pada for r in rows] == [
        wib(2020, 8, 8, 9, 36),
        wib(2020, 8, 9, 12, 5),  # US short form: month first, 12 PM is noon
        wib(2023, 1, 4, 19, 2),
        wib(2023, 1, 4, 0, 15),  # 12 AM is midnight
    ]
    assert [r.lampiran for r in rows] == [0, 1, 0, 1]


def test_english_ui_with_indonesian_region_is_day_first() -> None:
    rows = parse_whatsapp(FIXTURES / "english_ui_indonesia.txt").rows
    assert rows[0].dikirim_pada == wib(2021, 11, 1, 15, 49)
    assert rows[1].dikirim_pada == wib(2021, 11, 2, 10, 0)


def test_date_order_is_decided_per_file() -> None:
    day_first = parse_whatsapp(FIXTURES / "urutan_hari_dulu.txt").rows
    assert day_first[0].dikirim_pada.date() == wib(2023, 4, 3).date()  # 03/04 is 3 April
    month_first = parse_whatsapp(FIXTURES / "urutan_bulan_dulu_ios.txt").rows
    assert month_first[0].dikirim_pada.date() == wib(2022, 3, 4).date()  # 3/4 is 4 March
    assert month_first[1].dikirim_pada == wib(2022, 3, 18, 14, 56, 1)


def test_invalid_date_is_quarantined_and_rest_loads(tmp_path: Path) -> None:
    chat = tmp_path / "rusak.txt"
    chat.write_text("31/02/23 09.00 - Rina: tanggal mustahil\n01/03/23 09.00 - Rina: baik\n")
    result = parse_whatsapp(chat)
    assert [r.teks for r in result.rows] == ["baik"]
    assert result.quarantined[0].baris == 1
    assert "baris 1" in result.quarantined[0].alasan


def test_junk_file_is_rejected_with_reason() -> None:
    with pytest.raises(FileRejected) as exc:
        parse_whatsapp(FIXTURES / "bukan_chat.txt")
    assert "tidak dikenali" in exc.value.reason


def test_zip_android_and_ios(tmp_path: Path) -> None:
    android = tmp_path / "Chat WhatsApp dengan Budi Santoso.zip"
    with zipfile.ZipFile(android, "w") as zf:
        zf.writestr("Chat WhatsApp dengan Budi Santoso.txt", BUDI.read_bytes())
        zf.writestr("IMG-20230322-WA0001.jpg", b"\xff\xd8\xff")
    ios = tmp_path / "WhatsApp Chat - Dewi.zip"
    with zipfile.ZipFile(ios, "w") as zf:
        zf.writestr("00000012-PHOTO-2021-01-26-21-07-02.jpg", b"\xff\xd8\xff")
        zf.writestr("_chat.txt", (FIXTURES / "_chat.txt").read_bytes())

    from_zip = parse_whatsapp(android).rows
    assert [r.message_key for r in from_zip] == [r.message_key for r in parse_whatsapp(BUDI).rows]
    ios_rows = parse_whatsapp(ios).rows
    assert ios_rows[0].thread_hint == "Dewi"
    assert len(ios_rows) == 4


def test_zip_without_chat_is_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "media.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("IMG-1.jpg", b"\xff\xd8\xff")
    with pytest.raises(FileRejected):
        parse_whatsapp(bad)


def test_overlapping_exports_give_the_same_keys(tmp_path: Path) -> None:
    lines = BUDI.read_text(encoding="utf-8").splitlines(keepends=True)
    partial = tmp_path / "WhatsApp Chat with Budi Santoso (1).txt"
    partial.write_text("".join(lines[:18]), encoding="utf-8")
    full_keys = {r.message_key for r in parse_whatsapp(BUDI).rows}
    part_keys = [r.message_key for r in parse_whatsapp(partial).rows]
    assert part_keys and set(part_keys) <= full_keys


def test_same_text_twice_in_a_minute_stays_two_messages(tmp_path: Path) -> None:
    chat = tmp_path / "x.txt"
    chat.write_text("01/03/23 09.00 - Rina: ok\n01/03/23 09.00 - Rina: ok\n")
    rows = parse_whatsapp(chat).rows
    assert len({r.message_key for r in rows}) == 2


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("WhatsApp Chat with Budi.txt", "Budi"),
        ("Chat WhatsApp dengan Budi.zip", "Budi"),
        ("WhatsApp Chat - Budi.zip", "Budi"),
        ("Chat WhatsApp dengan Budi (2).txt", "Budi"),
        ("WhatsApp Chat - +62 819-5906-1864 (lama).zip", "+62 819-5906-1864"),
        ("ekspor_ppid.txt", "ekspor_ppid"),
    ],
)
def test_chat_name_from_file_name(name: str, expected: str) -> None:
    assert chat_name(Path(name)) == expected
