"""Parse satisfaction survey (SKM, PermenPANRB 14/2017) responses exported from Google Forms:
the form's own CSV download, or the response sheet downloaded as .xlsx or .csv from Sheets.

Each body words its questions its own way, so columns are mapped to the nine elements U1-U9
by `reference/skm_unsur.yaml` (default patterns plus per-body overrides); a file in which an
element has no column is rejected naming it. One row per respondent; a row with an unknown
answer, a score outside 1-4 or an unreadable timestamp is quarantined, the rest loads.
Columns that are neither element nor profile (name, phone, free-text suggestions) are never read.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from transforms.models import FileRejected, ParseResult, QuarantineItem, SurveyResponse
from transforms.parsers.buku_tamu import BadDate, parse_date_value, read_delimited
from transforms.parsers.workbook import open_workbook, streamed_rows

WIB = ZoneInfo("Asia/Pontianak")
CONFIG_PATH = Path(__file__).resolve().parents[2] / "reference" / "skm_unsur.yaml"
ELEMENTS = tuple(f"U{i}" for i in range(1, 10))
PROFILE_FIELDS = ("jenis_kelamin", "usia", "pendidikan", "pekerjaan", "layanan")
HEADER_SEARCH_ROWS = 5
_CODE = re.compile(r"^u\s*([1-9])\b")
_NUMBER = re.compile(r"^(\d+)(?:[.,]0+)?$")
_NUMBERED_LABEL = (
    re.compile(r"^([1-9])\s*[-.):=]\s*(.+)$"),  # "4 - Sangat sesuai", "4. Sangat sesuai"
    re.compile(r"^(.+?)\s*\(([1-9])\)$"),  # "Sangat sesuai (4)"
)
# Google Forms CSV: 2025/10/24 6:46:43 PM GMT+7
_FORMS_TS = re.compile(
    r"^(\d{4})/(\d{1,2})/(\d{1,2})\s+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?"
    r"(?:\s*([ap]\.?m\.?))?(?:\s*(?:gmt|utc)\s*([+-]\d{1,2})(?::?(\d{2}))?)?$",
    re.I,
)
# Sheets download: 9/30/20 10:10 (US locale) or 30/09/2020 10.10.43 (Indonesian locale)
_SHEETS_TS = re.compile(
    r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})[\s,]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?"
    r"(?:\s*([ap]\.?m\.?))?$",
    re.I,
)
_ISO_TS = re.compile(r"^\d{4}-\d{2}-\d{2}[ t]\d{2}:\d{2}(:\d{2})?([+-]\d{2}:?\d{2}|z)?$", re.I)


# --- configuration ----------------------------------------------------------------------------


_NON_WORD = re.compile(r"[^\w]+")


def norm(value: Any) -> str:
    """Lower case, `&` as `dan`, punctuation runs as one space: how headers and labels compare."""
    text = value if type(value) is str else str(value or "")
    # cached: the same answers, headers and configured labels are normalised over and over;
    # only short texts, so that the cache stays small whatever a file holds
    return _norm_cached(text) if len(text) <= 300 else _norm_text(text)


def _norm_text(text: str) -> str:
    if not text.isascii():  # NFKC leaves ASCII as it is, U+200E is not ASCII
        text = unicodedata.normalize("NFKC", text).replace("\u200e", "")
    text = text.lower().replace("&", " dan ")
    return " ".join(_NON_WORD.sub(" ", text).split())


_norm_cached = lru_cache(maxsize=16384)(_norm_text)


@dataclass(frozen=True)
class ElementRule:
    code: str
    nama: str
    patterns: tuple[re.Pattern[str], ...]
    overrides: tuple[re.Pattern[str], ...]
    labels: dict[str, int]  # normalised label -> score
    shown: tuple[str, ...]  # the first four labels, as written, for the officer


@dataclass(frozen=True)
class SurveyConfig:
    elements: dict[str, ElementRule]
    timestamp_labels: frozenset[str]
    profile: dict[str, tuple[re.Pattern[str], ...]]
    services: tuple[str, ...]
    raw: dict[str, Any] = field(repr=False, default_factory=dict)


@lru_cache(maxsize=4)
def load_yaml(path: Path = CONFIG_PATH) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def config_for(kode_badan: str | None, path: Path = CONFIG_PATH) -> SurveyConfig:
    """The mapping rules of one body: defaults with the body's overrides on top."""
    raw = load_yaml(path)
    body = ((raw.get("badan") or {}).get(kode_badan or "") or {}).get("unsur") or {}
    common = {norm(k): int(v) for k, v in (raw.get("label_umum") or {}).items()}
    elements = {}
    for code in ELEMENTS:
        spec, extra = raw["unsur"][code], body.get(code) or {}
        labels = {norm(k): int(v) for k, v in spec["label"].items()}
        labels = {
            **common,
            **labels,
            **{norm(k): int(v) for k, v in (extra.get("label") or {}).items()},
        }
        elements[code] = ElementRule(
            code=code,
            nama=spec["nama"],
            patterns=tuple(re.compile(p) for p in spec["pola"]),
            overrides=tuple(re.compile(p) for p in extra.get("pola") or ()),
            labels=labels,
            shown=tuple(str(k).capitalize() for k in list(extra.get("label") or spec["label"])[:4]),
        )
    return SurveyConfig(
        elements=elements,
        timestamp_labels=frozenset(norm(x) for x in raw["cap_waktu"]),
        profile={k: tuple(re.compile(p) for p in v) for k, v in raw["profil"].items()},
        services=tuple(raw.get("layanan_pilihan") or ()),
        raw=raw,
    )


