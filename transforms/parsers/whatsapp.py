"""Parse a WhatsApp "Export chat" file (.txt, or .zip holding the chat text) into messages.

Exports differ by phone OS, UI language and region: Android writes `30/08/23 18.00 - Nama: teks`
(Indonesian, dot in the time) or `8/8/20, 9:36 AM - Nama: teks` (English), iOS writes
`[26/01/21 21.05.53] Nama: teks` with invisible U+200E marks. The day/month order follows the
phone's region, not the language, so it is decided once per file from all of its dates.
Common parsers (chat-miner, dateutil) reject the dot time, hence this hand-written one.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from transforms.models import FileRejected, Message, ParseResult, QuarantineItem

WIB = ZoneInfo("Asia/Pontianak")

# Invisible marks and odd spaces that phones put into exports; removed before any regex.
_INVISIBLE = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\ufeff"), None)
_INVISIBLE.update(dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069"), None))
_SPACES = dict.fromkeys(map(ord, "\u202f\u00a0\u2007\u2009"), " ")
_HYPHENS = dict.fromkeys(map(ord, "\u2011\u2010"), "-")

_DATE = r"(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-](?P<y>\d{2}|\d{4})"
_TIME = (
    r"(?P<h>\d{1,2})(?P<sep>[.:])(?P<mi>\d{2})(?:[.:](?P<s>\d{2}))?"
    r"(?:\s*(?P<ampm>[AaPp]\.?\s?[Mm]\.?))?"
)
_ANDROID = re.compile(rf"^{_DATE},?\s+{_TIME}\s+-\s+(?P<rest>.*)$")
_IOS = re.compile(rf"^\[{_DATE},?\s+{_TIME}\]\s+(?P<rest>.*)$")
_SENDER = re.compile(r"^(?P<sender>[^:]{1,80}?):\s?(?P<text>.*)$", re.S)

# System notices that carry a "Name:" prefix on iOS (the chat name before the banner).
_SYSTEM_TEXT = re.compile(
    r"terenkripsi secara end-to-end|end-to-end encrypted|"
    r"kode keamanan .* berubah|security code .* changed|"
    r"^(anda )?membuat grup|^created group|^you created group",
    re.I,
)
_MEDIA = re.compile(
    r"<media tidak disertakan>|<media omitted>|<terlampir:[^>]*>|<attached:[^>]*>|"
    r"\b(gambar|foto|video|audio|dokumen|stiker|gif)\s+tidak\s+disertakan\b|"
    r"\b(image|photo|video|audio|document|sticker|gif)\s+omitted\b|"
    r"\((file terlampir|file attached)\)",
    re.I,
)
_CHAT_NAME = re.compile(
    r"^(?:whatsapp chat with|chat whatsapp dengan|whatsapp chat -|obrolan whatsapp dengan)\s+"
    r"(?P<name>.+)$",
    re.I,
)
# `(1)` from a browser re-download, `(lama)` / `(baru)` added by a desk renaming a re-export
_COPY_SUFFIX = re.compile(r"\s*\([^()]*\)$")

REJECT_NO_HEADER = (
    "Berkas WhatsApp tidak dikenali: tidak ada baris pesan berformat 'tanggal jam - nama: pesan' "
    "atau '[tanggal jam] nama: pesan'. Ekspor ulang obrolan lewat menu 'Ekspor chat'."
)


@dataclass
class _Header:
    line_no: int
    a: int
    b: int
    year: int
    hour: int
    minute: int
    second: int
    ampm: str | None
    rest: str
    raw: str


def normalise_text(text: str) -> str:
    """Drop direction marks, turn narrow/no-break spaces into spaces, unify line ends."""
    text = text.translate(_INVISIBLE).translate(_SPACES).translate(_HYPHENS)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def chat_name(path: Path) -> str:
    """`WhatsApp Chat with Budi.txt` → `Budi`; any other file name → its stem."""
    stem = normalise_text(path.stem).strip()
    stem = _COPY_SUFFIX.sub("", stem)
    m = _CHAT_NAME.match(stem)
    return (m.group("name") if m else stem).strip()


def _read_chat_text(path: Path) -> str:
    """Return the chat text of a .txt file or of the chat member of an export .zip."""
    if zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as zf:
                names = [n for n in zf.namelist() if n.lower().endswith(".txt")]
                if not names:
                    raise FileRejected(
                        "Arsip zip WhatsApp tidak berisi berkas obrolan (.txt); "
                        "ekspor ulang obrolan lewat menu 'Ekspor chat'."
                    )
                preferred = [
                    n
                    for n in names
                    if Path(n).name == "_chat.txt" or _CHAT_NAME.match(Path(n).stem)
                ]
                data = zf.read((preferred or names)[0])
        except zipfile.BadZipFile as exc:
            raise FileRejected(f"Arsip zip WhatsApp rusak dan tidak dapat dibuka: {exc}") from exc
    else:
        data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise FileRejected("Berkas WhatsApp tidak dikenali: isinya bukan teks.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _match_header(line: str, line_no: int) -> _Header | None:
    m = _ANDROID.match(line) or _IOS.match(line)
    if not m:
        return None
    year = int(m["y"])
    return _Header(
        line_no=line_no,
        a=int(m["a"]),
        b=int(m["b"]),
        year=year + 2000 if year < 100 else year,
        hour=int(m["h"]),
        minute=int(m["mi"]),
        second=int(m["s"] or 0),
        ampm=m["ampm"],
        rest=m["rest"],
        raw=line,
    )


def _day_first(headers: list[_Header]) -> bool:
    """Decide the date order of one file: any first field >12 means day first, any second
    field >12 month first; otherwise the US short form (AM/PM without leading zeros) is
    month first and everything else (Indonesian region) day first."""
    if any(h.a > 12 for h in headers):
        return True
    if any(h.b > 12 for h in headers):
        return False
    us_style = any(h.ampm for h in headers) and not any(
        re.match(r"^\[?0\d/|^\[?\d{1,2}/0\d/", h.raw) for h in headers
    )
    return not us_style


def _timestamp(h: _Header, day_first: bool) -> datetime:
    day, month = (h.a, h.b) if day_first else (h.b, h.a)
    hour = h.hour
    if h.ampm:
        pm = h.ampm.lower().startswith("p")
        if hour > 12:
            raise ValueError("hour > 12 with AM/PM")
        hour = (hour % 12) + (12 if pm else 0)
    return datetime(h.year, month, day, hour, h.minute, h.second, tzinfo=WIB)


def _message_key(thread: str, ts: datetime, sender: str, text: str, ordinal: int) -> str:
    parts = [thread, ts.isoformat(), sender, text]
    if ordinal:
        parts.append(str(ordinal))  # the same text sent twice in one minute stays two messages
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def parse_whatsapp(path: Path) -> ParseResult:
    """Read one exported chat; system lines are skipped, bad dates quarantined per message."""
    path = Path(path)
    lines = normalise_text(_read_chat_text(path)).split("\n")
    headers: list[_Header] = []
    is_header: dict[int, _Header] = {}
    for i, line in enumerate(lines, start=1):
        h = _match_header(line.strip(), i)
        if h:
            headers.append(h)
            is_header[i] = h
    if not headers:
        raise FileRejected(REJECT_NO_HEADER)

    day_first = _day_first(headers)
    thread = chat_name(path)
    result = ParseResult()
    rows: list[Message] = []
    seen: Counter[tuple[str, str, str]] = Counter()

    # Collect each header with its continuation lines, then build the messages.
    blocks: list[tuple[_Header, list[str]]] = []
    current: list[str] | None = None
    for i, line in enumerate(lines, start=1):
        if i in is_header:
            current = []
            blocks.append((is_header[i], current))
        elif current is not None:
            current.append(line)

    for h, continuation in blocks:
        m = _SENDER.match(h.rest)
        if not m or '"' in m["sender"]:
            continue  # system line: banner, "X keluar", "X menambahkan Y", ...
        sender = m["sender"].strip()
        text = "\n".join([m["text"], *continuation]).strip()
        if _SYSTEM_TEXT.search(text) and "\n" not in text:
            continue
        try:
            ts = _timestamp(h, day_first)
        except ValueError:
            result.quarantined.append(
                QuarantineItem(
                    baris=h.line_no,
                    alasan=f"baris {h.line_no}: tanggal/jam pesan tidak valid",
                    cuplikan=h.raw[:120],
                )
            )
            continue
        ident = (ts.isoformat(), sender, text)
        ordinal = seen[ident]
        seen[ident] += 1
        rows.append(
            Message(
                saluran="whatsapp",
                baris=h.line_no,
                message_key=_message_key(thread, ts, sender, text, ordinal),
                thread_hint=thread,
                dikirim_pada=ts,
                pengirim=sender,
                teks=text,
                lampiran=len(_MEDIA.findall(text)),
            )
        )
    result.rows = rows
    return result
