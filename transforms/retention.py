"""Retention of requesters' personal data in `raw` (UU 27/2022: kept no longer than needed).

`core` is rebuilt from `raw` on every refresh, so deleting old raw rows would lose requests
and change published figures. The purge therefore rewrites a row in place: the requester's
name, NIK, contact and address become placeholders, with the keyed pseudonym conformance would
compute kept as a mark (`[pemohon:<id>]`, transforms.pseudonym), and the free text is masked
as `core` masks it (pseudonym.redact). Conformance reads the marks back, so every core row,
`pemohon_id` included, stays identical (tests/test_retention.py proves it).

In scope: records received more than `PPID_RETENSI_BULAN` months before the purge, whose year
is published final (mart.publikasi status `final`): a year still open can still be corrected
from its rows. Guestbook and web-form requests and visits (raw.formulir) are purged row by row.
E-mail and chat messages (raw.pesan) are purged a whole group at a time: a message's request,
requester and decision are resolved per thread, with the requester's identity carried from the
sender's earlier messages, so a group is a thread together with everything conformance links
to it (the objections in it and the atasan's answers to them, a form objection answered by
message, the other objections of the same sender); it is in scope only when every row of it
is. Before anything is written the body is conformed from the purged rows and compared with
the conformance of the rows as they are: a group whose records would change is left as it is
(and logged), so a purge never changes `core`. A file whose rows are all purged loses its
landing name in every raw table (exports are named after people: `Chat WhatsApp dengan +62
812-...`) and becomes `<kode>/<sumber>/<sha256>.<ext>`. Quarantine excerpts are dropped after
the period. Purging is idempotent: a purged row purges to itself, and nothing is recorded then.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from transforms.conform.forms_rows import conform_form_rows, requester_pseudonym
from transforms.conform.keberatan import (
    conform_objections,
    is_objection_message,
    objection_id,
    parse_atasan_answer,
    unique_messages,
)
from transforms.conform.threads import UnionFind, conform_messages, email_threads
from transforms.forms import RequestForm, extract_form
from transforms.models import Desk, FormRow, Message, request_id
from transforms.parsers.email import GMAIL_THREAD, normalise_subject
from transforms.pseudonym import (
    marked_pseudonym,
    marked_sender,
    marked_subject,
    normalise_contact,
    pseudonym_mark,
    pseudonymise,
    redact,
    sender_mark,
    subject_mark,
)
from transforms.refresh import WIB, form_row_from_record, lineage_ref, message_from_record
from transforms.warehouse import Warehouse

log = logging.getLogger(__name__)

# personal fields of a form: replaced by a placeholder (never emptied: completeness is judged
# on their presence) or, for the requester's identity, by the pseudonym mark
FORM_PLACEHOLDERS = {"nama": "[nama]", "nik": "[nik]", "kontak": "[kontak]", "alamat": "[alamat]"}
# free text that may repeat a contact or the name: masked exactly as conformance masks it
FORM_FREE_TEXT = ("keperluan", "rincian", "tujuan", "keputusan_teks", "alasan_teks")
FORM_COLUMNS = (*FORM_PLACEHOLDERS, *FORM_FREE_TEXT)
# the columns of a message that name or describe its people (message_key, in_reply_to and
# referensi are the thread links and the requests' ids, and stay)
MESSAGE_COLUMNS = ("pengirim", "subjek", "thread_hint", "teks", "lampiran_nama")
# the tables whose `berkas` holds a file's landing path, renamed together (quarantine last)
PATH_TABLES = ("raw.berkas", "raw.pesan", "raw.formulir", "raw.karantina")
MAX_ROUNDS = 4  # conform-and-compare rounds before a body's messages are left for next time

_THREAD_MARK = re.compile(r"\[percakapan:[0-9a-f]{20}\]")
_PURGED_NAME = re.compile(r"\[[^\]]*\]")  # a name already purged: `[nama]`, `[pengirim:…]`
_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,5}")
_SENTINEL = "\ue000{}\ue001"  # an identity value's place while the rest of a text is masked
# a labelled line (`Alasan keberatan: …`, `Kasus posisi: …`) that a form field's value runs on
# into: extract_form reads it as the value's next line, the objection reads it as its own field
_LABELLED = re.compile(r"[ \t]*(?:[-*•][ \t]*)?[^\W\d_][^\W\d]*(?:[ ./][^\W\d]+){0,5}[ \t]*[:=]")


@dataclass(frozen=True)
class Purged:
    kode_badan: str
    tabel: str
    tahun: int
    baris: int
    kolom: str


def months_before(now: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (the 31st clamps to month end)."""
    index = now.year * 12 + now.month - 1 - months
    year, month = divmod(index, 12)
    day = now.day
    while True:
        try:
            return now.replace(year=year, month=month + 1, day=day)
        except ValueError:
            day -= 1


def final_years(wh: Warehouse) -> set[int]:
    rows = wh.query("SELECT DISTINCT tahun FROM mart.publikasi WHERE status = 'final'")
    return {int(r[0]) for r in rows}


def _filled(value: str | None) -> bool:
    return bool(value and value.strip())


def _in_scope(when: datetime, before: datetime, years: set[int]) -> bool:
    return when < before and when.astimezone(WIB).year in years


