"""Who may query what on a PostgreSQL warehouse: group roles (NOLOGIN) that login users are
granted, and the grants and row-level security behind them (SQL in sql/roles/).

- `ppid_utama`: the PPID Utama's analysts: every body, core and mart; never raw (personal data).
- `ppid_badan_<kode>`: one per registered body: its own rows of the core tables (row-level
  security) and its own rows of the mart views through `mart_badan.<view>`.
- `ppid_komisi_informasi`: the Information Commission: the aggregate mart views only.

Why filtered views and not `security_invoker` mart views: an invoker view checks the base
tables as the querying user, so the Commission could only read the aggregates with SELECT on
core. The mart views therefore keep the owner's rights (all rows) and are granted to ppid_utama
and, for aggregates, the Commission; bodies get `mart_badan` copies filtered to their bodies.

The embedded DuckDB is a single-user file and has no roles: everything here is a no-op there.
"""

from __future__ import annotations

import argparse
import logging
from dataclasses import dataclass, field

from transforms.dictionary import sql_literal
from transforms.warehouse import SQL_DIR, Warehouse, connect

log = logging.getLogger(__name__)

ROLES_DIR = SQL_DIR / "roles"
UTAMA = "ppid_utama"
KOMISI = "ppid_komisi_informasi"
BODY_PREFIX = "ppid_badan_"
BODY_SCHEMA = "mart_badan"
_MAX_ROLE = 63  # PostgreSQL's identifier limit (bytes)


@dataclass
class RoleSync:
    """What `sync_roles` did, for the task log."""

    status: str  # duckdb | tanpa_hak | ok
    created: list[str] = field(default_factory=list)
    body_roles: int = 0
    skipped: list[str] = field(default_factory=list)


def body_role(kode: str) -> str | None:
    """The role of a body's desk; None when the code makes no valid role name (too long)."""
    name = BODY_PREFIX + kode
    return name if len(name.encode()) <= _MAX_ROLE else None


def sync_roles(wh: Warehouse, codes: list[str]) -> RoleSync:
    """Create the missing group roles (PPID Utama, Commission, one per body in `codes`) and
    (re)apply row-level security and every grant. Idempotent; needs CREATEROLE (or superuser)
    for new roles, and owning the warehouse's tables for the rest."""
    if wh.dialect != "postgresql":
        log.info("warehouse is DuckDB (single-user file): no roles or grants to set up")
        return RoleSync("duckdb")
    wanted = [UTAMA, KOMISI]
    skipped = []
    for kode in codes:
        role = body_role(kode)
        if role is None:
            skipped.append(kode)
            log.warning("body %r: code too long for a role name; no role created", kode)
        else:
            wanted.append(role)
    existing = _existing_roles(wh)
    missing = [r for r in wanted if r not in existing]
    if missing and not _may_create_roles(wh):
        log.warning(
            "warehouse user may not create roles (needs CREATEROLE): %d role(s) missing (%s); "
            "roles and grants not updated. A DBA can run `python -m transforms.roles --url ...`",
            len(missing),
            ", ".join(missing[:5]),
        )
        return RoleSync("tanpa_hak", skipped=skipped)
    created = [r for r in missing if _create_role(wh, r)]
    with wh.transaction(lock="ppid:migrate"):
        for path in sorted(ROLES_DIR.glob("0[12]*.sql")):
            _run(wh, path.name)
        bodies = apply_access(wh)
    log.info(
        "roles: %d created (%s); grants applied for %d body role(s)",
        len(created),
        ", ".join(created[:10]) + (f", … {len(created) - 10} more" if len(created) > 10 else "")
        or "-",
        bodies,
    )
    return RoleSync("ok", created=created, body_roles=bodies, skipped=skipped)


