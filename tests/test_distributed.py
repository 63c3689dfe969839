"""`ppid_refresh` on a distributed Airflow: scripts/distributed.sh starts the API server,
scheduler, DAG processor and two Celery workers (Redis broker, PostgreSQL metadata) on loopback
and runs one refresh of the small sample province into a PostgreSQL warehouse. The mapped
`refresh` tasks (one body each) must have run on both workers, and the seed body's requests must
be in the warehouse. With CI=true an unreachable Redis or PostgreSQL fails instead of skipping."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from transforms.distributed import Evidence, TaskRun, check
from transforms.warehouse import connect

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("PPID_DIST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture(scope="module")
def redis_available() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except Exception as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Redis is required in CI and unreachable at {REDIS_URL}: {exc}")
        pytest.skip(f"Redis unreachable at {REDIS_URL}: {exc}")


def _evidence(hosts: list[str | None], state: str = "success") -> Evidence:
    tasks = [TaskRun("prepare", -1, "success", "w1@vm", 3.0)]
    tasks += [TaskRun("refresh", i, "success", h, 9.0) for i, h in enumerate(hosts)]
    return Evidence("ppid_refresh", "r", state, 60.0, tasks, listening={"api": ["127.0.0.1:8080"]})


def test_check_requires_every_worker_and_loopback() -> None:
    assert check(_evidence(["w1@vm", "w2@vm", "w1@vm", "w2@vm"]), ["w1", "w2"]) == []
    one = check(_evidence(["w1@vm"] * 4), ["w1", "w2"])
    assert one == ["worker 'w2' ran no 'refresh' task (spread: {'w1': [0, 1, 2, 3]})"]
    failed = _evidence(["w1@vm", "w2@vm"], state="failed")
    failed.tasks[2] = TaskRun("refresh", 1, "failed", "w2@vm", 1.0)
    assert check(failed, ["w1", "w2"]) == [
        "DAG run state is 'failed', not 'success'",
        "refresh[1] is 'failed'",
    ]
    exposed = _evidence(["w1@vm", "w2@vm"])
    exposed.listening = {"api": ["0.0.0.0:8080"], "w1": ["[::1]:8793"]}
    assert check(exposed, ["w1", "w2"]) == ["api listens on 0.0.0.0:8080, beyond loopback"]


@pytest.mark.airflow
def test_refresh_fans_out_over_two_celery_workers(
    redis_available: None, pg_url: str, small_landing: Path, tmp_path: Path
) -> None:
    evidence_path = tmp_path / "evidence.json"
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("AIRFLOW_CONN_", "PPID_", "AIRFLOW__", "AIRFLOW_HOME"))
    }
    env.update(
        PATH=f"{Path(sys.executable).parent}:{env.get('PATH', '')}",
        TMPDIR=str(tmp_path),
        PPID_LANDING_ROOT=str(small_landing),
        PPID_DATA_DIR=str(tmp_path / "data"),
        PPID_PSEUDONYM_KEY="distributed-test-key-0123456789",
        AIRFLOW_CONN_PPID_WAREHOUSE=pg_url,
        PPID_BODIES_PER_TASK="1",
        PPID_DIST_EVIDENCE=str(evidence_path),
        PPID_DIST_REDIS_URL=REDIS_URL,
        # 07:00 WIB on 1 March 2024: the run is as of 1 March (its data interval's end), not
        # as of today, as a scheduled run of that date would be
        PPID_DIST_LOGICAL_DATE="2024-03-01T00:00:00+00:00",
    )
    proc = subprocess.run(
        ["bash", str(ROOT / "scripts" / "distributed.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=480,
    )
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-3000:]

    ev = json.loads(evidence_path.read_text())
    assert ev["state"] == "success" and ev["problems"] == []
    refresh = [t for t in ev["tasks"] if t["task_id"] == "refresh"]
    assert sorted(t["map_index"] for t in refresh) == [0, 1, 2, 3]  # 4 bodies, one per task
    assert {t["state"] for t in refresh} == {"success"}
    # Each worker reports its own hostname (PPID_WORKER_NAME@host), and both ran mapped tasks.
    by_worker = ev["refresh_by_worker"]
    assert set(by_worker) == {"w1", "w2"}, by_worker
    assert all(by_worker[w] for w in ("w1", "w2"))
    assert len({t["hostname"] for t in refresh}) == 2
    # Every process listened on loopback only, and none is left running.
    assert set(ev["pids"]) == {"api-server", "scheduler", "dag-processor", "worker-w1", "worker-w2"}
    assert ev["listening"]["api-server"], "the API server listened"
    for addrs in ev["listening"].values():
        assert all(a.startswith(("127.0.0.1:", "::1:")) for a in addrs), addrs
    for pid in ev["pids"].values():
        assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == "zombie"
    assert "ppid-distributed" not in " ".join(p.name for p in tmp_path.iterdir())  # cleaned up

    with connect(pg_url) as wh:
        seed = dict(
            wh.query(
                "SELECT saluran, COUNT(*) FROM core.permohonan"
                " WHERE kode_badan = 'diskopukm' AND tahun = 2023 GROUP BY saluran"
            )
        )
        bodies = {b for (b,) in wh.query("SELECT DISTINCT kode_badan FROM core.permohonan")}
        status = {str(d) for (d,) in wh.query("SELECT DISTINCT status_per FROM core.permohonan")}
    assert seed == {"email": 121, "whatsapp": 152, "buku_tamu": 398}
    assert bodies == {"dinkes", "diskominfo", "diskopukm", "pontianak"}
    assert status == {"2024-03-01"}
