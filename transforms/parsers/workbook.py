"""Opening a desk's .xlsx safely: a damaged workbook becomes one clear reason, whether the
damage shows when it is opened or only when a sheet is decompressed while being read."""

from __future__ import annotations

import dataclasses
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from transforms.models import FileRejected, ParseResult

# raised by zipfile/zlib while a read-only sheet is streamed from a damaged archive
_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError)


def damaged(path: Path, advice: str) -> FileRejected:
    return FileRejected(
        f"Berkas '{path.name}' tidak dapat dibaca sebagai spreadsheet Excel (.xlsx); berkas"
        f" mungkin rusak atau bukan .xlsx. {advice}"
    )


@contextmanager
def open_workbook(path: Path, *, read_only: bool, advice: str) -> Iterator[Any]:
    """Yield an openpyxl workbook (values, not formulas) and always close it."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=read_only, data_only=True)
    except Exception as exc:  # openpyxl raises many types on junk; all mean "not a workbook"
        raise damaged(path, advice) from exc
    try:
        yield book
    except _DAMAGE as exc:
        raise damaged(path, advice) from exc
    finally:
        book.close()


SHEET_ROW_OFFSET = 1_000_000  # `baris` of the n-th visible sheet is offset by n million

# parse(numbered rows, workbook epoch, "lembar 'X' " or "") -> (rows, quarantined) or None
# when the sheet has no recognisable header
SheetParser = Callable[[Iterator[tuple[int, Sequence[Any]]], Any, str], Any]


def parse_sheets(
    book: Any, parse: SheetParser, rows_of: Callable[[Any], Iterator[tuple[int, Sequence[Any]]]]
) -> tuple[ParseResult, bool]:
    """Every visible sheet that has a header, rows numbered so that `baris` stays unique in
    the file while the officer-facing reason names the sheet and its own row."""
    result, any_header = ParseResult(), False
    sheets = [ws for ws in book.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
    for number, ws in enumerate(sheets):
        where = f"lembar '{ws.title}' " if len(sheets) > 1 else ""
        parsed = parse(rows_of(ws), book.epoch, where)
        if parsed is None:
            continue
        any_header = True
        offset = number * SHEET_ROW_OFFSET
        result.rows.extend(dataclasses.replace(r, baris=r.baris + offset) for r in parsed[0])
        result.quarantined.extend(
            dataclasses.replace(q, baris=None if q.baris is None else q.baris + offset)
            for q in parsed[1]
        )
    return result, any_header


def streamed_rows(ws: Any) -> Iterator[tuple[int, Sequence[Any]]]:
    """Rows of a read-only sheet; dimensions are reset because exporters often write wrong ones."""
    ws.reset_dimensions()
    return enumerate(ws.iter_rows(values_only=True), start=1)
