"""Roles on the real PostgreSQL: login users made members of the group roles see what their role
allows and nothing else, after the views have been re-created by a later migrate."""

from __future__ import annotations

import dataclasses
import logging
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from tests.conftest import KEY, PG_ADMIN_URL, _pg_connect
from transforms.config import Settings
from transforms.migrate import migrate
from transforms.roles import KOMISI, UTAMA, sync_roles
from transforms.tasks import prepare, refresh_bodies
from transforms.warehouse import connect

STATUS_PER = date(2025, 1, 1)
SAMPLE_BODIES = {"diskopukm", "dinkes", "diskominfo", "pontianak"}
# mart relations that list individual requests or are publication bookkeeping: not aggregates
NOT_FOR_COMMISSION = {"permohonan_jatuh_tempo", "publikasi", "publikasi_angka"}


@pytest.fixture(scope="module")
def pg(pg_available: None, small_landing: Path, tmp_path_factory) -> Iterator[dict[str, str]]:
    """The sample province on a fresh database, roles set up by prepare, views re-created once
    more (as publish does), and one login user per group role. Yields urls by user kind."""
    name = f"ppid_test_{uuid.uuid4().hex[:10]}"
    suffix = uuid.uuid4().hex[:6]
    users = {
        "utama": (f"uji_utama_{suffix}", UTAMA),
        "komisi": (f"uji_komisi_{suffix}", KOMISI),
        "diskopukm": (f"uji_diskopukm_{suffix}", "ppid_badan_diskopukm"),
        "dinkes": (f"uji_dinkes_{suffix}", "ppid_badan_dinkes"),
        "none": (f"uji_tanpa_peran_{suffix}", None),
    }
    with _pg_connect() as con:
        con.execute(f"CREATE DATABASE {name}")
    admin = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    settings = dataclasses.replace(
        Settings.from_env(), landing_root=small_landing, output_dir=tmp_path_factory.mktemp("o")
    )
    try:
        for batch in prepare(admin, settings, bodies_per_task=8):
            refresh_bodies(admin, settings, batch, "run-roles", STATUS_PER, KEY)
        with connect(admin) as wh:
            migrate(wh)  # drops and re-creates every view: grants must survive
        with _pg_connect() as con:
            for login, role in users.values():
                con.execute(f"CREATE ROLE {login} LOGIN")
                if role:
                    con.execute(f"GRANT {role} TO {login}")
        yield {
            "admin": admin,
            **{
                k: make_url(admin).set(username=u).render_as_string() for k, (u, _) in users.items()
            },
        }
    finally:
        with _pg_connect() as con:
            con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            for login, _ in users.values():
                con.execute(f"DROP ROLE IF EXISTS {login}")


def _rows(url: str, sql: str) -> list[tuple]:
    with connect(url) as wh:
        return wh.query(sql)


def _denied(url: str, sql: str) -> bool:
    try:
        _rows(url, sql)
    except psycopg.errors.InsufficientPrivilege:
        return True
    return False


def test_a_body_sees_only_its_own_rows(pg: dict[str, str]) -> None:
    url = pg["diskopukm"]
    assert _rows(url, "SELECT DISTINCT kode_badan FROM core.permohonan") == [("diskopukm",)]
    assert _rows(url, "SELECT COUNT(*) FROM core.permohonan WHERE tahun = 2023") == [(671,)]
    for table in ("core.keberatan", "core.sengketa", "core.survei_responden"):
        kodes = _rows(url, f"SELECT DISTINCT kode_badan FROM {table}")
        assert set(kodes) <= {("diskopukm",)}, table
    assert _rows(url, "SELECT COUNT(*) FROM core.survei_responden WHERE tahun = 2023") == [(252,)]
    # through its mart views: only its own line, with the seed report's figures
    assert _rows(
        url, "SELECT kode_badan, jumlah_permohonan FROM mart_badan.c_badan_tahun WHERE tahun = 2023"
    ) == [("diskopukm", 671)]
    assert _rows(url, "SELECT COUNT(*) FROM mart_badan.permohonan_jatuh_tempo") == [(0,)]
    # dinkes has one overdue request in the sample; diskopukm none, and cannot see dinkes'
    assert _rows(
        pg["dinkes"], "SELECT kode_badan, status FROM mart_badan.permohonan_jatuh_tempo"
    ) == [("dinkes", "lewat_tenggat")]
    assert _rows(pg["dinkes"], "SELECT DISTINCT kode_badan FROM mart_badan.skm_unsur") == [
        ("dinkes",)
    ]
    assert _denied(url, "SELECT COUNT(*) FROM mart.c_badan_tahun")  # all bodies: not for a body
    assert _denied(url, "SELECT COUNT(*) FROM raw.pesan")
    # a login user with no group role reads nothing at all
    assert _denied(pg["none"], "SELECT COUNT(*) FROM core.permohonan")