def purged_form(row: FormRow, key: bytes) -> dict[str, str | None]:
    """The row's personal columns after the purge; a purged row gives itself back."""
    mark = None
    pemohon = requester_pseudonym(row, key)
    if pemohon:
        mark = pseudonym_mark(pemohon)
    values: dict[str, str | None] = {}
    for column, placeholder in FORM_PLACEHOLDERS.items():
        value = getattr(row, column)
        values[column] = placeholder if _filled(value) else value
    if mark and _filled(row.kontak):
        values["kontak"] = mark
    elif mark and _filled(row.nama):
        values["nama"] = mark
    for column in FORM_FREE_TEXT:
        values[column] = redact(getattr(row, column), [row.nama])
    return values


# --- one message --------------------------------------------------------------------------------


class Unpurgeable(ValueError):
    """A message whose form would not read back the same once purged; its group stays."""


def _tag(key: bytes, kind: str, value: str) -> str:
    return hmac.new(key, f"{kind}\x1f{value}".encode(), hashlib.sha256).hexdigest()[:20]


def purged_sender(sender: str, key: bytes) -> str:
    """A requester's address or number becomes `[pemohon:<id>]` (read back as that contact),
    a display name `[pengirim:<id>]` (read back as that name): both hold the pseudonym the
    conformance computes from them, and the same sender always gets the same mark."""
    if marked_pseudonym(sender) or marked_sender(sender):
        return sender
    contact = normalise_contact(sender)
    if contact:
        return pseudonym_mark(pseudonymise(contact, key) or "")
    name = sender.strip().lower()
    return sender_mark(pseudonymise(name, key) or "") if name else sender


def _sender_is_contact(sender: str) -> bool:
    """As conformance reads a sender (transforms.conform.threads.requester_identity)."""
    if marked_pseudonym(sender):
        return True
    return not marked_sender(sender) and normalise_contact(sender) is not None


def purged_subject(subject: str | None, names: Iterable[str | None], key: bytes) -> str | None:
    """The subject masked, with a keyed tag of its normalised form appended: messages joined by
    subject join as before (threads.subject_key), and the reply prefix, "Permohonan
    Informasi", "Keberatan" and a request number in it read the same."""
    if not subject or marked_subject(subject):
        return subject
    masked = redact(subject, names) or subject
    norm = normalise_subject(subject)
    return f"{masked} {subject_mark(norm, key)}" if norm else masked


def purged_thread_hint(msg: Message, subject: str | None, key: bytes) -> str:
    """A chat's name (the contact's name or number) becomes a keyed tag; an e-mail keeps
    Gmail's conversation id, else the subject's mark (the parser's hint was the subject)."""
    hint = msg.thread_hint
    if msg.saluran == "email":
        return hint if hint.startswith(GMAIL_THREAD) else (marked_subject(subject) or "")
    if not hint or _THREAD_MARK.fullmatch(hint):
        return hint
    return f"[percakapan:{_tag(key, 'percakapan', hint)}]"


def neutral_attachments(names: str | None) -> str | None:
    """A requester's attachment names (`KTP Budi.jpg`) become `[lampiran].jpg`."""
    if not names:
        return names
    parts = []
    for part in names.split("; "):
        suffix = Path(part.strip()).suffix
        parts.append("[lampiran]" + (suffix.lower() if _SUFFIX.fullmatch(suffix) else ""))
    return "; ".join(parts)


def _label_line(lines: list[str], name: str) -> int | None:
    """The first line labelled as the form field `name` (the one extract_form keeps: a
    repeated label is ignored); the appended ` x` gives an empty label a value to report."""
    for i, line in enumerate(lines):
        if getattr(extract_form(line + " x"), name) is not None:
            return i
    return None


def purged_text(text: str, values: Mapping[str, str], names: Iterable[str | None]) -> str:
    """The text with each identity field's value (as extract_form reads it) replaced by
    `values[field]`, and everything else masked with `names` (pseudonym.redact).

    Labels, the other fields and the lines around them stay, so the form reads back with the
    same fields present; raises Unpurgeable when it would not."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    form = extract_form(text)
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    spans: list[tuple[int, int, str]] = []
    for name in values:
        value = getattr(form, name)
        if value is None:
            continue
        line = _label_line(lines, name)
        found = _tokens(value).search(text, starts[line]) if line is not None else None
        if found is None:
            raise Unpurgeable(f"field {name} not found again")
        end = found.start()
        for i, part in enumerate(found.group(0).split("\n")):
            if i and _LABELLED.match(part):
                break  # the rest is another field's: it stays, masked like the text
            end += len(part) + (1 if i else 0)
        spans.append((found.start(), end, name))
    spans.sort()
    if any(a[1] > b[0] for a, b in zip(spans, spans[1:], strict=False)):
        raise Unpurgeable("identity fields overlap")
    for start, end, name in reversed(spans):
        text = text[:start] + _SENTINEL.format(name) + text[end:]
    masked = redact(text, names) or text
    for name in values:
        masked = masked.replace(_SENTINEL.format(name), values[name])
    after = extract_form(masked)
    for f in dataclasses.fields(RequestForm):
        if (getattr(after, f.name) is None) != (getattr(form, f.name) is None):
            raise Unpurgeable(f"field {f.name} would read differently")
    for name in values:
        if getattr(form, name) is not None and _first_line(getattr(after, name)) != values[name]:
            raise Unpurgeable(f"field {name} would read differently")
    return masked


def _first_line(value: str | None) -> str:
    return (value or "").strip().split("\n")[0].strip()


def core_names(form: RequestForm, msg: Message) -> list[str]:
    """The names conformance masks a requester's form with (threads, keberatan), and the
    name's own line where the field ran on over further lines (`Nama: Budi` + `Alasan …`)."""
    names = [n for n in (form.nama, msg.pengirim) if n and not normalise_contact(n)]
    return names + [_first_line(form.nama)] if form.nama and "\n" in form.nama else names


