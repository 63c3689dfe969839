"""The registry of what the pipeline reads and builds: one entry per landing source, per raw
table and per core table. Adding a channel or a table is one entry here plus its module; the
refresh loop itself never changes."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
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

    def read(self, path: Path) -> Any:
        """Parse a file, and reject it when it has content yet gave neither a row nor a
        reason: a truncated or foreign file must never vanish without a trace."""
        from transforms.models import FileRejected

        result = self.parse()(path)
        if not result.rows and not result.quarantined and has_content(path):
            raise FileRejected(EMPTY_READ)
        return result


EMPTY_READ = (
    "berkas tidak berisi satu pun catatan yang dapat dibaca; periksa apakah ekspornya utuh"
    " (tidak terpotong) dan formatnya sesuai saluran ini"
)


def has_content(path: Path) -> bool:
    """Anything but blanks, NULs and a byte-order mark: a file without is an empty export."""
    with path.open("rb") as fh:
        head = fh.read(1 << 20)
    return bool(head.strip(b" \t\r\n\x00").removeprefix(b"\xef\xbb\xbf").strip())


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
        Source(
            "instagram", frozenset({".json", ".zip"}), "transforms.parsers.meta:parse_instagram"
        ),
        Source("facebook", frozenset({".json", ".zip"}), "transforms.parsers.meta:parse_facebook"),
        Source("survei", frozenset({".csv", ".xlsx"}), "transforms.parsers.survei:parse_survei"),
        Source(
            "sengketa", frozenset({".xlsx", ".csv"}), "transforms.parsers.sengketa:parse_sengketa"
        ),
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
    RawTable("raw.survei", "raw_survei", "transforms.models:SurveyResponse", ("layanan",)),
    RawTable(
        "raw.sengketa",
        "raw_sengketa",
        "transforms.models:SengketaRow",
        ("nomor_pendaftaran", "tahap_teks"),
    ),
)


def raw_table_for(row: object) -> RawTable:
    for rt in RAW_TABLES:
        if isinstance(row, import_target(rt.row_type)):
            return rt
    raise TypeError(f"no raw table registered for {type(row).__name__}")


@dataclass(frozen=True)
class CoreBuilder:
    """A core table rebuilt from raw on every refresh: what builds it, which suite checks it,
    and the quarantine stage (`tahap`) of its failing rows, so builders never clear each
    other's quarantine rows."""

    name: str
    table: str
    suite: str
    id_column: str
    tahap: str
    build: str  # `module:function(wh, ctx) -> DataFrame` of the table's columns, for one body
    columns: str  # `module:attribute`: the table's column list, in order


# Core builders run in this order inside the batch's transaction, after its raw rows are
# written; later builders may read the core tables of earlier ones (an objection needs its
# request, a dispute its objection).
CORE_BUILDERS: tuple[CoreBuilder, ...] = (
    CoreBuilder(
        "permohonan",
        "core.permohonan",
        "core_permohonan",
        "permohonan_id",
        "validasi_core",
        "transforms.refresh:build_permohonan",
        "transforms.refresh:CORE_COLUMNS",
    ),
    CoreBuilder(
        "keberatan",
        "core.keberatan",
        "core_keberatan",
        "keberatan_id",
        "validasi_keberatan",
        "transforms.conform.keberatan:build_keberatan",
        "transforms.conform.keberatan:CORE_COLUMNS",
    ),
    CoreBuilder(
        "sengketa",
        "core.sengketa",
        "core_sengketa",
        "sengketa_id",
        "validasi_sengketa",
        "transforms.conform.sengketa:build_sengketa",
        "transforms.conform.sengketa:CORE_COLUMNS",
    ),
    CoreBuilder(
        "survei",
        "core.survei_responden",
        "core_survei",
        "responden_id",
        "validasi_survei",
        "transforms.conform.survei:build_survei",
        "transforms.conform.survei:CORE_COLUMNS",
    ),
)
