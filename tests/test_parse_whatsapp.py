"""WhatsApp export parser: every header variant of the data contract, in hand-written files."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from transforms.conform.threads import conform_messages
from transforms.models import GRANTED_FULL, GRANTED_PART, REJECTED, Desk, FileRejected, Request
from transforms.parsers.whatsapp import chat_name, parse_whatsapp
from transforms.pseudonym import pseudonymise

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


# --- every variation of the data contract, each in its own hand-written export ---------------

DESK = Desk(
    "uji",
    whatsapp_names=frozenset({"PPID Diskopukm", "PPID Dinkes", "PPID Diskominfo"}),
)
KEY = b"kunci-uji"


def conform(name: str, path: Path | None = None) -> list[Request]:
    rows = parse_whatsapp(path or FIXTURES / name).rows
    return conform_messages("uji", [(f"uji/whatsapp/{name}", m) for m in rows], DESK, KEY)


def test_ios_month_first_without_any_number_above_12_is_read_from_all_its_dates() -> None:
    path = FIXTURES / "ios_bulan_dulu_ambigu.txt"
    raw = path.read_bytes()
    assert b"\r\n" in raw and "\u200e[".encode() in raw
    rows = parse_whatsapp(path).rows
    # read day first, 3/6 .. 3/10 would be June .. October and 4/3 then 4 March, back in time
    assert [r.dikirim_pada for r in rows] == [
        wib(2023, 3, 6, 8, 1, 40),
        wib(2023, 3, 6, 8, 3, 5),
        wib(2023, 3, 6, 8, 4, 10),
        wib(2023, 3, 7, 9, 15),
        wib(2023, 3, 9, 10, 20, 31),
        wib(2023, 3, 10, 7, 45),
        wib(2023, 3, 10, 7, 46),
        wib(2023, 4, 3, 9, 0),
    ]
    assert [r.pengirim for r in rows].count("PPID Dinkes") == 2  # banner behind the chat name
    form = rows[1].teks
    assert "tahun 2022\n\nbeserta jumlah" in form and "\r" not in form
    assert [r.lampiran for r in rows] == [0, 0, 1, 0, 1, 0, 1, 0]
    assert rows[2].lampiran_nama == "00000003-PHOTO-2023-03-06-08-04-10.jpg"
    assert rows[4].lampiran_nama == "00000007-Data Puskesmas 2022.pdf"
    assert rows[6].lampiran_nama is None  # `dokumen tidak disertakan`: no file, no name
    assert rows[5].teks == "Pesan ini dihapus."

    (req,) = conform("ios_bulan_dulu_ambigu.txt")
    assert req.diterima_pada == wib(2023, 3, 6, 8, 3, 5)
    assert (req.nomor_pendaftaran, req.keputusan) == ("012/PPID-DINKES/III/2023", GRANTED_FULL)
    assert req.tanggal_keputusan == date(2023, 3, 7)
    assert req.tanggal_pemberian == date(2023, 3, 9)  # the document sent two days later
    assert req.rincian_informasi == (
        "jumlah puskesmas per kecamatan tahun 2022\n\nbeserta jumlah tenaga kesehatannya"
    )
    assert req.pemohon_id == pseudonymise("+6281352001122", KEY)


def test_android_day_first_without_any_day_above_12_and_indonesian_system_lines() -> None:
    name = "Chat WhatsApp dengan +62 812-5566-7788.txt"
    rows = parse_whatsapp(FIXTURES / name).rows
    assert [(r.baris, r.dikirim_pada) for r in rows] == [
        (2, wib(2023, 5, 2, 9, 10)),
        (5, wib(2023, 5, 2, 9, 12)),
        (8, wib(2023, 5, 3, 10, 5)),
        (9, wib(2023, 5, 8, 13, 30)),
        (10, wib(2023, 5, 9, 8, 0)),
        (11, wib(2023, 5, 12, 15, 45)),
        (14, wib(2023, 5, 12, 15, 46)),
    ]  # banner (1), security code (7) and number change (15) are not messages
    assert {r.thread_hint for r in rows} == {"+62 812-5566-7788"}
    assert rows[1].teks == "IMG-20230502-WA0004.jpg (file terlampir)\nfoto surat tugas liputan"
    assert [r.lampiran_nama for r in rows if r.lampiran] == [
        "IMG-20230502-WA0004.jpg",
        "DOC-20230512-WA0001.pdf",
    ]

    (req,) = conform(name)
    assert req.diterima_pada == wib(2023, 5, 2, 9, 10)  # bold `*RINCIAN INFORMASI YG ...*`
    assert req.rincian_informasi == "daftar penerima\nhibah UMKM 2022 beserta NIK-nya"
    assert req.tujuan_penggunaan == "liputan media"
    assert req.nomor_pendaftaran == "031/PPID-DISKOPUKM/V/2023"
    assert req.perpanjangan is True
    assert (req.keputusan, req.alasan_penolakan) == (REJECTED, "pasal_17_h")
    # a refusal ends at its decision: the later document is no delivery
    assert req.tanggal_keputusan == req.tanggal_pemberian == date(2023, 5, 12)
    assert (req.lengkap, req.kekurangan) == (False, "kontak,nama")
    assert req.pemohon_id == pseudonymise("+6281255667788", KEY)  # the sender's number


def test_ios_english_twelve_hour_clock_with_narrow_space_and_attached_document() -> None:
    path = FIXTURES / "ios_english_chat.txt"
    assert "7:02:13\u202fPM]".encode() in path.read_bytes()
    rows = parse_whatsapp(path).rows
    assert [r.dikirim_pada for r in rows] == [
        wib(2023, 1, 4, 19, 5, 40),
        wib(2023, 1, 4, 19, 6, 2),
        wib(2023, 1, 4, 19, 7, 15),
        wib(2023, 1, 5, 12, 10),  # 12 PM is noon
        wib(2023, 1, 9, 0, 30, 45),  # 12 AM is midnight
        wib(2023, 1, 9, 8, 15),
        wib(2023, 1, 9, 8, 20),
    ]
    assert not any("encrypted" in r.teks for r in rows)  # English banner behind the chat name
    assert [r.lampiran for r in rows] == [0, 1, 0, 0, 1, 0, 1]  # image/document omitted too
    assert rows[4].lampiran_nama == "00000011-Rekap aduan 2022.pdf"
    assert rows[2].teks == "This message was deleted."
    assert rows[5].teks == "You deleted this message."

    (req,) = conform("ios_english_chat.txt")
    assert req.diterima_pada == wib(2023, 1, 4, 19, 5, 40)
    assert (req.keputusan, req.alasan_penolakan) == (GRANTED_PART, None)  # penghitaman filled
    assert req.tanggal_keputusan == date(2023, 1, 5)
    assert req.tanggal_pemberian == date(2023, 1, 9)
    assert req.lengkap  # `Alamat E-mail` is the contact
    assert req.pemohon_id == pseudonymise("rudi.hartono@example.org", KEY)


def test_android_english_us_region_with_no_break_space_and_english_system_lines() -> None:
    rows = parse_whatsapp(FIXTURES / "WhatsApp Chat with Yusuf.txt").rows
    assert [(r.pengirim, r.dikirim_pada) for r in rows] == [
        ("Yusuf", wib(2023, 2, 27, 10, 1)),
        ("PPID Diskopukm", wib(2023, 3, 1, 9, 0)),
        ("PPID Diskopukm", wib(2023, 3, 2, 16, 45)),
        ("Yusuf", wib(2023, 3, 2, 16, 50)),
    ]  # banner, "security code ... changed" and "Yusuf left" are not messages
    assert rows[0].teks.startswith("Permohonan informasi\n\nnama : Yusuf Maulana")

    (req,) = conform("WhatsApp Chat with Yusuf.txt")
    assert req.rincian_informasi == "peta sebaran koperasi aktif 2022"  # label without colon
    assert req.tujuan_penggunaan == "penelitian"
    assert (req.keputusan, req.tanggal_keputusan) == (GRANTED_FULL, date(2023, 3, 1))
    assert req.tanggal_pemberian == date(2023, 3, 2)  # <Media omitted> from the desk
    assert req.pemohon_id == pseudonymise("+6285750123456", KEY)  # `62 857 5012 3456`


def test_deleted_messages_never_open_or_deliver_a_request(tmp_path: Path) -> None:
    chat = tmp_path / "Chat WhatsApp dengan Rina.txt"
    chat.write_text(
        "01/03/23 09.00 - Rina: Rincian informasi: data koperasi\n"
        "02/03/23 10.00 - PPID Diskopukm: Keputusan: Dikabulkan seluruhnya\n"
        "03/03/23 10.00 - PPID Diskopukm: Pesan ini telah dihapus\n"
        "04/03/23 10.00 - Rina: Pesan ini telah dihapus\n",
        encoding="utf-8",
    )
    (req,) = conform(chat.name, chat)
    assert req.tanggal_pemberian == req.tanggal_keputusan == date(2023, 3, 2)


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        # time order beats the form: `03/06`, `03/07`, `04/01` read day first steps back
        (["03/06/23", "03/07/23", "04/01/23"], [(3, 6), (3, 7), (4, 1)]),
        # the form: US short date without leading zeros is month first ...
        (["3/4/23", "3/5/23"], [(3, 4), (3, 5)]),
        # ... the padded form day first
        (["03/04/23", "03/05/23"], [(4, 3), (5, 3)]),
        # no number below 10: the shorter span (11-12 October, not 10 November-10 December)
        (["10/11/23", "10/12/23"], [(10, 11), (10, 12)]),
        # one day only, nothing to tell: day first, the Indonesian region
        (["10/11/23"], [(11, 10)]),
    ],
)
def test_ambiguous_date_order_is_decided_from_the_whole_file(
    tmp_path: Path, dates: list[str], expected: list[tuple[int, int]]
) -> None:
    chat = tmp_path / "x.txt"
    chat.write_text("".join(f"[{d} 09.00.00] Rina: pesan\n" for d in dates), encoding="utf-8")
    rows = parse_whatsapp(chat).rows
    assert [(r.dikirim_pada.month, r.dikirim_pada.day) for r in rows] == expected


def test_two_date_orders_in_one_file_are_rejected_not_half_read() -> None:
    with pytest.raises(FileRejected) as exc:
        parse_whatsapp(FIXTURES / "urutan_bercampur.txt")
    assert "urutan tanggal bercampur" in exc.value.reason
    assert "baris 1" in exc.value.reason and "baris 3" in exc.value.reason


def test_text_above_the_first_message_rejects_the_file() -> None:
    with pytest.raises(FileRejected) as exc:
        parse_whatsapp(FIXTURES / "diawali_catatan.txt")
    assert exc.value.reason.startswith("Berkas WhatsApp tidak dikenali: baris 1 ('Rekap chat")


def test_lines_in_the_other_style_continue_the_message(tmp_path: Path) -> None:
    chat = tmp_path / "x.txt"
    chat.write_text(
        "06/03/23 08.01 - Rina: saya teruskan pesan ini:\n[05/03/23 07.00.00] Budi: halo\n",
        encoding="utf-8",
    )
    (row,) = parse_whatsapp(chat).rows
    assert row.teks == "saya teruskan pesan ini:\n[05/03/23 07.00.00] Budi: halo"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("30/08/25 18.00 - ", wib(2025, 8, 30, 18, 0)),
        ("30/08/2025 18.00 - ", wib(2025, 8, 30, 18, 0)),
        ("30/08/25 18:00 - ", wib(2025, 8, 30, 18, 0)),
        ("30/08/25, 6:00 PM - ", wib(2025, 8, 30, 18, 0)),
        ("30/08/25, 6:00\u202fp.m. - ", wib(2025, 8, 30, 18, 0)),
        ("8/30/25, 6:00\u00a0PM - ", wib(2025, 8, 30, 18, 0)),
        ("\u200e[30/08/25 18.00.07] ", wib(2025, 8, 30, 18, 0, 7)),
        ("[30/08/2025, 18:00:07] ", wib(2025, 8, 30, 18, 0, 7)),
        ("[8/30/25, 6:00:07\u202fPM] ", wib(2025, 8, 30, 18, 0, 7)),
        ("30.08.25, 18:00 - ", wib(2025, 8, 30, 18, 0)),
    ],
)
def test_header_variants(tmp_path: Path, header: str, expected: datetime) -> None:
    chat = tmp_path / "x.txt"
    chat.write_bytes(f"{header}Rina: halo\r\n".encode())
    (row,) = parse_whatsapp(chat).rows
    assert (row.dikirim_pada, row.pengirim, row.teks) == (expected, "Rina", "halo")


def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, blob in entries.items():
            zf.writestr(name, blob)
    return path


def test_every_zip_layout_reads_the_chat_and_names_the_thread(tmp_path: Path) -> None:
    yusuf = (FIXTURES / "WhatsApp Chat with Yusuf.txt").read_bytes()
    ios = (FIXTURES / "ios_english_chat.txt").read_bytes()
    english = _zip(
        tmp_path / "WhatsApp Chat with Yusuf.zip",
        {"WhatsApp Chat with Yusuf.txt": yusuf, "IMG-20230302-WA0002.jpg": b"\xff\xd8"},
    )
    mac = _zip(
        tmp_path / "WhatsApp Chat - Rudi Hartono.zip",
        {
            "__MACOSX/._chat.txt": b"\x00\x05\x16\x07",
            "00000011-Rekap aduan 2022.pdf": b"%PDF-1.4",
            "_chat.txt": ios,
        },
    )
    renamed = _zip(tmp_path / "ekspor (2).zip", {"WhatsApp Chat with Yusuf.txt": yusuf})
    txt_keys = [
        r.message_key for r in parse_whatsapp(FIXTURES / "WhatsApp Chat with Yusuf.txt").rows
    ]
    assert [r.message_key for r in parse_whatsapp(english).rows] == txt_keys
    assert [r.message_key for r in parse_whatsapp(renamed).rows] == txt_keys  # name from inside
    ios_rows = parse_whatsapp(mac).rows
    assert {r.thread_hint for r in ios_rows} == {"Rudi Hartono"}
    assert len(ios_rows) == 7


def test_unreadable_zip_member_is_rejected(tmp_path: Path) -> None:
    good = _zip(tmp_path / "a.zip", {"_chat.txt": b"01/03/23 09.00 - Rina: halo\n" * 50})
    data = bytearray(good.read_bytes())
    start = data.index(b"_chat.txt") + len(b"_chat.txt")
    data[start + 5 : start + 25] = b"\x00" * 20  # damage the compressed/stored bytes
    broken = tmp_path / "b.zip"
    broken.write_bytes(bytes(data))
    with pytest.raises(FileRejected) as exc:
        parse_whatsapp(broken)
    assert exc.value.reason.startswith("Arsip zip WhatsApp rusak dan tidak dapat dibuka")