def body_of(path: Path) -> str | None:
    """The body code of a landing file: the folder above the `survei/` folder."""
    parts = path.resolve().parts
    for i in range(len(parts) - 2, 0, -1):
        if parts[i] == "survei" and parts[i - 1] != "survei":
            return parts[i - 1]
    return None


# --- header -----------------------------------------------------------------------------------


def map_columns(header: Sequence[Any], cfg: SurveyConfig) -> tuple[dict[int, str], list[str]]:
    """Column index -> `cap_waktu`, `U1`..`U9` or a profile field; and the problems found."""
    mapping: dict[int, str] = {}
    by_element: dict[str, list[int]] = {c: [] for c in ELEMENTS}
    for col, cell in enumerate(header):
        text = norm(cell)
        if not text:
            continue
        if text in cfg.timestamp_labels and "cap_waktu" not in mapping.values():
            mapping[col] = "cap_waktu"
            continue
        code = _element_of(text, cfg)
        if code:
            by_element[code].append(col)
            continue
        for name, patterns in cfg.profile.items():
            if name not in mapping.values() and any(p.search(text) for p in patterns):
                mapping[col] = name
                break
    problems = []
    missing = [c for c in ELEMENTS if not by_element[c]]
    if missing:
        shown = ", ".join(f"{c} ({cfg.elements[c].nama})" for c in missing)
        problems.append(f"pertanyaan untuk unsur {shown} tidak ditemukan pada baris judul")
    for code, cols in by_element.items():
        if len(cols) > 1:
            names = " dan ".join(f"'{header[c]}'" for c in cols)
            problems.append(f"unsur {code} cocok dengan lebih dari satu kolom: {names}")
        elif cols:
            mapping[cols[0]] = code
    return mapping, problems


def _element_of(text: str, cfg: SurveyConfig) -> str | None:
    """An explicit code wins, then the body's patterns, then the defaults; ambiguity is None."""
    if m := _CODE.match(text):
        return f"U{m[1]}"
    for attr in ("overrides", "patterns"):
        hits = [c for c, r in cfg.elements.items() if any(p.search(text) for p in getattr(r, attr))]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            return None
    return None


# --- values -----------------------------------------------------------------------------------


class _Bad(ValueError):
    """A value that cannot load; the message is the officer-facing reason."""


def score(value: Any, rule: ElementRule) -> int:
    """A 1-4 answer given as a number or as one of the element's labels."""
    label = f"{rule.code} ({rule.nama})"
    if value is None or (isinstance(value, str) and not value.strip()):
        raise _Bad(f"jawaban {label} kosong")
    if isinstance(value, bool):
        raise _Bad(f"jawaban '{value}' untuk {label} tidak dikenal")
    if isinstance(value, int | float):
        if float(value).is_integer():
            return _in_scale(int(value), label)
        raise _Bad(f"nilai '{value}' untuk {label} di luar skala 1-4")
    text = str(value).strip()
    if m := _NUMBER.match(text):
        return _in_scale(int(m[1]), label)
    key = norm(text)
    if key in rule.labels:
        return rule.labels[key]
    for pattern in _NUMBERED_LABEL:
        if m := pattern.match(text):
            number, rest = (m[1], m[2]) if m[1].isdigit() else (m[2], m[1])
            if norm(rest) in rule.labels:
                if rule.labels[norm(rest)] != int(number):
                    raise _Bad(f"jawaban '{text}' untuk {label}: angka dan label tidak sesuai")
                return _in_scale(int(number), label)
    options = ", ".join(rule.shown)
    raise _Bad(f"jawaban '{text}' untuk {label} tidak dikenal (pilihan: {options}, atau angka 1-4)")


