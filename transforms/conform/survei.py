"""Conform a body's survey responses into `core.survei_responden`: one row per respondent,
with the period (year, semester) and the profile normalised for the mart's counts.

The same response delivered in overlapping exports has the same `record_key` and counts once
(the copy from the file whose path sorts first). The index itself (NRR, IKM, quality band) is
computed only in SQL (`sql/mart/0300_skm.sql`).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from transforms.models import request_id
from transforms.parsers.survei import load_yaml, norm

CORE_COLUMNS = [
    "responden_id",
    "kode_badan",
    "diisi_pada",
    "tanggal",
    "tahun",
    "semester",
    *[f"u{i}" for i in range(1, 10)],
    "jenis_kelamin",
    "usia_tahun",
    "kelompok_usia",
    "pendidikan",
    "pekerjaan",
    "layanan",
    "sumber_berkas",
    "sumber_baris",
]
UNKNOWN_AGE = "Tidak diketahui"
_BELOW = re.compile(r"<|kurang dari|di ?bawah|under|below")
_ABOVE_STRICT = re.compile(r">|lebih dari|di ?atas|over|above")
_ABOVE = re.compile(r"ke ?atas|\+")


def category(text: Any, mapping: dict[str, list[str]], other: str, empty: str) -> str:
    """The category whose alias appears as whole words in the answer (longest alias first)."""
    t = norm(text) if isinstance(text, str) else ""
    if not t:
        return empty
    aliases = sorted(
        ((norm(a), cat) for cat, names in mapping.items() for a in names),
        key=lambda p: (-len(p[0]), p[0]),
    )
    for alias, cat in aliases:
        if re.search(rf"\b{re.escape(alias)}\b", t):
            return cat
    return other


def age(text: Any, bands: list[dict[str, Any]], empty: str) -> tuple[int | None, str]:
    """(years when the answer is a plain number, age band) of one answer."""
    raw = str(text).strip().lower() if isinstance(text, str) else ""
    if not raw:
        return None, empty
    numbers = [int(n) for n in re.findall(r"\d+", raw)]
    years: int | None = None
    if len(numbers) == 1:
        n = numbers[0]
        if _BELOW.search(raw):
            point = n - 1
        elif _ABOVE.search(raw):
            point = n
        elif _ABOVE_STRICT.search(raw):
            point = n + 1
        else:
            point = years = n
    elif len(numbers) == 2:
        point = (numbers[0] + numbers[1]) // 2
    else:
        return None, UNKNOWN_AGE
    band = next((b["label"] for b in bands if b["min"] <= point <= b["max"]), UNKNOWN_AGE)
    return years, band


def conform_responses(raw: pd.DataFrame, kode_badan: str) -> pd.DataFrame:
    """raw.survei rows (ordered by file, row) -> core rows, one per distinct response."""
    cfg = load_yaml()
    norms = cfg["normalisasi"]
    other, empty = norms["lainnya"], norms["tidak_diisi"]
    raw = raw.drop_duplicates("record_key", keep="first")
    records = []
    for r in raw.to_dict("records"):
        filled = pd.Timestamp(r["diisi_pada"])
        if filled.tzinfo is None:
            filled = filled.tz_localize("UTC")
        filled = filled.tz_convert("Asia/Pontianak")
        years, band = age(r.get("usia"), cfg["kelompok_usia"], empty)
        records.append(
            {
                "responden_id": request_id(kode_badan, "survei", r["record_key"]),
                "kode_badan": kode_badan,
                "diisi_pada": filled.to_pydatetime(),
                "tanggal": filled.date(),
                "tahun": filled.year,
                "semester": 1 if filled.month <= 6 else 2,
                **{f"u{i}": int(r[f"u{i}"]) for i in range(1, 10)},
                "jenis_kelamin": category(
                    r.get("jenis_kelamin"), norms["jenis_kelamin"], other, empty
                ),
                "usia_tahun": years,
                "kelompok_usia": band,
                "pendidikan": category(r.get("pendidikan"), norms["pendidikan"], other, empty),
                "pekerjaan": category(r.get("pekerjaan"), norms["pekerjaan"], other, empty),
                "layanan": r.get("layanan") if isinstance(r.get("layanan"), str) else None,
                "sumber_berkas": r["berkas"],
                "sumber_baris": int(r["baris"]),
            }
        )
    frame = pd.DataFrame(records, columns=CORE_COLUMNS)
    return frame.astype({"usia_tahun": "Int64"})


def build_survei(wh: Any, ctx: Any) -> pd.DataFrame:
    """The body's respondents from a fresh conformance of all its raw responses (core
    builder, transforms.sources.CORE_BUILDERS)."""
    raw = wh.frame(
        "SELECT * FROM raw.survei WHERE kode_badan = ? ORDER BY berkas, baris", [ctx.kode_badan]
    )
    return conform_responses(raw, ctx.kode_badan)