def reads_form(msg: Message, form: RequestForm) -> bool:
    """Whether conformance may read a form (a request or an objection) out of a requester's
    message, whose text must then be masked with exactly the names conformance uses."""
    return is_objection_message(msg) or any(
        getattr(form, f.name) is not None for f in dataclasses.fields(RequestForm)
    )


def identity_values(form: RequestForm, msg: Message, key: bytes, reads: bool) -> dict[str, str]:
    """What each identity field becomes: a placeholder, or the mark conformance reads the
    requester from (threads.requester_identity): the form's contact; without one, and when the
    sender is no contact either, the name (read only if the sender gave no contact before)."""
    values = {"nama": "[nama]", "nik": "[nik]", "alamat": "[alamat]", "kontak": "[kontak]"}
    if not reads:
        return values
    if marked_pseudonym(form.kontak):
        values["kontak"] = pseudonym_mark(marked_pseudonym(form.kontak) or "")
        return values
    contact = None if marked_sender(form.kontak) else normalise_contact(form.kontak)
    if contact:
        values["kontak"] = pseudonym_mark(pseudonymise(contact, key) or "")
    elif form.nama and not _sender_is_contact(msg.pengirim):
        if marked_pseudonym(form.nama):
            values["nama"] = pseudonym_mark(marked_pseudonym(form.nama) or "")
        else:
            values["nama"] = pseudonym_mark(pseudonymise(form.nama, key) or "")
    return values


def _tokens(value: str) -> re.Pattern[str]:
    """A parsed field value as it stands in the text (its lines cleaned of extra spaces)."""
    return re.compile(r"\s+".join(re.escape(token) for token in value.split()))


def answer_text(text: str, answer_names: list[str], names: list[str]) -> str:
    """An atasan PPID's answer: its `Tanggapan atasan` value masked with exactly the names
    conformance masks it with (the objector's, keberatan._attach), the rest (the greeting
    that names the objector) also with the names of the whole group."""
    answer = parse_atasan_answer(text)
    found = _tokens(answer.tanggapan).search(text) if answer and answer.tanggapan else None
    if found is None:
        return redact(text, [*answer_names, *names]) or text
    kept = redact(found.group(0), answer_names) or found.group(0)
    rest = text[: found.start()] + _SENTINEL.format("tanggapan") + text[found.end() :]
    masked = redact(rest, [*answer_names, *names]) or rest
    return masked.replace(_SENTINEL.format("tanggapan"), kept)


def is_desk_message(msg: Message, desk: Desk) -> bool:
    return desk.is_desk(msg.pengirim) or desk.is_desk(msg.pengirim, msg.saluran)


def purged_message(
    msg: Message,
    desk: Desk,
    key: bytes,
    group_names: list[str],
    answer_names: list[str] | None = None,
) -> dict[str, str | None]:
    """A message's personal columns after the purge; a purged message gives itself back.

    The desk's own messages keep their sender and are masked with the requesters' names (an
    atasan's answer with exactly the objector's names conformance masks it with); a
    requester's message loses its sender, its identity fields and its attachments' names."""
    subject = purged_subject(msg.subjek, group_names, key)
    values: dict[str, str | None] = {
        "subjek": subject,
        "thread_hint": purged_thread_hint(msg, subject, key),
    }
    if is_desk_message(msg, desk):
        values["pengirim"] = msg.pengirim
        if answer_names is None:
            values["teks"] = redact(msg.teks, group_names) or msg.teks
        else:
            values["teks"] = answer_text(msg.teks, answer_names, group_names)
        values["lampiran_nama"] = redact(msg.lampiran_nama, group_names)
        return values
    form = extract_form(msg.teks)
    reads = reads_form(msg, form)
    names = core_names(form, msg) if reads else group_names
    values["pengirim"] = purged_sender(msg.pengirim, key)
    values["teks"] = purged_text(msg.teks, identity_values(form, msg, key, reads), names)
    values["lampiran_nama"] = neutral_attachments(msg.lampiran_nama)
    return values


# --- a body's messages and objections, in groups ------------------------------------------------


@dataclass
class _Row:
    """One raw.pesan row, or one raw.formulir objection, of a body."""

    sha: str
    baris: int
    source: str
    when: datetime
    node: str  # the record: the copies of a message or of a submission share it
    msg: Message | None = None
    form: FormRow | None = None

    @property
    def table(self) -> str:
        return "raw.pesan" if self.msg is not None else "raw.formulir"


def _message_node(saluran: str, message_key: str) -> str:
    return f"m\x1f{saluran}\x1f{message_key}"


