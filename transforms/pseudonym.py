"""Keyed pseudonyms for requesters (UU 27/2022): the same person gets the same id, nobody can
reverse it without the key, and the key never lives in the repository."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable
from functools import lru_cache

import phonenumbers

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# One shape of a phone number as people type it: `0812-3456-7890`, `+62 (0)812 3456 7890`,
# `(0561) 734567`, searched inside words too (`WA08123456789`): what counts in a contact field
# is the number's validity (normalise_phone).
_PHONE_IN_CONTACT = re.compile(r"\+?\d[\d\s().-]{6,}\d")


def normalise_phone(text: str) -> str | None:
    """`0812-…`, `62812…`, `+62 (0)812…` → `+62812…` (E.164), or None when it is no valid number."""
    return _e164(re.sub(r"[^\d+]", "", text or ""))


@lru_cache(maxsize=65536)
def _e164(digits: str) -> str | None:
    """Cached: a requester's number recurs in every message of the thread, and parsing it with
    phonenumbers costs more than the rest of the thread's conformance."""
    if len(digits.lstrip("+")) < 8:
        return None
    if digits.startswith("62"):
        digits = "+" + digits
    try:
        number = phonenumbers.parse(digits, "ID")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_contact(text: str | None) -> str | None:
    """The most stable identity in a contact field: an e-mail address, else a phone number."""
    if not text:
        return None
    email = _EMAIL.search(text)
    if email:
        return email.group(0).lower()
    for candidate in _PHONE_IN_CONTACT.findall(text):
        phone = normalise_phone(candidate)
        if phone:
            return phone
    return None


def pseudonymise(value: str | None, key: bytes) -> str | None:
    if not value:
        return None
    return hmac.new(key, value.strip().lower().encode(), hashlib.sha256).hexdigest()[:32]


# Numbers in free text worth masking, each also when glued to a word (`WA0812…`, `NIK6171…`,
# `no.hp0812-…`): an Indonesian mobile number as people type it, a landline or international
# number that phonenumbers accepts, a 16-digit NIK, and any other stand-alone run of 10+ digits
# (account numbers). Years, amounts (`Rp 15.000.000`), dates and registration numbers
# (`045/PPID-DISKOPUKM/III/2023`) do not have these shapes and stay.
_MOBILE = re.compile(r"(?<!\d)(?:\+62|62|0)[\s.-]?(?:\(0\)[\s.-]?)?8\d(?:[\s.-]?\d){6,10}(?!\d)")
_LANDLINE = re.compile(
    r"(?<![\d+])(?:\+\d{1,3}[\s.-]?)?\(?0?\d{2,4}\)?[\s.-]?\d{3,4}[\s.-]?\d{0,4}(?!\d)"
)
_NIK = re.compile(r"(?<!\d)\d{16}(?!\d)")
_LONG_NUMBER = re.compile(r"(?<!\w)\d[\d.()-]*\d(?!\w)")
_AMOUNT = re.compile(r"\d{1,3}(?:\.\d{3})+")
_HEX_TOKEN = re.compile(r"[0-9a-fA-F]{20,}")


def _inside_hex(m: re.Match[str]) -> bool:
    """A pseudonym or file hash (`a3f0812…`) is not a phone number glued to letters."""
    text, start, end = m.string, m.start(), m.end()
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return bool(_HEX_TOKEN.fullmatch(text[start:end]))


def _mask_numbers(text: str) -> str:
    def nik(m: re.Match[str]) -> str:
        return m.group(0) if _inside_hex(m) else "[nik]"

    def mobile(m: re.Match[str]) -> str:
        return m.group(0) if _inside_hex(m) else "[nomor]"

    def landline(m: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", m.group(0))
        local = m.group(0).lstrip("(").startswith(("0", "+"))
        if not local or len(digits) < 9 or _inside_hex(m) or not normalise_phone(m.group(0)):
            return m.group(0)
        return "[nomor]"

    def long_number(m: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", m.group(0))
        if len(digits) < 10 or _AMOUNT.fullmatch(m.group(0)):
            return m.group(0)
        return "[nomor]"

    text = _NIK.sub(nik, text)
    text = _MOBILE.sub(mobile, text)
    text = _LANDLINE.sub(landline, text)
    return _LONG_NUMBER.sub(long_number, text)


def redact(text: str | None, names: Iterable[str | None] = ()) -> str | None:
    """Free-text request fields may repeat the contact or name; mask them before `core`.

    Idempotent (a masked text masks to itself), so text purged from `raw` with it conforms to
    the same core rows (transforms/retention.py)."""
    if not text:
        return text
    text = _EMAIL.sub("[email]", text)
    for name in names:  # before the numbers: a number glued to the name is then found alike
        name = (name or "").strip()
        # the cheap test first: a pattern per requester would thrash the regex cache
        if len(name) >= 3 and name.casefold() in text.casefold():
            text = re.sub(re.escape(name), "[nama]", text, flags=re.I)
    return _mask_numbers(text)


# A raw field purged by the retention (transforms/retention.py) keeps the requester only as
# this mark around the pseudonym conformance would have computed, so `pemohon_id` survives.
_MARK = re.compile(r"\[pemohon:([0-9a-f]{32})\]")


def pseudonym_mark(pemohon_id: str) -> str:
    return f"[pemohon:{pemohon_id}]"


def marked_pseudonym(text: str | None) -> str | None:
    """The pseudonym a purged field carries, else None. The mark may be followed by more
    lines: a form field read out of a message runs on over the lines after it."""
    stripped = (text or "").strip()
    found = _MARK.match(stripped)
    if found is None or stripped[found.end() : found.end() + 1] not in ("", "\n"):
        return None
    return found.group(1)


# A purged message (raw.pesan) keeps its sender as one of two marks: `[pemohon:<id>]` when the
# sender was a contact (an address or number, read as that contact), `[pengirim:<id>]` when it
# was a display name (read as that name, never as a contact); a purged subject keeps
# `[subjek:<tag>]`, a keyed tag of the normalised subject, so threads join as before.
_SENDER_MARK = re.compile(r"\[pengirim:([0-9a-f]{32})\]")
_SUBJECT_MARK = re.compile(r"\[subjek:[0-9a-f]{20}\]")


def sender_mark(pemohon_id: str) -> str:
    return f"[pengirim:{pemohon_id}]"


def marked_sender(text: str | None) -> str | None:
    """The pseudonym of a purged display-name sender, else None."""
    found = _SENDER_MARK.fullmatch(text.strip()) if text else None
    return found.group(1) if found else None


def identity_pseudonym(identity: str | None, key: bytes) -> str | None:
    """The pseudonym of a requester identity; a purge mark is its own pseudonym."""
    return marked_pseudonym(identity) or marked_sender(identity) or pseudonymise(identity, key)


def subject_mark(normalised_subject: str, key: bytes) -> str:
    tag = hmac.new(key, b"subjek\x1f" + normalised_subject.encode(), hashlib.sha256)
    return f"[subjek:{tag.hexdigest()[:20]}]"


def marked_subject(subject: str | None) -> str | None:
    """The mark a purged subject carries, else None."""
    found = _SUBJECT_MARK.search(subject) if subject else None
    return found.group(0) if found else None
