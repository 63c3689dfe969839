"""Objections (keberatan, UU KIP Pasal 35-36) of one body: read, linked, checked, answered.

An objection arrives as a web form (raw.formulir, jenis 'keberatan') or as a requester's
message carrying the Formulir Keberatan (raw.pesan: an "Alasan keberatan" field, or an e-mail
whose subject says "Keberatan"). The atasan PPID answers with a desk message
`Tanggapan Atasan PPID: ...`, matched to the objection by nomor registrasi keberatan, by the
request's Nomor Pendaftaran, or by the thread. Each objection is linked to its request by the
Nomor Pendaftaran and checked against the Pasal 36 deadlines in working days: filed within 30
working days after the ground arose, answered within 30 working days after receipt. The
objector is reduced to the same keyed pseudonym as requesters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from transforms.forms import extract_form
from transforms.models import Desk, FormRow, Message, request_id
from transforms.parsers.buku_tamu import BadDate, parse_date_text
from transforms.pseudonym import identity_pseudonym, normalise_contact, redact

WIB = ZoneInfo("Asia/Pontianak")
GROUNDS = "abcdefg"  # UU KIP Pasal 35 ayat (1) huruf a-g
FILING_DAYS = 30  # Pasal 36 ayat (1)
ANSWER_DAYS = 30  # Pasal 36 ayat (2)

# hasil codes (core.keberatan.hasil)
UPHELD, REJECTED = "dikabulkan", "ditolak"
ANSWERED_OTHER = "ditanggapi_lain"  # answered, but the decision is not stated clearly
OPEN, OVERDUE = "belum_ditanggapi", "lewat_waktu"
OUTCOMES = (UPHELD, REJECTED, ANSWERED_OTHER, OPEN, OVERDUE)

# --- numbers ----------------------------------------------------------------------------------


def normalise_nomor(text: Any) -> str | None:
    """`045 / ppid-Diskopukm / III / 2023.` -> `45/PPID-DISKOPUKM/III/2023`: no spaces, upper
    case, no leading zeros in numeric parts, no trailing punctuation, so typed variants meet."""
    if not isinstance(text, str) or not text.strip():
        return None  # also NaN from a warehouse frame
    s = re.sub(r"\s+", "", text).upper().strip(".,;:")
    parts = [p.lstrip("0") or "0" if p.isdigit() else p for p in s.split("/")]
    return "/".join(parts) or None


_NOMOR_PENDAFTARAN = re.compile(
    r"(?:nomor|no\.?|nomer)\s*(?:pendaftaran|registrasi|reg\b\.?)(?:\s+permohonan)?(?:\s+informasi)?"
    r"(?!\s*keberatan)\s*[:=]?\s*(?P<value>[A-Za-z0-9](?:[\w.\-]|\s*/\s*)*[\w])",
    re.I,
)
_NOMOR_KEBERATAN = re.compile(
    r"(?:nomor|no\.?|nomer)\s*(?:registrasi|reg\b\.?|register)?\s*keberatan\s*[:=]?\s*"
    r"(?P<value>[A-Za-z0-9](?:[\w.\-]|\s*/\s*)*[\w])",
    re.I,
)


def _nomor(regex: re.Pattern[str], text: str) -> str | None:
    m = regex.search(text or "")
    return m.group("value").strip() if m else None


# --- grounds (Pasal 35 ayat (1)) --------------------------------------------------------------

# Articles other than Pasal 35 carry letters too ("ditolak berdasarkan Pasal 17 huruf b"):
# drop them before reading the objection's own letters.
_OTHER_ARTICLE = re.compile(
    r"pasal\s*(?!35\b)\d+\s*(?:ayat\s*\(?\d+\)?\s*)?(?:huruf\s*\(?[a-z]\)?"
    r"(?:\s*(?:,|dan/atau|dan|atau|&)\s*\(?[a-z]\)?\b)*)?",
    re.I,
)
_LETTERS_AFTER_HURUF = re.compile(
    r"huruf\s*\(?([a-g])\)?((?:\s*(?:,|dan/atau|dan|atau|&|/|serta)\s*\(?[a-g]\)?(?![\w]))*)",
    re.I,
)
_BULLET_LETTER = re.compile(r"^[\s\-*•]*\(?([a-g])[.)]\s+\S", re.I | re.M)
_GROUND_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("d", re.compile(r"ditanggapi\s+tidak\s+sebagaimana|tidak\s+sesuai\s+(?:dengan\s+)?"
                     r"(?:yang\s+|apa\s+yang\s+)?(?:di)?minta|tidak\s+sebagaimana\s+yang\s+"
                     r"diminta", re.I)),
    ("c", re.compile(r"tidak\s+(?:di)?tanggapi(?:nya)?(?!\s+sebagaimana)|belum\s+ditanggapi|"
                     r"tidak\s+(?:ada\s+)?(?:tanggapan|jawaban|respon)|tidak\s+dijawab|"
                     r"tidak\s+direspons?|belum\s+ada\s+(?:jawaban|tanggapan)", re.I)),
    ("a", re.compile(r"penolakan|\bditolak\b|pengecualian|dikecualikan", re.I)),
    ("b", re.compile(r"informasi\s+berkala|tidak\s+disediakan(?:nya)?", re.I)),
    ("e", re.compile(r"tidak\s+dipenuhi(?:nya)?", re.I)),
    ("f", re.compile(r"biaya|pungutan|tarif", re.I)),
    ("g", re.compile(r"melebihi\s+(?:jangka\s+)?waktu|melewati\s+(?:jangka\s+)?waktu|"
                     r"terlambat|lewat\s+(?:jangka\s+)?waktu", re.I)),
)  # fmt: skip


def parse_grounds(text: str | None) -> tuple[str, ...]:
    """Pasal 35 ayat (1) letters named in the objection, sorted: `huruf a dan c`, `a.` bullets,
    `Pasal 35 ayat (1) huruf c`; only when no letter is named, the grounds' own words
    ("tidak ditanggapi" -> c)."""
    if not text:
        return ()
    s = _OTHER_ARTICLE.sub(" ", text)
    letters: set[str] = set()
    for m in _LETTERS_AFTER_HURUF.finditer(s):
        letters.add(m.group(1).lower())
        letters.update(x.lower() for x in re.findall(r"\b([a-g])\b", m.group(2), re.I))
    letters.update(m.group(1).lower() for m in _BULLET_LETTER.finditer(s))
    if not letters:
        letters = {g for g, regex in _GROUND_WORDS if regex.search(s)}
    return tuple(sorted(letters))


# --- the objection form and the atasan's answer -----------------------------------------------

_ALASAN_LABEL = re.compile(
    r"^[ \t]*(?:[-*•]\s*)?alasan\s+(?:pengajuan\s+)?keberatan\b", re.I | re.M
)
_SUBJECT = re.compile(r"\bkeberatan\b", re.I)
_REPLY = re.compile(r"^\s*(?:re|fw|fwd|bls|balas|tr|aw)\s*:", re.I)
_ATASAN = re.compile(r"tanggapan\s+atasan(?:\s+ppid)?", re.I)
_FIELD = re.compile(
    r"^[ \t]*(?:[-*•]\s*)?(?P<label>alasan\s+(?:pengajuan\s+)?keberatan|kasus\s+posisi|"
    r"tanggapan\s+atasan(?:\s+ppid)?|tanggal\s+tanggapan|hari\s*/?\s*tanggal(?:\s+tanggapan)?|"
    r"nama|alamat|pekerjaan|nik|nomor\s+\w+(?:\s+\w+)?|no\.?\s*\w+(?:\s+\w+)?)"
    r"[ \t]*[:=][ \t]*(?P<value>.*)$",
    re.I,
)


def _fields(text: str) -> dict[str, str]:
    """`Label: value` lines (a value runs on over the next lines until a blank line or another
    label); the first occurrence of a label wins. Keys are lower-case, single-spaced labels."""
    out: dict[str, list[str]] = {}
    current: str | None = None
    for line in (text or "").replace("\r\n", "\n").split("\n"):
        m = _FIELD.match(line)
        if m:
            label = " ".join(m.group("label").lower().split())
            current = None if label in out else label
            if current:
                out[current] = [m.group("value").strip()]
            continue
        if not line.strip() or line.lstrip().startswith(">"):
            current = None
        elif current:
            out[current].append(line.strip())
    return {k: "\n".join(v).strip() for k, v in out.items() if "\n".join(v).strip()}


def _field(fields: dict[str, str], prefix: str) -> str | None:
    return next((v for k, v in fields.items() if k.startswith(prefix)), None)


def is_objection_message(msg: Message) -> bool:
    """A requester message carrying the Formulir Keberatan (an "Alasan keberatan" field), or a
    new e-mail whose subject says "Keberatan". Request conformance skips these."""
    if _ALASAN_LABEL.search(msg.teks or ""):
        return True
    subject = msg.subjek or ""
    new_mail = not (msg.in_reply_to or msg.referensi or _REPLY.match(subject))
    return msg.saluran == "email" and new_mail and bool(_SUBJECT.search(subject))


def is_atasan_answer(text: str | None) -> bool:
    """A desk message from the atasan PPID about an objection (not a notice on a request)."""
    return bool(_ATASAN.search(text or ""))


_UPHELD_WORDS = re.compile(
    r"keberatan\s+(?:\w+\s+){0,3}?(?:diterima|dikabulkan)|mengabulkan|menerima\s+keberatan|"
    r"membatalkan\s+keputusan|(?:memerintahkan|diperintahkan)\s+(?:\w+\s+){0,3}?memberikan",
    re.I,
)
_REJECTED_WORDS = re.compile(
    r"tidak\s+(?:dapat\s+)?(?:diterima|dikabulkan)|"
    r"keberatan\s+(?:\w+\s+){0,3}?ditolak|menolak\s+keberatan|menguatkan\s+keputusan|"
    r"mempertahankan\s+keputusan",
    re.I,
)
_PENDING = re.compile(r"(?:akan|sedang)\s+(?:di)?(?:proses|tindaklanjuti|pelajari)", re.I)
_EXECUTED = re.compile(
    r"(?:telah|sudah)\s+(?:kami\s+)?(?:dilaksanakan|laksanakan|diberikan|berikan|disampaikan|"
    r"sampaikan|dikirim(?:kan)?|kirim(?:kan)?)",
    re.I,
)


def answer_decision(text: str | None) -> str | None:
    """`dikabulkan` (the objection is upheld, fully or in part), `ditolak`, or None."""
    if not text or _PENDING.search(text):
        return None
    if _REJECTED_WORDS.search(text):
        return REJECTED
    if _UPHELD_WORDS.search(text):
        return UPHELD
    low = text.lower()
    if re.search(r"\b(?:ditolak|menolak)\b", low):
        return REJECTED
    if re.search(r"\b(?:dikabulkan|diterima)\b", low):
        return UPHELD
    return None


@dataclass(frozen=True)
class AtasanAnswer:
    """What one atasan PPID message says: the answer (and/or that it was carried out)."""

    nomor_pendaftaran: str | None
    nomor_registrasi: str | None
    tanggapan: str | None  # the answer's words (None: only an execution note)
    keputusan: str | None  # UPHELD | REJECTED | None
    tanggal: date | None  # stated in the text; else the message date applies
    dilaksanakan: bool


def parse_atasan_answer(text: str) -> AtasanAnswer | None:
    if not is_atasan_answer(text):
        return None
    fields = _fields(text)
    tanggapan = _field(fields, "tanggapan atasan")
    stated = _field(fields, "tanggal tanggapan") or _field(fields, "hari")
    when = None
    if stated:
        try:
            parsed = parse_date_text(stated)
            when = parsed[0] if parsed else None
        except BadDate:
            when = None
    decision = answer_decision(tanggapan)
    executed = bool(_EXECUTED.search(text)) and decision != REJECTED
    if tanggapan is None and not executed:
        return None
    return AtasanAnswer(
        nomor_pendaftaran=_nomor(_NOMOR_PENDAFTARAN, text),
        nomor_registrasi=_nomor(_NOMOR_KEBERATAN, text),
        tanggapan=tanggapan,
        keputusan=decision,
        tanggal=when,
        dilaksanakan=executed,
    )


# --- conformance --------------------------------------------------------------------------------


@dataclass
class Objection:
    """One objection, conformed (core.keberatan before linking and deadline columns)."""

    keberatan_id: str
    kode_badan: str
    saluran: str
    diterima_pada: datetime
    sumber_berkas: str
    sumber_baris: int
    pemohon_id: str | None
    nomor_registrasi: str | None
    nomor_pendaftaran: str | None  # normalised
    alasan: tuple[str, ...]
    kasus_posisi: str | None
    thread: tuple[str, str] | None = None  # (saluran, thread id) for messages
    names: list[str] = field(default_factory=list)  # the objector's names, to mask (not stored)
    tanggapan: str | None = None
    tanggal_tanggapan: date | None = None
    keputusan_atasan: str | None = None
    dilaksanakan: bool = False
    tanggal_pelaksanaan: date | None = None
    answered_by: tuple[str, str] | None = None  # (saluran, message_key) of the answer (not stored)


def objection_id(kode_badan: str, saluran: str, source_key: str) -> str:
    """Stable id: the same submission or message gives the same id in every delivery."""
    return request_id(kode_badan, saluran, "keberatan\x1f" + source_key)


def _from_form(kode_badan: str, path: str, row: FormRow, key: bytes) -> Objection:
    from transforms.conform.forms_rows import requester_pseudonym

    return Objection(
        keberatan_id=objection_id(kode_badan, row.saluran, row.record_key),
        kode_badan=kode_badan,
        saluran=row.saluran,
        diterima_pada=row.diterima_pada,
        sumber_berkas=path,
        sumber_baris=row.baris,
        pemohon_id=requester_pseudonym(row, key),
        nomor_registrasi=None,
        nomor_pendaftaran=normalise_nomor(row.nomor_pendaftaran),
        alasan=parse_grounds(row.alasan_teks),
        kasus_posisi=redact(row.keperluan, [row.nama]),
        names=[n for n in (row.nama,) if n],
    )


def _from_message(
    kode_badan: str, path: str, msg: Message, thread: str, known: dict[str, str], key: bytes
) -> Objection:
    from transforms.conform.threads import requester_identity

    form = extract_form(msg.teks)
    fields = _fields(msg.teks)
    names = [n for n in (form.nama, msg.pengirim) if n and not normalise_contact(n)]
    grounds_text = _field(fields, "alasan") or msg.teks
    return Objection(
        keberatan_id=objection_id(kode_badan, msg.saluran, msg.message_key),
        kode_badan=kode_badan,
        saluran=msg.saluran,
        diterima_pada=msg.dikirim_pada,
        sumber_berkas=path,
        sumber_baris=msg.baris,
        pemohon_id=identity_pseudonym(requester_identity(form, msg, known), key),
        nomor_registrasi=_nomor(_NOMOR_KEBERATAN, msg.teks),
        nomor_pendaftaran=normalise_nomor(
            _nomor(_NOMOR_PENDAFTARAN, msg.teks)
            or _nomor(_NOMOR_PENDAFTARAN, msg.subjek or "")
            or _subject_number(msg.subjek)
        ),
        alasan=parse_grounds(grounds_text),
        kasus_posisi=redact(_field(fields, "kasus posisi"), names),
        thread=(msg.saluran, thread),
        names=names,
    )


def _subject_number(subject: str | None) -> str | None:
    """`Keberatan - Nomor 045/PPID-X/III/2023` names the request in the subject only."""
    m = re.search(r"(?:nomor|no\.?)\s*[:.]?\s*(\d+\s*/\s*[\w.\-/ ]*\w)", subject or "", re.I)
    return m.group(1) if m else None


def unique_messages(messages: Iterable[tuple[str, Message]]) -> list[tuple[str, Message]]:
    """As conformance de-duplicates: the first copy of each message in time, file and line."""
    ordered = sorted(messages, key=lambda fm: (fm[1].dikirim_pada, fm[0], fm[1].baris))
    seen: set[tuple[str, str]] = set()
    out = []
    for source, msg in ordered:
        if (msg.saluran, msg.message_key) not in seen:
            seen.add((msg.saluran, msg.message_key))
            out.append((source, msg))
    return out


def conform_objections(
    kode_badan: str,
    forms: Iterable[tuple[str, FormRow]],
    messages: Iterable[tuple[str, Message]],
    desk: Desk,
    key: bytes,
) -> list[Objection]:
    """Every objection of one body with the atasan's answer attached (no request linking yet)."""
    from transforms.conform.threads import email_threads

    objections: dict[str, Objection] = {}
    for path, row in sorted(forms, key=lambda item: (item[0], item[1].baris)):
        if row.jenis == "keberatan":
            obj = _from_form(kode_badan, path, row, key)
            objections.setdefault(obj.keberatan_id, obj)
            if row.keputusan_teks and row.tanggal_keputusan:  # a site that records the answer
                obj.tanggapan = redact(row.keputusan_teks, obj.names)
                obj.keputusan_atasan = answer_decision(row.keputusan_teks)
                obj.tanggal_tanggapan = row.tanggal_keputusan

    unique = unique_messages(messages)
    emails = [fm for fm in unique if fm[1].saluran == "email"]
    thread_of = email_threads(emails, desk) if emails else {}
    known: dict[str, str] = {}
    answers: list[tuple[Message, tuple[str, str], AtasanAnswer]] = []
    for path, msg in unique:
        tid = thread_of.get(msg.message_key, msg.thread_hint)
        thread = (msg.saluran, tid if msg.saluran == "email" else msg.thread_hint)
        if desk.is_desk(msg.pengirim, msg.saluran):
            answer = parse_atasan_answer(msg.teks)
            if answer:
                answers.append((msg, thread, answer))
        elif is_objection_message(msg):
            obj = _from_message(kode_badan, path, msg, thread[1], known, key)
            objections.setdefault(obj.keberatan_id, obj)

    ordered = sorted(objections.values(), key=lambda o: (o.diterima_pada, o.keberatan_id))
    for msg, thread, answer in answers:
        _attach(ordered, msg, thread, answer)
    return ordered


