"""Keyed pseudonyms for requesters (UU 27/2022): the same person gets the same id, nobody can
reverse it without the key, and the key never lives in the repository."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable

import phonenumbers

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# One shape of a phone number as people type it: `0812-3456-7890`, `+62 (0)812 3456 7890`,
# `(0561) 734567`. Free text masks only whole tokens; a contact field is searched inside words
# too (`WA08123456789`), since what counts there is the number's validity (normalise_phone).
_PHONE_SHAPE = r"\+?\d[\d\s().-]{6,}\d"
_PHONE = re.compile(rf"(?<!\w){_PHONE_SHAPE}(?!\w)")
_PHONE_IN_CONTACT = re.compile(_PHONE_SHAPE)


def normalise_phone(text: str) -> str | None:
    """`0812-…`, `62812…`, `+62 (0)812…` → `+62812…` (E.164), or None when it is no valid number."""
    digits = re.sub(r"[^\d+]", "", text or "")
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


def redact(text: str | None, names: Iterable[str | None] = ()) -> str | None:
    """Free-text request fields may repeat the contact or name; mask them before `core`."""
    if not text:
        return text
    text = _EMAIL.sub("[email]", text)
    text = _PHONE.sub(
        lambda m: "[nomor]" if len(re.sub(r"\D", "", m.group(0))) >= 8 else m.group(0), text
    )
    for name in names:
        if name and len(name.strip()) >= 3:
            text = re.sub(re.escape(name.strip()), "[nama]", text, flags=re.I)
    return text
