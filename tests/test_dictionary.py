"""Query access for the PPID Utama: the committed data dictionary is the live schema's, the
Indonesian comments are in the catalogue, and every example query of docs/warehouse.md runs on
the small sample province on DuckDB and PostgreSQL with the figures the doc states."""

from __future__ import annotations

import dataclasses
import re
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import KEY, PG_ADMIN_URL, _pg_connect
from transforms.config import Settings
from transforms.dictionary import build, relations, render
from transforms.labels import LABELS, RELATION_DESCRIPTIONS
from transforms.migrate import migrate
from transforms.tasks import prepare, refresh_bodies
from transforms.warehouse import connect

DOCS = Path(__file__).resolve().parent.parent / "docs"
STATUS_PER = date(2025, 1, 1)


def _sql_blocks() -> list[str]:
    text = (DOCS / "warehouse.md").read_text(encoding="utf-8")
    return re.findall(r"^```sql\n(.*?)^```", text, flags=re.S | re.M)


@pytest.fixture(scope="module", params=["duckdb", "postgresql"])
def sample_url(
    request: pytest.FixtureRequest, small_landing: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The small sample province loaded once per backend for this module."""
    name = None
    if request.param == "duckdb":
        url = f"duckdb:///{tmp_path_factory.mktemp('dict') / 'warehouse.duckdb'}"
    else:
        request.getfixturevalue("pg_available")
        from sqlalchemy.engine import make_url

        name = f"ppid_test_{uuid.uuid4().hex[:10]}"
        with _pg_connect() as con:
            con.execute(f"CREATE DATABASE {name}")
        url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    settings = dataclasses.replace(
        Settings.from_env(), landing_root=small_landing, output_dir=tmp_path_factory.mktemp("o")
    )
    for batch in prepare(url, settings, bodies_per_task=8):
        refresh_bodies(url, settings, batch, "run-dict", STATUS_PER, KEY)
    yield url
    if name:
        with _pg_connect() as con:
            con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_committed_dictionary_is_current() -> None:
    committed = (DOCS / "kamus-data.md").read_text(encoding="utf-8")
    assert build() == committed, (
        "docs/kamus-data.md is stale: python -m transforms.dictionary > docs/kamus-data.md"
    )
    assert "### `mart.permohonan_jatuh_tempo` (view)" in committed
    assert "| `jumlah_permohonan` | BIGINT | Jumlah Permohonan Informasi Publik |" in committed


def test_postgresql_catalogue_has_the_same_dictionary_and_comments(pg_url: str) -> None:
    with connect(pg_url) as wh:
        migrate(wh)
        migrate(wh)  # the second run re-creates the views: the comments must come back
        assert render(relations(wh)) == (DOCS / "kamus-data.md").read_text(encoding="utf-8")
        view_comment = wh.query("SELECT obj_description('mart.c_badan_tahun'::regclass)")[0][0]
        column_comment = wh.query(
            "SELECT col_description('mart.c_badan_tahun'::regclass, a.attnum)"
            " FROM pg_attribute a WHERE a.attrelid = 'mart.c_badan_tahun'::regclass"
            " AND a.attname = 'tepat_waktu_10_hari_kerja'"
        )[0][0]
        uncommented = wh.query(
            "SELECT c.relname || '.' || a.attname FROM pg_attribute a"
            " JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'mart' AND a.attnum > 0 AND NOT a.attisdropped"
            " AND c.relkind IN ('r', 'v') AND col_description(c.oid, a.attnum) IS NULL"
        )
    assert view_comment == RELATION_DESCRIPTIONS["mart.c_badan_tahun"]
    assert view_comment == "Bagian C: rekapitulasi permohonan per Badan Publik per tahun"
    assert column_comment == LABELS["tepat_waktu_10_hari_kerja"] == "Dipenuhi dalam 10 Hari Kerja"
    assert uncommented == [], "label these in transforms/labels.py"


def test_every_example_query_runs_with_the_documented_figures(sample_url: str) -> None:
    blocks = _sql_blocks()
    assert len(blocks) >= 14
    with connect(sample_url) as wh:
        results = {}
        for sql in blocks:
            rows = wh.query(sql.strip().rstrip(";"))
            assert rows, f"example query returned nothing on the sample:\n{sql}"
            results[sql] = rows
        overdue_in_core = wh.query(
            "SELECT COUNT(*) FROM core.permohonan WHERE kelas_waktu = 'lewat_tenggat'"
        )[0][0]
    by_view: dict[str, list] = {}
    for sql, rows in results.items():  # the first query of each relation
        by_view.setdefault(re.search(r"FROM (\w+\.\w+)", sql).group(1), rows)
    seed = by_view["mart.c_badan_tahun"]
    # 671 requests, none incomplete, 671 in 10 working days, none late/open/refused (seed report)
    assert seed == [("diskopukm", seed[0][1], 2023, 671, 0, 671, 0, 0, 0, 0, 671, 0, 0)]
    assert sum(r[2] for r in by_view["mart.c_badan_bulan"]) == 671  # monthly trend
    due = by_view["mart.permohonan_jatuh_tempo"]
    assert sum(r[1] for r in due) == overdue_in_core == 6  # the sample's open overdue requests
    assert {r[0] for r in due} == {"dinkes", "diskominfo", "pontianak"}