def _in_scale(n: int, label: str) -> int:
    if not 1 <= n <= 4:
        raise _Bad(f"nilai {n} untuk {label} di luar skala 1-4")
    return n


def split_checkbox(text: str | None, options: Sequence[str]) -> list[str]:
    """Split a checkbox answer joined by ', ' against the known options (which may themselves
    contain commas); text matching no option (the "Lainnya" free text) is kept whole."""
    if not text or not text.strip():
        return []
    rest, out = text.strip(), []
    ordered = sorted(options, key=len, reverse=True)
    while rest:
        hit = next(
            (o for o in ordered if rest.lower().startswith(o.lower()) and _ends_item(rest, len(o))),
            None,
        )
        if hit is None:  # free text: up to the next known option, or to the end
            cut = min(
                (i for o in ordered if (i := rest.lower().find(", " + o.lower())) > 0),
                default=len(rest),
            )
            hit = rest[:cut]
        out.append(rest[: len(hit)].strip())
        rest = rest[len(hit) :].removeprefix(",").strip()
    return [o for o in out if o]


def _ends_item(text: str, end: int) -> bool:
    return end == len(text) or text[end:].startswith(",")


def timestamp_order(values: Sequence[Any], header_label: str) -> str:
    """'dm' or 'md' for the file's short Sheets dates: from a value that settles it, else from
    the header's language (an English form owner's Sheets writes month first)."""
    for v in values:
        if isinstance(v, str) and (m := _SHEETS_TS.match(v.strip())):
            if int(m[1]) > 12:
                return "dm"
            if int(m[2]) > 12:
                return "md"
    return "md" if header_label == "timestamp" else "dm"


def parse_timestamp(value: Any, order: str, epoch: datetime | None = None) -> datetime:
    """Any Google Forms / Sheets timestamp as an aware WIB datetime; raises _Bad."""
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=WIB)
        return moment.astimezone(WIB)
    shown = "" if value is None else str(value).strip()
    if not shown:
        raise _Bad("cap waktu kosong")
    try:
        if not isinstance(value, str):
            parsed = parse_date_value(value, epoch)
            if parsed is None:
                raise _Bad("cap waktu kosong")
            return datetime.combine(parsed[0], parsed[1] or time(0), tzinfo=WIB)
        text = " ".join(shown.split())
        if m := _FORMS_TS.match(text):
            y, mo, d = int(m[1]), int(m[2]), int(m[3])
            clock = _clock(m[4], m[5], m[6], m[7])
            zone = WIB if m[8] is None else _offset(m[8], m[9])
            return datetime.combine(datetime(y, mo, d).date(), clock, zone).astimezone(WIB)
        if m := _SHEETS_TS.match(text):
            a, b = int(m[1]), int(m[2])
            d, mo = (a, b) if order == "dm" else (b, a)
            y = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
            return datetime.combine(datetime(y, mo, d).date(), _clock(m[4], m[5], m[6], m[7]), WIB)
        if _ISO_TS.match(text):
            moment = datetime.fromisoformat(text.replace("z", "+00:00").replace("Z", "+00:00"))
            return (moment if moment.tzinfo else moment.replace(tzinfo=WIB)).astimezone(WIB)
    except (ValueError, BadDate, OverflowError):
        pass
    raise _Bad(f"cap waktu '{shown}' tidak valid")


def _clock(h: str, m: str, s: str | None, ampm: str | None) -> time:
    hour = int(h)
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueError(h)
        hour = hour % 12 + (12 if ampm.lower().startswith("p") else 0)
    return time(hour, int(m), int(s or 0))


def _offset(hours: str, minutes: str | None) -> timezone:
    sign = -1 if hours.startswith("-") else 1
    return timezone(sign * timedelta(hours=abs(int(hours)), minutes=int(minutes or 0)))


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if not text.isascii():  # NFKC leaves ASCII as it is, U+200E is not ASCII
        text = unicodedata.normalize("NFKC", text).replace("\u200e", "")
    return " ".join(text.split()) or None


def record_key(moment: datetime, scores: Sequence[int], profile: Sequence[str | None]) -> str:
    """Content hash of one response: the minute (a Sheets download drops the seconds), the nine
    scores and the profile answers, so every export of the same response gives the same key."""
    parts = [moment.astimezone(WIB).strftime("%Y-%m-%dT%H:%M"), *map(str, scores)]
    parts += [norm(p) for p in profile]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