def test_the_commission_reads_aggregates_only(pg: dict[str, str]) -> None:
    url = pg["komisi"]
    assert _denied(url, "SELECT COUNT(*) FROM core.permohonan")
    assert _denied(url, "SELECT COUNT(*) FROM core.badan_publik")
    assert _denied(url, "SELECT COUNT(*) FROM raw.formulir")
    assert _denied(url, "SELECT COUNT(*) FROM mart.permohonan_jatuh_tempo")
    assert _denied(url, "SELECT COUNT(*) FROM mart_badan.c_badan_tahun")
    province = "SELECT tahun, jumlah_badan_publik, jumlah_permohonan FROM mart.c_provinsi_tahun"
    assert _rows(url, province + " ORDER BY tahun") == _rows(pg["admin"], province + " ORDER BY 1")
    seed = "SELECT jumlah_permohonan FROM mart.c_badan_tahun WHERE kode_badan = 'diskopukm'"
    assert _rows(url, seed + " AND tahun = 2023") == [(671,)]
    readable = _rows(
        pg["admin"],
        "SELECT table_name, has_table_privilege("
        f"'{make_url(url).username}', 'mart.' || table_name, 'SELECT')"
        " FROM information_schema.tables WHERE table_schema = 'mart' ORDER BY 1",
    )
    # every mart relation is classified: aggregates readable, the rest not
    assert [t for t, ok in readable if ok] == sorted(
        t for t, _ in readable if t not in NOT_FOR_COMMISSION
    )
    assert len([t for t, ok in readable if ok]) >= 19


def test_the_ppid_utama_reads_every_body_but_not_raw(pg: dict[str, str]) -> None:
    url = pg["utama"]
    assert {k for (k,) in _rows(url, "SELECT DISTINCT kode_badan FROM core.permohonan")} == (
        SAMPLE_BODIES
    )
    everything = "SELECT COUNT(*) FROM core.keberatan"
    assert _rows(url, everything) == _rows(pg["admin"], everything)
    assert _rows(url, "SELECT COUNT(*) FROM mart.permohonan_jatuh_tempo") == [(6,)]
    assert _rows(url, "SELECT COUNT(*) FROM mart.c_badan_tahun WHERE tahun = 2023") == [(4,)]
    assert _denied(url, "SELECT COUNT(*) FROM raw.pesan")
    assert _denied(url, "SELECT COUNT(*) FROM raw.karantina")
    assert _denied(url, "SELECT COUNT(*) FROM meta.schema_migrations")


def test_sync_is_idempotent_and_says_why_when_it_may_not_create_roles(
    pg: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    with connect(pg["admin"]) as wh:
        again = sync_roles(wh, sorted(SAMPLE_BODIES))
    assert again.status == "ok" and again.created == [] and again.body_roles == 4
    assert _rows(pg["diskopukm"], "SELECT DISTINCT kode_badan FROM core.permohonan") == [
        ("diskopukm",)
    ]
    with caplog.at_level(logging.WARNING), connect(pg["utama"]) as wh:
        refused = sync_roles(wh, ["badan-baru-tanpa-peran"])
    assert refused.status == "tanpa_hak"
    assert "may not create roles" in caplog.text
    with connect("duckdb:///:memory:") as wh:
        assert sync_roles(wh, ["diskopukm"]).status == "duckdb"
