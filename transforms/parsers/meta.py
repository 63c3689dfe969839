"""Parse Instagram and Facebook direct messages from Meta's "Download your information" export.

The desk answers requests in Instagram/Facebook DMs too. The JSON export holds one folder per
conversation, `messages/inbox/<thread>/message_1.json` (`message_2.json`... for long threads),
under `your_instagram_activity/`, `your_facebook_activity/` or (older exports) at the top; the
officer delivers either those files or the whole downloaded .zip. Each file lists the
participants and the messages newest first. Meta writes UTF-8 bytes as Latin-1 `\\u00XX`
escapes ("PPID Dinas \\u00c3\\u00a9" for "é"), so every string is repaired where the round trip
Latin-1 → UTF-8 works and kept as it is where it does not (text that was already right).

Messages become `Message` records (saluran 'instagram' or 'facebook', thread = the
conversation folder) and are conformed into requests exactly like WhatsApp chats.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo

from transforms.limits import (
    ZIP_ERRORS,
    check_archive,
    check_file_size,
    read_bytes,
    read_member,
    unsafe_member,
)
from transforms.models import FileRejected, Message, ParseResult, QuarantineItem

WIB = ZoneInfo("Asia/Pontianak")

# Conversation folders of the export; message requests from strangers are real requests too.
THREAD_KINDS = (
    "inbox",
    "message_requests",
    "archived_threads",
    "filtered_threads",
    "e2ee_cutover",
)
_MESSAGE_FILE = re.compile(
    r"(?:^|/)messages/(?:" + "|".join(THREAD_KINDS) + r")/(?P<thread>[^/]+)/message_\d+\.json$",
    re.I,
)
# Media keys of a message; each item is one attachment. `share` (a link) is kept in the text.
MEDIA_KEYS = ("photos", "videos", "audio_files", "files", "gifs")
# In a zip, message number n of the k-th conversation file is stored as baris k*OFFSET + n.
MEMBER_ROW_OFFSET = 1_000_000
_PLATFORM_ROOT = {"instagram": "your_instagram_activity", "facebook": "your_facebook_activity"}
_PLATFORM_NAME = {"instagram": "Instagram", "facebook": "Facebook"}


def fix_mojibake(text: str) -> str:
    """Undo Meta's escaping of UTF-8 bytes as Latin-1 characters, where that round-trips."""
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def _fixed(value: Any) -> str:
    return fix_mojibake(value) if isinstance(value, str) else ""


@dataclass(frozen=True)
class _Source:
    """One conversation file: where it came from (for reasons) and its row offset."""

    name: str  # file name, or the member path inside the zip
    thread_folder: str | None  # `<thread>` of messages/<kind>/<thread>/message_N.json
    offset: int = 0


def _not_meta(name: str, saluran: str) -> FileRejected:
    platform = _PLATFORM_NAME[saluran]
    return FileRejected(
        f"Berkas '{name}' bukan ekspor pesan {platform} (menu 'Unduh informasi Anda', format "
        "JSON): tidak ada daftar 'participants' dan 'messages'. Kirim berkas "
        "messages/inbox/<percakapan>/message_1.json atau seluruh arsip .zip unduhan."
    )


def _load_json(data: bytes, name: str) -> Any:
    if b"\x00" in data[:4096]:
        raise FileRejected(f"Berkas '{name}' bukan berkas JSON (isinya biner).")
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise FileRejected(f"Berkas '{name}' bukan berkas JSON UTF-8 ({exc.reason}).") from exc
    except json.JSONDecodeError as exc:
        raise FileRejected(
            f"Berkas '{name}' tidak dapat dibaca sebagai JSON ({exc.msg}, baris {exc.lineno} "
            f"kolom {exc.colno}); berkas mungkin terpotong. Unduh ulang dari Meta."
        ) from exc
    except (RecursionError, ValueError) as exc:  # nesting too deep, an integer too long
        raise FileRejected(
            f"Berkas '{name}' tidak dapat dibaca sebagai JSON ekspor Meta ({type(exc).__name__});"
            " unduh ulang dari Meta."
        ) from exc


def _is_thread(doc: Any) -> bool:
    return (
        isinstance(doc, dict)
        and isinstance(doc.get("messages"), list)
        and isinstance(doc.get("participants"), list)
    )


def _thread_name(doc: dict[str, Any], source: _Source) -> str:
    """Conversation id, the same in every re-export: the folder name (`budisantoso_1784...`)."""
    path = doc.get("thread_path")
    if isinstance(path, str) and path.strip("/"):
        return PurePosixPath(path.strip("/")).name
    if source.thread_folder:
        return source.thread_folder
    return _fixed(doc.get("title")) or PurePosixPath(source.name).stem


def _moment(msg: dict[str, Any]) -> datetime | None:
    ms = msg.get("timestamp_ms")
    try:
        if isinstance(ms, int | float) and not isinstance(ms, bool):
            return datetime.fromtimestamp(ms / 1000, tz=UTC).astimezone(WIB)
        seconds = msg.get("timestamp")  # very old Facebook exports
        if isinstance(seconds, int | float) and not isinstance(seconds, bool):
            return datetime.fromtimestamp(seconds, tz=UTC).astimezone(WIB)
    except (OverflowError, OSError, ValueError):
        return None
    return None