def _attach(
    objections: list[Objection], msg: Message, thread: tuple[str, str], answer: AtasanAnswer
) -> None:
    """Give the answer to its objection: by nomor registrasi keberatan, else by the request's
    number, else the earliest unanswered objection of the same thread."""
    when = msg.dikirim_pada
    day = answer.tanggal or when.astimezone(WIB).date()
    earlier = [o for o in objections if o.diterima_pada <= when]
    reg = normalise_nomor(answer.nomor_registrasi)
    nomor = normalise_nomor(answer.nomor_pendaftaran)
    pool = [o for o in earlier if reg and normalise_nomor(o.nomor_registrasi) == reg]
    pool = pool or [o for o in earlier if nomor and o.nomor_pendaftaran == nomor]
    pool = pool or [o for o in earlier if o.thread == thread]
    if answer.tanggapan is not None:
        target = next((o for o in pool if o.tanggal_tanggapan is None), None)
        if target is None:
            return  # a repeated answer: the first one counts
        target.tanggapan = redact(answer.tanggapan, target.names)
        target.answered_by = (msg.saluran, msg.message_key)
        target.tanggal_tanggapan = day
        target.keputusan_atasan = answer.keputusan
    else:  # an execution note about an answered objection
        target = next((o for o in reversed(pool) if o.tanggal_tanggapan is not None), None)
        if target is None:
            return
    if answer.dilaksanakan and target.keputusan_atasan == UPHELD and not target.dilaksanakan:
        target.dilaksanakan = True
        target.tanggal_pelaksanaan = day