def _by_saluran(items: Iterable[tuple[str, Any]]) -> dict[str, list[tuple[str, Any]]]:
    out: dict[str, list[tuple[str, Any]]] = {}
    for source, record in items:
        out.setdefault(record.saluran, []).append((source, record))
    return dict(sorted(out.items()))


@dataclass
class _Body:
    """A body's raw rows as the purge sees them."""

    kode: str
    rows: list[_Row]  # messages and form objections
    forms: list[tuple[str, FormRow]]  # every raw.formulir row (for the conformance check)
    sha_of: dict[str, str]  # landing path → file hash, as insert_core maps lineage
    groups: UnionFind = field(default_factory=UnionFind)
    answer_names: dict[str, list[str]] = field(default_factory=dict)  # message node → names
    index: dict[tuple[str, str, int], _Row] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.index = {(r.table, r.sha, r.baris): r for r in self.rows}

    def group(self, row: _Row) -> str:
        return self.groups.find(row.node)

    @property
    def messages(self) -> list[tuple[str, Message]]:
        return [(r.source, r.msg) for r in self.rows if r.msg is not None]


def _load(wh: Warehouse, kode: str) -> _Body:
    messages = wh.frame(
        "SELECT * FROM raw.pesan WHERE kode_badan = ? ORDER BY dikirim_pada, berkas, baris",
        [kode],
    )
    forms = wh.frame(
        "SELECT * FROM raw.formulir WHERE kode_badan = ? ORDER BY berkas, baris", [kode]
    )
    rows = []
    for r in messages.to_dict("records"):
        msg = message_from_record(r)
        node = _message_node(msg.saluran, msg.message_key)
        rows.append(_Row(r["berkas_sha256"], msg.baris, r["berkas"], msg.dikirim_pada, node, msg))
    all_forms = []
    for r in forms.to_dict("records"):
        form = form_row_from_record(r)
        all_forms.append((r["berkas"], form))
        if form.jenis == "keberatan":
            node = f"f\x1f{form.saluran}\x1f{form.record_key}"
            row = _Row(r["berkas_sha256"], form.baris, r["berkas"], form.diterima_pada, node)
            row.form = form
            rows.append(row)
    sha_of = dict(
        wh.query("SELECT berkas, berkas_sha256 FROM raw.berkas WHERE kode_badan = ?", [kode])
    )
    return _Body(kode, rows, all_forms, sha_of)


def _group(body: _Body, desk: Desk, key: bytes) -> None:
    """Link what conformance reads together: a request thread (as conform_messages builds
    it), an objection thread (as conform_objections builds it), an objection and the answer
    attached to it, and the objections of one sender (whose identity conform_objections
    carries across threads)."""
    g = body.groups
    messages = body.messages
    for saluran, items in _by_saluran(messages).items():
        unique = unique_messages(items)
        thread_of = email_threads(unique, desk, items) if saluran == "email" else {}
        for _, msg in unique:
            tid = thread_of[msg.message_key] if saluran == "email" else msg.thread_hint
            g.union(_message_node(saluran, msg.message_key), f"t\x1f{saluran}\x1f{tid}")
    unique = unique_messages(messages)
    emails = [fm for fm in unique if fm[1].saluran == "email"]
    thread_of = email_threads(emails, desk) if emails else {}
    for _, msg in unique:
        tid = thread_of.get(msg.message_key, msg.thread_hint)
        g.union(_message_node(msg.saluran, msg.message_key), f"k\x1f{msg.saluran}\x1f{tid}")
    at = {(r.source, r.baris): r for r in body.rows}
    forms = [(r.source, r.form) for r in body.rows if r.form is not None]
    for obj in conform_objections(body.kode, forms, messages, desk, key):
        row = at[(obj.sumber_berkas, obj.sumber_baris)]
        if row.msg is not None:
            g.union(row.node, f"s\x1f{row.msg.pengirim}")
        if obj.answered_by:
            answer = _message_node(*obj.answered_by)
            g.union(row.node, answer)
            body.answer_names.setdefault(answer, []).extend(obj.names)


def _group_names(body: _Body, desk: Desk) -> dict[str, list[str]]:
    """Per group, the requesters' names it holds (form names and display-name senders), to
    mask the messages no form is read from (greetings, follow-ups, the desk's notices)."""
    found: dict[str, set[str]] = {}
    for row in body.rows:
        names = found.setdefault(body.group(row), set())
        if row.form is not None:
            names.add(row.form.nama or "")
        elif row.msg is not None and not is_desk_message(row.msg, desk):
            names.add(_first_line(extract_form(row.msg.teks).nama))
            if not normalise_contact(row.msg.pengirim):
                names.add(row.msg.pengirim)
    return {
        group: sorted(
            n.strip()
            for n in names
            if len(n.strip()) >= 3 and not _PURGED_NAME.fullmatch(n.strip())
        )
        for group, names in found.items()
    }


