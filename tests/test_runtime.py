"""Airflow connection fields → warehouse URL, for both warehouses."""

from __future__ import annotations

import pytest

from transforms.runtime import connection_url, pseudonym_key


def test_duckdb_connection_from_uri_or_json_form() -> None:
    assert connection_url("duckdb", schema="/srv/ppid/w.duckdb") == "duckdb:////srv/ppid/w.duckdb"
    assert connection_url("duckdb", host="/srv/w.duckdb") == "duckdb:////srv/w.duckdb"
    assert connection_url("duckdb", extra={"path": "/x.duckdb"}) == "duckdb:////x.duckdb"
    with pytest.raises(ValueError):
        connection_url("duckdb")


def test_postgres_connection_quotes_credentials() -> None:
    url = connection_url("postgres", "db.local", 5433, "ppid", "p@ss/w", "warehouse")
    assert url == "postgresql://ppid:p%40ss%2Fw@db.local:5433/warehouse"


def test_unknown_type_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported"):
        connection_url("mysql", "h")


def test_pseudonym_key_is_required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PPID_PSEUDONYM_KEY", raising=False)
    monkeypatch.delenv("AIRFLOW_CONN_PPID_PSEUDONYM_KEY", raising=False)
    with pytest.raises(RuntimeError, match="pseudonym key"):
        pseudonym_key()
    monkeypatch.setenv("PPID_PSEUDONYM_KEY", "k" * 20)
    assert pseudonym_key() == b"k" * 20
