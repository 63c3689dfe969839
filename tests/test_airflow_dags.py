"""Both DAGs for real through `airflow dags test` (SQLite metadata), on the embedded DuckDB and
on PostgreSQL: the seed's figures are published and a second refresh changes no row."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_pipeline import _snapshot
from transforms.release import latest_folder

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.airflow
SECRET_KEY = "airflow-test-key-0123456789"


@pytest.fixture(scope="session")
def airflow_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("airflow_home")
    env = _env(home, {})
    subprocess.run(
        ["airflow", "db", "migrate"], env=env, check=True, capture_output=True, timeout=300
    )
    return home


def _env(home: Path, extra: dict[str, str]) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("AIRFLOW_CONN_", "PPID_", "AIRFLOW__"))
    }
    bindir = str(Path(sys.executable).parent)
    env.update(
        PATH=f"{bindir}:{env.get('PATH', '')}",
        AIRFLOW_HOME=str(home),
        AIRFLOW__CORE__DAGS_FOLDER=str(ROOT / "dags"),
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        GX_ANALYTICS_ENABLED="False",
        PPID_TASK_RETRIES="0",
        PPID_PSEUDONYM_KEY=SECRET_KEY,
        **extra,
    )
    return env


def _dag(env: dict[str, str], *args: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "transforms.dagrun", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_refresh_and_publish_through_airflow(
    warehouse_url: str, airflow_home: Path, small_landing: Path, tmp_path: Path
) -> None:
    out = tmp_path / "published"
    env = _env(
        airflow_home,
        {
            "PPID_DATA_DIR": str(tmp_path / "data"),
            "PPID_LANDING_ROOT": str(small_landing),
            "PPID_OUTPUT_DIR": str(out),
            "AIRFLOW_CONN_PPID_WAREHOUSE": warehouse_url,
        },
    )
    _dag(env, "ppid_refresh", "--logical-date", "2025-01-01")
    _dag(env, "ppid_publish_annual", "--conf", '{"year": 2023}')

    rows = json.loads((latest_folder(out, 2023) / "c_permohonan_per_badan.json").read_text())[
        "baris"
    ]
    seed = next(r for r in rows if r["Kode Badan Publik"] == "diskopukm")
    assert seed["Jumlah Permohonan Informasi Publik"] == 671
    assert seed["Dikabulkan Seluruhnya"] == 671
    assert seed["Ditolak (Pengecualian Pasal 17 / Pasal 6)"] == 0
    assert seed["Dipenuhi Melewati Jangka Waktu"] == 0
    province = json.loads((latest_folder(out, 2023) / "c_provinsi.json").read_text())["baris"][0]
    assert province["Jumlah Permohonan Informasi Publik"] == sum(
        r["Jumlah Permohonan Informasi Publik"] for r in rows
    )
    # section D and the satisfaction index are published with section C
    d_rows = json.loads(
        (latest_folder(out, 2023) / "d_keberatan_sengketa_per_badan.json").read_text()
    )
    d_seed = next(r for r in d_rows["baris"] if r["Kode Badan Publik"] == "diskopukm")
    assert d_seed["Jumlah Keberatan yang Diterima"] == 0
    d_province = json.loads((latest_folder(out, 2023) / "d_provinsi.json").read_text())["baris"][0]
    assert d_province["Jumlah Keberatan yang Diterima"] > 0
    skm = json.loads((latest_folder(out, 2023) / "skm_per_badan.json").read_text())["baris"]
    skm_seed = [r for r in skm if r["Kode Badan Publik"] == "diskopukm"]
    assert {r["Jumlah Responden"] for r in skm_seed} and skm_seed[0]["Jumlah Responden"] > 0
    assert all(r["Mutu Pelayanan"] in {"A", "B", "C", "D"} for r in skm_seed)

    before = _snapshot(warehouse_url)
    _dag(env, "ppid_refresh", "--logical-date", "2025-01-01")
    _dag(env, "ppid_publish_annual", "--conf", '{"year": 2023}')
    assert _snapshot(warehouse_url) == before
    # no secret in any task log, run log or published file
    logs = [p for p in airflow_home.rglob("*") if p.is_file() and not p.name.endswith(".db")]
    assert any(p.suffix == ".log" for p in logs), "the runs must have left task logs"
    for path in logs + [p for p in out.rglob("*") if p.is_file()]:
        assert SECRET_KEY.encode() not in path.read_bytes(), path
