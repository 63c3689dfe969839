"""Drive and check one `ppid_refresh` run on a distributed Airflow (CeleryExecutor, two workers).

`scripts/distributed.sh` starts the processes; this module does what is easier in Python: the
dedicated PostgreSQL databases, waiting until the API server, both Celery workers and the parsed
DAG are ready, triggering the run, polling its state, and the evidence of where each task ran
(TaskInstance.hostname, set per worker by `transforms.runtime.worker_hostname`) and of what the
processes listen on. The run fails unless the mapped `refresh` tasks ran on every worker.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

PG_ADMIN_URL = os.environ.get(
    "PPID_DIST_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
LOOPBACK = {"127.0.0.1", "::1"}
FANOUT_TASK = "refresh"
_DB_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@dataclass(frozen=True)
class TaskRun:
    task_id: str
    map_index: int
    state: str | None
    hostname: str | None
    duration: float | None

    @property
    def label(self) -> str:
        return self.task_id if self.map_index < 0 else f"{self.task_id}[{self.map_index}]"

    @property
    def worker(self) -> str | None:
        """The worker's name (`PPID_WORKER_NAME`): the part of the hostname before '@'."""
        if not self.hostname or "@" not in self.hostname:
            return None
        return self.hostname.split("@", 1)[0]


@dataclass
class Evidence:
    dag_id: str
    run_id: str
    state: str | None
    run_seconds: float
    tasks: list[TaskRun]
    pids: dict[str, int] = field(default_factory=dict)
    listening: dict[str, list[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def by_worker(self, task_id: str = FANOUT_TASK) -> dict[str, list[int]]:
        spread: dict[str, list[int]] = {}
        for t in self.tasks:
            if t.task_id == task_id:
                spread.setdefault(t.worker or "?", []).append(t.map_index)
        return {w: sorted(ix) for w, ix in sorted(spread.items())}

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["tasks"] = [asdict(t) | {"worker": t.worker} for t in self.tasks]
        data["refresh_by_worker"] = self.by_worker()
        return data


def check(evidence: Evidence, workers: Iterable[str]) -> list[str]:
    """What is wrong with a finished run: not successful, a mapped task not successful, a worker
    that ran no mapped task, or a process listening beyond loopback."""
    problems = []
    if evidence.state != "success":
        problems.append(f"DAG run state is {evidence.state!r}, not 'success'")
    fanout = [t for t in evidence.tasks if t.task_id == FANOUT_TASK]
    if not fanout:
        problems.append(f"no {FANOUT_TASK!r} task instances")
    for t in fanout:
        if t.state != "success":
            problems.append(f"{FANOUT_TASK}[{t.map_index}] is {t.state!r}")
    spread = evidence.by_worker()
    for w in workers:
        if not spread.get(w):
            problems.append(f"worker {w!r} ran no {FANOUT_TASK!r} task (spread: {spread})")
    for name, addrs in evidence.listening.items():
        for addr in addrs:
            if addr.rsplit(":", 1)[0].strip("[]") not in LOOPBACK:
                problems.append(f"{name} listens on {addr}, beyond loopback")
    return problems


# --- PostgreSQL -------------------------------------------------------------------------------


def _pg(url: str):
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(url)
    return psycopg.connect(
        host=u.host or "127.0.0.1",
        port=u.port or 5432,
        user=u.username or "postgres",
        password=u.password,
        dbname=u.database or "postgres",
        autocommit=True,
        connect_timeout=5,
    )


def create_db(name: str) -> None:
    if not _DB_NAME.match(name):
        raise ValueError(f"not a plain database name: {name!r}")
    with _pg(PG_ADMIN_URL) as con:
        con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        con.execute(f"CREATE DATABASE {name}")


def drop_db(name: str) -> None:
    if not _DB_NAME.match(name):
        raise ValueError(f"not a plain database name: {name!r}")
    with _pg(PG_ADMIN_URL) as con:
        con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _meta_rows(sql: str, *params: Any) -> list[tuple]:
    url = os.environ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"]
    with _pg(url) as con:
        return con.execute(sql, params).fetchall()


def forget_queue(broker_url: str, queue: str) -> int:
    """Delete the run's queue and its kombu bindings from Redis, so runs leave nothing behind."""
    import redis

    client = redis.Redis.from_url(broker_url, socket_connect_timeout=5)
    keys = [queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"]
    removed = int(client.delete(*keys))
    # Messages of a task killed mid-run wait in kombu's shared `unacked` hash to be redelivered
    # to the queue; nobody will consume it again. Each value is [message, exchange, routing key].
    for tag, raw in client.hscan_iter("unacked"):
        try:
            routed = json.loads(raw)[2]
        except (ValueError, IndexError, TypeError):
            continue
        if routed == queue:
            removed += client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)
    return removed


# --- waiting ----------------------------------------------------------------------------------


def exited(pids: dict[str, int]) -> list[str]:
    """The started processes that are no longer running (a crash at start-up, a bad setting)."""
    import psutil

    gone = []
    for name, pid in pids.items():
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                continue
        except psutil.NoSuchProcess:
            pass
        gone.append(name)
    return gone


def wait_for(
    what: str,
    probe: Callable[[], T | None],
    timeout: float,
    pids: dict[str, int] | None = None,
    every: float = 2.0,
) -> T:
    """Poll `probe` until it returns something truthy; a timeout names what never came, and a
    started process that died fails at once instead of waiting out the timeout."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        gone = exited(pids or {})
        if gone:
            raise RuntimeError(f"{', '.join(gone)} exited while waiting for {what}")
        try:
            value = probe()
            if value:
                return value
        except Exception as exc:  # not up yet: refused connection, missing table, ...
            last_error = exc
        time.sleep(every)
    raise TimeoutError(
        f"timed out after {timeout:.0f}s waiting for {what} (last error: {last_error})"
    )


def api_healthy(api_url: str) -> bool:
    with urllib.request.urlopen(f"{api_url}/api/v2/monitor/health", timeout=5) as resp:
        health = json.load(resp)
    return health.get("scheduler", {}).get("status") == "healthy"


def celery_nodes() -> list[str]:
    """Node names of the workers answering a ping on this broker."""
    from celery import Celery

    app = Celery(broker=os.environ["AIRFLOW__CELERY__BROKER_URL"])
    try:
        replies = app.control.ping(timeout=1.0) or []
    finally:
        app.close()
    return [name for reply in replies for name in reply]


def workers_online(prefixes: list[str]) -> bool:
    nodes = celery_nodes()
    return all(any(n.startswith(f"{p}@") for n in nodes) for p in prefixes)


def dag_parsed(dag_id: str) -> bool:
    rows = _meta_rows(
        "SELECT 1 FROM dag d JOIN serialized_dag s USING (dag_id) WHERE d.dag_id = %s", dag_id
    )
    return bool(rows)


# --- the run ----------------------------------------------------------------------------------


def _airflow(*args: str) -> None:
    proc = subprocess.run(["airflow", *args], capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise RuntimeError(f"airflow {' '.join(args)} failed:\n{proc.stdout}{proc.stderr}")


def trigger(dag_id: str, run_id: str, logical_date: str) -> None:
    """`airflow dags trigger`, but due when its logical date says: the CLI dates a manual run
    by the wall clock (`run_after` = now), and the refresh takes its status date (open vs
    overdue) from the data interval Airflow infers from `run_after`. Here both are the logical
    date, as for the scheduled run of that date, so a run as of 1 January is as of 1 January."""
    import pendulum
    from airflow.api.common.trigger_dag import trigger_dag
    from airflow.utils.types import DagRunTriggeredByType

    when = pendulum.parse(logical_date, tz="UTC")
    trigger_dag(
        dag_id,
        run_id=run_id,
        logical_date=when,
        run_after=when,
        triggered_by=DagRunTriggeredByType.CLI,
    )


def task_runs(dag_id: str, run_id: str) -> list[TaskRun]:
    rows = _meta_rows(
        "SELECT task_id, map_index, state, hostname, duration FROM task_instance"
        " WHERE dag_id = %s AND run_id = %s ORDER BY task_id, map_index",
        dag_id,
        run_id,
    )
    return [TaskRun(r[0], r[1], r[2], r[3] or None, r[4]) for r in rows]


def run_state(dag_id: str, run_id: str) -> str | None:
    rows = _meta_rows("SELECT state FROM dag_run WHERE dag_id = %s AND run_id = %s", dag_id, run_id)
    return rows[0][0] if rows else None


def poll_run(
    dag_id: str, run_id: str, timeout: float, pids: dict[str, int]
) -> tuple[str | None, float]:
    """Wait for the run to finish, printing each task's state changes; (final state, seconds)."""
    started = time.monotonic()
    seen: dict[tuple[str, int], tuple] = {}
    state = None
    while time.monotonic() - started < timeout:
        gone = exited(pids)
        if gone:
            raise RuntimeError(f"{', '.join(gone)} exited during the run")
        for t in task_runs(dag_id, run_id):
            key = (t.task_id, t.map_index)
            if seen.get(key) != (t.state, t.hostname):
                seen[key] = (t.state, t.hostname)
                where = f" on {t.hostname}" if t.hostname else ""
                elapsed = time.monotonic() - started
                print(f"    {elapsed:5.0f}s  {t.label}: {t.state or '-'}{where}", flush=True)
        state = run_state(dag_id, run_id)
        if state in {"success", "failed"}:
            break
        time.sleep(2)
    return state, time.monotonic() - started


def listening(pids: dict[str, int]) -> dict[str, list[str]]:
    """Listening TCP addresses of each started process and its descendants."""
    import psutil

    found: dict[str, list[str]] = {}
    for name, pid in pids.items():
        try:
            root = psutil.Process(pid)
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            continue
        addrs = set()
        for p in procs:
            try:
                conns = p.net_connections(kind="inet")
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            addrs |= {
                f"{c.laddr.ip}:{c.laddr.port}" for c in conns if c.status == psutil.CONN_LISTEN
            }
        found[name] = sorted(addrs)
    return found


def read_pids(path: Path) -> dict[str, int]:
    """`name pid` lines written by scripts/distributed.sh."""
    pids = {}
    for line in path.read_text().splitlines():
        if line.strip():
            name, pid = line.split()
            pids[name] = int(pid)
    return pids


def report(evidence: Evidence) -> str:
    lines = [
        f"{evidence.dag_id} {evidence.run_id}: {evidence.state} in {evidence.run_seconds:.0f}s"
    ]
    for t in evidence.tasks:
        secs = f"{t.duration:.1f}s" if t.duration is not None else "-"
        lines.append(f"  {t.label:<16} {t.state or '-':<8} {secs:>7}  on {t.hostname or '-'}")
    spread = ", ".join(f"{w}: {ix}" for w, ix in evidence.by_worker().items())
    lines.append(f"  mapped {FANOUT_TASK!r} tasks by worker: {spread}")
    for name, addrs in evidence.listening.items():
        lines.append(f"  {name} listens on: {', '.join(addrs) or 'nothing'}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    workers = [w for w in args.workers.split(",") if w]
    pids = read_pids(Path(args.pids)) if args.pids else {}
    limit = args.ready_timeout
    print("==> waiting for the API server, scheduler, both workers and the parsed DAG", flush=True)
    wait_for("a healthy scheduler", lambda: api_healthy(args.api_url), limit, pids)
    nodes = [f"{w}-{args.tag}" for w in workers]
    wait_for(f"Celery workers {nodes}", lambda: workers_online(nodes), limit, pids)
    wait_for(f"DAG {args.dag_id} parsed", lambda: dag_parsed(args.dag_id), limit, pids)
    print(f"==> unpausing and triggering {args.dag_id} ({args.run_id})", flush=True)
    _airflow("dags", "unpause", args.dag_id)
    trigger(args.dag_id, args.run_id, args.logical_date)
    state, seconds = poll_run(args.dag_id, args.run_id, args.timeout, pids)
    evidence = Evidence(
        dag_id=args.dag_id,
        run_id=args.run_id,
        state=state,
        run_seconds=round(seconds, 1),
        tasks=task_runs(args.dag_id, args.run_id),
        pids=pids,
        listening=listening(pids),
    )
    evidence.problems = check(evidence, workers)
    print(report(evidence), flush=True)
    if args.evidence:
        Path(args.evidence).write_text(json.dumps(evidence.to_json(), indent=2, default=str))
    for problem in evidence.problems:
        print(f"FAILED: {problem}", file=sys.stderr)
    return 1 if evidence.problems else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    for cmd in ("createdb", "dropdb"):
        sub.add_parser(cmd).add_argument("name")
    sub.add_parser("free-port")
    fq = sub.add_parser("forget-queue", help="delete a run's queue from the Redis broker")
    fq.add_argument("broker_url")
    fq.add_argument("queue")
    r = sub.add_parser("run", help="wait until ready, trigger one run, poll it, check the spread")
    r.add_argument("--api-url", required=True)
    r.add_argument("--workers", default="w1,w2", help="PPID_WORKER_NAME of each worker")
    r.add_argument("--tag", required=True, help="suffix of the workers' Celery node names")
    r.add_argument("--dag-id", default="ppid_refresh")
    r.add_argument("--run-id", required=True)
    r.add_argument("--logical-date", default="2025-01-01T00:00:00+00:00")
    r.add_argument("--ready-timeout", type=float, default=180)
    r.add_argument("--timeout", type=float, default=300)
    r.add_argument("--pids", help="file of `name pid` lines of the started processes")
    r.add_argument("--evidence", help="write the evidence as JSON here")
    args = ap.parse_args(argv)
    if args.cmd == "createdb":
        create_db(args.name)
    elif args.cmd == "dropdb":
        drop_db(args.name)
    elif args.cmd == "forget-queue":
        forget_queue(args.broker_url, args.queue)
    elif args.cmd == "free-port":
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            print(s.getsockname()[1])
    else:
        return run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
