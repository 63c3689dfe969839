"""Exactly once, on the embedded DuckDB and the real PostgreSQL: two runs at once (a manual run
beside the scheduled one) and a run killed with SIGKILL in the middle of a body's load, then
retried, both end in exactly the state of one clean run, and publish the same figures.

A file delivered twice (same bytes or renamed) and a re-triggered run are covered by
`tests/test_pipeline.py` (`test_seed_figures_province_totals_and_idempotence`,
`test_redelivered_file_changes_nothing`); the concurrent test below repeats the renamed
re-delivery on PostgreSQL too, where test_pipeline checks it on DuckDB only.

The runs are real OS processes (`transforms.tasks.refresh_bodies`). No hook in production code:
on PostgreSQL the test watches `pg_locks` from outside; on DuckDB (one process per file, the
others wait) the killed child pauses inside its own copy of `transforms.refresh._write_raw`.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import duckdb
import psycopg
import pytest

from tests.conftest import KEY, _pg_connect
from tests.test_pipeline import STATUS_PER, _settings, _snapshot
from transforms.tasks import prepare, publish, refresh_bodies
from transforms.warehouse import connect, lock_id

REPO = Path(__file__).resolve().parent.parent
# dinkes has quarantined files and rows; diskopukm is the seed body (671 requests in 2023)
CODES = ["dinkes", "diskopukm"]
KILLED = "diskopukm"
SEED_REQUESTS = 671
# columns that name the run or the moment that wrote a row, not what the row says
RUN_COLUMNS = {"run_id", "dimuat_pada", "dicatat_pada", "dievaluasi_pada"}
APP = "ppid-exactly-once"

# The child: one refresh_bodies run as its own OS process. It says "waiting" whenever the
# DuckDB file is held by another process (transforms.warehouse retries). With `pause_in`, its
# copy of refresh._write_raw stops (until killed) once the body's first raw rows are written, still
# inside the body's transaction, and says how many raw rows its own transaction sees.
CHILD = r"""
import dataclasses, json, sys, time
from datetime import date
from pathlib import Path

args = json.loads(sys.argv[1])
import duckdb
import transforms.refresh as refresh
from transforms.config import Settings
from transforms.tasks import refresh_bodies

pause_in = args.get("pause_in")
if pause_in:
    original = refresh._write_raw

    def _write_raw(wh, ctx, loads, now, summary):
        original(wh, ctx, loads, now, summary)
        if ctx.kode_badan != pause_in:
            return
        n = sum(
            wh.query(f"SELECT COUNT(*) FROM {t} WHERE kode_badan = ?", [pause_in])[0][0]
            for t in ("raw.pesan", "raw.formulir")
        )
        if n:
            print(f"mid-load {n}", flush=True)
            time.sleep(600)

    refresh._write_raw = _write_raw

duckdb_connect = duckdb.connect


def connect_reporting_wait(*a, **kw):
    try:
        return duckdb_connect(*a, **kw)
    except duckdb.IOException:
        print("waiting", flush=True)
        raise


