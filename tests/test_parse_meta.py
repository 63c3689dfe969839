"""Instagram/Facebook direct messages (Meta "Download your information", JSON): parse, repair
the mojibake, and conform requests, notices, extensions and deliveries as for WhatsApp."""

from __future__ import annotations

import json
import zipfile
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from transforms.conform.threads import conform_messages
from transforms.models import GRANTED_FULL, GRANTED_PART, REJECTED, Desk, FileRejected, Message
from transforms.parsers.meta import (
    MEMBER_ROW_OFFSET,
    fix_mojibake,
    parse_facebook,
    parse_instagram,
)
from transforms.sources import SOURCES

FIXTURES = Path(__file__).parent / "fixtures" / "meta"
IG_THREAD = (
    FIXTURES / "instagram/your_instagram_activity/messages/inbox/andrewijaya_17845123456789012"
)
FB_THREAD = FIXTURES / "facebook/your_facebook_activity/messages/inbox/sitiaminah_10158123456789012"
WIB = ZoneInfo("Asia/Pontianak")
KEY = b"kunci-uji"
DESK = Desk(
    "diskopukm",
    whatsapp_names=frozenset({"PPID Diskopukm"}),
    social_names=frozenset({"PPID Diskopukm Kalbar", "PPID Dinas Koperasi UKM Kalbar"}),
)


def _ig_messages() -> list[tuple[str, Message]]:
    return [
        (f"diskopukm/instagram/{name}", m)
        for name in ("message_1.json", "message_2.json")
        for m in parse_instagram(IG_THREAD / name).rows
    ]


def test_fix_mojibake() -> None:
    assert fix_mojibake("Permohonan informasi \u00c3\u00a9") == "Permohonan informasi é"
    assert fix_mojibake("terima kasih \u00f0\u009f\u0099\u008f") == "terima kasih 🙏"
    assert fix_mojibake("caf\u00e9") == "café"  # already right: does not round-trip, kept
    assert fix_mojibake("Nomor 021/PPID") == "Nomor 021/PPID"
    assert fix_mojibake("🙏") == "🙏"


def test_instagram_thread_split_over_two_files() -> None:
    newer = parse_instagram(IG_THREAD / "message_1.json")
    older = parse_instagram(IG_THREAD / "message_2.json")
    assert newer.quarantined == [] and older.quarantined == []
    assert [m.baris for m in newer.rows] == [1, 2, 3, 4]  # position in the file, newest first
    msgs = sorted([*newer.rows, *older.rows], key=lambda m: m.dikirim_pada)
    assert {m.saluran for m in msgs} == {"instagram"}
    assert {m.thread_hint for m in msgs} == {"andrewijaya_17845123456789012"}
    assert [m.pengirim for m in msgs] == ["André Wijaya"] * 3 + ["PPID Diskopukm Kalbar"] + [
        "André Wijaya",
        "PPID Diskopukm Kalbar",
        "PPID Diskopukm Kalbar",
        "André Wijaya",
    ]
    greeting, form, photo, ack, unsent, decision, delivery, thanks = msgs
    assert greeting.teks == "Selamat pagi min. Permohonan informasi dari André 🙏"
    assert greeting.dikirim_pada == datetime(2023, 3, 6, 8, 55, 12, tzinfo=WIB)
    assert str(greeting.dikirim_pada.tzinfo) == "Asia/Pontianak"
    assert form.teks.startswith("Nama : André Wijaya\nNo. HP : 0812-5678-1234")
    assert (photo.teks, photo.lampiran) == ("", 1)  # a photo without text
    assert (unsent.teks, unsent.lampiran) == ("", 0)  # unsent: no text left, never a request
    assert delivery.teks == (
        "Informasi telah kami kirimkan melalui tautan berikut.\n"
        "https://drive.google.com/file/d/1AbCdEfGhIjKlMnOp/view"
    )
    assert thanks.teks == "Sudah saya terima, terima kasih banyak 🙏"
    assert len({m.message_key for m in msgs}) == 8


