"""Turn a body's e-mail or WhatsApp messages into requests with their decisions.

A request lives in a thread (an e-mail conversation or a chat): the requester's form opens it,
the desk's written notice decides it, an extension notice flags it and a later "informasi telah
disampaikan" (or an attachment) dates its delivery. Overlapping exports repeat messages, so
messages are de-duplicated by key first. Requesters are reduced to a keyed pseudonym here: no
name, phone number or e-mail address leaves this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from transforms.conform.keberatan import is_atasan_answer, is_objection_message
from transforms.forms import RequestForm, extract_form, parse_notice, parse_request_form
from transforms.models import GRANTED_FULL, GRANTED_PART, Desk, Message, Request, request_id
from transforms.parsers.email import GMAIL_THREAD, normalise_subject
from transforms.pseudonym import (
    identity_pseudonym,
    marked_pseudonym,
    marked_sender,
    marked_subject,
    normalise_contact,
    redact,
)

WIB = ZoneInfo("Asia/Pontianak")

_REPLY_SUBJECT = re.compile(r"^\s*(?:re|fw|fwd|bls|balas|tr|aw)\s*:", re.I)
_REQUEST_SUBJECT = re.compile(r"permohonan\s+informasi", re.I)


@dataclass
class _Open:
    request: Request
    decided_order: int = -1  # order in which the decision arrived, for "most recent"


def _wib_date(msg: Message) -> date:
    return msg.dikirim_pada.astimezone(WIB).date()


class UnionFind:
    """Disjoint sets of message keys: the links that make a thread (also used by retention)."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def subject_key(subject: str | None) -> str:
    """The thread fallback key: the normalised subject, or the mark a subject purged by the
    retention keeps in its place (transforms/retention.py)."""
    return marked_subject(subject) or normalise_subject(subject)


def email_threads(
    messages: list[tuple[str, Message]],
    desk: Desk,
    copies: list[tuple[str, Message]] | None = None,
) -> dict[str, str]:
    """message_key → thread id: header links (Message-ID / In-Reply-To / References) first,
    then Gmail's conversation id (X-GM-THRID, kept as the thread hint), then subject (+ the
    requester) for mail that has neither. `copies` holds every copy of each message
    (overlapping exports): a link or a Gmail id found on any copy counts."""
    uf = UnionFind()
    linked: set[str] = set()
    for _, msg in copies or messages:
        uf.find(msg.message_key)
        refs = [ref for ref in [msg.in_reply_to, *(msg.referensi or "").split()] if ref]
        for ref in refs:
            uf.union(msg.message_key, ref)
        gmail = msg.thread_hint.startswith(GMAIL_THREAD)
        if gmail:
            uf.union(msg.message_key, msg.thread_hint)
        if refs or gmail:
            linked.add(msg.message_key)
    by_subject_sender: dict[tuple[str, str], str] = {}
    last_by_subject: dict[str, str] = {}
    for _, msg in messages:  # already in time order
        subject = subject_key(msg.subjek)
        has_links = msg.message_key in linked
        if desk.is_desk(msg.pengirim):
            if not has_links and subject in last_by_subject:
                uf.union(msg.message_key, last_by_subject[subject])
            continue
        key = (subject, msg.pengirim.lower())
        if not has_links and key in by_subject_sender and subject:
            uf.union(msg.message_key, by_subject_sender[key])
        by_subject_sender.setdefault(key, msg.message_key)
        if subject:
            last_by_subject[subject] = msg.message_key
    return {msg.message_key: uf.find(msg.message_key) for _, msg in messages}


def _request_form(msg: Message) -> RequestForm | None:
    """The form of a requester message that opens a request, else None."""
    form = parse_request_form(msg.teks)
    if form is not None:
        return form
    is_new_mail = not (msg.in_reply_to or msg.referensi or _REPLY_SUBJECT.match(msg.subjek or ""))
    if msg.saluran == "email" and is_new_mail and _REQUEST_SUBJECT.search(msg.subjek or ""):
        return extract_form(msg.teks)
    return None


def _contact(text: str | None) -> str | None:
    """A contact; a field purged by the retention stands for the contact it replaced when it
    holds `[pemohon:<id>]`, and for none when it holds `[pengirim:<id>]` (a display name)."""
    if marked_pseudonym(text):
        return (text or "").strip()
    return None if marked_sender(text) else normalise_contact(text)


def requester_identity(form: RequestForm, msg: Message, known: dict[str, str]) -> str | None:
    """Contact in the form, else the sender's own address/number, else what this sender gave
    earlier in the thread (a saved WhatsApp contact shows a name), else the name. Turn it into
    the pseudonym with `identity_pseudonym` (a purged message carries marks instead)."""
    contact = _contact(form.kontak) or _contact(msg.pengirim)
    if contact:
        known.setdefault(msg.pengirim, contact)
        return contact
    return known.get(msg.pengirim) or (form.nama or msg.pengirim or "").strip().lower() or None


