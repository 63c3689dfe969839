"""Both DAGs for real through `airflow dags test` (SQLite metadata), on the embedded DuckDB and
on PostgreSQL: the seed's figures are published and a second refresh changes no row, and no
secret (pseudonym key, warehouse password, mailbox password) reaches a task log."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_pipeline import _snapshot
from transforms.release import latest_folder

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.airflow
SECRET_KEY = "airflow-test-key-0123456789"
# PostgreSQL runs with trust auth in the tests: a password in the URL is accepted and ignored,
# so it can stand for the warehouse's real one
DB_PASSWORD = "gudang-rahasia-Zq81x"
IMAP_PASSWORD = "kotak-surat-rahasia-Wp47k"


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


def _dag(env: dict[str, str], *args: str, ok: bool = True) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "transforms.dagrun", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert (proc.returncode == 0) == ok, proc.stdout + proc.stderr
    return proc.stdout + proc.stderr


def _with_password(url: str) -> str:
    """The test database's URL with a password (PostgreSQL only; DuckDB has none)."""
    if not url.startswith("postgresql://postgres@"):
        return url
    return url.replace("postgresql://postgres@", f"postgresql://postgres:{DB_PASSWORD}@", 1)


def _secrets_absent(paths: list[Path], secrets: list[str]) -> None:
    for path in paths:
        data = path.read_bytes()
        for secret in secrets:
            assert secret.encode() not in data, (path, secret[:4])


def _logs(home: Path) -> list[Path]:
    return [p for p in home.rglob("*") if p.is_file() and not p.name.endswith(".db")]


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
            "AIRFLOW_CONN_PPID_WAREHOUSE": _with_password(warehouse_url),
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
    logs = _logs(airflow_home)
    assert any(p.suffix == ".log" for p in logs), "the runs must have left task logs"
    _secrets_absent(logs + [p for p in out.rglob("*") if p.is_file()], [SECRET_KEY, DB_PASSWORD])


def test_unreachable_mailbox_fails_the_run_without_showing_its_password(
    pg_url: str, airflow_home: Path, tmp_path: Path
) -> None:
    """A body's mailbox on a closed port: the fetch fails, the failure is logged naming the
    body and the server, and `check_mailboxes` turns the run red; neither the mailbox's nor
    the warehouse's password appears in any log. Two bodies, no landing files: quick."""
    landing = tmp_path / "landing"
    landing.mkdir()
    shutil.copy(ROOT / "tests" / "fixtures" / "keberatan" / "landing" / "bodies.csv", landing)
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = _env(
        airflow_home,
        {
            "PPID_DATA_DIR": str(tmp_path / "data"),
            "PPID_LANDING_ROOT": str(landing),
            "PPID_OUTPUT_DIR": str(tmp_path / "published"),
            "AIRFLOW_CONN_PPID_WAREHOUSE": _with_password(pg_url),
            "AIRFLOW_CONN_PPID_IMAP_DINSOS": (
                f"imap://ppid-dinsos:{IMAP_PASSWORD}@127.0.0.1:{port}"
            ),
        },
    )
    before = set(_logs(airflow_home))
    output = _dag(env, "ppid_refresh", "--logical-date", "2025-01-01", ok=False)
    new = [p for p in _logs(airflow_home) if p not in before]
    text = "\n".join(p.read_text(errors="replace") for p in new) + output
    assert f"dinsos: cannot reach IMAP server 127.0.0.1:{port}" in text
    assert "mailbox of body dinsos not fetched" in text
    assert "IMAP fetch failed for 1 body/bodies" in text  # check_mailboxes, the last task
    _secrets_absent(_logs(airflow_home), [SECRET_KEY, DB_PASSWORD, IMAP_PASSWORD])
