"""Opening a desk's .xlsx safely: a damaged workbook becomes one clear reason, whether the
damage shows when it is opened or only when a sheet is decompressed while being read."""

from __future__ import annotations

import dataclasses
import html
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any

from transforms.limits import (
    MAX_SHEET_CELLS,
    MAX_SHEET_ROWS,
    ZIP_ERRORS,
    check_archive,
    check_file_size,
    sheet_too_long,
    sheet_too_wide,
)
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

    check_bounds(path, advice)
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


def check_bounds(path: Path, advice: str) -> None:
    """Size and zip-bomb checks before openpyxl decompresses anything (transforms/limits.py)."""
    check_file_size(path)
    try:
        with zipfile.ZipFile(path) as zf:
            check_archive(zf, path.name)
            titles = None
            for info in zf.infolist():
                if _SHEET_PART.match(info.filename):
                    titles = titles if titles is not None else _sheet_titles(zf)
                    _count_rows(zf, info, titles)
    except ZIP_ERRORS as exc:
        raise damaged(path, advice) from exc


_SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml$")
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")


def _sheet_titles(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet part -> the title the officer sees in Excel (best effort: the part's name)."""
    try:
        book = zf.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        return {}
    targets = {
        m["id"]: "xl/" + m["target"].removeprefix("/xl/").removeprefix("/")
        for m in re.finditer(
            r'<Relationship\b[^>]*?Id="(?P<id>[^"]+)"[^>]*?Target="(?P<target>[^"]+)"', rels
        )
    }
    return {
        targets[m["id"]]: html.unescape(m["name"])
        for m in re.finditer(
            r'<sheet\b[^>]*?name="(?P<name>[^"]*)"[^>]*?r:id="(?P<id>[^"]+)"', book
        )
        if m["id"] in targets
    }


def _count_rows(zf: zipfile.ZipFile, info: zipfile.ZipInfo, titles: dict[str, str]) -> None:
    """Count a sheet's `<row>` elements by streaming its XML (bounded by check_archive), so a
    sheet of a million blank rows is refused before openpyxl builds it in memory."""
    rows, tail = 0, b""
    with zf.open(info) as fh:
        while chunk := fh.read(1 << 20):
            data = tail + chunk
            rows += len(_ROW_TAG.findall(data))
            tail = data[-8:]
            rows -= len(_ROW_TAG.findall(tail))  # counted again with the next chunk
            if rows > MAX_SHEET_ROWS:
                title = titles.get(info.filename, PurePosixPath(info.filename).stem)
                raise sheet_too_long(title, rows)


def capped(rows: Iterator[tuple[int, Any]], title: str) -> Iterator[tuple[int, Any]]:
    """Stop a sheet at MAX_SHEET_ROWS rows: a sheet may declare a million blank rows."""
    for number, row in rows:
        if number > MAX_SHEET_ROWS:
            raise sheet_too_long(title, number)
        yield number, row


def check_sheet_size(ws: Any) -> None:
    """A fully loaded sheet iterates max_row x max_column cells: bound both before iterating."""
    rows, cols = ws.max_row or 0, ws.max_column or 0
    if rows > MAX_SHEET_ROWS:
        raise sheet_too_long(ws.title, rows)
    if rows * cols > MAX_SHEET_CELLS:
        raise sheet_too_wide(ws.title, rows, cols)


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
    return capped(enumerate(ws.iter_rows(values_only=True), start=1), ws.title)
