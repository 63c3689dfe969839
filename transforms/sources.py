"""The registry of what the pipeline reads and builds: one entry per landing source, per raw
table and per core table. Adding a channel or a table is one entry here plus its module; the
refresh loop itself never changes."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


def import_target(target: str) -> Any:
    """Import `module:attribute` lazily, so DAG parsing never imports the parsers."""
    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)


@dataclass(frozen=True)
class Source:
    """A landing folder of every body: which files it accepts and which parser reads them."""

    folder: str
    suffixes: frozenset[str]  # lower-case, with the dot; '' = files without an extension
    parser: str  # `module:function(path) -> ParseResult`

    def parse(self) -> Callable[..., Any]:
        return import_target(self.parser)


SOURCES: dict[str, Source] = {
    s.folder: s
    for s in (
        Source("email", frozenset({".mbox", ".eml", ""}), "transforms.parsers.email:parse_email"),
        Source(
            "whatsapp", frozenset({".txt", ".zip"}), "transforms.parsers.whatsapp:parse_whatsapp"
        ),
        Source(
            "buku_tamu",
            frozenset({".xlsx", ".csv"}),
            "transforms.parsers.buku_tamu:parse_buku_tamu",
        ),
        Source("web", frozenset({".csv", ".jsonl"}), "transforms.parsers.web:parse_web"),
    )
}


@dataclass(frozen=True)
class RawTable:
    """Where parsed rows of one record type land, and the GX suite that guards them."""

    table: str  # e.g. raw.pesan
    suite: str  # expectations/<suite>.json
    row_type: str  # `module:Class` of the parser's records
    excerpt: tuple[str, ...]  # fields shown (first non-empty) in a quarantine excerpt


RAW_TABLES: tuple[RawTable, ...] = (
    RawTable("raw.pesan", "raw_pesan", "transforms.models:Message", ("teks",)),
    RawTable("raw.formulir", "raw_formulir", "transforms.models:FormRow", ("rincian", "keperluan")),
)


def raw_table_for(row: object) -> RawTable:
    for rt in RAW_TABLES:
        if isinstance(row, import_target(rt.row_type)):
            return rt
    raise TypeError(f"no raw table registered for {type(row).__name__}")


# Core builders run in this order inside the body's transaction, after its raw rows are
# written: `module:function(wh, ctx, validator, now, summary) -> int` (rows built). Later
# builders may read the core tables of earlier ones (an objection needs its request).
CORE_BUILDERS: tuple[str, ...] = ("transforms.refresh:rebuild_core",)