def _conformed(
    kode: str,
    messages: list[tuple[str, Message]],
    forms: list[tuple[str, FormRow]],
    sha_of: Mapping[str, str],
    desk: Desk,
    key: bytes,
) -> dict[str, dict[str, Any]]:
    """Every record the body's rows conform to (requests from messages and forms, objections),
    by id, with the lineage `core` gets (insert_core): what the purge must leave unchanged."""
    records: dict[str, dict[str, Any]] = {}
    for _, items in _by_saluran(messages).items():
        for req in conform_messages(kode, items, desk, key):
            records["p:" + req.permohonan_id] = dataclasses.asdict(req)
    for _, rows in _by_saluran(forms).items():
        for req in conform_form_rows(kode, rows, key):
            records["p:" + req.permohonan_id] = dataclasses.asdict(req)
    objections = [(p, f) for p, f in forms if f.jenis == "keberatan"]
    for obj in conform_objections(kode, objections, messages, desk, key):
        rec = dataclasses.asdict(obj)
        for name in ("names", "thread", "answered_by"):  # not stored in core
            rec.pop(name)
        records["k:" + obj.keberatan_id] = rec
    for rec in records.values():
        path = rec["sumber_berkas"]
        rec["sumber_berkas"] = lineage_ref(path, sha_of.get(path, ""))
    return records


def _differing(a: Mapping[str, Any], b: Mapping[str, Any]) -> set[str]:
    return {k for k in set(a) | set(b) if a.get(k) != b.get(k)}


@dataclass
class _Plan:
    """What the purge of a body's messages and objections writes."""

    rows: dict[tuple[str, str, int], dict[str, Any]]  # (table, sha, baris) → new values
    purged: set[tuple[str, str, int]]  # every row of a purged group (written or already so)
    records: dict[str, dict[str, Any]] | None  # the body's records as conformed now, if known


def plan_messages(body: _Body, desk: Desk, key: bytes, before: datetime, years: set[int]) -> _Plan:
    """The groups in scope, purged and checked: conformance of the purged rows must give every
    record exactly as now; a group whose records would differ is left for a later purge."""
    _group(body, desk, key)
    scope: dict[str, bool] = {}
    for row in body.rows:
        group = body.group(row)
        scope[group] = scope.get(group, True) and _in_scope(row.when, before, years)
    names = _group_names(body, desk)
    owner: dict[str, str] = {}  # record id → group
    for row in body.rows:
        if row.msg is not None:
            saluran, source_key = row.msg.saluran, row.msg.message_key
            owner["p:" + request_id(body.kode, saluran, source_key)] = body.group(row)
        else:
            assert row.form is not None
            saluran, source_key = row.form.saluran, row.form.record_key
        owner["k:" + objection_id(body.kode, saluran, source_key)] = body.group(row)
    values: dict[tuple[str, str, int], dict[str, Any]] = {}
    skipped: set[str] = set()
    for row in body.rows:
        group = body.group(row)
        if not scope[group] or group in skipped:
            continue
        try:
            if row.msg is not None:
                answer = body.answer_names.get(row.node)
                new = purged_message(row.msg, desk, key, names.get(group, []), answer)
            else:
                assert row.form is not None
                new = dict(purged_form(row.form, key))
        except Unpurgeable as exc:
            log.warning("retention: %s %s line %d kept: %s", body.kode, row.sha, row.baris, exc)
            skipped.add(group)
            continue
        values[(row.table, row.sha, row.baris)] = new
    now: dict[str, dict[str, Any]] | None = None
    for _ in range(MAX_ROUNDS):
        chosen = {k: v for k, v in values.items() if body.group(body.index[k]) not in skipped}
        purged = {
            (r.table, r.sha, r.baris)
            for r in body.rows
            if scope[body.group(r)] and body.group(r) not in skipped
        }
        if not any(_changes(body.index[k], v) for k, v in chosen.items()):
            return _Plan(chosen, purged, now)  # all purged already: nothing to check
        if now is None:
            now = _conformed(body.kode, body.messages, body.forms, body.sha_of, desk, key)
        messages, forms = _applied(body, chosen)
        after = _conformed(body.kode, messages, forms, body.sha_of, desk, key)
        differing = _differing(now, after)
        if not differing:
            return _Plan(chosen, purged, now)
        log.debug("retention: %s: records that would change: %s", body.kode, sorted(differing))
        blamed = {owner.get(k) for k in differing}
        if None in blamed or not blamed <= {body.group(body.index[k]) for k in chosen}:
            break  # a record outside the purged groups would change: purge none this time
        log.warning(
            "retention: %s: %d group(s) kept, their records would change once purged",
            body.kode,
            len(blamed),
        )
        skipped |= {b for b in blamed if b}
    log.warning("retention: %s: messages not purged, conformance would change", body.kode)
    return _Plan({}, set(), now)


def _changes(row: _Row, new: Mapping[str, Any]) -> bool:
    old = row.msg if row.msg is not None else row.form
    return any(new[c] != getattr(old, c) for c in new)


def _applied(
    body: _Body, values: Mapping[tuple[str, str, int], Mapping[str, Any]]
) -> tuple[list[tuple[str, Message]], list[tuple[str, FormRow]]]:
    """The body's messages and forms with the planned values in place."""
    messages = []
    for row in body.rows:
        if row.msg is None:
            continue
        new = values.get(("raw.pesan", row.sha, row.baris))
        messages.append((row.source, dataclasses.replace(row.msg, **new) if new else row.msg))
    forms = []
    shas = {(r.source, r.baris): r.sha for r in body.rows if r.form is not None}
    for source, form in body.forms:
        sha = shas.get((source, form.baris))
        new = values.get(("raw.formulir", sha, form.baris)) if sha else None
        forms.append((source, dataclasses.replace(form, **new) if new else form))
    return messages, forms