def _text(msg: dict[str, Any]) -> str:
    """The message text; a shared link is appended. An unsent message keeps no text."""
    if msg.get("is_unsent"):
        return ""
    parts = [_fixed(msg.get("content")).strip()]
    share = msg.get("share")
    if isinstance(share, dict):
        link, share_text = _fixed(share.get("link")), _fixed(share.get("share_text"))
        parts += [p for p in (share_text, link) if p and p not in parts[0]]
    return "\n".join(p for p in parts if p)


def _attachments(msg: dict[str, Any]) -> int:
    count = sum(len(v) for k in MEDIA_KEYS if isinstance(v := msg.get(k), list))
    return count + int(isinstance(msg.get("sticker"), dict))


def message_key(saluran: str, thread: str, ts_ms: int, sender: str, text: str, n: int) -> str:
    """Stable across re-exports: nothing here depends on the file name or the file split."""
    parts = [saluran, thread, str(ts_ms), sender, text]
    if n:
        parts.append(str(n))  # the same text sent twice in one millisecond stays two messages
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def _parse_thread(doc: dict[str, Any], source: _Source, saluran: str, result: ParseResult) -> None:
    thread = fix_mojibake(_thread_name(doc, source))
    where = f"{source.name} " if source.offset else ""
    seen: Counter[tuple[int, str, str]] = Counter()
    for number, msg in enumerate(doc["messages"], start=1):
        baris = source.offset + number
        prefix = f"{where}pesan ke-{number}"
        if not isinstance(msg, dict):
            result.quarantined.append(QuarantineItem(baris, f"{prefix}: bukan objek pesan {{...}}"))
            continue
        sender = _fixed(msg.get("sender_name")).strip()
        moment = _moment(msg)
        text = _text(msg)
        excerpt = text[:120] or None
        if moment is None:
            result.quarantined.append(
                QuarantineItem(baris, f"{prefix}: timestamp_ms kosong atau tidak valid", excerpt)
            )
            continue
        if not sender:
            result.quarantined.append(
                QuarantineItem(baris, f"{prefix}: sender_name (pengirim) kosong", excerpt)
            )
            continue
        ts_ms = round(moment.timestamp() * 1000)
        ident = (ts_ms, sender, text)
        ordinal = seen[ident]
        seen[ident] += 1
        result.rows.append(  # type: ignore[union-attr]
            Message(
                saluran=saluran,
                baris=baris,
                message_key=message_key(saluran, thread, ts_ms, sender, text, ordinal),
                thread_hint=thread,
                dikirim_pada=moment,
                pengirim=sender,
                teks=text,
                lampiran=_attachments(msg),
            )
        )


def _thread_folder(name: str) -> str | None:
    m = _MESSAGE_FILE.search(name.replace("\\", "/"))
    return m["thread"] if m else None


def _parse_zip(path: Path, saluran: str) -> ParseResult:
    platform = _PLATFORM_NAME[saluran]
    check_file_size(path)
    try:
        with zipfile.ZipFile(path) as zf:
            # entries are read in memory, never extracted; `../` or absolute names are skipped
            names = sorted(
                n for n in zf.namelist() if _MESSAGE_FILE.search(n) and not unsafe_member(n)
            )
            other = {
                s
                for s, root in _PLATFORM_ROOT.items()
                if any(n.startswith(root) for n in zf.namelist())
            }
            if other and saluran not in other:
                wrong = _PLATFORM_NAME[other.pop()]
                raise FileRejected(
                    f"Arsip '{path.name}' adalah unduhan {wrong}, bukan {platform}; "
                    f"letakkan di folder {wrong.lower()}/."
                )
            if not names:
                html = any(re.search(r"messages/.+/message_\d+\.html$", n) for n in zf.namelist())
                hint = (
                    "unduhan ini berformat HTML; unduh ulang dengan format JSON"
                    if html
                    else "unduh ulang dengan format JSON dan pilih 'Pesan'"
                )
                raise FileRejected(
                    f"Arsip '{path.name}' tidak berisi pesan {platform} "
                    f"(messages/inbox/<percakapan>/message_1.json); {hint}."
                )
            check_archive(zf, path.name, names)
            result = ParseResult()
            for k, name in enumerate(names, start=1):
                source = _Source(name, _thread_folder(name), offset=k * MEMBER_ROW_OFFSET)
                try:
                    doc = _load_json(read_member(zf, name, path.name), name)
                    if not _is_thread(doc):
                        raise _not_meta(name, saluran)
                except FileRejected as exc:
                    result.quarantined.append(QuarantineItem(source.offset, exc.reason))
                    continue
                _parse_thread(doc, source, saluran, result)
            return result
    except ZIP_ERRORS as exc:
        raise FileRejected(f"Arsip zip '{path.name}' rusak dan tidak dapat dibuka: {exc}") from exc


def parse_meta(path: Path, saluran: str) -> ParseResult:
    """Read one message_N.json or one downloaded export .zip of `saluran` (instagram/facebook)."""
    path = Path(path)
    if path.suffix.lower() == ".zip":
        return _parse_zip(path, saluran)
    doc = _load_json(read_bytes(path), path.name)
    if not _is_thread(doc):
        raise _not_meta(path.name, saluran)
    result = ParseResult()
    _parse_thread(doc, _Source(path.name, _thread_folder(path.as_posix())), saluran, result)
    return result


def parse_instagram(path: Path) -> ParseResult:
    """Parser of the `instagram/` landing folder."""
    return parse_meta(path, "instagram")


def parse_facebook(path: Path) -> ParseResult:
    """Parser of the `facebook/` landing folder."""
    return parse_meta(path, "facebook")
