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
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from transforms.limits import (
    ZIP_ERRORS,
    check_archive,
    check_file_size,
    check_line_length,
    read_member,
    read_text_bytes,
    unsafe_member,
)
from transforms.models import FileRejected, Message, ParseResult, QuarantineItem
from transforms.parsers.buku_tamu import decode_bytes

WIB = ZoneInfo("Asia/Pontianak")

# Invisible marks and odd spaces that phones put into exports; removed before any regex.
_INVISIBLE = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\ufeff"), None)
_INVISIBLE.update(dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069"), None))
_SPACES = dict.fromkeys(map(ord, "\u202f\u00a0\u2007\u2009"), " ")
_HYPHENS = dict.fromkeys(map(ord, "\u2011\u2010"), "-")
# The three tables as (character, replacement) pairs: one `str.replace` per character is a
# fast C scan, while `str.translate` with a dict looks up every character of the chat. The
# replacements are no keys themselves, so the order of the pairs does not matter.
_NORMALISE = [(chr(k), v or "") for t in (_INVISIBLE, _SPACES, _HYPHENS) for k, v in t.items()]

_DATE = r"(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-](?P<y>\d{2}|\d{4})"
_TIME = (
    r"(?P<h>\d{1,2})(?P<sep>[.:])(?P<mi>\d{2})(?:[.:](?P<s>\d{2}))?"
    r"(?:\s*(?P<ampm>[AaPp]\.?\s?[Mm]\.?))?"
)
_STYLES = {
    "android": re.compile(rf"^{_DATE},?\s+{_TIME}\s+-\s+(?P<rest>.*)$"),
    "ios": re.compile(rf"^\[{_DATE},?\s+{_TIME}\]\s+(?P<rest>.*)$"),
}
_SENDER = re.compile(r"^(?P<sender>[^:]{1,80}?):\s?(?P<text>.*)$", re.S)

# One-line notices that WhatsApp writes itself. Android writes them without "Name:"; iOS puts
# the chat name (or the person) in front, so these are recognised by their wording as well.
_SYSTEM_TEXT = re.compile(
    r"terenkripsi secara end-to-end|end-to-end encrypted|"
    r"kode keamanan .* berubah|security code .* changed|"
    r"^(?:anda )?membuat grup|^created group|^you created group|"
    r"\b(?:mengganti|mengubah) nomor telepon(?:nya)? ke nomor baru|"
    r"\bchanged (?:their|his|her) phone number|"
    r"^pesan sementara (?:diaktifkan|dinonaktifkan)|^disappearing messages were turned|"
    r"^(?:anda )?(?:memblokir|membuka blokir) kontak ini|^you (?:blocked|unblocked) this contact|"
    r"^(?:chat ini dengan|obrolan ini dengan) akun bisnis|^this chat is with a business account|"
    r"^panggilan (?:suara|video) tak terjawab|^missed (?:voice|video) call",
    re.I,
)
# Attachments: with media (`<terlampir: x>`, `x (file terlampir)`) or without (`<Media omitted>`).
_MEDIA = re.compile(
    r"<media tidak disertakan>|<media omitted>|<terlampir:[^>]*>|<attached:[^>]*>|"
    r"\b(gambar|foto|video|audio|dokumen|stiker|gif)\s+tidak\s+disertakan\b|"
    r"\b(image|photo|video|audio|document|sticker|gif)\s+omitted\b|"
    r"\((file terlampir|file attached)\)",
    re.I,
)
_ATTACHMENT_NAME = re.compile(
    r"<(?:terlampir|attached):\s*(?P<tag>[^>]*?)\s*>"
    r"|^[ \t]*(?P<line>\S[^\n]*?)[ \t]+\((?:file terlampir|file attached)\)",
    re.I | re.M,
)
_CHAT_NAME = re.compile(
    r"^(?:whatsapp chat with|chat whatsapp dengan|whatsapp chat -|obrolan whatsapp dengan)\s+"
    r"(?P<name>.+)$",
    re.I,
)
# Words without which the patterns above cannot match (each alternative needs one of them),
# so that most messages skip the regexes. Only for ASCII text: there re.I folds nothing but
# ASCII letters, so a substring test on the lower-cased text is exact; other text (re.I also
# matches U+017F to `s`, U+212A to `k`) always goes through the regexes.
_SYSTEM_WORDS = (
    "end-to-end",
    "kode keamanan",
    "security code",
    "membuat grup",
    "created group",
    "nomor telepon",
    "phone number",
    "pesan sementara",
    "disappearing messages",
    "kontak ini",
    "this contact",
    "akun bisnis",
    "business account",
    "tak terjawab",
    "missed ",
)
_MEDIA_WORDS = ("disertakan", "omitted", "terlampir", "attached")  # _MEDIA, _ATTACHMENT_NAME
# `(1)` from a browser re-download, `(lama)` / `(baru)` added by a desk renaming a re-export
_COPY_SUFFIX = re.compile(r"\s*\([^()]*\)$")

REEXPORT = "Ekspor ulang obrolan lewat menu 'Ekspor chat'."
REJECT_NO_HEADER = (
    "Berkas WhatsApp tidak dikenali: tidak ada baris pesan berformat 'tanggal jam - nama: pesan' "
    f"atau '[tanggal jam] nama: pesan'. {REEXPORT}"
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
    padded: bool | None  # `03/04` True, `3/4` False, `13/12` None (cannot tell)


def normalise_text(text: str) -> str:
    """Drop direction marks, turn narrow/no-break spaces into spaces, unify line ends."""
    if not text.isascii():  # every mark and odd space is outside ASCII
        for char, replacement in _NORMALISE:
            text = text.replace(char, replacement)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def chat_name(path: Path, member: str | None = None) -> str:
    """`WhatsApp Chat with Budi.txt` → `Budi`; any other file name → its stem. For a zip,
    `member` (the chat text inside) names the chat when the zip's own name does not."""
    stem = _COPY_SUFFIX.sub("", normalise_text(path.stem).strip())
    m = _CHAT_NAME.match(stem)
    if m:
        return m.group("name").strip()
    if member:
        inner = _COPY_SUFFIX.sub("", normalise_text(Path(member).stem).strip())
        if mi := _CHAT_NAME.match(inner):
            return mi.group("name").strip()
    return stem


def _chat_member(names: list[str]) -> str | None:
    """The chat text of an export zip: `_chat.txt` (iOS), `Chat WhatsApp dengan X.txt` /
    `WhatsApp Chat with X.txt` (Android), else the first text file; macOS `._` forks skipped."""
    texts = [
        n
        for n in names
        if n.lower().endswith(".txt")
        and not n.startswith("__MACOSX/")
        and not Path(n).name.startswith("._")
    ]
    preferred = [n for n in texts if Path(n).name == "_chat.txt" or _CHAT_NAME.match(Path(n).stem)]
    return (preferred or texts or [None])[0]


def _read_chat_text(path: Path) -> tuple[str, str | None]:
    """The chat text of a .txt file or of an export .zip, and the zip member it came from."""
    member = None
    if path.suffix.lower() == ".zip" or zipfile.is_zipfile(path):  # a cut zip has no directory
        check_file_size(path)
        try:
            with zipfile.ZipFile(path) as zf:
                # entries are read in memory, never extracted; `../` or absolute names are
                # never taken for the chat
                member = _chat_member([n for n in zf.namelist() if not unsafe_member(n)])
                if member is None:
                    raise FileRejected(
                        "Arsip zip WhatsApp tidak berisi berkas obrolan (.txt); "
                        "ekspor ulang obrolan lewat menu 'Ekspor chat'."
                    )
                check_archive(zf, path.name, [member])
                data = read_member(zf, member, path.name)
        except ZIP_ERRORS as exc:
            raise FileRejected(f"Arsip zip WhatsApp rusak dan tidak dapat dibuka: {exc}") from exc
        check_line_length(data, f"{path.name}/{member}")
    else:
        data = read_text_bytes(path)
    text = decode_bytes(data)
    if "\x00" in text[:4096]:
        raise FileRejected("Berkas WhatsApp tidak dikenali: isinya bukan teks.")
    return text, member


def _match_header(line: str, line_no: int, style: str) -> _Header | None:
    m = _STYLES[style].match(line)
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
        padded=_padding(m["a"], m["b"]),
    )


def _padding(a: str, b: str) -> bool | None:
    """Whether a day or month below 10 is written with a leading zero (None: none below 10)."""
    small = [f for f in (a, b) if int(f) < 10]
    return (small[0].startswith("0") and len(small[0]) == 2) if small else None


def _find_headers(lines: list[str]) -> list[_Header]:
    """The message headers of one file, all in the style of its first line (Android or iOS).

    An export always starts with a header, so a file that starts otherwise is not an export
    (or was edited) and is rejected whole rather than half-read. Lines in the other style
    (a chat quoted inside a message) stay part of the message they are in.
    """
    first = next(((i, ln.strip()) for i, ln in enumerate(lines, 1) if ln.strip()), None)
    if first is None:
        raise FileRejected(REJECT_NO_HEADER)
    style = next((s for s in _STYLES if _match_header(first[1], first[0], s)), None)
    if style is None:
        if not any(_match_header(ln.strip(), 0, s) for ln in lines for s in _STYLES):
            raise FileRejected(REJECT_NO_HEADER)
        raise FileRejected(
            f"Berkas WhatsApp tidak dikenali: baris {first[0]} ('{first[1][:60]}') bukan awal "
            "pesan, padahal ekspor chat selalu diawali baris 'tanggal jam - nama: pesan'. "
            f"Berkas ekspor tidak boleh disunting; {REEXPORT[0].lower()}{REEXPORT[1:]}"
        )
    headers = []
    for i, line in enumerate(lines, start=1):
        h = _match_header(line.strip(), i, style)
        if h:
            headers.append(h)
    return headers


def _dates(headers: list[_Header], day_first: bool) -> list[date] | None:
    """The dates of all headers read in one order, or None when that order gives a bad date."""
    out = []
    for h in headers:
        day, month = (h.a, h.b) if day_first else (h.b, h.a)
        try:
            out.append(date(h.year, month, day))
        except ValueError:
            return None
    return out


def _disorder(days: list[date] | None) -> tuple[int, int]:
    """(steps back in time, days covered going forward) of one reading of the dates."""
    if days is None:
        return (10**9, 0)  # an impossible date rules this reading out
    back = sum(1 for x, y in zip(days, days[1:], strict=False) if y < x)
    forward = sum((y - x).days for x, y in zip(days, days[1:], strict=False) if y > x)
    return (back, forward)


def _day_first(headers: list[_Header]) -> bool:
    """Decide the date order of one file from all its dates, never line by line.

    1. A first number above 12 means day first, a second number above 12 month first (both in
       one file: not one export, rejected).
    2. An export is in time order: a reading that steps back in time is wrong.
    3. The date's form: the US short date (month first) writes `3/4/23`, the day-first forms of
       Indonesian and most other regions `03/04/23`.
    4. A chat moves in days: the reading with the shorter span; else day first.
    """
    day_evidence = next((h for h in headers if h.a > 12), None)
    month_evidence = next((h for h in headers if h.b > 12), None)
    if day_evidence and month_evidence:
        raise FileRejected(
            "Berkas WhatsApp tidak dikenali: urutan tanggal bercampur (baris "
            f"{day_evidence.line_no} '{day_evidence.raw[:24]}' hari dulu, baris "
            f"{month_evidence.line_no} '{month_evidence.raw[:24]}' bulan dulu); "
            f"berkas ini bukan satu ekspor utuh. {REEXPORT}"
        )
    if day_evidence or month_evidence:
        return day_evidence is not None
    (back_d, span_d), (back_m, span_m) = (
        _disorder(_dates(headers, True)),
        _disorder(_dates(headers, False)),
    )
    if back_d != back_m:
        return back_d < back_m
    padding = {h.padded for h in headers} - {None}
    if len(padding) == 1:
        return padding.pop()
    return span_d <= span_m


def _timestamp(h: _Header, day_first: bool) -> datetime:
    day, month = (h.a, h.b) if day_first else (h.b, h.a)
    hour = h.hour
    if h.ampm:
        pm = h.ampm.lower().startswith("p")
        if hour > 12 or hour == 0:
            raise ValueError("hour outside 1-12 with AM/PM")
        hour = (hour % 12) + (12 if pm else 0)
    return datetime(h.year, month, day, hour, h.minute, h.second, tzinfo=WIB)


def attachment_names(text: str) -> list[str]:
    """Names of files sent with the message (`<terlampir: x>`, `<attached: x>`,
    `x (file attached)`); media left out of the export has no name."""
    return [(m["tag"] or m["line"]).strip() for m in _ATTACHMENT_NAME.finditer(text)]


def _may_match(lowered: str | None, words: tuple[str, ...]) -> bool:
    """False only when a pattern needing one of `words` surely cannot match (see
    _SYSTEM_WORDS); `lowered` is the lower-cased ASCII text, None for other text."""
    return lowered is None or any(w in lowered for w in words)


def _message_key(thread: str, sent: str, sender: str, text: str, ordinal: int) -> str:
    parts = [thread, sent, sender, text]
    if ordinal:
        parts.append(str(ordinal))  # the same text sent twice in one minute stays two messages
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def _blocks(lines: list[str], headers: list[_Header]) -> list[tuple[_Header, list[str]]]:
    """Each header with the continuation lines (blank ones included) up to the next header."""
    bounds = [h.line_no for h in headers] + [len(lines) + 1]
    return [(h, lines[h.line_no : bounds[k + 1] - 1]) for k, h in enumerate(headers)]


def parse_whatsapp(path: Path) -> ParseResult:
    """Read one exported chat; system lines are skipped, bad dates quarantined per message."""
    path = Path(path)
    raw_text, member = _read_chat_text(path)
    lines = normalise_text(raw_text).split("\n")
    headers = _find_headers(lines)
    day_first = _day_first(headers)
    thread = chat_name(path, member)
    result = ParseResult()
    rows: list[Message] = []
    seen: Counter[tuple[str, str, str]] = Counter()

    for h, continuation in _blocks(lines, headers):
        m = _SENDER.match(h.rest)
        if not m or '"' in m["sender"]:
            continue  # system line: banner, "X keluar", "X menambahkan Y", ...
        sender = m["sender"].strip()
        text = "\n".join([m["text"], *continuation]).strip()
        lowered = text.lower() if text.isascii() else None
        if "\n" not in text and _may_match(lowered, _SYSTEM_WORDS) and _SYSTEM_TEXT.search(text):
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
        sent = ts.isoformat()
        ident = (sent, sender, text)
        ordinal = seen[ident]
        seen[ident] += 1
        media = _may_match(lowered, _MEDIA_WORDS)
        rows.append(
            Message(
                saluran="whatsapp",
                baris=h.line_no,
                message_key=_message_key(thread, sent, sender, text, ordinal),
                thread_hint=thread,
                dikirim_pada=ts,
                pengirim=sender,
                teks=text,
                lampiran=len(_MEDIA.findall(text)) if media else 0,
                lampiran_nama=("; ".join(attachment_names(text)) or None) if media else None,
            )
        )
    result.rows = rows
    return result