def _update(
    wh: Warehouse, table: str, kode: str, columns: Iterable[str], rows: list[dict[str, Any]]
) -> None:
    """Rewrite many rows of a body in one statement (one UPDATE per row takes seconds on
    DuckDB): the new values go to a temporary table keyed by file hash and line."""
    columns = list(columns)
    if not rows:
        return
    temp = "ppid_retensi_baris"
    wh.execute(f"DROP TABLE IF EXISTS {temp}")
    wh.execute(
        f"CREATE TEMPORARY TABLE {temp} (berkas_sha256 TEXT, baris INTEGER, "
        + ", ".join(f"{c} TEXT" for c in columns)
        + ")"
    )
    wh.insert_frame(temp, pd.DataFrame(rows, columns=["berkas_sha256", "baris", *columns]))
    wh.execute(
        f"UPDATE {table} AS t SET "
        + ", ".join(f"{c} = x.{c}" for c in columns)
        + f" FROM {temp} AS x WHERE t.kode_badan = ? AND t.berkas_sha256 = x.berkas_sha256"
        " AND t.baris = x.baris",
        [kode],
    )
    wh.execute(f"DROP TABLE {temp}")


def _write_values(
    wh: Warehouse, kode: str, body: _Body, plan: _Plan, counts: dict[tuple[str, int], int]
) -> None:
    """Rewrite the planned rows that differ from what they hold (a purged row stays)."""
    changed: dict[str, list[dict[str, Any]]] = {"raw.pesan": [], "raw.formulir": []}
    for (table, sha, baris), new in sorted(plan.rows.items()):
        row = body.index[(table, sha, baris)]
        old = row.msg if row.msg is not None else row.form
        columns = MESSAGE_COLUMNS if table == "raw.pesan" else FORM_COLUMNS
        if all(new[c] == getattr(old, c) for c in columns):
            continue
        changed[table].append({"berkas_sha256": sha, "baris": baris, **new})
        year = row.when.astimezone(WIB).year
        counts[(table, year)] = counts.get((table, year), 0) + 1
    _update(wh, "raw.pesan", kode, MESSAGE_COLUMNS, changed["raw.pesan"])
    _update(wh, "raw.formulir", kode, FORM_COLUMNS, changed["raw.formulir"])


# --- file names ---------------------------------------------------------------------------------


def neutral_path(path: str, sha256: str, rank: int | None = None) -> str:
    """`<kode>/<sumber>/<sha256>.<ext>` for a landing path; `rank` (`001-`…) keeps the order
    of files whose order conformance reads (overlapping exports: the first copy wins)."""
    parts = path.split("/")
    head = "/".join((parts + ["", ""])[:2])
    suffix = Path(parts[-1]).suffix
    ext = suffix.lower() if _SUFFIX.fullmatch(suffix) else ""
    return f"{head}/{'' if rank is None else f'{rank:03d}-'}{sha256}{ext}"


def plan_renames(
    wh: Warehouse, kode: str, before: datetime, years: set[int], purged: set[tuple[str, str, int]]
) -> dict[str, tuple[str, str, int]]:
    """Files whose rows are all purged → (old path, neutral path, year of the newest row),
    by file hash.

    Conformance orders rows by their file's path where files overlap (the same message or
    submission in two exports) or messages share a time: such files are renamed only
    together, numbered in their present order. A file with rows of another raw table (survey,
    disputes: no personal names), one whose path another file of the body shares, and a file
    that loaded no row (quarantined whole) until it was loaded longer than the period ago,
    keep their names."""
    from transforms.sources import RAW_TABLES

    files = wh.query(
        "SELECT berkas_sha256, berkas, dimuat_pada FROM raw.berkas WHERE kode_badan = ?", [kode]
    )
    paths: dict[str, int] = {}
    for _, path, _ in files:
        paths[path] = paths.get(path, 0) + 1
    pesan = wh.frame(
        "SELECT berkas_sha256, baris, saluran, message_key, dikirim_pada FROM raw.pesan"
        " WHERE kode_badan = ?",
        [kode],
    )
    formulir = wh.frame(
        "SELECT berkas_sha256, baris, saluran, record_key, jenis, diterima_pada FROM raw.formulir"
        " WHERE kode_badan = ?",
        [kode],
    )
    kept: set[str] = set()
    for rt in RAW_TABLES:
        if rt.table not in ("raw.pesan", "raw.formulir"):
            kept |= {
                r[0]
                for r in wh.query(
                    f"SELECT DISTINCT berkas_sha256 FROM {rt.table} WHERE kode_badan = ?", [kode]
                )
            }
    for sha, baris in zip(pesan["berkas_sha256"], pesan["baris"], strict=True):
        if ("raw.pesan", sha, int(baris)) not in purged:
            kept.add(sha)
    for r in formulir.to_dict("records"):
        if r["jenis"] == "keberatan":
            done = ("raw.formulir", r["berkas_sha256"], int(r["baris"])) in purged
        else:
            done = _in_scope(pd.Timestamp(r["diterima_pada"]).to_pydatetime(), before, years)
        if not done:
            kept.add(r["berkas_sha256"])
    links = UnionFind()
    for frame, columns in (
        (pesan, ["saluran", "message_key"]),
        (pesan, ["saluran", "dikirim_pada"]),
        (formulir, ["saluran", "record_key"]),
    ):
        for _, shas in frame.groupby(columns)["berkas_sha256"]:
            first, *rest = sorted(set(shas))
            for sha in rest:
                links.union(first, sha)
    with_rows = set(pesan["berkas_sha256"]) | set(formulir["berkas_sha256"])
    newest: dict[str, Any] = {}
    for frame, column in ((pesan, "dikirim_pada"), (formulir, "diterima_pada")):
        for sha, when in frame.groupby("berkas_sha256")[column].max().items():
            newest[sha] = max(when, newest.get(sha, when))
    components: dict[str, list[tuple[str, str]]] = {}
    for sha, path, loaded in files:
        components.setdefault(links.find(sha), []).append((path, sha))
        if paths[path] > 1 or (sha not in with_rows and loaded >= before):
            kept.add(sha)
    loaded_at = {sha: loaded for sha, _, loaded in files}
    plan: dict[str, tuple[str, str, int]] = {}
    for members in components.values():
        if any(sha in kept for _, sha in members):
            continue
        members.sort()
        for rank, (path, sha) in enumerate(members, start=1):
            new = neutral_path(path, sha, rank if len(members) > 1 else None)
            if new != path:
                year = pd.Timestamp(newest.get(sha, loaded_at[sha])).tz_convert(WIB).year
                plan[sha] = (path, new, year)
    return plan


