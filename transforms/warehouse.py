"""One small interface over the two warehouses: DuckDB (embedded default) and PostgreSQL.

The SQL in `sql/` is written once for both; this module only hides connection, parameter style,
transactions and bulk loading (DuckDB from a DataFrame, PostgreSQL through COPY).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy.engine import make_url

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"


class Warehouse:
    """A single connection; use `transaction()` for every write that must be all-or-nothing."""

    def __init__(self, url: str) -> None:
        parsed = make_url(url)
        self.url = url
        if parsed.drivername.startswith("duckdb"):
            path = parsed.database or ":memory:"
            if path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            self.dialect = "duckdb"
            self._con: Any = _duckdb_connect(path)
        elif parsed.drivername.startswith("postgres"):
            import psycopg

            self.dialect = "postgresql"
            self._con = psycopg.connect(
                host=parsed.host or "127.0.0.1",
                port=parsed.port or 5432,
                user=parsed.username or "postgres",
                password=parsed.password,
                dbname=parsed.database or "postgres",
                autocommit=True,
                options="-c timezone=Asia/Pontianak",
            )
        else:
            raise ValueError(f"unsupported warehouse URL scheme: {parsed.drivername!r}")
        self._in_tx = False

    # -- statements -------------------------------------------------------------------------
    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.dialect == "postgresql" else sql

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        if self.dialect == "postgresql":
            with self._con.cursor() as cur:
                cur.execute(self._sql(sql) if params else sql, params)
        else:
            self._con.execute(sql, params)

    def query(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
        if self.dialect == "postgresql":
            with self._con.cursor() as cur:
                cur.execute(self._sql(sql) if params else sql, params)
                return cur.fetchall()
        return self._con.execute(sql, params).fetchall()

    def _fetch(
        self, sql: str, params: Sequence[Any] | None
    ) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Column names and rows of a query."""
        if self.dialect == "postgresql":
            with self._con.cursor() as cur:
                cur.execute(self._sql(sql) if params else sql, params)
                return [d.name for d in cur.description], cur.fetchall()
        result = self._con.execute(sql, params)
        return [d[0] for d in result.description], result.fetchall()

    def frame(self, sql: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
        if self.dialect == "postgresql":
            cols, rows = self._fetch(sql, params)
            return pd.DataFrame(rows, columns=cols)
        return self._con.execute(sql, params).df()

    def dicts(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        """Rows as dicts of plain Python values, without a DataFrame in between (the hot
        paths that turn rows into model objects)."""
        cols, rows = self._fetch(sql, params)
        return [dict(zip(cols, row, strict=True)) for row in rows]

    def copy_rows(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        """Bulk-append plain tuples (None for NULL) inside the caller's transaction: on
        PostgreSQL straight into COPY, with no DataFrame to build and convert back."""
        if self.dialect != "postgresql":
            return self.insert_frame(table, pd.DataFrame.from_records(rows, columns=columns))
        n = 0
        cols = ", ".join(columns)
        with self._con.cursor() as cur, cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                n += 1
        return n

    def insert_frame(self, table: str, frame: pd.DataFrame) -> int:
        """Bulk-append `frame` (columns = table columns) inside the caller's transaction."""
        if frame.empty:
            return 0
        if self.dialect == "postgresql":
            # missing values become None column by column, not value by value (the hot loop)
            plain = frame.astype(object).where(frame.notna(), None)
            return self.copy_rows(
                table, list(frame.columns), plain.itertuples(index=False, name=None)
            )
        cols = ", ".join(frame.columns)
        self._con.register("_ppid_insert", frame)
        try:
            self._con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _ppid_insert")
        finally:
            self._con.unregister("_ppid_insert")
        return len(frame)

    # -- transactions and locks ---------------------------------------------------------------
    @contextmanager
    def transaction(self, lock: str | Sequence[str] | None = None) -> Iterator[Warehouse]:
        """All-or-nothing; on PostgreSQL `lock` names advisory locks held until commit, taken
        in sorted order so that two runs over overlapping batches never deadlock."""
        if self._in_tx:
            yield self
            return
        self._in_tx = True
        try:
            if self.dialect == "postgresql":
                with self._con.transaction():
                    for name in sorted({lock} if isinstance(lock, str) else set(lock or ())):
                        self.execute("SELECT pg_advisory_xact_lock(?)", [lock_id(name)])
                    yield self
            else:
                self._con.execute("BEGIN TRANSACTION")
                try:
                    yield self
                except BaseException:
                    self._con.execute("ROLLBACK")
                    raise
                self._con.execute("COMMIT")
        finally:
            self._in_tx = False

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _duckdb_connect(path: str, wait_seconds: float | None = None) -> Any:
    """DuckDB allows one writing process per file: wait for it instead of failing a task."""
    import duckdb

    wait = (
        float(os.environ.get("PPID_DUCKDB_LOCK_WAIT", "600"))
        if wait_seconds is None
        else wait_seconds
    )
    deadline = time.monotonic() + wait
    while True:
        try:
            return duckdb.connect(path)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def lock_id(name: str) -> int:
    """A stable signed 64-bit id for pg_advisory locks."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


def connect(url: str) -> Warehouse:
    return Warehouse(url)