def _open_request(
    kode_badan: str, source: str, msg: Message, form: RequestForm, identity: str | None, key: bytes
) -> Request:
    names = [n for n in (form.nama, msg.pengirim) if n and not normalise_contact(n)]
    missing = sorted(form.missing)
    return Request(
        permohonan_id=request_id(kode_badan, msg.saluran, msg.message_key),
        kode_badan=kode_badan,
        saluran=msg.saluran,
        diterima_pada=msg.dikirim_pada,
        sumber_berkas=source,
        sumber_baris=msg.baris,
        pemohon_id=identity_pseudonym(identity, key),
        rincian_informasi=redact(form.rincian, names),
        tujuan_penggunaan=redact(form.tujuan, names),
        cara_memperoleh=redact(form.cara_memperoleh, names),
        lengkap=not missing,
        kekurangan=",".join(missing) or None,
    )


def _process_thread(
    kode_badan: str, thread: list[tuple[str, Message]], desk: Desk, key: bytes
) -> list[Request]:
    requests: list[_Open] = []
    known: dict[str, str] = {}
    decisions = 0
    for source, msg in thread:
        if not desk.is_desk(msg.pengirim):
            # an objection (Formulir Keberatan) is no new request: transforms.conform.keberatan
            form = None if is_objection_message(msg) else _request_form(msg)
            if form is not None:
                identity = requester_identity(form, msg, known)
                requests.append(_Open(_open_request(kode_badan, source, msg, form, identity, key)))
            continue
        if is_atasan_answer(msg.teks):
            continue  # the atasan PPID answers an objection, not the request
        notice = parse_notice(msg.teks)
        when = msg.dikirim_pada
        open_ = [
            r for r in requests if r.request.keputusan is None and r.request.diterima_pada <= when
        ]
        nomor = notice.nomor_pendaftaran if notice else None
        # The notice is about the open request with its number, else the earliest open one.
        target = next((r for r in open_ if nomor and r.request.nomor_pendaftaran == nomor), None)
        if target is None and open_:
            target = open_[0]
            if nomor and not (notice and notice.keputusan):
                # an acknowledgement: number the earliest open request that has none yet
                target = next((r for r in open_ if r.request.nomor_pendaftaran is None), None)
        if target and nomor and target.request.nomor_pendaftaran is None:
            target.request.nomor_pendaftaran = nomor
        if notice and notice.perpanjangan and target:
            target.request.perpanjangan = True
        decided_now = None
        if notice and notice.keputusan and target:
            decided_now = target
            target.request.keputusan = notice.keputusan
            target.request.alasan_penolakan = notice.alasan
            target.request.tanggal_keputusan = _wib_date(msg)
            target.decided_order = decisions
            decisions += 1
        delivered = bool(notice and notice.disampaikan) or (msg.lampiran > 0 and not decided_now)
        if delivered:
            # Only granted requests get information delivered; refusals end at the decision.
            candidates = [
                r
                for r in requests
                if r.request.keputusan in (GRANTED_FULL, GRANTED_PART)
                and r.request.tanggal_pemberian is None
            ]
            if candidates:
                latest = max(candidates, key=lambda r: r.decided_order)
                latest.request.tanggal_pemberian = _wib_date(msg)
    for r in requests:
        if r.request.keputusan and r.request.tanggal_pemberian is None:
            r.request.tanggal_pemberian = r.request.tanggal_keputusan
    return [r.request for r in requests]


def conform_messages(
    kode_badan: str, messages: Iterable[tuple[str, Message]], desk: Desk, key: bytes
) -> list[Request]:
    """All requests found in one body's messages of one channel (all files together).

    `messages` pairs each message with its source file path relative to the landing root.
    """
    ordered = sorted(messages, key=lambda fm: (fm[1].dikirim_pada, fm[0], fm[1].baris))
    unique: list[tuple[str, Message]] = []
    seen: set[tuple[str, str]] = set()
    for source, msg in ordered:
        ident = (msg.saluran, msg.message_key)
        if ident not in seen:
            seen.add(ident)
            unique.append((source, msg))

    emails = [fm for fm in unique if fm[1].saluran == "email"]
    copies = [fm for fm in ordered if fm[1].saluran == "email"]
    thread_of = email_threads(emails, desk, copies) if emails else {}
    threads: dict[tuple[str, str], list[tuple[str, Message]]] = {}
    for source, msg in unique:
        tid = thread_of[msg.message_key] if msg.saluran == "email" else msg.thread_hint
        threads.setdefault((msg.saluran, tid), []).append((source, msg))

    requests: list[Request] = []
    for thread in threads.values():
        requests.extend(_process_thread(kode_badan, thread, desk, key))
    return sorted(requests, key=lambda r: (r.diterima_pada, r.permohonan_id))