def apply_access(wh: Warehouse) -> int:
    """Re-create the bodies' filtered views and re-grant everything; migrate calls this after
    re-creating the mart views (a re-created view has lost its grants). No-op on DuckDB and
    before sync_roles has set the warehouse up. Returns the body roles granted."""
    if not _set_up(wh):
        return 0
    existing = _existing_roles(wh)
    if not {UTAMA, KOMISI} <= existing:
        log.warning("roles %s/%s missing: grants not applied", UTAMA, KOMISI)
        return 0
    drop_body_views(wh)
    for (view,) in wh.query(
        "SELECT DISTINCT c.table_name FROM information_schema.columns c"
        " JOIN information_schema.views v"
        "   ON v.table_schema = c.table_schema AND v.table_name = c.table_name"
        " WHERE c.table_schema = 'mart' AND c.column_name = 'kode_badan' ORDER BY 1"
    ):
        _run(wh, "0600_view_badan.sql", nama=_ident(view))
        comment = wh.query(
            "SELECT obj_description(to_regclass(?), 'pg_class')", [f"mart.{_ident(view)}"]
        )[0][0]
        if comment:
            note = sql_literal(f"{comment} (hanya baris Badan Publik pengguna)")
            wh.execute(f"COMMENT ON VIEW {BODY_SCHEMA}.{_ident(view)} IS {note}")
    _run(wh, "0300_ppid_utama.sql")
    _run(wh, "0400_komisi_informasi.sql")
    granted = 0
    for (kode,) in wh.query("SELECT kode_badan FROM core.badan_publik ORDER BY kode_badan"):
        role = body_role(kode)
        if role and role in existing:
            _run(wh, "0500_badan.sql", peran=_ident(role))
            granted += 1
    return granted


def drop_body_views(wh: Warehouse) -> None:
    """Drop the filtered views, which depend on the mart views migrate is about to drop."""
    if not _set_up(wh):
        return
    for (view,) in wh.query(
        "SELECT table_name FROM information_schema.views WHERE table_schema = ?", [BODY_SCHEMA]
    ):
        wh.execute(f"DROP VIEW IF EXISTS {BODY_SCHEMA}.{_ident(view)}")


def _set_up(wh: Warehouse) -> bool:
    if wh.dialect != "postgresql":
        return False
    return bool(
        wh.query("SELECT 1 FROM pg_namespace WHERE nspname = ?", [BODY_SCHEMA])
        and wh.query("SELECT to_regprocedure(?)", [f"{BODY_SCHEMA}.kode_badan_saya()"])[0][0]
    )


def _existing_roles(wh: Warehouse) -> set[str]:
    return {
        r
        for (r,) in wh.query(
            "SELECT rolname FROM pg_roles WHERE rolname IN (?, ?) OR starts_with(rolname, ?)",
            [UTAMA, KOMISI, BODY_PREFIX],
        )
    }


def _may_create_roles(wh: Warehouse) -> bool:
    row = wh.query("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")
    return bool(row and row[0][0])


def _create_role(wh: Warehouse, role: str) -> bool:
    """CREATE ROLE ... NOLOGIN; False when another session created it first (roles are shared
    by every database of the cluster)."""
    import psycopg

    try:
        wh.execute(f"CREATE ROLE {_ident(role)} NOLOGIN")
    except (psycopg.errors.DuplicateObject, psycopg.errors.UniqueViolation):
        return False
    return True


def _run(wh: Warehouse, name: str, **params: str) -> None:
    from transforms.migrate import _statements

    for stmt in _statements((ROLES_DIR / name).read_text(encoding="utf-8")):
        wh.execute(stmt.format(**params) if params else stmt)


def _ident(name: str) -> str:
    """A quoted identifier: body codes may hold '.' and '-'."""
    return '"' + name.replace('"', '""') + '"'


def main(argv: list[str] | None = None) -> int:
    """Set up roles for every body registered in the warehouse (for a DBA with CREATEROLE)."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--url", required=True, help="postgresql://user@host:5432/db")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    with connect(args.url) as wh:
        codes = [k for (k,) in wh.query("SELECT kode_badan FROM core.badan_publik")]
        result = sync_roles(wh, codes)
    return 0 if result.status != "tanpa_hak" else 1


if __name__ == "__main__":
    raise SystemExit(main())
