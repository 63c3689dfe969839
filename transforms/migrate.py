"""Apply `sql/migrations` once each (recorded in meta.schema_migrations) and re-create the mart
views from `sql/mart` on every run, so the warehouse always matches the code that reads it."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime

from transforms.dictionary import apply_comments
from transforms.roles import apply_access, drop_body_views
from transforms.warehouse import SQL_DIR, Warehouse

MART_DIR = SQL_DIR / "mart"
_VIEW = re.compile(r"CREATE\s+OR\s+REPLACE\s+VIEW\s+([\w.]+)", re.I)
_BOOTSTRAP = """
CREATE SCHEMA IF NOT EXISTS meta;
CREATE TABLE IF NOT EXISTS meta.schema_migrations (
    versi      TEXT PRIMARY KEY,
    checksum   TEXT NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL
)
"""


def migrate(wh: Warehouse) -> list[str]:
    """Return the migrations applied now (empty when the warehouse was up to date)."""
    applied_now: list[str] = []
    with wh.transaction(lock="ppid:migrate"):
        for stmt in _statements(_BOOTSTRAP):
            wh.execute(stmt)
        done = {
            row[0]: row[1] for row in wh.query("SELECT versi, checksum FROM meta.schema_migrations")
        }
        for path in sorted((SQL_DIR / "migrations").glob("*.sql")):
            text = path.read_text(encoding="utf-8")
            checksum = hashlib.sha256(text.encode()).hexdigest()
            if path.stem in done:
                if done[path.stem] != checksum:
                    raise RuntimeError(
                        f"migration {path.name} was edited after it was applied; "
                        "add a new migration instead"
                    )
                continue
            for stmt in _statements(text):
                wh.execute(stmt)
            wh.execute(
                "INSERT INTO meta.schema_migrations (versi, checksum, applied_at) VALUES (?, ?, ?)",
                [path.stem, checksum, datetime.now(UTC)],
            )
            applied_now.append(path.stem)
        mart = [_statements(p.read_text(encoding="utf-8")) for p in sorted(MART_DIR.glob("*.sql"))]
        views = [m.group(1) for stmts in mart for s in stmts if (m := _VIEW.search(s))]
        drop_body_views(wh)  # PostgreSQL: the bodies' filtered copies depend on the mart views
        for view in reversed(views):  # dependants first; PostgreSQL cannot re-shape a view
            wh.execute(f"DROP VIEW IF EXISTS {view}")
        for stmts in mart:
            for stmt in stmts:
                wh.execute(stmt)
        apply_comments(wh)  # Indonesian COMMENT ON from transforms/labels.py
        apply_access(wh)  # PostgreSQL with roles: re-grant the re-created views
    return applied_now


def _statements(text: str) -> list[str]:
    """Split a SQL file on `;` at line ends; our SQL files keep one statement per `;` line end."""
    lines = [ln for ln in text.splitlines() if not ln.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";\n") if s.strip().rstrip(";").strip()]
