"""Parse a mailbox export (mbox of any name, or a single .eml) into messages.

Desks export from Thunderbird (one mbox per folder, no extension), Gmail Takeout (`*.mbox`)
or save single `.eml` files. Headers are read with `email.policy.default` so RFC 2047 subjects
come out decoded; bodies prefer text/plain, HTML-only mail is turned into text; quoted earlier
messages are cut so a reply is not read again as a request form.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import hashlib
import re
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

from transforms.models import FileRejected, Message, ParseResult, QuarantineItem

WIB = ZoneInfo("Asia/Pontianak")

# mbox separator: `From <sender> <asctime>`; requiring a time and a year keeps body lines that
# merely start with "From " (mailbox.mbox splits on those) inside their message.
_FROM_LINE = re.compile(rb"^From \S*\s+.*\d{1,2}:\d{2}(?::\d{2})?.*\d{4}\s*$")
_HEADER_LINE = re.compile(rb"^[!-9;-~]+:[ \t]?")
_KNOWN_HEADERS = ("from", "date", "subject", "message-id", "to", "received")

_SUBJECT_PREFIX = re.compile(
    r"^\s*(?:(?:re|fw|fwd|bls|balas|tr|aw|sv|antw|jawab)\s*(?:\[\d+\])?\s*:\s*)+", re.I
)
_MSGID = re.compile(r"<([^<>\s]+)>")
_QUOTE_HEADER = re.compile(
    r"^[ \t]*(?:On|Pada)\b[^\n]*(?:\n[^\n]*)?\b(?:wrote|menulis)\s*:[ \t]*$", re.M | re.I
)
_OUTLOOK_QUOTE = re.compile(
    r"^[ \t]*(?:-{2,}\s*(?:Original Message|Pesan Asli)\s*-{2,}|"
    r"(?:From|Dari):[^\n]*\n[ \t]*(?:Sent|Dikirim|Terkirim|Tanggal|Date):)",
    re.M | re.I,
)

# Indonesian dates in hand-written Date headers (`Senin, 12 Januari 2023 10.15 WIB`).
_ID_MONTHS = {
    "januari": "Jan",
    "februari": "Feb",
    "pebruari": "Feb",
    "maret": "Mar",
    "april": "Apr",
    "mei": "May",
    "juni": "Jun",
    "juli": "Jul",
    "agustus": "Aug",
    "agu": "Aug",
    "agt": "Aug",
    "september": "Sep",
    "oktober": "Oct",
    "okt": "Oct",
    "november": "Nov",
    "nopember": "Nov",
    "desember": "Dec",
    "des": "Dec",
}
_ID_ZONES = {"WIB": "+0700", "WITA": "+0800", "WIT": "+0900"}


class _HtmlText(HTMLParser):
    """HTML → plain text: block tags become line breaks; quotes, scripts and styles are dropped."""

    _BLOCK = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul"}
    _SKIP = {"script", "style", "blockquote", "head", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_tag: str | None = None  # tag that opened the skipped region
        self.depth = 0  # nesting of skip_tag inside that region

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip_tag:
            self.depth += tag == self.skip_tag
            return
        classes = " ".join(v or "" for k, v in attrs if k == "class")
        if tag in self._SKIP or "gmail_quote" in classes:
            self.skip_tag, self.depth = tag, 1
        elif tag in self._BLOCK:
            self.parts.append("\n")
        elif tag == "td":
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self.skip_tag:
            if tag == self.skip_tag:
                self.depth -= 1
                if self.depth == 0:
                    self.skip_tag = None
            return
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip_tag:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts).replace("\xa0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def strip_quoted(text: str) -> str:
    """Cut the quoted earlier message (`On ... wrote:` / `Pada ... menulis:` and `>` lines)."""
    for pattern in (_QUOTE_HEADER, _OUTLOOK_QUOTE):
        m = pattern.search(text)
        if m:
            text = text[: m.start()]
    kept = [line for line in text.split("\n") if not line.lstrip().startswith(">")]
    return "\n".join(kept).strip()


def normalise_subject(subject: str | None) -> str:
    """`Re: Bls:  Permohonan  Informasi` → `permohonan informasi` (the thread fallback key)."""
    s = _SUBJECT_PREFIX.sub("", subject or "")
    s = re.sub(r"[\u2010-\u2015]", "-", s)  # en/em dashes typed by mail clients
    return re.sub(r"\s+", " ", s).strip().lower()


def _split_mbox(data: bytes) -> list[bytes]:
    """Split mbox bytes at `From ` separator lines and undo `>From ` escaping."""
    messages: list[list[bytes]] = []
    for line in data.splitlines(keepends=True):
        if _FROM_LINE.match(line.rstrip(b"\r\n")):
            messages.append([])
        elif messages:
            messages[-1].append(line)
    out = []
    for lines in messages:
        raw = b"".join(lines)
        raw = re.sub(rb"(?m)^>(>*From )", rb"\1", raw)
        out.append(raw)
    return out


def _looks_like_eml(data: bytes) -> bool:
    head = data.lstrip()[:8192]
    first = head.split(b"\n", 1)[0].rstrip(b"\r")
    if not _HEADER_LINE.match(first):
        return False
    names = {
        m.group(0).split(b":")[0].decode("ascii", "replace").lower()
        for m in re.finditer(rb"(?m)^[!-9;-~]+:", head)
    }
    return any(h in names for h in _KNOWN_HEADERS)


def _raw_messages(path: Path) -> list[bytes]:
    data = path.read_bytes()
    if not data.strip():
        return []
    if b"\x00" in data[:4096]:
        raise FileRejected("Berkas e-mail tidak dikenali: isinya biner, bukan mbox atau .eml.")
    if _FROM_LINE.match(data.lstrip().split(b"\n", 1)[0].rstrip(b"\r")):
        return _split_mbox(data.lstrip())
    if _looks_like_eml(data):
        return [data.lstrip()]
    raise FileRejected(
        "Berkas e-mail tidak dikenali: bukan mbox (baris pertama 'From ...') dan bukan pesan "
        ".eml (header From/Date/Subject). Ekspor ulang folder surat dari aplikasi e-mail."
    )


def _parse_date(msg: EmailMessage) -> datetime | None:
    """Date header → aware datetime in WIB; naive or `WIB` dates are taken as WIB."""
    raw = msg.get("Date")
    if raw is None:
        return None
    value = getattr(raw, "datetime", None)
    text = str(raw).strip()
    if value is None and text:
        value = _parse_loose_date(text)
    if value is None:
        return None
    if value.tzinfo is None:
        zone = re.search(r"\b(WITA|WIT|WIB)\b", text.upper())
        if zone:
            offset = int(_ID_ZONES[zone.group(1)][:3])
            value = value.replace(tzinfo=timezone(timedelta(hours=offset)))
        else:
            value = value.replace(tzinfo=WIB)
    return value.astimezone(WIB)


def _parse_loose_date(text: str) -> datetime | None:
    """Hand-written Indonesian Date headers: month names, `pukul`, dotted times, zone names."""
    s = text.lower().replace(",", " ").replace("pukul", " ")
    s = re.sub(r"\b(senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad)\b", " ", s)
    s = re.sub(r"\b([a-z]+)\b", lambda m: _ID_MONTHS.get(m.group(1), m.group(1)), s)
    s = re.sub(r"\b(\d{1,2})\.(\d{2})(?:\.(\d{2}))?\b", lambda m: m.group(0).replace(".", ":"), s)
    for name, offset in _ID_ZONES.items():
        s = re.sub(rf"\b{name.lower()}\b", offset, s)
    s = re.sub(r"\s+", " ", s).strip()
    if not re.search(r"\d{4}", s):
        return None
    try:
        return email.utils.parsedate_to_datetime(s)
    except (TypeError, ValueError, IndexError):
        return None


def _body_text(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, AssertionError):
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("utf-8", errors="replace")
    if not isinstance(content, str):
        content = bytes(content).decode("utf-8", errors="replace")
    if part.get_content_subtype() == "html":
        content = html_to_text(content)
    content = content.replace("\r\n", "\n").replace("\r", "\n")
    return strip_quoted(content)


def _count_attachments(msg: EmailMessage) -> int:
    count = 0
    for part in msg.walk():
        if part.is_multipart():
            continue
        disposition = part.get_content_disposition()
        if disposition == "attachment" or (disposition is None and part.get_filename()):
            count += 1
    return count


def _sender(msg: EmailMessage) -> str:
    header = msg.get("From")
    if header is None:
        return ""
    try:
        addresses = header.addresses
        if addresses and addresses[0].addr_spec:
            return addresses[0].addr_spec.lower()
    except (AttributeError, IndexError):
        pass
    return email.utils.parseaddr(str(header))[1].lower() or str(header).strip().lower()


def _ids(value: object) -> list[str]:
    text = str(value or "")
    found = _MSGID.findall(text)
    return found or text.split()


def parse_email(path: Path) -> ParseResult:
    """Read every message of an mbox or .eml; a message without a usable Date is quarantined."""
    path = Path(path)
    result = ParseResult()
    rows: list[Message] = []
    for index, raw in enumerate(_raw_messages(path), start=1):
        try:
            msg = email.message_from_bytes(raw, policy=email.policy.default)
            assert isinstance(msg, EmailMessage)
            subject = str(msg.get("Subject") or "").strip() or None
            sender = _sender(msg)
            sent = _parse_date(msg)
            body = _body_text(msg)
            attachments = _count_attachments(msg)
            msgid = (_ids(msg.get("Message-ID")) or [None])[0]
            in_reply_to = (_ids(msg.get("In-Reply-To")) or [None])[0]
            references = " ".join(_ids(msg.get("References"))) or None
        except Exception as exc:  # one broken message must not stop the file
            result.quarantined.append(
                QuarantineItem(
                    baris=index,
                    alasan=f"pesan ke-{index}: tidak dapat dibaca ({type(exc).__name__})",
                    cuplikan=raw[:120].decode("utf-8", "replace"),
                )
            )
            continue
        if sent is None:
            result.quarantined.append(
                QuarantineItem(
                    baris=index,
                    alasan=f"pesan ke-{index}: header Date kosong atau tidak valid",
                    cuplikan=f"Subject: {subject or ''}"[:120],
                )
            )
            continue
        key = (
            msgid
            or hashlib.sha256(
                "\x1f".join([sender, str(msg.get("Date") or ""), subject or "", body]).encode()
            ).hexdigest()[:32]
        )
        rows.append(
            Message(
                saluran="email",
                baris=index,
                message_key=key,
                thread_hint=normalise_subject(subject),
                dikirim_pada=sent,
                pengirim=sender,
                teks=body,
                subjek=subject,
                lampiran=attachments,
                in_reply_to=in_reply_to,
                referensi=references,
            )
        )
    result.rows = rows
    return result