# --- table -> rows ----------------------------------------------------------------------------


def _find_header(
    head: list[tuple[int, Sequence[Any]]], cfg: SurveyConfig
) -> tuple[int, Sequence[Any]] | None:
    for i, (_, cells) in enumerate(head):
        if any(norm(c) in cfg.timestamp_labels for c in cells):
            return i, cells
    return None


def parse_table(
    rows: Iterator[tuple[int, Sequence[Any]]],
    name: str,
    cfg: SurveyConfig,
    epoch: datetime | None = None,
) -> ParseResult:
    """Rows of one sheet or CSV (numbered as the officer sees them) into responses."""
    head = []
    for numbered in rows:
        head.append(numbered)
        if len(head) >= HEADER_SEARCH_ROWS:
            break
    found = _find_header(head, cfg)
    if found is None:
        raise FileRejected(
            f"Berkas '{name}' tidak punya kolom cap waktu (Timestamp / Cap waktu / Stempel waktu)"
            " pada baris judul; unduh ulang respons Google Forms sebagai .csv atau .xlsx."
        )
    index, header = found
    columns, problems = map_columns(header, cfg)
    if problems:
        raise FileRejected(
            f"Berkas '{name}': " + "; ".join(problems) + ". Sesuaikan pola pertanyaan badan ini"
            " di reference/skm_unsur.yaml (bagian `badan`)."
        )
    ts_col = next(c for c, f in columns.items() if f == "cap_waktu")
    body = [(n, list(cells)) for n, cells in head[index + 1 :]] + [(n, list(c)) for n, c in rows]
    body = [(n, c) for n, c in body if any(_text(v) for v in c)]
    order = timestamp_order([_at(c, ts_col) for _, c in body], norm(header[ts_col]))
    result, seen = ParseResult(), Counter()
    for line, cells in body:
        values = {f: _at(cells, c) for c, f in columns.items()}
        reasons, scores = [], []
        try:
            moment = parse_timestamp(values["cap_waktu"], order, epoch)
        except _Bad as exc:
            reasons.append(str(exc))
            moment = None
        for code in ELEMENTS:
            try:
                scores.append(score(values[code], cfg.elements[code]))
            except _Bad as exc:
                reasons.append(str(exc))
        excerpt = _text(values["cap_waktu"])
        if reasons or moment is None:
            result.quarantined.append(
                QuarantineItem(line, f"baris {line}: " + "; ".join(reasons), excerpt)
            )
            continue
        profile = {f: _text(values.get(f)) for f in PROFILE_FIELDS}
        services = split_checkbox(profile["layanan"], cfg.services)
        profile["layanan"] = "; ".join(services) or None
        key = record_key(moment, scores, [profile[f] for f in PROFILE_FIELDS])
        seen[key] += 1  # identical responses in one minute stay distinct, in every export
        result.rows.append(
            SurveyResponse(
                baris=line,
                record_key=f"{key}-{seen[key]}",
                diisi_pada=moment,
                **{f"u{i}": s for i, s in enumerate(scores, start=1)},
                **profile,
            )
        )
    return result


def _at(cells: Sequence[Any], col: int) -> Any:
    return cells[col] if col < len(cells) else None


# --- files ------------------------------------------------------------------------------------


def _parse_xlsx(path: Path, cfg: SurveyConfig) -> ParseResult:
    advice = "Unduh ulang respons dari Google Sheets (File > Download > .xlsx)."
    with open_workbook(path, read_only=True, advice=advice) as book:
        last: FileRejected | None = None
        for ws in book.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible":
                continue
            try:  # the first sheet with responses: Forms writes them to the first sheet
                return parse_table(streamed_rows(ws), path.name, cfg, book.epoch)
            except FileRejected as exc:
                last = exc
        raise last or FileRejected(f"Berkas '{path.name}' tidak berisi lembar kerja.")


def parse_survei(path: Path, kode_badan: str | None = None) -> ParseResult:
    """Parse one survey export (.csv or .xlsx); the body's overrides apply by its folder."""
    path = Path(path)
    cfg = config_for(kode_badan or body_of(path))
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _parse_xlsx(path, cfg)
    if suffix == ".csv":
        records = read_delimited(path)
        return parse_table(iter(enumerate(records, start=1)), path.name, cfg)
    raise FileRejected(
        f"Berkas '{path.name}' bukan ekspor survei yang dikenali; kirim sebagai .csv atau .xlsx."
    )
