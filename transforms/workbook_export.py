"""The xlsx workbook for the Komisi Informasi: one sheet per section of the published tables,
Indonesian labels, numbers as numeric cells, and a first sheet "Keterangan" that says what the
release is (year, revision, status, generation time).

Text that a spreadsheet could evaluate (`=`, `+`, `-`, `@`, tab, carriage return at the start;
OWASP "CSV injection") is prefixed with an apostrophe, here and in the published CSV files: a
body's name or a survey answer is data, never a formula. The bytes are deterministic for the
same figures and metadata (fixed zip timestamps), so a lost revision folder rebuilds identically.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_MIN_WIDTH, _MAX_WIDTH = 8, 60
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def escape_text(value: Any) -> Any:
    """Neutralise a text a spreadsheet would evaluate; any other value is returned as is."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def escape_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """`escape_text` over every text cell of a frame (numbers stay numbers)."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(escape_text)
    return out


@dataclass(frozen=True)
class Sheet:
    """One sheet: its title, what it holds, the labelled body rows and the province rows."""

    name: str  # at most 31 characters (Excel)
    description: str
    rows: pd.DataFrame
    province: pd.DataFrame | None = None


def cell_value(value: Any) -> Any:
    """A frame value as an openpyxl cell value: int/float stay numeric, missing is empty."""
    kind = type(value)  # the common cases first: a province's workbook has 500k cells
    if kind is str:
        return escape_text(value)
    if kind is int:
        return value
    if kind is float:
        return None if math.isnan(value) else value
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value
    return escape_text(str(value))


def build_workbook(
    sheets: Sequence[Sheet], about: Sequence[tuple[str, str]], generated: datetime
) -> bytes:
    """The workbook's bytes: "Keterangan" (the `about` pairs, then the sheet list) first."""
    wb = Workbook()
    info = wb.active
    info.title = "Keterangan"
    _write_about(info, about, sheets)
    for sheet in sheets:
        _write_sheet(wb.create_sheet(sheet.name), sheet)
    stamp = generated.astimezone(UTC).replace(tzinfo=None, microsecond=0)  # xlsx: UTC
    wb.properties.creator = "PPID warehouse"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.lastModifiedBy = "PPID warehouse"
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed_zip(buf.getvalue(), stamp)


def _write_about(ws: Worksheet, about: Sequence[tuple[str, str]], sheets: Sequence[Sheet]) -> None:
    bold = Font(bold=True)
    for key, value in about:
        ws.append([escape_text(key), escape_text(value)])
        ws.cell(row=ws.max_row, column=1).font = bold
    ws.append([])
    ws.append(["Lembar", "Isi"])
    for cell in ws[ws.max_row]:
        cell.font = bold
    for sheet in sheets:
        ws.append([sheet.name, sheet.description])
    ws.append([])
    ws.append(
        [
            "Catatan",
            "Sel teks yang diawali =, +, -, @, tab atau carriage return diberi tanda petik (')"
            " di depannya agar tidak dijalankan sebagai rumus oleh aplikasi lembar kerja.",
        ]
    )
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 100
    for row in ws.iter_rows(min_col=2, max_col=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")


def _write_sheet(ws: Worksheet, sheet: Sheet) -> None:
    columns = list(sheet.rows.columns)
    ws.append(columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    body_rows = [[cell_value(v) for v in rec] for rec in sheet.rows.itertuples(index=False)]
    province_rows = []
    if sheet.province is not None and not sheet.province.empty:
        aligned = sheet.province.reindex(columns=columns)
        province_rows = [[cell_value(v) for v in rec] for rec in aligned.itertuples(index=False)]
    for values in body_rows:
        ws.append(values)
    # rows by number: `ws[ws.max_row]` scans every cell of the sheet twice per call
    for number, values in enumerate(province_rows, start=len(body_rows) + 2):
        ws.append(values)
        for col in range(1, len(columns) + 1):
            ws.cell(row=number, column=col).font = Font(bold=True)
    ws.freeze_panes = "A2"
    rows = body_rows + province_rows
    widest = [max(map(len, map(str, values))) for values in zip(*rows, strict=True)]
    for idx, col in enumerate(columns, start=1):
        longest = max(min(len(str(col)), 40), widest[idx - 1] if rows else 0)
        ws.column_dimensions[get_column_letter(idx)].width = max(
            _MIN_WIDTH, min(_MAX_WIDTH, longest + 2)
        )
    if columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, len(body_rows) + 1)}"


def _fixed_zip(data: bytes, stamp: datetime) -> bytes:
    """Re-pack the xlsx with one fixed timestamp per member: same figures, same bytes."""
    when = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            data = src.read(item.filename)
            if item.filename == "docProps/core.xml":  # openpyxl stamps `modified` with now()
                data = _MODIFIED.sub(
                    rb"\g<1>" + stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>", data
                )
            dst.writestr(info, data)
    return out.getvalue()