# --- linking, deadlines, core rows -------------------------------------------------------------

CORE_COLUMNS = [
    "keberatan_id",
    "kode_badan",
    "saluran",
    "diterima_pada",
    "tanggal_diterima",
    "tahun",
    "bulan",
    "pemohon_id",
    "nomor_registrasi",
    "nomor_pendaftaran",
    "permohonan_id",
    "permohonan_ditemukan",
    "alasan",
    *[f"alasan_{g}" for g in GROUNDS],
    "kasus_posisi",
    "tanggal_dasar",
    "batas_pengajuan",
    "hari_kerja_pengajuan",
    "pengajuan_tepat_waktu",
    "batas_tanggapan",
    "tanggapan",
    "tanggal_tanggapan",
    "hari_kerja_tanggapan",
    "keputusan_atasan",
    "hasil",
    "tanggapan_terlambat",
    "dilaksanakan",
    "tanggal_pelaksanaan",
    "status_per",
    "sumber_berkas",
    "sumber_baris",
]


def as_date(value: Any) -> date | None:
    """A date from a warehouse frame cell (date, Timestamp, NaT, None)."""
    if value is None or value is pd.NaT or (not isinstance(value, date) and pd.isna(value)):
        return None
    return value.date() if isinstance(value, datetime) else value


