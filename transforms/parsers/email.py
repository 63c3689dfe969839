"""Parse a mailbox export (mbox of any name, or a single .eml) into messages.

Desks export from Thunderbird (one mbox per folder, no extension), Gmail Takeout (`*.mbox`,
one per label or `All mail Including Spam and Trash.mbox`), save single `.eml` files, or the
live IMAP fetch (`transforms.imap_mailbox`) writes one `.eml` per message. Headers are read with
`email.policy.default` semantics so RFC 2047 subjects come out decoded (memoised, and taken
straight from plain values, in `email_headers`: the header machinery was most of the parse
time); bodies prefer text/plain, HTML-only mail is turned into text, an unknown charset falls
back to UTF-8 with replacement characters; quoted earlier messages are cut so a reply is not
read again as a request form. Attachments are counted and named, never kept. Gmail's
`X-GM-THRID` becomes the thread hint. A message without a usable Date, or an unsent draft, is
quarantined on its own; the rest of the file still loads.
"""

from __future__ import annotations

import csv
import email
import email.utils
import hashlib
import re
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

from transforms.limits import read_text_bytes
from transforms.models import FileRejected, Message, ParseResult, QuarantineItem
from transforms.parsers.email_headers import POLICY, Headers

WIB = ZoneInfo("Asia/Pontianak")

# mbox separator: `From <sender> <asctime>`; requiring a time and a year keeps body lines that
# merely start with "From " (mailbox.mbox splits on those) inside their message.
_FROM_LINE = re.compile(rb"^From \S*\s+.*\d{1,2}:\d{2}(?::\d{2})?.*\d{4}\s*$")
_HEADER_LINE = re.compile(rb"^[!-9;-~]+:[ \t]?")
GMAIL_THREAD = "x-gm-thrid:"  # thread hint of a message with Gmail's conversation id
# Unsent drafts: Gmail Takeout labels (English / Indonesian UI), Thunderbird, Outlook .eml.
_DRAFT_LABELS = {"draft", "drafts", "draf"}
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
        if tag in self._SKIP or "gmail_quote" in classes or "yahoo_quoted" in classes:
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
    """Split mbox bytes at `From ` separator lines and undo `>From ` escaping.

    A separator is a `From <sender> <date>` line followed by a header line, so an unescaped
    body line such as `From 2020 to 2022, 10:00 2023` stays in its message."""
    lines = data.splitlines(keepends=True)
    messages: list[list[bytes]] = []
    last = len(lines) - 1
    for i, line in enumerate(lines):
        if (
            line.startswith(b"From ")  # what _FROM_LINE requires; skips the regex on body lines
            and _FROM_LINE.match(line.rstrip(b"\r\n"))
            and (not messages or _HEADER_LINE.match(lines[i + 1] if i < last else b""))
        ):
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
    data = read_text_bytes(path)
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


def _parse_date(headers: Headers) -> datetime | None:
    """Date header → aware datetime in WIB; naive or `WIB` dates are taken as WIB."""
    raw = headers.date("Date")
    if raw is None:
        return None
    value, text = raw[0], raw[1].strip()
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


