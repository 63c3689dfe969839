"""Shared fixtures: the small sample landing zone and real warehouses (DuckDB file, and a fresh
PostgreSQL database per test on 127.0.0.1:5432). With CI=true an unreachable PostgreSQL fails
the tests that need it instead of skipping them."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

PG_ADMIN_URL = os.environ.get("PPID_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
KEY = b"test-pseudonym-key-0123456789"


def _pg_connect(dbname: str | None = None):
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(PG_ADMIN_URL)
    return psycopg.connect(
        host=url.host,
        port=url.port or 5432,
        user=url.username or "postgres",
        password=url.password,
        dbname=dbname or url.database or "postgres",
        autocommit=True,
        connect_timeout=5,
    )


@pytest.fixture(scope="session")
def pg_available() -> None:
    try:
        _pg_connect().close()
    except Exception as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"PostgreSQL is required in CI and unreachable at {PG_ADMIN_URL}: {exc}")
        pytest.skip(f"PostgreSQL unreachable at {PG_ADMIN_URL}: {exc}")


@pytest.fixture
def pg_url(pg_available: None):
    from sqlalchemy.engine import make_url

    name = f"ppid_test_{uuid.uuid4().hex[:10]}"
    with _pg_connect() as con:
        con.execute(f"CREATE DATABASE {name}")
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    yield url.replace("postgresql+psycopg", "postgresql")
    with _pg_connect() as con:
        con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def duckdb_url(tmp_path: Path) -> str:
    return f"duckdb:///{tmp_path / 'warehouse.duckdb'}"


@pytest.fixture(params=["duckdb", "postgresql"])
def warehouse_url(request: pytest.FixtureRequest) -> str:
    if request.param == "duckdb":
        return request.getfixturevalue("duckdb_url")
    return request.getfixturevalue("pg_url")


@pytest.fixture(scope="session")
def small_landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generator's small province (diskopukm 2023 as in the seed report), made once."""
    from transforms.sample_data import generate

    out = tmp_path_factory.mktemp("landing")
    generate(out, seed=2023, scale="small")
    return out
