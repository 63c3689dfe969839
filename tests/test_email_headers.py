"""Differential tests: the e-mail header shortcuts (`transforms.parsers.email_headers`) against
the stdlib `email.policy.default` header objects they stand in for.

`Headers` returns some header values straight from the raw text where the stdlib parser is
known to give them back unchanged. A shortcut that is a little too wide would not crash: it
would silently change a subject, a sender or a date in the warehouse. So every answer of
`Headers` (text, date, first address, and the memoised header object itself) is compared with
what a message parsed with plain `email.policy.default` says, on generated headers that mix
plain text with everything the shortcuts must hand back to the parser: RFC 2047 words,
comments, quoting, angle brackets, folding and odd whitespace, raw non-ASCII bytes.
"""

from __future__ import annotations

import base64
import email
import email.policy
import os
import string
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from email.message import EmailMessage
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transforms.parsers import email_headers
from transforms.parsers.email_headers import POLICY, Headers

PROPERTY = settings(
    max_examples=300,
    deadline=None,
    # CI replays a fixed sequence so a landing is reproducible; local runs keep exploring
    derandomize=os.environ.get("CI", "").lower() == "true",
    suppress_health_check=[HealthCheck.too_slow],
)

# Every header the e-mail parser reads, so absent ones are compared too.
READ_BY_PARSER = (
    "Subject",
    "From",
    "Date",
    "Message-ID",
    "In-Reply-To",
    "References",
    "X-GM-THRID",
    "X-Gmail-Labels",
    "X-Mozilla-Draft-Info",
    "X-Unsent",
)


# --- the oracle and the comparison -------------------------------------------------------


def _outcome(fn: Callable[[], Any]) -> tuple[str, Any]:
    """A value or the exception type: a shortcut must not turn a parser error into a value
    (email.py quarantines a message whose headers raise) nor the other way round."""
    try:
        return "ok", fn()
    except Exception as exc:  # noqa: BLE001 - the exception type is what is compared
        return "raises", type(exc).__name__


def _view(header: Any) -> Any:
    """Everything of a header object that callers can read."""
    if header is None:
        return None
    view: dict[str, Any] = {
        "str": str(header),
        "class": type(header).__name__,
        "defects": [type(d).__name__ for d in header.defects],
    }
    if hasattr(header, "addresses"):
        view["addresses"] = [(a.display_name, a.username, a.domain) for a in header.addresses]
    if hasattr(header, "datetime"):
        view["datetime"] = repr(header.datetime)
    if hasattr(header, "params"):
        view["content_type"] = header.content_type
        view["params"] = dict(header.params)
    return view


def _date_view(result: tuple[datetime | None, str] | None) -> Any:
    """`repr` keeps the tzinfo: aware datetimes compare equal across zones, naive ones
    compare unequal to aware ones without saying why."""
    return None if result is None else (repr(result[0]), result[1])


def _stdlib_date(header: Any) -> tuple[datetime | None, str] | None:
    """What `Headers.date` stands for: `(header.datetime, str(header))`."""
    return None if header is None else (getattr(header, "datetime", None), str(header))


def _assert_same_header(ref: EmailMessage, msg: EmailMessage, name: str, where: str) -> None:
    """Each reading of one header name: shortcut (on `msg`) against the stdlib (`ref`)."""
    headers = Headers(msg)
    want_text = _outcome(lambda: None if ref.get(name) is None else str(ref.get(name)))
    assert _outcome(lambda: headers.text(name)) == want_text, f"text: {where}"

    want_date = _outcome(lambda: _date_view(_stdlib_date(ref.get(name))))
    assert _outcome(lambda: _date_view(headers.date(name))) == want_date, f"date: {where}"

    got_addr = _outcome(lambda: headers.first_address(name))
    assert got_addr[0] == "ok", f"first_address raised {got_addr[1]}: {where}"
    if got_addr[1] is not None:  # None only means "ask the parser"
        want_addr = _outcome(lambda: ref.get(name).addresses[0].addr_spec)
        assert got_addr == want_addr, f"first_address: {where}"

    want_view = _outcome(lambda: _view(ref.get(name)))
    assert _outcome(lambda: _view(headers.get(name))) == want_view, f"get: {where}"