duckdb.connect = connect_reporting_wait
settings = dataclasses.replace(
    Settings.from_env(), landing_root=Path(args["landing"]), output_dir=Path(args["out"])
)
print("ready", flush=True)
refresh_bodies(
    args["url"], settings, args["codes"], args["run_id"],
    date.fromisoformat(args["status_per"]), bytes.fromhex(args["key"]),
)
print("done", flush=True)
"""


class Child:
    """A refresh run in its own process; its stdout lines arrive on a queue."""

    def __init__(self, name: str, url: str, landing: Path, log_dir: Path, **extra: Any) -> None:
        args = {
            "url": url,
            "landing": str(landing),
            "out": str(log_dir / f"out-{name}"),
            "codes": CODES,
            "run_id": f"run-{name}",
            "status_per": STATUS_PER.isoformat(),
            "key": KEY.hex(),
            **extra,
        }
        self.name = name
        self.stderr = log_dir / f"{name}.stderr"
        env = {**os.environ, "PGAPPNAME": f"{APP}-{name}"}
        with self.stderr.open("w") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", CHILD, json.dumps(args)],
                cwd=REPO,
                env=env,
                stdout=subprocess.PIPE,
                stderr=err,
                text=True,
            )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.strip())
        self.lines.put("<eof>")

    def expect(self, prefix: str, timeout: float = 120) -> str:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            if line.startswith(prefix):
                return line
            if line == "<eof>":
                break
        pytest.fail(f"{self.name} never printed {prefix!r}:\n{self.tail()}")

    def finish(self, timeout: float = 180) -> int:
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            pytest.fail(f"{self.name} did not finish:\n{self.tail()}")

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def tail(self) -> str:
        return self.stderr.read_text()[-3000:]


@pytest.fixture
def children() -> Any:
    """The children started by a test, killed if the test fails half way."""
    started: list[Child] = []
    yield started
    for child in started:
        child.kill()


# -- the state of one clean run, per warehouse, to compare every other ending with ------------
def _normalized(url: str) -> dict[str, list[tuple]]:
    """`_snapshot` of every raw/core/mart base table without the run's id and clock columns."""
    snap = _snapshot(url)
    with connect(url) as wh:
        columns = wh.query(
            "SELECT table_schema || '.' || table_name, column_name FROM information_schema.columns"
            " WHERE table_schema IN ('raw', 'core', 'mart') ORDER BY ordinal_position"
        )
    names: dict[str, list[str]] = {}
    for table, column in columns:
        names.setdefault(table, []).append(column)
    return {
        table: sorted(
            (
                tuple(v for c, v in zip(names[table], row, strict=True) if c not in RUN_COLUMNS)
                for row in rows
            ),
            key=repr,
        )
        for table, rows in snap.items()
    }


def _body_counts(url: str, kode: str) -> dict[str, int]:
    """Rows of one body in every raw/core base table that has a kode_badan column."""
    with connect(url) as wh:
        tables = wh.query(
            "SELECT c.table_schema || '.' || c.table_name FROM information_schema.columns c"
            " JOIN information_schema.tables t ON t.table_schema = c.table_schema"
            " AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'"
            " WHERE c.table_schema IN ('raw', 'core') AND c.column_name = 'kode_badan'"
        )
        return {
            t: wh.query(f"SELECT COUNT(*) FROM {t} WHERE kode_badan = ?", [kode])[0][0]
            for (t,) in sorted(tables)
            if t != "core.badan_publik"
        }


def _figures(url: str, landing: Path, out: Path, run_id: str) -> dict[str, Any]:
    """Publish 2023 through transforms.tasks.publish and read back the published tables."""
    pub = publish(url, _settings(landing, out), 2023, run_id)
    folder = Path(pub["folder"])
    tables = {
        p.name: json.loads(p.read_text())
        for p in sorted(folder.glob("*.json"))
        if p.name.startswith(("c_", "d_", "skm_"))
    }
    assert len(tables) >= 10
    return {"jumlah_permohonan": pub["jumlah_permohonan"], "tabel": tables}


def _seed_requests(figures: dict[str, Any]) -> int:
    rows = figures["tabel"]["c_permohonan_per_badan.json"]["baris"]
    row = next(r for r in rows if r["Kode Badan Publik"] == KILLED)
    return row["Jumlah Permohonan Informasi Publik"]


@pytest.fixture(autouse=True)
def _no_report_rendering(monkeypatch: pytest.MonkeyPatch) -> None:
    """The HTML/PDF reports take most of a publish and are not figures: the release's checksum
    is over the published tables only (transforms/release.py report_documents)."""
    monkeypatch.setattr("transforms.release.report_documents", lambda *_a: lambda _f: None)