def ground_arose(request: dict[str, Any]) -> date | None:
    """When the ground for objecting arose: the decision date, or the (extended) deadline of a
    request left unanswered; None when decided on an unrecorded date."""
    if isinstance(request.get("keputusan"), str):
        return as_date(request.get("tanggal_keputusan"))
    deadline = "tenggat_perpanjangan" if request.get("perpanjangan") else "tenggat"
    return as_date(request.get(deadline))


def objection_record(
    obj: Objection, request: dict[str, Any] | None, cal: Any, status_per: date
) -> dict[str, Any]:
    """The core.keberatan row of one objection: link, grounds, Pasal 36 checks, outcome."""
    received = obj.diterima_pada.astimezone(WIB)
    day = received.date()
    base = ground_arose(request) if request else None
    answer_by = cal.add_workdays(day, ANSWER_DAYS)
    answered = obj.tanggal_tanggapan
    answer_days = cal.workdays_between(day, answered) if answered else None
    executed, executed_on = obj.dilaksanakan, obj.tanggal_pelaksanaan
    delivered = as_date(request.get("tanggal_pemberian")) if request else None
    if obj.keputusan_atasan == UPHELD and not executed and delivered and delivered >= day:
        executed, executed_on = True, delivered  # the request was served after the objection
    if answered:
        hasil = obj.keputusan_atasan or ANSWERED_OTHER
    else:
        hasil = OVERDUE if status_per > answer_by else OPEN
    filing_days = cal.workdays_between(base, day) if base else None
    return {
        "keberatan_id": obj.keberatan_id,
        "kode_badan": obj.kode_badan,
        "saluran": obj.saluran,
        "diterima_pada": received,
        "tanggal_diterima": day,
        "tahun": day.year,
        "bulan": day.month,
        "pemohon_id": obj.pemohon_id,
        "nomor_registrasi": obj.nomor_registrasi,
        "nomor_pendaftaran": obj.nomor_pendaftaran,
        "permohonan_id": request["permohonan_id"] if request else None,
        "permohonan_ditemukan": request is not None,
        "alasan": ",".join(obj.alasan) or None,
        **{f"alasan_{g}": g in obj.alasan for g in GROUNDS},
        "kasus_posisi": obj.kasus_posisi,
        "tanggal_dasar": base,
        "batas_pengajuan": cal.add_workdays(base, FILING_DAYS) if base else None,
        "hari_kerja_pengajuan": filing_days,
        "pengajuan_tepat_waktu": None if filing_days is None else filing_days <= FILING_DAYS,
        "batas_tanggapan": answer_by,
        "tanggapan": obj.tanggapan,
        "tanggal_tanggapan": answered,
        "hari_kerja_tanggapan": answer_days,
        "keputusan_atasan": obj.keputusan_atasan,
        "hasil": hasil,
        "tanggapan_terlambat": answer_days is not None and answer_days > ANSWER_DAYS,
        "dilaksanakan": executed,
        "tanggal_pelaksanaan": executed_on if executed else None,
        "status_per": status_per,
        "sumber_berkas": obj.sumber_berkas,
        "sumber_baris": obj.sumber_baris,
    }


