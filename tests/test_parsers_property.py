"""Property tests: every registered parser, fed random and mutated exports, either reads the
file or rejects it with a reason an officer can act on. It never crashes and never returns
nothing for a file that has content (the content would vanish without a trace).

The parsers are taken from the source registry, so a new channel is covered the day it is
registered; its hand-written fixtures (tests/fixtures/<folder>/) are the seeds of mutation.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transforms.models import FileRejected, ParseResult
from transforms.sources import RAW_TABLES, SOURCES, has_content, import_target

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_FOLDER = {"instagram": "meta", "facebook": "meta"}  # sources sharing a corpus
EXAMPLES = 60
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    # CI replays a fixed sequence so a landing is reproducible; local runs keep exploring
    derandomize=os.environ.get("CI", "").lower() == "true",
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ROW_TYPES = tuple(import_target(rt.row_type) for rt in RAW_TABLES)


def _seeds(sumber: str) -> list[Path]:
    folder = FIXTURES / FIXTURE_FOLDER.get(sumber, sumber)
    suffixes = SOURCES[sumber].suffixes
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and p.suffix.lower() in suffixes and p.suffix.lower() != ".zip"
    )


PARSERS = sorted(SOURCES)
SEEDED = [(s, p) for s in PARSERS for p in _seeds(s)]


def _check(sumber: str, path: Path) -> None:
    """The property itself: a reason for every rejected file or row, rows of a known type."""
    try:
        result = SOURCES[sumber].read(path)
    except FileRejected as exc:
        assert exc.reason.strip(), "a rejected file must say why"
        return
    assert isinstance(result, ParseResult)
    for q in result.quarantined:
        assert q.alasan.strip(), f"quarantined row without a reason: {q}"
        assert q.baris is None or q.baris >= 0
    assert all(isinstance(r, ROW_TYPES) for r in result.rows)
    # an empty file (blanks, NULs, a lone BOM) is loaded as a file with no rows, still listed
    assert result.rows or result.quarantined or not has_content(path), "vanished"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _mutate(data: bytes, cut: int, flips: list[tuple[int, int]], insert: bytes) -> bytes:
    """Truncate, flip bytes and splice junk in: what a broken copy or a bad editor does."""
    out = bytearray(data[: max(1, len(data) * cut // 100)])
    for pos, value in flips:
        if out:
            out[pos % len(out)] = value
    at = len(out) // 2
    return bytes(out[:at]) + insert + bytes(out[at:])


@pytest.mark.parametrize("sumber", PARSERS)
@PROPERTY
@given(data=st.binary(max_size=4096))
def test_random_bytes_never_crash(sumber: str, data: bytes, tmp_path_factory) -> None:
    tmp = tmp_path_factory.mktemp(sumber)
    for suffix in sorted(SOURCES[sumber].suffixes):
        _check(sumber, _write(tmp, f"acak{suffix}", data))


@pytest.mark.parametrize("sumber", PARSERS)
@PROPERTY
@given(text=st.text(max_size=2000))
def test_random_text_never_crashes(sumber: str, text: str, tmp_path_factory) -> None:
    tmp = tmp_path_factory.mktemp(sumber)
    for suffix in sorted(SOURCES[sumber].suffixes):
        _check(sumber, _write(tmp, f"teks{suffix}", text.encode("utf-8", "surrogatepass")))


@pytest.mark.parametrize(("sumber", "seed"), SEEDED, ids=[f"{s}:{p.name}" for s, p in SEEDED])
@PROPERTY
@given(
    cut=st.integers(1, 100),
    flips=st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 255)), max_size=8),
    insert=st.sampled_from(
        [b"", b"\x00\xff\xfe", "\u200e\u202f\u00a0".encode(), b"\r\n\r\n", b"\";=cmd|'/c calc'!A1"],
    ),
)
def test_mutated_exports_never_crash(
    sumber: str,
    seed: Path,
    cut: int,
    flips: list[tuple[int, int]],
    insert: bytes,
    tmp_path_factory,
) -> None:
    tmp = tmp_path_factory.mktemp(sumber)
    data = _mutate(seed.read_bytes(), cut, flips, insert)
    _check(sumber, _write(tmp, seed.name, data))


@pytest.mark.parametrize(
    ("sumber", "seed"),
    [(s, p) for s, p in SEEDED if ".zip" in SOURCES[s].suffixes],
    ids=[f"{s}:{p.name}" for s, p in SEEDED if ".zip" in SOURCES[s].suffixes],
)
@PROPERTY
@given(cut=st.integers(1, 100), inner=st.sampled_from(["_chat.txt", "a/b/message_1.json"]))
def test_zipped_and_truncated_zips_never_crash(
    sumber: str, seed: Path, cut: int, inner: str, tmp_path_factory
) -> None:
    tmp = tmp_path_factory.mktemp(sumber)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(inner, seed.read_bytes())
    whole = buf.getvalue()
    _check(sumber, _write(tmp, "ekspor.zip", whole[: max(1, len(whole) * cut // 100)]))


def test_every_source_has_a_seed_corpus() -> None:
    """A registered parser without hand-written fixtures would be fuzzed with noise only."""
    assert {s for s, _ in SEEDED} == set(PARSERS)
