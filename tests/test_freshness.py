"""Failure visibility for the desks: a body that sent nothing for the month is flagged in the
run summary, and each body gets its quarantine report with reasons it can act on."""

from __future__ import annotations

import csv
import dataclasses
import shutil
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import KEY
from tests.pii_scan import find_in_text
from transforms.config import Settings
from transforms.freshness import bodies_without_data, month_before
from transforms.summary import run_summary
from transforms.tasks import prepare, publish_due_lists, refresh_bodies
from transforms.warehouse import connect

STATUS_PER = date(2025, 1, 1)
JULY = date(2023, 7, 1)  # the small sample covers 2023: every body has June data


@pytest.fixture(scope="module")
def loaded(small_landing: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Settings]:
    """The small province with one body's desk silent: its folder delivered nothing at all."""
    tmp = tmp_path_factory.mktemp("fresh")
    landing = tmp / "landing"
    shutil.copytree(small_landing, landing)
    shutil.rmtree(landing / "diskominfo")
    url = f"duckdb:///{tmp / 'warehouse.duckdb'}"
    settings = dataclasses.replace(
        Settings.from_env(), landing_root=landing, output_dir=tmp / "out"
    )
    for batch in prepare(url, settings, bodies_per_task=4):
        refresh_bodies(url, settings, batch, "run-1", STATUS_PER, KEY)
    return url, settings


def test_month_before_is_the_refresh_interval() -> None:
    assert month_before(date(2025, 1, 1)) == (date(2024, 12, 1), date(2025, 1, 1))
    assert month_before(date(2024, 3, 1)) == (date(2024, 2, 1), date(2024, 3, 1))


def test_silent_body_is_flagged_and_the_others_are_not(loaded: tuple[str, Settings]) -> None:
    url, _ = loaded
    with connect(url) as wh:
        june = bodies_without_data(wh, *month_before(JULY))
        later = bodies_without_data(wh, *month_before(date(2024, 3, 1)))
    assert june == [{"kode_badan": "diskominfo", "data_terakhir": None}]
    # nobody has data for February 2024; the others' latest record is in January 2024
    assert [b["kode_badan"] for b in later] == ["dinkes", "diskominfo", "diskopukm", "pontianak"]
    assert {b["data_terakhir"][:7] for b in later if b["data_terakhir"]} == {"2024-01"}

    summary = run_summary([], june)
    assert summary["badan_tanpa_data_bulan_ini"] == ["diskominfo"]


def test_quarantine_report_per_body_names_the_problem_without_personal_data(
    loaded: tuple[str, Settings],
) -> None:
    url, settings = loaded
    result = publish_due_lists(url, settings, JULY)
    assert result["tanpa_data"] == [{"kode_badan": "diskominfo", "data_terakhir": None}]
    folder = settings.output_dir / "operasional" / "2023-07" / "karantina"
    reports = {p.stem: p for p in folder.glob("*.csv")}
    assert set(reports) == {"dinkes", "diskominfo", "diskopukm", "pontianak"}

    with reports["dinkes"].open(encoding="utf-8") as fh:
        table = list(csv.reader(fh))
    assert table[0][:2] == ["Sumber", "Berkas"] and "Alasan" in table[0]
    reasons = [row[table[0].index("Alasan")] for row in table[1:]]
    assert any("31/02/2023" in r for r in reasons), reasons
    with connect(url) as wh:
        expected = wh.query("SELECT COUNT(*) FROM raw.karantina WHERE kode_badan = 'dinkes'")[0][0]
    assert len(table) - 1 == expected > 0

    with reports["diskominfo"].open(encoding="utf-8") as fh:
        assert len(list(csv.reader(fh))) == 1  # header only: nothing in quarantine
    for path in reports.values():
        assert find_in_text(path.read_text(encoding="utf-8"), set(), path.name) == []
    again = publish_due_lists(url, settings, JULY)  # a re-run writes the same bytes
    assert sorted(again["berkas"]) == sorted(result["berkas"])