def find_request(
    requests: dict[str, list[dict[str, Any]]], nomor: str | None, received: date
) -> dict[str, Any] | None:
    """The request with this (normalised) number: the latest received on or before the
    objection (numbers restart each year), else the earliest."""
    candidates = requests.get(nomor or "", [])
    before = [r for r in candidates if as_date(r["tanggal_diterima"]) <= received]
    if before:
        return before[-1]
    return candidates[0] if candidates else None


def keberatan_frame(objections: list[Objection], requests: pd.DataFrame, ctx: Any) -> pd.DataFrame:
    by_number: dict[str, list[dict[str, Any]]] = {}
    for rec in requests.sort_values(["tanggal_diterima", "permohonan_id"]).to_dict("records"):
        nomor = normalise_nomor(rec.get("nomor_pendaftaran"))
        if nomor:
            by_number.setdefault(nomor, []).append(rec)
    records = []
    for obj in objections:
        day = obj.diterima_pada.astimezone(WIB).date()
        request = find_request(by_number, obj.nomor_pendaftaran, day)
        records.append(objection_record(obj, request, ctx.calendar, ctx.status_per))
    frame = pd.DataFrame(records, columns=CORE_COLUMNS)
    return frame.astype({"hari_kerja_pengajuan": "Int64", "hari_kerja_tanggapan": "Int64"})


def build_keberatan(wh: Any, ctx: Any) -> pd.DataFrame:
    """The body's core.keberatan rows from a fresh conformance (core builder,
    transforms.sources.CORE_BUILDERS): needs the body's core.permohonan rows."""
    from transforms.refresh import body_messages, form_row_from_record

    forms = wh.frame(
        "SELECT * FROM raw.formulir WHERE kode_badan = ? AND jenis = 'keberatan'"
        " ORDER BY berkas, baris",
        [ctx.kode_badan],
    )
    objections = conform_objections(
        ctx.kode_badan,
        [(r["berkas"], form_row_from_record(r)) for r in forms.to_dict("records")],
        body_messages(wh, ctx),
        ctx.desk,
        ctx.key,
    )
    requests = wh.frame(
        "SELECT permohonan_id, nomor_pendaftaran, tanggal_diterima, keputusan, tanggal_keputusan,"
        " perpanjangan, tenggat, tenggat_perpanjangan, tanggal_pemberian"
        " FROM core.permohonan WHERE kode_badan = ?",
        [ctx.kode_badan],
    )
    return keberatan_frame(objections, requests, ctx)