@pytest.fixture(scope="module")
def references(tmp_path_factory: pytest.TempPathFactory, small_landing: Path) -> Any:
    """One clean, uninterrupted run per warehouse kind, made once for the module."""
    made: dict[str, dict[str, Any]] = {}
    databases: list[str] = []

    def reference(dialect: str) -> dict[str, Any]:
        if dialect not in made:
            base = tmp_path_factory.mktemp(f"reference-{dialect}")
            if dialect == "duckdb":
                url = f"duckdb:///{base / 'warehouse.duckdb'}"
            else:
                name = f"ppid_test_eo_{os.getpid()}"
                with _pg_connect() as con:
                    con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
                    con.execute(f"CREATE DATABASE {name}")
                databases.append(name)
                url = f"postgresql://postgres@127.0.0.1:5432/{name}"
            settings = _settings(small_landing, base / "out")
            prepare(url, settings, bodies_per_task=8)
            refresh_bodies(url, settings, CODES, "run-clean", STATUS_PER, KEY)
            made[dialect] = {
                "state": _normalized(url),
                "figures": _figures(url, small_landing, base / "out", "run-clean"),
            }
            assert _seed_requests(made[dialect]["figures"]) == SEED_REQUESTS
        return made[dialect]

    yield reference
    for name in databases:
        with _pg_connect() as con:
            con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def target(
    request: pytest.FixtureRequest, dialect: str, references: Any
) -> tuple[str, dict[str, Any]]:
    """The parametrized dialect's fresh warehouse URL and its clean run's reference."""
    url = request.getfixturevalue("pg_url" if dialect == "postgresql" else "duckdb_url")
    return url, references(dialect)


def _prepared(url: str, landing: Path, out: Path) -> None:
    """Migrations, bodies and calendar: what the DAG's first task does before the refreshes."""
    prepare(url, _settings(landing, out), bodies_per_task=8)


def _pg_waiting(url: str) -> dict[str, str]:
    """Children (by application name) whose backend waits for a lock, and for what."""
    with connect(url) as wh:
        rows = wh.query(
            "SELECT a.application_name, l.locktype || ' ' || l.mode FROM pg_locks l"
            " JOIN pg_stat_activity a ON a.pid = l.pid"
            " WHERE NOT l.granted AND a.application_name LIKE ? AND a.datname = current_database()",
            [f"{APP}-%"],
        )
    return dict(rows)


# -- (c) two runs at once ----------------------------------------------------------------------
@pytest.mark.parametrize("dialect", ["duckdb", "postgresql"])
def test_two_runs_at_once_end_as_one_run(
    dialect: str,
    target: tuple[str, dict[str, Any]],
    small_landing: Path,
    tmp_path: Path,
    children: list[Child],
) -> None:
    url, reference = target
    landing = tmp_path / "landing"
    shutil.copytree(small_landing, landing)
    _prepared(url, landing, tmp_path / "out")

    # Hold both runs at the door, so they meet inside the same body's load: on PostgreSQL a
    # gate transaction blocks every insert into raw (reads go on), on DuckDB the test keeps the
    # file open. Both have read the loaded hashes and parsed everything when the gate opens.
    if dialect == "postgresql":
        gate = psycopg.connect(url)  # not autocommit: the lock lasts until commit()
        gate.execute(
            "LOCK TABLE raw.berkas, raw.pesan, raw.formulir, raw.karantina, raw.validasi"
            " IN EXCLUSIVE MODE"
        )
    else:
        gate = duckdb.connect(url.removeprefix("duckdb:///"))
    children += [Child(n, url, landing, tmp_path) for n in ("terjadwal", "manual")]
    for child in children:
        child.expect("ready")
    if dialect == "postgresql":
        deadline = time.monotonic() + 120
        while set(waiting := _pg_waiting(url)) != {f"{APP}-terjadwal", f"{APP}-manual"}:
            assert time.monotonic() < deadline, f"both runs never reached the load: {waiting}"
            time.sleep(0.1)
        gate.commit()
    else:
        for child in children:
            child.expect("waiting")  # in transforms.warehouse's retry loop
    gate.close()

    for child in children:
        assert child.finish() == 0, f"{child.name} failed:\n{child.tail()}"
        child.expect("done", timeout=5)
    assert _normalized(url) == reference["state"]
    figures = _figures(url, landing, tmp_path / "out", "run-publish")
    assert figures == reference["figures"]
    assert _seed_requests(figures) == SEED_REQUESTS

    # then the same file delivered again under another name, and the run re-triggered
    before = _snapshot(url)
    src = sorted((landing / KILLED / "email").iterdir())[0]
    shutil.copy(src, src.with_name("kiriman_ulang_" + src.name))
    refresh_bodies(url, _settings(landing, tmp_path / "out"), CODES, "run-3", STATUS_PER, KEY)
    assert _snapshot(url) == before
    again = publish(url, _settings(landing, tmp_path / "out"), 2023, "run-3")
    assert not again["revisi_baru"] and again["revisi"] == 1


