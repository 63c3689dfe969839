"""Read the request form and the desk's written notice out of free text (e-mail, WhatsApp).

Requesters fill the Formulir Permohonan Informasi loosely: labels vary in case, spacing, order
and punctuation, the colon may be missing and values run over several lines. Desks answer with
a short `Keputusan:` notice or copy the official Pemberitahuan Tertulis wording. Both readers
are pure functions so every channel (and the tests) can use them without I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from datetime import date
from functools import lru_cache

from transforms.decisions import normalise_decision
from transforms.parsers.buku_tamu import BadDate, parse_date_text

_CONTACT_WORD = r"(?:hp|handphone|ponsel|telp\.?|telepon|telpon|tlp\.?|wa|whatsapp|e-?mail|surel|fax|faks|faksimili|kontak)"  # noqa: E501
_YANG = r"(?:yang|yg)"

# Field → label pattern (matched at the start of a line, case-insensitive). Longer variants
# come first so that the optional words are eaten by the label, not left in the value. Common
# typing slips (`Almat`, `Pekerjan`, `pengunaan`) are labels too: requesters type on phones.
_LABELS: list[tuple[str, str]] = [
    ("cara_salinan", r"cara\s+(?:mendapatkan|memperoleh|mengambil)\s+salinan(?:\s+informasi)?"),
    ("cara_memperoleh", r"cara\s+(?:memperoleh|mendapatkan)(?:\s+informasi)?"),
    (
        "rincian",
        rf"rincian\s+informasi(?:\s+{_YANG}\s+(?:di\s*)?(?:butuhkan|minta|mohon|perlukan|diminta))?"
        rf"|informasi\s+{_YANG}\s+(?:di\s*)?(?:butuhkan|minta|mohon|perlukan)",
    ),
    (
        "tujuan",
        r"tujuan(?:\s+(?:peng?gunaan|pemanfaatan|permohonan))?(?:\s+informasi)?",
    ),
    ("nik", r"nik|no\.?\s*ktp|nomor\s+ktp|nomor\s+induk\s+kependudukan"),
    (
        "nama",
        r"nama(?!\s+(?:instansi|lembaga|kantor|perusahaan|organisasi|usaha|ibu|ayah)\b)"
        r"(?:\s+lengkap)?(?:\s+pemohon)?",
    ),
    ("kontak", r"ala?mat\s+(?:e-?mail|surel|surat\s+elektronik)"),
    ("alamat", r"ala?mat(?:\s+lengkap)?(?:\s+(?:rumah|pemohon))?(?:\s*/\s*instansi)?"),
    ("pekerjaan", r"pekerjaa?n(?:\s*/\s*(?:instansi|lembaga|jabatan|profesi))?"),
    (
        "kontak",
        rf"(?:(?:no\.?|nomor|nomer)\s*)?{_CONTACT_WORD}"
        rf"(?:\s*[/,&]\s*(?:(?:no\.?|nomor)\s*)?{_CONTACT_WORD})*"
        r"|(?:no\.?|nomor)\s+kontak",
    ),
]
# Bare "Rincian:" only with a separator, otherwise prose like "Rincian anggaran ..." would match.
_COLON_ONLY: list[tuple[str, str]] = [("rincian", r"rincian")]

_BULLET = r"^[ \t]*(?:[-*•]|\d{1,2}[.)]|[a-z][.)])?[ \t]*"
_MARK = r"[*_~]*"  # WhatsApp bold/italic/strike around a label: `*Nama*: ...`, `*Nama:* ...`
_SEP = r"[ \t]*[:=][ \t]*|[ \t]+|[ \t]*$"
_END = r"(?![^\W_])"  # end of the label word (`\b` would refuse the `_` of `_Tujuan_`)
_LABEL_RES = [
    (
        name,
        re.compile(
            rf"{_BULLET}{_MARK}(?:{pattern}){_END}{_MARK}(?:{_SEP}){_MARK}[ \t]*(?P<value>.*)$",
            re.I,
        ),
    )
    for name, pattern in _LABELS
] + [
    (
        name,
        re.compile(
            rf"{_BULLET}{_MARK}(?:{pattern}){_END}{_MARK}[ \t]*[:=]{_MARK}[ \t]*(?P<value>.*)$",
            re.I,
        ),
    )
    for name, pattern in _COLON_ONLY
]
# All label patterns as one alternation tried in the same order (`A|B` tries all of A before
# B, so the first pattern that matches wins, as in a loop over _LABEL_RES), in one regex call;
# the value group of pattern i is named `v<i>`.
_LABEL_NAMES = [name for name, _ in _LABEL_RES]
_ANY_LABEL = re.compile(
    "|".join(
        "(?:" + regex.pattern.replace("(?P<value>", f"(?P<v{i}>", 1) + ")"
        for i, (_, regex) in enumerate(_LABEL_RES)
    ),
    re.I,
)
# Lines up to this length are cached: form templates and greetings recur across messages;
# the bound keeps the cache small whatever a message holds.
_CACHED_LINE = 200
# Fields whose value may run over blank lines (paragraphs) until the next label.
_PARAGRAPH_FIELDS = {"rincian", "tujuan"}
_CLOSING = re.compile(
    r"^\s*(?:terima\s*kasih|terimakasih|makasih|hormat\s+(?:saya|kami)|salam|wassalam|"
    r"wasalam|demikian|regards|best regards|thanks|--\s*$)",
    re.I,
)
_EMPTY_VALUE = re.compile(r"^[\s\-–—.:_]*$|^(?:tidak\s+ada|tdk\s+ada|n/?a|none)$", re.I)
_BLANKS = re.compile(r"[ \t]+")
_MANY_NEWLINES = re.compile(r"\n{3,}")


@dataclass
class RequestForm:
    """The fields of the Formulir Permohonan Informasi found in one message."""

    nama: str | None = None
    nik: str | None = None
    alamat: str | None = None
    pekerjaan: str | None = None
    kontak: str | None = None
    rincian: str | None = None
    tujuan: str | None = None
    cara_memperoleh: str | None = None
    cara_salinan: str | None = None

    @property
    def missing(self) -> list[str]:
        """The fields whose absence makes a request incomplete (contract: nama, kontak, rincian)."""
        return [f for f in ("nama", "kontak", "rincian") if not getattr(self, f)]


@dataclass(frozen=True)
class Notice:
    """What one desk message says about a request (Pemberitahuan Tertulis and follow-ups)."""

    nomor_pendaftaran: str | None = None
    keputusan: str | None = None  # decision code from transforms.models.DECISIONS
    alasan: str | None = None  # ground code, e.g. pasal_17_b, belum_dikuasai
    perpanjangan: bool = False
    disampaikan: bool = False
    tanggal: date | None = None  # date the notice states (`Tanggal: 12 Januari 2023`), if any


def _read_label(line: str) -> tuple[str, str] | None:
    """(field, value) when the line starts with a field label (the first of _LABEL_RES)."""
    m = _ANY_LABEL.match(line)
    if m is None:
        return None
    group = m.lastgroup or ""  # the only capturing group of each alternative
    return _LABEL_NAMES[int(group[1:])], m.group(group).strip()


_read_label_cached = lru_cache(maxsize=32768)(_read_label)


def _match_label(line: str) -> tuple[str, str] | None:
    return _read_label_cached(line) if len(line) <= _CACHED_LINE else _read_label(line)


def _squeeze(line: str) -> str:
    """Runs of spaces and tabs as one space (no regex when there is no such run)."""
    return _BLANKS.sub(" ", line) if "\t" in line or "  " in line else line


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    text = "\n".join(_squeeze(line).strip() for line in value.strip().split("\n"))
    if "\n\n\n" in text:
        text = _MANY_NEWLINES.sub("\n\n", text)
    text = text.strip()
    return None if _EMPTY_VALUE.match(text) else text


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def extract_form(text: str) -> RequestForm:
    """Every labelled field found in `text` (possibly none); does not decide if it is a request."""
    lines = _lines(text or "")
    return _form_of(lines, [_match_label(line) for line in lines])


def _form_of(lines: list[str], labels: list[tuple[str, str] | None]) -> RequestForm:
    """The form of a message's lines, given each line's label (None: no label)."""
    values: dict[str, list[str]] = {}
    current: str | None = None
    blank_pending = False
    for line, found in zip(lines, labels, strict=True):
        if found:
            current, value = found
            if current in values:  # a repeated label: keep the first, ignore the rest
                current = None
                continue
            values[current] = [value]
            blank_pending = False
            continue
        if current is None:
            continue
        if not line.strip():
            blank_pending = True
            continue
        if _CLOSING.match(line) or (blank_pending and current not in _PARAGRAPH_FIELDS):
            current = None
            continue
        if blank_pending:
            values[current].append("")
            blank_pending = False
        values[current].append(line)
    form = RequestForm()
    for name, parts in values.items():
        setattr(form, name, _clean("\n".join(parts)))
    return form


def parse_request_form(text: str) -> RequestForm | None:
    """The request form in a requester's message, or None when the message is no request.

    A message is a request when it carries the "Rincian informasi" field (or "Informasi yang
    diminta/dibutuhkan"), even if its value or the other fields are empty.
    """
    if not text:
        return None
    lines = _lines(text)
    labels = [_match_label(line) for line in lines]  # read once, for the test and the form
    if not any(found and found[0] == "rincian" for found in labels):
        return None
    return _form_of(lines, labels)


# --- desk notices -----------------------------------------------------------------------------

_NOMOR = re.compile(
    r"(?:nomor|no\.?|nomer)\s*(?:pendaftaran|registrasi|register)(?:\s+permohonan)?"
    r"\s*[:=]?\s*(?P<value>[A-Za-z0-9][\w./\-]*[\w])",
    re.I,
)
_KEPUTUSAN = re.compile(
    r"^[ \t]*(?:[-*•]\s*)?keputusan\b[ \t]*[:=]?[ \t]*(?P<value>.*)$", re.I | re.M
)
_ALASAN = re.compile(
    r"^[ \t]*(?:[-*•]\s*)?alasan(?:\s+penolakan)?\b[ \t]*[:=]?[ \t]*(?P<value>.*)$", re.I | re.M
)
_PERPANJANGAN = re.compile(
    r"^[ \t]*(?:[-*•]\s*)?perpanjangan(?:\s+waktu)?\b[ \t]*[:=][ \t]*(?P<value>.*)$", re.I | re.M
)
_EXTENSION_PROSE = re.compile(
    r"diperpanjang|memperpanjang|perpanjangan\s+waktu|"
    r"tambahan\s+(?:waktu\s+)?(?:paling\s+lama\s+)?7\s*(?:\(\s*tujuh\s*\)\s*)?hari\s+kerja",
    re.I,
)
_OFFICIAL = re.compile(
    r"informasi\s+(?:tidak\s+)?dapat\s+diberikan[^\n]*(?:\n(?![ \t]*\n)[^\n]*){0,3}", re.I
)
_PROSE_DECISION = re.compile(
    r"permohonan[^.\n]{0,100}?\b(?:dikabulkan(?:\s+(?:seluruhnya|sebagian))?|ditolak)\b[^.\n]*"
    r"|\b(?:menolak|mengabulkan(?:\s+sebagian)?)\s+permohonan[^.\n]*",
    re.I,
)
_BLACKOUT_FIELD = re.compile(
    r"^[^\n]*(?:penghitaman|pengaburan)[^\n:]*:[ \t]*(?P<value>[^\n]*)$", re.I | re.M
)
_DELIVERED = re.compile(
    r"informasi[^.\n]{0,60}?(?:telah|sudah)\s+(?:kami\s+)?"
    r"(?:disampaikan|dikirim(?:kan)?|diberikan|diserahkan|dikirimkan)"
    r"|(?:telah|sudah)\s+kami\s+(?:kirim(?:kan)?|sampaikan|serahkan|berikan)",
    re.I,
)
# A date in words or digits as desks type it: `12 Januari 2023`, `Senin, 12 Jan 2023`,
# `12 Nopember 2023`, `12/01/2023`; read by the guestbook's date reader (one reader for all).
_DATE_WORDS = (
    r"(?:(?:senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad)[ \t]*,?[ \t]*)?"
    r"\d{1,2}[ \t]+[a-z]{3,9}\.?[ \t]+\d{4}|\d{1,2}[/.-]\d{1,2}[/.-]\d{4}"
)
# Only a labelled date or the letter's place-and-date line: dates inside the requested
# information (`data per 31 Desember 2022`) are not the notice's date.
_STATED_DATE = re.compile(
    rf"^[ \t]*(?:[-*•]\s*)?(?:tanggal|tgl\.?)(?:\s+(?:surat|pemberitahuan|keputusan))?"
    rf"[ \t]*[:=]?[ \t]*(?P<label>{_DATE_WORDS})"
    rf"|^[ \t]*[A-Za-z][A-Za-z .'-]{{1,40}},[ \t]*(?P<place>{_DATE_WORDS})[ \t]*$",
    re.I | re.M,
)
_NO_EXTENSION = re.compile(r"^[\s\-–—.]*$|^(?:tidak(?:\s+ada)?|tdk|none|n/?a)\b", re.I)
_BLACKOUT_WORD = re.compile(r"penghitaman|pengaburan", re.I)
# Notices up to this length are cached (desks answer from templates; most are under 500
# characters); longer ones are read anew, so the cache stays within a few MB.
_CACHED_NOTICE = 1000


class _Words:
    """Whether a text may hold one of some words, to skip regexes that need one of them: for
    ASCII text, where re.I folds nothing but ASCII letters, a substring test on the lower-cased
    text is exact; other text (re.I also matches U+017F to `s`) always goes to the regex."""

    def __init__(self, text: str) -> None:
        self.lowered = text.lower() if text.isascii() else None

    def any(self, *words: str) -> bool:
        return self.lowered is None or any(w in self.lowered for w in words)


def _decision_text(text: str, words: _Words) -> str | None:
    """The words that state the decision, from the short or the official notice."""
    m = _KEPUTUSAN.search(text) if words.any("keputusan") else None
    if m and not _EMPTY_VALUE.match(m.group("value")):
        return m.group("value")
    m = _OFFICIAL.search(text) if words.any("diberikan") else None
    if m:
        wording = m.group(0)
        if "tidak" not in wording.lower().split("dapat")[0]:
            # "dapat diberikan" is partial only when the blacking-out explanation is filled in
            has_field = words.any("penghitaman", "pengaburan")
            blackout = _BLACKOUT_FIELD.search(text) if has_field else None
            if blackout and not _EMPTY_VALUE.match(blackout.group("value")):
                wording += " (sebagian: penghitaman)"
            else:
                wording = _BLACKOUT_WORD.sub("", wording)
        return wording
    m = _PROSE_DECISION.search(text) if words.any("permohonan") else None
    return m.group(0) if m else None


def stated_date(text: str) -> date | None:
    """The date a notice states for itself (`Tanggal: Senin, 12 Jan 2023`, `Pontianak,
    12 Nopember 2023`), or None when it states none or an impossible one."""
    for m in _STATED_DATE.finditer(text or ""):
        try:
            parsed = parse_date_text(m["label"] or m["place"])
        except BadDate:
            continue
        if parsed:
            return parsed[0]
    return None


def parse_notice(text: str) -> Notice | None:
    """What a desk message says: registration number, decision, extension, delivery; or None."""
    if not text:
        return None
    return _read_notice_cached(text) if len(text) <= _CACHED_NOTICE else _read_notice(text)


def _read_notice(text: str) -> Notice | None:
    words = _Words(text)
    nomor = _NOMOR.search(text) if words.any("pendaftaran", "regist") else None
    decision_text = _decision_text(text, words)
    alasan = _ALASAN.search(text) if words.any("alasan") else None
    alasan_text = alasan.group("value") if alasan else None
    keputusan, ground = (
        normalise_decision(decision_text, alasan_text) if decision_text else (None, None)
    )
    ext = _PERPANJANGAN.search(text) if words.any("perpanjangan") else None
    if ext:
        perpanjangan = not _NO_EXTENSION.match(ext.group("value").strip())
    else:
        prose = words.any("perpanjang", "tambahan")
        perpanjangan = prose and bool(_EXTENSION_PROSE.search(text))
    disampaikan = words.any("telah", "sudah") and bool(_DELIVERED.search(text))
    notice = Notice(
        nomor_pendaftaran=nomor.group("value") if nomor else None,
        keputusan=keputusan,
        alasan=ground,
        perpanjangan=perpanjangan,
        disampaikan=disampaikan,
    )
    if not any(getattr(notice, f.name) for f in fields(notice)):
        return None  # a date alone does not make a notice
    return replace(notice, tanggal=stated_date(text))


# a Notice is frozen, so one instance can be handed to every caller of the same text
_read_notice_cached = lru_cache(maxsize=4096)(_read_notice)
