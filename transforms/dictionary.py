"""Indonesian catalogue comments and the data dictionary (docs/kamus-data.md).

The wording has one source, transforms/labels.py: a mart column's comment is its published label
(or its description there), a relation's comment its description. `apply_comments` writes them
with COMMENT ON (PostgreSQL and DuckDB both keep them in their catalogue) after migrate has
re-created the views; `render` reads the live catalogue back into Markdown, so the dictionary
shows what the warehouse really holds:

    python -m transforms.dictionary > docs/kamus-data.md            # a fresh in-memory DuckDB
    python -m transforms.dictionary --url postgresql://.../ppid     # a live warehouse
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
from dataclasses import dataclass

from transforms.labels import COLUMN_DESCRIPTIONS, LABELS, RELATION_DESCRIPTIONS
from transforms.warehouse import Warehouse, connect

log = logging.getLogger(__name__)

SCHEMAS = ("meta", "raw", "core", "mart")
COLUMN_COMMENT_SCHEMAS = ("mart",)  # published columns; raw and core are described in warehouse.md
_TYPES = {  # both dialects' names -> one spelling, so either warehouse renders the same file
    "varchar": "TEXT",
    "text": "TEXT",
    "character varying": "TEXT",
    "integer": "INTEGER",
    "bigint": "BIGINT",
    "date": "DATE",
    "timestamp with time zone": "TIMESTAMPTZ",
    "boolean": "BOOLEAN",
    "double": "DOUBLE PRECISION",
    "double precision": "DOUBLE PRECISION",
    "hugeint": "NUMERIC",
    "numeric": "NUMERIC",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    comment: str | None


@dataclass(frozen=True)
class Relation:
    schema: str
    name: str
    kind: str  # tabel | view
    comment: str | None
    columns: tuple[Column, ...]

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"


def column_comment(relation: str, column: str) -> str | None:
    """The column's Indonesian comment, from labels.py only (None: nothing written there)."""
    return (
        COLUMN_DESCRIPTIONS.get(f"{relation}.{column}")
        or LABELS.get(column)
        or COLUMN_DESCRIPTIONS.get(column)
    )


def apply_comments(wh: Warehouse) -> int:
    """COMMENT ON every described relation and every mart column; returns statements run.
    Re-run after each migrate: a re-created view has lost its comments."""
    relations = wh.query(
        "SELECT table_schema, table_name, table_type FROM information_schema.tables"
        f" WHERE table_schema IN ({_in(SCHEMAS)})"
    )
    kinds = {f"{s}.{t}": ("VIEW" if "VIEW" in k.upper() else "TABLE") for s, t, k in relations}
    done = 0
    for name, kind in sorted(kinds.items()):
        text = RELATION_DESCRIPTIONS.get(name)
        if text:
            wh.execute(f"COMMENT ON {kind} {name} IS {sql_literal(text)}")
            done += 1
    columns = wh.query(
        "SELECT table_schema, table_name, column_name FROM information_schema.columns"
        f" WHERE table_schema IN ({_in(COLUMN_COMMENT_SCHEMAS)})"
    )
    missing = []
    for schema, table, column in columns:
        text = column_comment(f"{schema}.{table}", column)
        if text is None:
            missing.append(f"{schema}.{table}.{column}")
            continue
        wh.execute(f"COMMENT ON COLUMN {schema}.{table}.{column} IS {sql_literal(text)}")
        done += 1
    if missing:
        log.warning("no Indonesian label in transforms/labels.py for: %s", ", ".join(missing))
    return done


def relations(wh: Warehouse, schemas: tuple[str, ...] = SCHEMAS) -> list[Relation]:
    """Every table and view of `schemas` with columns, types and comments, from the catalogue."""
    if wh.dialect == "postgresql":
        rel_sql = (
            "SELECT n.nspname, c.relname, CASE WHEN c.relkind IN ('v', 'm') THEN 'view'"
            " ELSE 'tabel' END, obj_description(c.oid, 'pg_class')"
            " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            f" WHERE c.relkind IN ('r', 'p', 'v', 'm') AND n.nspname IN ({_in(schemas)})"
        )
        col_sql = (
            "SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, NULL),"
            " col_description(c.oid, a.attnum), a.attnum"
            " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm')"
            f" AND n.nspname IN ({_in(schemas)})"
        )
    else:
        rel_sql = (
            "SELECT schema_name, table_name, 'tabel', comment FROM duckdb_tables()"
            f" WHERE schema_name IN ({_in(schemas)}) UNION ALL"
            " SELECT schema_name, view_name, 'view', comment FROM duckdb_views()"
            f" WHERE schema_name IN ({_in(schemas)}) AND NOT internal"
        )
        col_sql = (
            "SELECT schema_name, table_name, column_name, data_type, comment, column_index"
            f" FROM duckdb_columns() WHERE schema_name IN ({_in(schemas)})"
        )
    cols: dict[tuple[str, str], list[tuple[int, Column]]] = {}
    for schema, table, column, typ, comment, pos in wh.query(col_sql):
        cols.setdefault((schema, table), []).append(
            (int(pos), Column(column, _type(typ), comment or None))
        )
    out = [
        Relation(s, t, kind, comment or None, tuple(c for _, c in sorted(cols.get((s, t), []))))
        for s, t, kind, comment in wh.query(rel_sql)
    ]
    order = {s: i for i, s in enumerate(schemas)}
    return sorted(out, key=lambda r: (order[r.schema], r.name))


def render(rels: list[Relation]) -> str:
    """The Markdown dictionary: one section per schema, one table of columns per relation."""
    lines = [
        "# Kamus data gudang data PPID",
        "",
        "<!-- Dibuat otomatis: `python -m transforms.dictionary > docs/kamus-data.md`."
        " Jangan disunting; tests/test_dictionary.py gagal bila berkas ini usang. -->",
        "",
        "Skema, tabel, view, kolom, tipe dan keterangan (komentar katalog) gudang data, dibaca"
        " dari skema yang hidup. Tipe ditulis sama untuk PostgreSQL dan DuckDB. Penjelasan dan"
        " contoh kueri: [warehouse.md](warehouse.md).",
    ]
    schema = None
    for rel in rels:
        if rel.schema != schema:
            schema = rel.schema
            lines += ["", f"## Skema `{schema}`"]
        lines += ["", f"### `{rel.qualified}` ({rel.kind})", ""]
        if rel.comment:
            lines += [rel.comment, ""]
        lines += ["| kolom | tipe | keterangan |", "|---|---|---|"]
        lines += [f"| `{c.name}` | {c.type} | {_cell(c.comment)} |" for c in rel.columns]
    return "\n".join(lines) + "\n"


def build(url: str | None = None) -> str:
    """The dictionary of `url`, or of a fresh in-memory DuckDB migrated by the current code."""
    from transforms.migrate import migrate

    with connect(url or "duckdb:///:memory:") as wh:
        if url is None:
            migrate(wh)
        return render(relations(wh))


def _type(name: str) -> str:
    base = re.sub(r"\(.*\)$", "", name.strip().lower())
    return _TYPES.get(base, name.upper())


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def _in(values: tuple[str, ...]) -> str:
    return ", ".join(sql_literal(v) for v in values)


def sql_literal(text: str) -> str:
    """A SQL string literal (COMMENT takes no bind parameters); texts come from labels.py."""
    return "'" + text.replace("'", "''") + "'"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="warehouse URL (default: a fresh in-memory DuckDB)")
    args = parser.parse_args(argv)
    sys.stdout.write(build(args.url))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