# -- (d) a run killed half way, then retried ----------------------------------------------------
def _pg_mid_load(url: str, kode: str) -> bool:
    """The killed child's backend holds the body's advisory lock and has inserted into
    raw.berkas in that transaction (a file's rows are written before its raw.berkas row)."""
    key = lock_id(f"ppid:body:{kode}") & 0xFFFFFFFFFFFFFFFF
    with connect(url) as wh:
        held = wh.query(
            "SELECT l.locktype, l.classid::text, l.objid::text, l.relation::regclass::text"
            " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
            " WHERE l.granted AND a.application_name = ? AND a.datname = current_database()",
            [f"{APP}-gestopt"],
        )
    body = (str(key >> 32), str(key & 0xFFFFFFFF))
    body_locked = any(t == "advisory" and (c, o) == body for t, c, o, _r in held)
    return body_locked and any(r == "raw.berkas" for *_x, r in held)


def _visible_rows(url: str, kode: str) -> int:
    with connect(url) as wh:
        return sum(
            wh.query(f"SELECT COUNT(*) FROM {t} WHERE kode_badan = ?", [kode])[0][0]
            for t in ("raw.berkas", "raw.pesan", "raw.formulir", "raw.karantina")
        )


@pytest.mark.parametrize("dialect", ["duckdb", "postgresql"])
def test_run_killed_mid_load_leaves_nothing_and_retry_equals_clean_run(
    dialect: str,
    target: tuple[str, dict[str, Any]],
    small_landing: Path,
    tmp_path: Path,
    children: list[Child],
) -> None:
    url, reference = target
    _prepared(url, small_landing, tmp_path / "out")

    if dialect == "postgresql":  # watched from outside, no pause in the child
        child = Child("gestopt", url, small_landing, tmp_path)
        children.append(child)
        deadline = time.monotonic() + 120
        while not _pg_mid_load(url, KILLED):
            assert child.proc.poll() is None, f"the run ended before the kill:\n{child.tail()}"
            assert time.monotonic() < deadline, "the run never reached the load"
            # what others see while the load runs: nothing of the body, ever
            assert _visible_rows(url, KILLED) == 0, "partial rows visible during the load"
            time.sleep(0.01)
        os.kill(child.proc.pid, signal.SIGSTOP)  # frozen: it can send no COMMIT any more
        assert _pg_mid_load(url, KILLED), "the body committed before the run was stopped"
        assert _visible_rows(url, KILLED) == 0, "partial rows visible during the load"
    else:  # one process per DuckDB file: the child pauses itself inside the transaction
        child = Child("gestopt", url, small_landing, tmp_path, pause_in=KILLED)
        children.append(child)
        inside = child.expect("mid-load")
        assert int(inside.split()[1]) > 0  # its own transaction does see its raw rows
        with pytest.raises(duckdb.IOException, match="lock"):  # and no one else sees anything
            duckdb.connect(url.removeprefix("duckdb:///"))
    child.kill()
    assert child.proc.returncode == -signal.SIGKILL

    # nothing of the killed batch is committed: not the killed body's rows, and not those of
    # the body written before it in the same transaction (refresh.refresh_batch)
    for kode in CODES:
        counts = _body_counts(url, kode)
        assert counts and set(counts.values()) == {0}, (kode, counts)

    refresh_bodies(url, _settings(small_landing, tmp_path / "out"), CODES, "run-2", STATUS_PER, KEY)
    assert _normalized(url) == reference["state"]
    figures = _figures(url, small_landing, tmp_path / "out", "run-2")
    assert figures == reference["figures"]
    assert _seed_requests(figures) == SEED_REQUESTS