def _renamed(body: _Body, plan: Mapping[str, tuple[str, str, int]]) -> _Body:
    """The body with the planned paths in place (for the conformance check)."""
    new_path = {old: new for old, new, _ in plan.values()}
    rows = [dataclasses.replace(r, source=new_path.get(r.source, r.source)) for r in body.rows]
    forms = [(new_path.get(p, p), f) for p, f in body.forms]
    sha_of = {new_path.get(p, p): sha for p, sha in body.sha_of.items()}
    return _Body(body.kode, rows, forms, sha_of)


def _write_renames(
    wh: Warehouse,
    kode: str,
    plan: Mapping[str, tuple[str, str, int]],
    counts: dict[tuple[str, int], int],
) -> None:
    """Rename each file in every raw table that holds its landing path; the officer-facing
    quarantine reasons that quote its name quote the new one."""
    if not plan:
        return
    temp = "ppid_retensi_berkas"
    wh.execute(f"DROP TABLE IF EXISTS {temp}")
    wh.execute(
        f"CREATE TEMPORARY TABLE {temp} (berkas_sha256 TEXT, berkas_lama TEXT, berkas TEXT,"
        " nama_lama TEXT, nama TEXT)"
    )
    rows = [
        (sha, old, new, old.rpartition("/")[2], new.rpartition("/")[2])
        for sha, (old, new, _) in sorted(plan.items())
    ]
    wh.insert_frame(
        temp,
        pd.DataFrame(rows, columns=["berkas_sha256", "berkas_lama", "berkas", "nama_lama", "nama"]),
    )
    for table in PATH_TABLES[:-1]:
        wh.execute(
            f"UPDATE {table} AS t SET berkas = x.berkas FROM {temp} AS x"
            " WHERE t.kode_badan = ? AND t.berkas_sha256 = x.berkas_sha256",
            [kode],
        )
    wh.execute(
        "UPDATE raw.karantina AS t SET berkas = x.berkas,"
        f" alasan = REPLACE(t.alasan, x.nama_lama, x.nama) FROM {temp} AS x"
        " WHERE t.kode_badan = ? AND (t.berkas_sha256 = x.berkas_sha256"
        " OR t.berkas = x.berkas_lama)",
        [kode],
    )
    wh.execute(f"DROP TABLE {temp}")
    for _, _, year in plan.values():
        counts[("raw.berkas", year)] = counts.get(("raw.berkas", year), 0) + 1


# --- a body, all bodies -------------------------------------------------------------------------


def _purge_forms(
    wh: Warehouse,
    kode: str,
    key: bytes,
    before: datetime,
    years: set[int],
    counts: dict[tuple[str, int], int],
) -> None:
    """Guestbook and web-form requests and visits, row by row (objections go with messages)."""
    frame = wh.frame(
        "SELECT * FROM raw.formulir WHERE kode_badan = ? AND diterima_pada < ?"
        " AND jenis <> 'keberatan' ORDER BY berkas_sha256, baris",
        [kode, before],
    )
    changed = []
    for record in frame.to_dict("records"):
        row = form_row_from_record(record)
        year = row.diterima_pada.astimezone(WIB).year
        if year not in years:
            continue
        values = purged_form(row, key)
        if all(values[c] == getattr(row, c) for c in FORM_COLUMNS):
            continue  # already purged
        changed.append({"berkas_sha256": record["berkas_sha256"], "baris": row.baris, **values})
        counts[("raw.formulir", year)] = counts.get(("raw.formulir", year), 0) + 1
    _update(wh, "raw.formulir", kode, FORM_COLUMNS, changed)