def _parsed(raw: bytes, policy: email.policy.Policy) -> EmailMessage:
    msg = email.message_from_bytes(raw, policy=policy)
    assert isinstance(msg, EmailMessage)
    return msg


def _assert_same(raw: bytes, names: list[str]) -> None:
    """`Headers` (on a message parsed as email.py parses it) agrees with email.policy.default."""
    ref, msg = _parsed(raw, email.policy.default), _parsed(raw, POLICY)
    for name in dict.fromkeys([*names, *READ_BY_PARSER]):
        _assert_same_header(ref, msg, name, f"{name!r} in {raw!r}")


# --- generated header values ---------------------------------------------------------------
# Values are built as str with raw bytes as surrogates ("\udce9" is the byte 0xE9) and sent
# through utf-8/surrogateescape, so the parser meets what a mailbox file holds.

ATEXT = string.ascii_letters + string.digits + "!#$%&'*+/=?^_`{|}~-"
SPECIALS = "<>()[]\":;,.@\\=?_-+/!#$%&'*^`{|}~"

word = st.text(string.ascii_letters + string.digits, min_size=1, max_size=8)
plain_words = st.lists(word, min_size=1, max_size=4).map(" ".join)
atom = st.text(ATEXT, min_size=1, max_size=6)
dot_atom = st.lists(atom, min_size=1, max_size=3).map(".".join)
address_word = st.text(string.ascii_letters + string.digits + "_+-", min_size=1, max_size=6)
plain_addr_spec = st.builds(
    lambda local, domain: f"{local}@{domain}",
    st.lists(address_word, min_size=1, max_size=3).map(".".join),
    st.lists(address_word, min_size=1, max_size=3).map(".".join),
)
odd_local = st.sampled_from(["a..b", ".a", "a.", '"a b"', '"a\\"b"', "a(c)", "a b", "", "é"])
odd_domain = st.sampled_from(["[1.2.3.4]", "b.", ".b", "", "b c", "b(c)", "b..c", "[b"])
addr_spec = st.one_of(
    plain_addr_spec,
    st.builds(
        lambda a, b: f"{a}@{b}", st.one_of(dot_atom, odd_local), st.one_of(dot_atom, odd_domain)
    ),
)
angle_addr = addr_spec.map(lambda a: f"<{a}>")
# A display name that is one character away from plain words: a comma makes a list, a colon
# a group, an unclosed quote or comment swallows the address.
near_plain_name = st.lists(
    st.one_of(word, st.sampled_from(list(',;:@."()[]\\') + [" ", "  ", "\t"])),
    min_size=1,
    max_size=5,
).map("".join)

whitespace = st.sampled_from(
    [" ", "  ", "\t", "\r\n ", "\n\t", "\r\n\t ", "\r ", "\x0b", "\x0c", "\xa0", "\u3000"]
)
non_ascii = st.one_of(
    st.sampled_from(["é", "Ü", "中文", "💌", "–", "\u200e"]),  # UTF-8 in the raw header
    st.sampled_from(["\udce9", "\udcff", "\udcc3", "\udc80"]),  # latin-1 / broken UTF-8 bytes
)
controls = st.sampled_from(["\x00", "\x1b", "\x1c", "\x7f"])
ew_text = st.text('abc XYZ_?="<>@,;:()é中', max_size=8)


def _encoded_word(charset: str, encoding: str, text: str) -> str:
    data = text.encode("latin-1", "replace") if charset.startswith("iso") else text.encode()
    if encoding in "bB":
        payload = base64.b64encode(data).decode()
    else:
        payload = "".join(
            chr(b) if chr(b).isalnum() and b < 128 else ("_" if b == 32 else f"={b:02X}")
            for b in data
        )
    return f"=?{charset}?{encoding}?{payload}?="