def test_instagram_requests_and_notices() -> None:
    [req] = conform_messages("diskopukm", _ig_messages(), DESK, KEY)
    assert req.saluran == "instagram"
    assert req.diterima_pada == datetime(2023, 3, 6, 9, 0, 41, tzinfo=WIB)
    assert req.sumber_berkas == "diskopukm/instagram/message_2.json" and req.sumber_baris == 3
    assert req.nomor_pendaftaran == "021/PPID-DISKOPUKM/III/2023"
    assert req.rincian_informasi == "Data koperasi aktif per kabupaten tahun 2022"
    assert req.lengkap and req.kekurangan is None
    assert req.keputusan == GRANTED_FULL and req.alasan_penolakan is None
    assert req.tanggal_keputusan == date(2023, 3, 9)
    assert req.tanggal_pemberian == date(2023, 3, 10)
    assert not req.perpanjangan


def test_reexport_counts_once() -> None:
    """The same thread delivered again (loose files, then the zip) adds no request."""
    twice = _ig_messages() + [(f"x/{i}", m) for i, (_, m) in enumerate(_ig_messages())]
    assert len(conform_messages("diskopukm", twice, DESK, KEY)) == 1


def test_facebook_extension_partial_refusal_and_delivery() -> None:
    result = parse_facebook(FB_THREAD / "message_1.json")
    assert result.quarantined == []
    assert {m.saluran for m in result.rows} == {"facebook"}
    by_text = {m.teks: m for m in result.rows}
    assert "👍" in by_text and "Terima kasih, café kami sangat terbantu." in by_text
    attachment = next(m for m in result.rows if m.lampiran)
    assert attachment.teks == "" and attachment.pengirim == "PPID Dinas Koperasi UKM Kalbar"

    first, second = conform_messages(
        "diskopukm", [("diskopukm/facebook/message_1.json", m) for m in result.rows], DESK, KEY
    )
    assert first.saluran == "facebook"
    assert first.diterima_pada == datetime(2023, 5, 15, 19, 40, tzinfo=WIB)
    assert first.nomor_pendaftaran == "033/PPID-DISKOPUKM/V/2023"
    assert first.perpanjangan is True
    assert (first.keputusan, first.alasan_penolakan) == (GRANTED_PART, "pasal_17_h")
    assert first.tanggal_keputusan == date(2023, 5, 30)
    assert first.tanggal_pemberian == date(2023, 5, 31)  # the file sent the next day
    assert first.lengkap

    assert second.diterima_pada.date() == date(2023, 6, 5)
    assert second.nomor_pendaftaran == "041/PPID-DISKOPUKM/VI/2023"
    assert (second.keputusan, second.alasan_penolakan) == (REJECTED, "pasal_17_b")
    assert second.tanggal_keputusan == second.tanggal_pemberian == date(2023, 6, 9)
    assert not second.lengkap and second.kekurangan == "kontak,nama"
    assert second.pemohon_id == first.pemohon_id  # same sender, contact given earlier


def _export_zip(path: Path, root: str, thread_dir: Path, extra: dict[str, bytes]) -> Path:
    """Pack the hand-written thread as Meta's download does (with a photo and other data)."""
    with zipfile.ZipFile(path, "w") as zf:
        inbox = f"{root}/messages/inbox/{thread_dir.name}"
        for f in sorted(thread_dir.iterdir()):
            zf.write(f, f"{inbox}/{f.name}")
        zf.writestr(f"{inbox}/photos/336512498_1234567890123456_n.jpg", b"\xff\xd8\xff\xe0")
        zf.writestr(f"{root}/likes/liked_posts.json", (FIXTURES / "bukan_pesan.json").read_text())
        for name, data in extra.items():
            zf.writestr(name, data)
    return path


