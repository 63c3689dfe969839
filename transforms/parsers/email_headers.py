"""Header reading for the e-mail parser: `email.policy.default` semantics, without its cost.

The modern header machinery re-parses a header on every `Message.get` (and builds a new header
class each time); parsing a mailbox spent most of its time there. Two measures, neither of
which changes a single value:

- `POLICY` memoises header parsing: the result is a pure function of (name, raw value), so the
  same header objects come back, once per distinct header instead of a dozen times a message.
- `Headers` answers `str(msg.get(name))` straight from the raw value where the parser is known
  to give that value back unchanged (plain unstructured text, a plain `<id@host>` Message-ID, a
  plain `Name <user@host>` From, a Date, whose parser only formats the parsed date); anything
  else (RFC 2047 words, comments, quoting, odd characters) goes through the real parser.
"""

from __future__ import annotations

import email.headerregistry
import email.policy
import email.utils
import functools
import re
from datetime import datetime
from email.message import EmailMessage
from typing import Any


class _ClassCachingRegistry(email.headerregistry.HeaderRegistry):
    """The default registry, building each header class once instead of on every header."""

    @functools.lru_cache(maxsize=256)  # noqa: B019 - one module-level instance, lives forever
    def __getitem__(self, name: str) -> type:
        return super().__getitem__(name)


class _CachedHeaderPolicy(email.policy.EmailPolicy):
    """`email.policy.default` with memoised header parsing (identical header objects)."""

    def header_fetch_parse(self, name: str, value: str) -> Any:
        if hasattr(value, "name"):
            return value
        return _parse_header(name, value)


POLICY = _CachedHeaderPolicy(header_factory=_ClassCachingRegistry())
# Bounded, so a huge mailbox does not keep every Subject alive.
_parse_header = functools.lru_cache(maxsize=8192)(
    functools.partial(email.policy.EmailPolicy.header_fetch_parse, POLICY)
)

# RFC 5322 atext; `<dot-atom-text@dot-atom-text>` is a msg-id the parser returns verbatim.
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_PLAIN_MSGID = re.compile(rf"<{_ATEXT}(?:\.{_ATEXT})*@{_ATEXT}(?:\.{_ATEXT})*>")
# `Display Name <user@host>` or `user@host` with plain words: the address parser's addr_spec
# is then exactly `user@host`.
_WORD = r"[A-Za-z0-9_+-]+"
_PLAIN_ADDRESS = re.compile(
    rf"(?:[A-Za-z0-9]+(?: [A-Za-z0-9]+)* <(?P<angled>{_WORD}(?:\.{_WORD})*@{_WORD}(?:\.{_WORD})*)>"
    rf"|(?P<bare>{_WORD}(?:\.{_WORD})*@{_WORD}(?:\.{_WORD})*))"
)


def _kind(name: str) -> type:
    """The header class `email.policy.default` parses this header with."""
    registry = POLICY.header_factory
    return registry.registry.get(name.lower(), registry.default_class)


def _unfold(value: str) -> str:
    """What `EmailPolicy.header_fetch_parse` hands the header class: CR and LF removed."""
    return value.replace("\r", "").replace("\n", "")


def _decoded(value: str) -> str:
    """`BaseHeader`'s last step: surrogate-escaped bytes become UTF-8 or U+FFFD."""
    return email.utils._sanitize(value) if email.utils._has_surrogates(value) else value


class Headers:
    """One message's headers, read as `msg.get(name)` reads them (first of a name wins)."""

    def __init__(self, msg: EmailMessage) -> None:
        self._raw: dict[str, tuple[str, Any]] = {}
        for name, value in msg.raw_items():
            self._raw.setdefault(name.lower(), (name, value))

    def get(self, name: str) -> Any:
        """Exactly `msg.get(name)`: the parsed header object, or None."""
        found = self._raw.get(name.lower())
        return None if found is None else POLICY.header_fetch_parse(*found)

    def _plain(self, name: str) -> str | None:
        """The unfolded raw value when it has not been parsed yet, else None."""
        found = self._raw.get(name.lower())
        if found is None or hasattr(found[1], "name"):
            return None
        return _unfold(found[1])

    def text(self, name: str) -> str | None:
        """Exactly `str(msg.get(name))`, or None when the header is absent."""
        if name.lower() not in self._raw:
            return None
        value = self._plain(name)
        if value is not None:
            kind = _kind(name)
            # get_unstructured keeps every character unless it meets an encoded word.
            if issubclass(kind, email.headerregistry.UnstructuredHeader) and "=?" not in value:
                return _decoded(value)
            if issubclass(kind, email.headerregistry.MessageIDHeader) and (
                _PLAIN_MSGID.fullmatch(value)
            ):
                return value
            if issubclass(kind, email.headerregistry.DateHeader):
                return self.date(name)[1]  # type: ignore[index]
        return str(self.get(name))

    def date(self, name: str = "Date") -> tuple[datetime | None, str] | None:
        """Exactly `(header.datetime, str(header))` of a date header, or None when absent."""
        if name.lower() not in self._raw:
            return None
        value = self._plain(name)
        if value is None or not issubclass(_kind(name), email.headerregistry.DateHeader):
            header = self.get(name)
            return getattr(header, "datetime", None), str(header)
        # DateHeader.parse, minus re-parsing its own formatted output into a token tree.
        if not value:
            return None, ""
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except ValueError:
            return None, _decoded(value)
        return parsed, email.utils.format_datetime(parsed)

    def first_address(self, name: str) -> str | None:
        """`msg.get(name).addresses[0].addr_spec` for a plain address header, else None."""
        value = self._plain(name)
        if value is None or not issubclass(_kind(name), email.headerregistry.AddressHeader):
            return None
        m = _PLAIN_ADDRESS.fullmatch(value)
        return None if m is None else m.group("angled") or m.group("bare")