encoded_word = st.one_of(
    st.builds(
        _encoded_word,
        st.sampled_from(["utf-8", "UTF-8", "iso-8859-1", "us-ascii", "x-unknown", "utf-8*id"]),
        st.sampled_from("qQbB"),
        ew_text,
    ),
    st.sampled_from(
        [
            "=?",
            "?=",
            "=?utf-8?q?",
            "=?utf-8?b?w6k?=",
            "=?utf-8?x?abc?=",
            "=??q?a?=",
            "=?utf-8?q?a b?=",
        ]
    ),
)
comment = st.one_of(
    st.sampled_from(["()", "((a)b)", "(a\\)b)", "(unclosed", "(WIB)"]),
    st.one_of(plain_words, encoded_word).map(lambda s: f"({s})"),
)
quoted = st.one_of(
    st.sampled_from(['""', '"a\\"b"', '"unclosed', '"Santoso, Budi"', '"a\\\\"']),
    st.one_of(plain_words, encoded_word).map(lambda s: f'"{s}"'),
)
datetimes = st.datetimes(
    min_value=datetime(1900, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.none()
    | st.sampled_from(
        [UTC, timezone(timedelta(hours=7)), timezone(timedelta(hours=-5, minutes=-30))]
    ),
).map(email.utils.format_datetime)
date_parts = st.builds(
    "{}{} {} {} {}{}".format,
    st.sampled_from(["", "Mon, ", "Tue, ", "Senin, ", "Mon,", "Xyz, "]),
    st.sampled_from(["1", "04", "31", "0", "99"]),
    st.sampled_from(["Jan", "Feb", "jan", "JAN", "Januari", "Foo"]),
    st.sampled_from(["2022", "22", "0000", "99999", "1969", "70"]),
    st.sampled_from(["22:28:26", "22:28", "10.15", "24:00:00", "99:99:99", "1:2:3"]),
    st.sampled_from(
        [
            "",
            " +0700",
            " -0000",
            " +0000",
            " GMT",
            " UT",
            " EST",
            " WIB",
            " +2500",
            " +0700 (WIB)",
            " 0700",
        ]
    ),
)

# One piece of a header value; mixed freely, pieces also make the noise around structure.
token = st.one_of(
    word,
    st.sampled_from(list(SPECIALS)),
    encoded_word,
    angle_addr,
    comment,
    quoted,
    whitespace,
    non_ascii,
    controls,
    st.sampled_from(["WIB", "Re: ", "Fwd: ", "<a@b>", "a@b", ", "]),
)
noise = st.lists(token, max_size=8).map("".join)


def _around(core: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A well-formed value, bare (the shortcut's home) or with noise before or after it."""
    return st.one_of(
        core,
        core,
        st.builds(
            "".join,
            st.tuples(
                st.one_of(st.just(""), whitespace, non_ascii, noise),
                core,
                st.one_of(st.just(""), whitespace, non_ascii, noise),
            ),
        ),
    )


subject = _around(st.one_of(plain_words, noise))
sender = _around(
    st.one_of(
        st.builds("{} <{}>".format, plain_words, plain_addr_spec),
        plain_addr_spec,
        st.builds("{} {}".format, st.one_of(plain_words, quoted, encoded_word, noise), angle_addr),
        st.builds("{}{}".format, plain_words, angle_addr),
        st.builds("{} <{}>".format, near_plain_name, plain_addr_spec),
        addr_spec,
        st.lists(st.builds("{} <{}>".format, plain_words, addr_spec), min_size=2, max_size=3).map(
            ", ".join
        ),
    )
)
# A msg-id one character away from `<dot-atom@dot-atom>`, which the parser gives back as is.
near_plain_id = st.builds(
    "<{}@{}>".format,
    st.lists(
        st.one_of(atom, st.sampled_from(list(' ()"\\[],;:<@') + [".."])), min_size=1, max_size=4
    ).map("".join),
    st.one_of(dot_atom, odd_domain),
)
message_ids = _around(
    st.one_of(
        dot_atom.flatmap(lambda local: dot_atom.map(lambda domain: f"<{local}@{domain}>")),
        near_plain_id,
        angle_addr,
        st.lists(angle_addr, min_size=2, max_size=3).flatmap(
            lambda ids: whitespace.map(lambda ws: ws.join(ids))
        ),
    )
)
dates = _around(st.one_of(datetimes, date_parts, st.just("")))
content_type = _around(
    st.builds(
        "{}/{}{}".format,
        st.sampled_from(["text", "multipart", "application", "TEXT", "x"]),
        st.sampled_from(["plain", "html", "mixed", "pdf", ""]),
        st.lists(
            st.builds(
                "; {}={}".format,
                st.sampled_from(["charset", "boundary", "name", "name*", "format"]),
                st.one_of(word, quoted, encoded_word, st.just("utf-8''a%E9.txt")),
            ),
            max_size=3,
        ).map("".join),
    )
)
x_value = _around(st.one_of(st.integers(0, 10**19).map(str), plain_words, noise))

# One header of every kind per message (each shortcut is tried in every example), in any
# order, plus a few extra headers, which may repeat a name: the first of a name wins.
KINDS = (
    st.tuples(st.sampled_from(["Subject", "SUBJECT", "subject"]), subject),
    st.tuples(st.sampled_from(["From", "from", "Sender", "Reply-To", "To", "Cc"]), sender),
    st.tuples(st.sampled_from(["Message-ID", "Message-Id", "MESSAGE-ID"]), message_ids),
    st.tuples(st.sampled_from(["In-Reply-To", "References"]), message_ids),
    st.tuples(st.sampled_from(["Date", "date", "Resent-Date"]), dates),
    st.tuples(st.sampled_from(["Content-Type", "content-type"]), content_type),
    st.tuples(
        st.one_of(
            st.sampled_from(["X-GM-THRID", "X-Gmail-Labels", "X-Unsent", "X-Mozilla-Draft-Info"]),
            word.map(lambda w: f"X-{w}"),
        ),
        x_value,
    ),
)
MESSAGE_HEADERS = st.builds(
    lambda every, extra: [*every, *extra],
    st.tuples(*KINDS),
    st.lists(st.one_of(*KINDS), max_size=2),
).flatmap(st.permutations)


def _message(headers: list[tuple[str, str]], newline: bytes) -> bytes:
    lines = [f"{name}: {value}".encode("utf-8", "surrogateescape") for name, value in headers]
    return newline.join([*lines, b"", b"Isi pesan."]) + newline


@PROPERTY
@given(headers=MESSAGE_HEADERS, newline=st.sampled_from([b"\r\n", b"\n"]))
def test_shortcuts_agree_with_the_stdlib_parser(
    headers: list[tuple[str, str]], newline: bytes
) -> None:
    _assert_same(_message(headers, newline), [name for name, _ in headers])


# --- hand-written edge cases ---------------------------------------------------------------
# The borders of each shortcut: the plain form it serves, and the nearest forms it must not.

EDGES = [
    ("Subject", "Permohonan informasi anggaran 2023"),
    ("Subject", "=?utf-8?q?Permohonan_Informasi_=E2=80=93_Data_UMKM?="),
    ("Subject", "a=?utf-8?q?b?=c"),
    ("Subject", "Re: =?utf-8?b?UGVybW9ob25hbg==?= informasi"),
    ("Subject", "Caf\udce9 \udcff"),  # latin-1 bytes in a header: U+FFFD, as the parser does
    ("Subject", "Caf\u00e9"),
    ("Subject", "\r\n  leading fold\r\n\tand tab"),
    ("Subject", "nul\x00 and \x1b escape"),
    ("X-GM-THRID", "1755555555555555555"),
    ("X-Unsent", " 1"),
    ("X-Gmail-Labels", "Draf,=?utf-8?q?Kotak_Masuk?="),
    ("Message-ID", "<abc.def@example.go.id>"),
    ("Message-ID", "<abc..def@example.go.id>"),
    ("Message-ID", "<a b@c>"),
    ("Message-ID", "<a(c)@b>"),
    ("Message-ID", "<a@b> (comment)"),
    ("Message-ID", "<a@b> <c@d>"),
    ("Message-ID", "<=?utf-8?q?x?=@b>"),
    ("Message-ID", '<"a"@b>'),
    ("Message-ID", "<a@[1.2.3.4]>"),
    ("Message-ID", "<a@b"),
    ("Message-ID", "a@b"),
    ("Message-ID", "\r\n <a@b>"),
    ("In-Reply-To", "<a@b> <c@d>"),
    ("References", "<a@b>\r\n <c@d>\r\n\t=?utf-8?q?x?="),
    ("From", "Budi Santoso <budi.santoso@example.go.id>"),
    ("From", "budi_s+ppid@example.com"),
    ("From", '"Santoso, Budi" <budi@example.go.id>'),
    ("From", "=?utf-8?q?Budi?= <budi@example.go.id>"),
    ("From", "Budi <b@c>, Ani <a@c>"),
    ("From", "Budi <a..b@c>"),
    ("From", "Budi <b@c.>"),
    ("From", "Budi <a @b>"),
    ("From", "Budi<b@c>"),
    ("From", "Budi  <b@c>"),
    ("From", "Budi S. <b@c>"),
    ("From", "Budi, Ani <a@c>"),
    ("From", "Budi; Ani <a@c>"),
    ("From", "Grup: Ani <a@c>"),
    ("From", "Budi (c <a@c>"),
    ("From", 'Budi " <a@c>'),
    ("From", "budi@x <a@c>"),
    ("From", "budi@example.com (Budi)"),
    ("From", "undisclosed-recipients:;"),
    ("From", "Budi \udce9 <b@c>"),
    ("Date", "Tue, 04 Jan 2022 22:28:26 +0700"),
    ("Date", "4 Jan 2022 22:28:26"),
    ("Date", "Tue, 04 Jan 2022 22:28:26 -0000"),
    ("Date", "Tue, 04 Jan 2022 22:28:26 +0700 (WIB)"),
    ("Date", "Tue, 04 Jan 22 22:28:26 GMT"),
    ("Date", "Senin, 12 Januari 2023 10.15 WIB"),
    ("Date", "Tue, 31 Feb 2022 22:28:26 +0700"),
    ("Date", "Tue, 04 Jan 2022 22:28:26 +2500"),
    ("Date", "Tue, 04 Jan 2022 22:28:26 +0700\udcff"),
    ("Date", "=?utf-8?q?Tue=2C_04_Jan_2022_22=3A28=3A26_+0700?="),
    ("Date", ""),
    ("Resent-Date", "Tue,\r\n 04 Jan 2022 22:28:26 +0700"),
    ("Content-Type", 'text/plain; charset="utf-8"'),
    ("Content-Type", "text/plain; charset=x-unknown; name*=utf-8''a%E9.txt"),
]


@pytest.mark.parametrize(("name", "value"), EDGES, ids=[f"{n}:{v!r}" for n, v in EDGES])
def test_edge_cases_agree_with_the_stdlib_parser(name: str, value: str) -> None:
    for newline in (b"\r\n", b"\n"):
        _assert_same(_message([(name, value)], newline), [name])


def test_first_header_of_a_name_wins_like_message_get() -> None:
    raw = _message(
        [
            ("subject", "=?utf-8?q?pertama?="),
            ("Subject", "kedua"),
            ("From", "a@b"),
            ("FROM", "c@d"),
        ],
        b"\r\n",
    )
    _assert_same(raw, ["Subject", "From"])
    headers = Headers(_parsed(raw, POLICY))
    assert (headers.text("Subject"), headers.first_address("From")) == ("pertama", "a@b")


def _parser_calls() -> int:
    info = email_headers._parse_header.cache_info()
    return info.hits + info.misses


@pytest.mark.parametrize(
    ("name", "value", "read"),
    [
        ("Subject", "Permohonan informasi nomor 17", "text"),
        ("X-GM-THRID", "1755555555555555556", "text"),
        ("Message-ID", "<kasus.17@example.go.id>", "text"),
        ("Date", "Wed, 05 Jan 2022 08:00:00 +0700", "text"),
        ("Date", "Wed, 05 Jan 2022 08:00:01 +0700", "date"),
        ("From", "Ani Lestari <ani.lestari17@example.go.id>", "first_address"),
    ],
)
def test_plain_values_take_the_shortcut(name: str, value: str, read: str) -> None:
    """The comparisons above are only worth something if the shortcuts run on plain values."""
    headers = Headers(_parsed(_message([(name, value)], b"\r\n"), POLICY))
    before = _parser_calls()
    result = getattr(headers, read)(name)
    assert result is not None
    assert _parser_calls() == before, f"{name}: {value!r} went through the header parser"