def test_instagram_zip(tmp_path: Path) -> None:
    broken = b'{"participants": [], "messages": [{"sender_name": "X"'
    path = _export_zip(
        tmp_path / "instagram-ppid.diskopukm.kalbar-2023-04-01-AbCdEf.zip",
        "your_instagram_activity",
        IG_THREAD,
        {"your_instagram_activity/messages/message_requests/rusak_1/message_1.json": broken},
    )
    result = parse_instagram(path)
    assert len(result.rows) == 8
    assert {m.thread_hint for m in result.rows} == {"andrewijaya_17845123456789012"}
    # members in path order: inbox/.../message_1, inbox/.../message_2, message_requests/rusak_1
    [bad] = result.quarantined
    assert bad.baris == 3 * MEMBER_ROW_OFFSET
    assert bad.alasan.startswith(
        "Berkas 'your_instagram_activity/messages/message_requests/rusak_1/message_1.json' "
        "tidak dapat dibaca sebagai JSON"
    )
    assert sorted(m.baris for m in result.rows)[0] == MEMBER_ROW_OFFSET + 1
    zipped = [(path.name, m) for m in result.rows]
    [req] = conform_messages("diskopukm", zipped, DESK, KEY)
    [loose] = conform_messages("diskopukm", _ig_messages(), DESK, KEY)
    assert req.permohonan_id == loose.permohonan_id  # the zip and the loose files agree
    assert (req.keputusan, req.tanggal_pemberian) == (GRANTED_FULL, date(2023, 3, 10))


def test_zip_of_the_other_platform_or_without_messages(tmp_path: Path) -> None:
    fb = _export_zip(tmp_path / "facebook.zip", "your_facebook_activity", FB_THREAD, {})
    with pytest.raises(FileRejected) as err:
        parse_instagram(fb)
    assert err.value.reason == (
        "Arsip 'facebook.zip' adalah unduhan Facebook, bukan Instagram; "
        "letakkan di folder facebook/."
    )
    assert len(parse_facebook(fb).rows) == 9

    html = tmp_path / "html.zip"
    with zipfile.ZipFile(html, "w") as zf:
        zf.writestr("messages/inbox/budi_1/message_1.html", "<html></html>")
    with pytest.raises(FileRejected, match="berformat HTML; unduh ulang dengan format JSON"):
        parse_facebook(html)
    junk = tmp_path / "rusak.zip"
    junk.write_bytes(b"PK\x03\x04 bukan zip")
    with pytest.raises(FileRejected, match="rusak dan tidak dapat dibuka"):
        parse_facebook(junk)


def test_non_meta_json_is_rejected_with_a_reason(tmp_path: Path) -> None:
    with pytest.raises(FileRejected) as err:
        parse_instagram(FIXTURES / "bukan_pesan.json")
    assert err.value.reason == (
        "Berkas 'bukan_pesan.json' bukan ekspor pesan Instagram (menu 'Unduh informasi Anda', "
        "format JSON): tidak ada daftar 'participants' dan 'messages'. Kirim berkas "
        "messages/inbox/<percakapan>/message_1.json atau seluruh arsip .zip unduhan."
    )
    cut = tmp_path / "message_1.json"
    cut.write_text('{"participants": [{"name": "A"}], "messages": [', encoding="utf-8")
    with pytest.raises(FileRejected, match="tidak dapat dibaca sebagai JSON"):
        parse_facebook(cut)


def test_bad_messages_are_quarantined_and_the_rest_loads(tmp_path: Path) -> None:
    doc = {
        "participants": [{"name": "Budi"}, {"name": "PPID Diskopukm Kalbar"}],
        "messages": [
            {"sender_name": "Budi", "timestamp_ms": 1678068041000, "content": "halo"},
            {"sender_name": "Budi", "content": "tanpa waktu"},
            {"timestamp_ms": 1678068041000, "content": "tanpa pengirim"},
            "bukan objek",
        ],
        "title": "Budi",
        "thread_path": "inbox/budi_1",
    }
    path = tmp_path / "message_1.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = parse_facebook(path)
    assert [m.teks for m in result.rows] == ["halo"]
    assert result.rows[0].thread_hint == "budi_1"
    assert [(q.baris, q.alasan) for q in result.quarantined] == [
        (2, "pesan ke-2: timestamp_ms kosong atau tidak valid"),
        (3, "pesan ke-3: sender_name (pengirim) kosong"),
        (4, "pesan ke-4: bukan objek pesan {...}"),
    ]


def test_sources_registry() -> None:
    for folder in ("instagram", "facebook"):
        assert SOURCES[folder].suffixes == frozenset({".json", ".zip"})
    assert SOURCES["instagram"].parse() is parse_instagram
    assert SOURCES["facebook"].parse() is parse_facebook