def clean_text(text: str) -> str:
    """Text safe for any warehouse: undecodable header bytes (kept by the email package as
    surrogates) become UTF-8 or U+FFFD, and NUL characters, which PostgreSQL refuses, go."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace").replace("\x00", "")


def _body_text(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, AssertionError):  # unknown or broken charset
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("utf-8", errors="replace")
    if not isinstance(content, str):
        content = bytes(content).decode("utf-8", errors="replace")
    content = clean_text(content).replace("\r\n", "\n").replace("\r", "\n")
    if part.get_content_subtype() == "html":
        content = html_to_text(content)
    elif str(part.get_param("format") or "").lower() == "flowed":
        content = unflow(content, str(part.get_param("delsp") or "").lower() == "yes")
    return strip_quoted(content)


def unflow(text: str, delsp: bool = False) -> str:
    """Join the soft line breaks of a `format=flowed` body (RFC 3676, Thunderbird's default),
    so a form value wrapped at 72 characters reads as the line the sender typed."""
    out: list[str] = []
    joining, prev_depth = False, -1
    for line in text.split("\n"):
        depth = len(line) - len(line.lstrip(">"))
        body = line[depth:]
        body = body[1:] if body.startswith(" ") else body  # space-stuffing
        flowed = body.endswith(" ") and body != "-- "
        if flowed and delsp:
            body = body[:-1]
        if joining and depth == prev_depth:
            out[-1] += body
        else:
            out.append(">" * depth + (" " if depth else "") + body)
        joining, prev_depth = flowed, depth
    return "\n".join(out)


def _attachment_name(part: EmailMessage) -> str | None:
    """The file name of an attachment part, else None (a body part or an inline image)."""
    try:
        filename = part.get_filename()
    except Exception:  # a malformed parameter: still an attachment, without its name
        filename = None
    disposition = part.get_content_disposition()
    if part.get_content_type() == "message/rfc822":  # a whole mail attached (forwarded)
        inner = part.get_payload(0) if part.is_multipart() else None
        subject = str(inner.get("Subject") or "").strip() if inner is not None else ""
        return filename or f"{subject or 'pesan'}.eml"
    if disposition == "attachment" or (disposition is None and filename):
        return filename or f"(tanpa nama, {part.get_content_type()})"
    return None


def attachment_names(msg: EmailMessage) -> list[str]:
    """Names of the attached files, in order; inline images (signatures, logos) are not
    attachments, and the parts of an attached mail are not counted again."""
    names: list[str] = []
    stack = [msg]
    while stack:
        part = stack.pop(0)
        if part.get_content_maintype() == "multipart":
            stack[0:0] = list(part.iter_parts())
            continue
        name = _attachment_name(part)
        if name is not None:
            names.append(clean_text(name).replace(";", ",").strip())
    return names


def _draft_reason(headers: Headers) -> str | None:
    """Why this message is an unsent draft (Gmail label, Thunderbird or Outlook mark), if it is."""
    labels = headers.text("X-Gmail-Labels") or ""
    if labels:
        parsed = next(csv.reader([labels], skipinitialspace=True), [])
        if any(label.strip().lower() in _DRAFT_LABELS for label in parsed):
            return "label Gmail Draft"
    if headers.text("X-Mozilla-Draft-Info") is not None:
        return "draf Thunderbird"
    if (headers.text("X-Unsent") or "").strip() == "1":
        return "draf Outlook (X-Unsent)"
    return None


def _sender(headers: Headers) -> str:
    plain = headers.first_address("From")
    if plain is not None:
        return plain.lower()
    header = headers.get("From")
    if header is None:
        return ""
    try:
        addresses = header.addresses
        if addresses and addresses[0].addr_spec:
            return addresses[0].addr_spec.lower()
    except (AttributeError, IndexError):
        pass
    return email.utils.parseaddr(str(header))[1].lower() or str(header).strip().lower()


def _ids(value: str | None) -> list[str]:
    text = clean_text(value or "")
    found = _MSGID.findall(text)
    return found or text.split()


def _date_problem(headers: Headers, index: int) -> str:
    """The officer-facing reason for a message whose Date cannot be used."""
    value = clean_text(headers.text("Date") or "").strip()
    if not value:
        return f"pesan ke-{index}: header Date tidak ada atau kosong"
    shown = value if len(value) <= 60 else value[:57] + "..."
    return f"pesan ke-{index}: header Date '{shown}' tidak valid"


def _thread_hint(headers: Headers, subject: str | None) -> str:
    """Gmail's own conversation id where the export has it, else the normalised subject."""
    thrid = (headers.text("X-GM-THRID") or "").strip()
    if re.fullmatch(r"\d+", thrid):
        return GMAIL_THREAD + thrid
    return normalise_subject(subject)


def parse_email(path: Path) -> ParseResult:
    """Read every message of an mbox or .eml; a message without a usable Date, or an unsent
    draft, is quarantined on its own and the others still load."""
    path = Path(path)
    result = ParseResult()
    rows: list[Message] = []
    for index, raw in enumerate(_raw_messages(path), start=1):
        try:
            msg = email.message_from_bytes(raw, policy=POLICY)
            assert isinstance(msg, EmailMessage)
            headers = Headers(msg)
            subject = clean_text(headers.text("Subject") or "").strip() or None
            sender = clean_text(_sender(headers))
            sent = _parse_date(headers)
            body = _body_text(msg)
            attachments = attachment_names(msg)
            msgid = (_ids(headers.text("Message-ID")) or [None])[0]
            in_reply_to = (_ids(headers.text("In-Reply-To")) or [None])[0]
            references = " ".join(_ids(headers.text("References"))) or None
            draft = _draft_reason(headers)
            hint = _thread_hint(headers, subject)
        except Exception as exc:  # one broken message must not stop the file
            result.quarantined.append(
                QuarantineItem(
                    baris=index,
                    alasan=f"pesan ke-{index}: tidak dapat dibaca ({type(exc).__name__})",
                    cuplikan=raw[:120].decode("utf-8", "replace"),
                )
            )
            continue
        excerpt = f"Subject: {subject or ''}"[:120]
        if draft is not None:
            reason = f"pesan ke-{index}: draf yang belum dikirim ({draft}), tidak dihitung"
            result.quarantined.append(QuarantineItem(index, reason, excerpt))
            continue
        if sent is None:
            result.quarantined.append(QuarantineItem(index, _date_problem(headers, index), excerpt))
            continue
        key = (
            msgid
            or hashlib.sha256(
                "\x1f".join([sender, headers.text("Date") or "", subject or "", body]).encode()
            ).hexdigest()[:32]
        )
        rows.append(
            Message(
                saluran="email",
                baris=index,
                message_key=clean_text(key),
                thread_hint=hint,
                dikirim_pada=sent,
                pengirim=sender,
                teks=body,
                subjek=subject,
                lampiran=len(attachments),
                in_reply_to=in_reply_to,
                referensi=references,
                lampiran_nama="; ".join(attachments) or None,
            )
        )
    result.rows = rows
    return result