def purge_body(
    wh: Warehouse,
    kode: str,
    key: bytes,
    before: datetime,
    years: set[int],
    desk: Desk | None,
) -> list[Purged]:
    """Purge one body's raw rows received before `before` in a final year (see the module).

    Without the body's desk identities (bodies.csv) its messages cannot be told from the
    desk's, so only its guestbook and web-form requests and visits are purged."""
    counts: dict[tuple[str, int], int] = {}
    _purge_forms(wh, kode, key, before, years, counts)
    if desk is None:
        log.warning("retention: %s is not in bodies.csv: messages and objections kept", kode)
    else:
        body = _load(wh, kode)
        plan = plan_messages(body, desk, key, before, years)
        _write_values(wh, kode, body, plan, counts)
        renames = plan_renames(wh, kode, before, years, plan.purged)
        if renames:
            now = _load(wh, kode)
            renamed = _renamed(now, renames)
            a = plan.records or _conformed(kode, now.messages, now.forms, now.sha_of, desk, key)
            b = _conformed(kode, renamed.messages, renamed.forms, renamed.sha_of, desk, key)
            if a == b:
                _write_renames(wh, kode, renames, counts)
            else:
                log.warning("retention: %s: files kept their names, lineage would change", kode)
    kolom = {
        "raw.formulir": ",".join(FORM_COLUMNS),
        "raw.pesan": ",".join(MESSAGE_COLUMNS),
        "raw.berkas": "berkas",
    }
    purged = [Purged(kode, t, y, n, kolom[t]) for (t, y), n in sorted(counts.items())]
    return purged + _purge_excerpts(wh, kode, before)


def _purge_excerpts(wh: Warehouse, kode: str, before: datetime) -> list[Purged]:
    """Excerpts of rejected rows (`raw.karantina.cuplikan`) help the desk fix a file for a
    while; one quarantined longer than the period is dropped (it never counts in a figure)."""
    rows = wh.query(
        "SELECT dicatat_pada FROM raw.karantina"
        " WHERE kode_badan = ? AND dicatat_pada < ? AND cuplikan IS NOT NULL",
        [kode, before],
    )
    if not rows:
        return []
    wh.execute(
        "UPDATE raw.karantina SET cuplikan = NULL"
        " WHERE kode_badan = ? AND dicatat_pada < ? AND cuplikan IS NOT NULL",
        [kode, before],
    )
    counts: dict[int, int] = {}
    for (when,) in rows:
        year = when.astimezone(WIB).year
        counts[year] = counts.get(year, 0) + 1
    return [Purged(kode, "raw.karantina", y, n, "cuplikan") for y, n in sorted(counts.items())]


def purge(
    wh: Warehouse,
    key: bytes,
    now: datetime,
    months: int,
    run_id: str,
    desks: Mapping[str, Desk] | None = None,
) -> list[Purged]:
    """Purge every body (one transaction each, under the body's refresh lock) and record it.
    `desks`: each body's own identities (bodies.csv), to tell its messages from requesters'."""
    before = months_before(now.astimezone(WIB), months)
    years = final_years(wh)
    bodies = [
        r[0]
        for r in wh.query(
            "SELECT kode_badan FROM raw.formulir UNION SELECT kode_badan FROM raw.pesan"
            " UNION SELECT kode_badan FROM raw.berkas UNION SELECT kode_badan FROM raw.karantina"
        )
    ]
    done: list[Purged] = []
    for kode in sorted(bodies):
        with wh.transaction(lock=f"ppid:body:{kode}"):
            purged = purge_body(wh, kode, key, before, years, (desks or {}).get(kode))
            for p in purged:
                _record(wh, p, run_id, before, months)
        done += purged
    log.info(
        "retention: %d rows purged, %d files renamed before %s (final years %s)",
        sum(p.baris for p in done if p.tabel != "raw.berkas"),
        sum(p.baris for p in done if p.tabel == "raw.berkas"),
        before.isoformat(),
        sorted(years),
    )
    return done


def _record(wh: Warehouse, p: Purged, run_id: str, before: datetime, months: int) -> None:
    wh.execute(
        "INSERT INTO raw.retensi (run_id, kode_badan, tabel, tahun, baris, kolom, batas_waktu,"
        " retensi_bulan, dipurge_pada) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            run_id,
            p.kode_badan,
            p.tabel,
            p.tahun,
            p.baris,
            p.kolom,
            before,
            months,
            datetime.now(UTC),
        ],
    )


def load_desks(landing_root: Path) -> dict[str, Desk]:
    """Each body's desk identities from the landing zone's bodies.csv."""
    from transforms.parsers.bodies import load_bodies

    return {b.kode: b.desk() for b in load_bodies(Path(landing_root) / "bodies.csv")}


def run(
    url: str, key: bytes, now: datetime, months: int, run_id: str, landing_root: Path
) -> dict[str, Any]:
    """The DAG task: migrate, purge, and return a summary for the task log."""
    from transforms.migrate import migrate
    from transforms.warehouse import connect

    desks = load_desks(landing_root)
    with connect(url) as wh:
        migrate(wh)
        purged = purge(wh, key, now, months, run_id, desks)
    return {
        "batas_waktu": months_before(now.astimezone(WIB), months).isoformat(),
        "baris": sum(p.baris for p in purged if p.tabel != "raw.berkas"),
        "berkas_diganti_nama": sum(p.baris for p in purged if p.tabel == "raw.berkas"),
        "per_tabel": {f"{p.kode_badan}/{p.tabel}/{p.tahun}": p.baris for p in purged},
    }
