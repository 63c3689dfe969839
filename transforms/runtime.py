"""Resolve the Airflow connections the tasks need into plain values.

`ppid_warehouse` chooses the warehouse (absent: the embedded DuckDB file); `ppid_pseudonym_key`
holds the key of the requester pseudonyms in its password (or extra `key`). Airflow is imported
only inside functions, so the rest of `transforms` stays usable without it.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import quote

from transforms.config import Settings

WAREHOUSE_CONN_ID = "ppid_warehouse"
PSEUDONYM_CONN_ID = "ppid_pseudonym_key"


def airflow_connection(conn_id: str) -> Any | None:
    try:
        from airflow.sdk import BaseHook
    except ImportError:  # plain Python use, e.g. the benchmark
        return None
    try:
        return BaseHook.get_connection(conn_id)
    except Exception as exc:  # AirflowNotFoundException
        if type(exc).__name__ == "AirflowNotFoundException":
            return None
        raise


def connection_url(
    conn_type: str,
    host: str | None = None,
    port: int | None = None,
    login: str | None = None,
    password: str | None = None,
    schema: str | None = None,
    extra: dict[str, Any] | None = None,
) -> str:
    """An Airflow connection's fields → the SQLAlchemy-style URL `transforms.warehouse` takes."""
    kind = (conn_type or "").lower()
    if kind == "duckdb":
        path = (extra or {}).get("path") or host or schema
        if not path:
            raise ValueError("duckdb connection needs a file path (host, schema or extra.path)")
        return f"duckdb:///{path}"
    if kind in {"postgres", "postgresql"}:
        auth = ""
        if login:
            auth = quote(login, safe="")
            if password:
                auth += ":" + quote(password, safe="")
            auth += "@"
        return f"postgresql://{auth}{host or '127.0.0.1'}:{port or 5432}/{schema or 'postgres'}"
    raise ValueError(f"connection {WAREHOUSE_CONN_ID} has unsupported type {conn_type!r}")


def warehouse_url(settings: Settings) -> str:
    conn = airflow_connection(WAREHOUSE_CONN_ID)
    if conn is None:
        return settings.default_warehouse_url
    return connection_url(
        conn.conn_type,
        conn.host,
        conn.port,
        conn.login,
        conn.password,
        conn.schema,
        conn.extra_dejson,
    )


def task_settings() -> tuple[Settings, str]:
    """What every task starts with: the settings from the environment and the warehouse URL
    (the Airflow connection when there is one)."""
    settings = Settings.from_env()
    return settings, warehouse_url(settings)


def pseudonym_key() -> bytes:
    """The pseudonym key; refusing to run without one beats publishing reversible ids."""
    conn = airflow_connection(PSEUDONYM_CONN_ID)
    key = None
    if conn is not None:
        key = conn.password or conn.extra_dejson.get("key")
    key = key or os.environ.get("PPID_PSEUDONYM_KEY")
    if not key or len(key) < 16:
        raise RuntimeError(
            f"no pseudonym key: set the Airflow connection {PSEUDONYM_CONN_ID!r} (password) or "
            "PPID_PSEUDONYM_KEY to a secret of at least 16 characters"
        )
    return key.encode()


def worker_hostname() -> str:
    """`[core] hostname_callable`: the host's name, prefixed with `PPID_WORKER_NAME` when set, so
    TaskInstance.hostname tells apart two Celery workers on one machine (the distributed run)."""
    import socket

    host = socket.getfqdn()
    name = os.environ.get("PPID_WORKER_NAME", "").strip()
    return f"{name}@{host}" if name else host
