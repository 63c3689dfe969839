"""The benchmark's measuring instruments, each usable on its own.

- `RssSampler`: this process's resident memory every ~20 ms, its peak per pipeline stage
  (`transforms.stages.active()`) and per task of the run.
- `TreeSampler`: the summed memory of a process and its children (the Airflow run).
- `run_direct`: the transforms called directly, as the DAGs call them, without Airflow.
  `python -m bench.measure direct ...` runs it in a fresh process, so that its peak memory is the
  pipeline's and not the benchmark's.
- `copy_reference`: a bare PostgreSQL `COPY` of the rows the pipeline wrote to `core`.
- `python -m bench.measure parse FILE`: one DAG file parsed the way the dag processor does.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import re
import resource
import sys
import threading
import time
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from transforms import stages

MIB = 1024 * 1024
NO_STAGE = "(outside any stage)"


def _vmrss_bytes() -> int:
    """VmRSS of this process (cheaper than psutil, and what the kernel would OOM-kill on)."""
    with open("/proc/self/status", "rb") as fh:
        for line in fh:
            if line.startswith(b"VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


class RssSampler:
    """Samples this process's RSS on a thread and at every stage's start and end; attributes
    each sample to every pipeline stage running (an outer stage's peak includes its inner
    stages') and to the task the benchmark set in `phase`."""

    def __init__(self, interval: float = 0.02) -> None:
        self.interval = interval
        self.peak = 0
        self.by_stage: dict[str, int] = {}
        self.phase: str | None = None
        self.samples = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="rss-sampler", daemon=True)

    def __enter__(self) -> RssSampler:
        self.sample()
        stages.on_boundary(self.sample)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        stages.on_boundary(None)
        self._stop.set()
        self._thread.join()
        self.sample()

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def sample(self) -> None:
        rss = _vmrss_bytes()
        names = set(stages.active() or (NO_STAGE,)) | {self.phase or NO_STAGE}
        with self._lock:
            self.samples += 1
            self.peak = max(self.peak, rss)
            for key in names:
                self.by_stage[key] = max(self.by_stage.get(key, 0), rss)


def _pss_bytes(pid: int) -> int:
    """Proportional set size: a page shared by n processes counts 1/n in each (0 if gone)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class TreeSampler:
    """Peak of the summed RSS of a process and all its descendants (psutil), e.g. `airflow dags
    test` with whatever it starts. Shared pages of forked children count once per process, so
    this errs high; every `pss_every`-th sample also sums their PSS, which counts each page
    once in all (what the processes really hold together)."""

    def __init__(self, pid: int, interval: float = 0.05, pss_every: int = 10) -> None:
        import psutil

        self._root = psutil.Process(pid)
        self.interval = interval
        self.pss_every = pss_every
        self.peak = 0
        self.peak_pss = 0
        self.peak_single = 0
        self.max_processes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="tree-sampler", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        import psutil

        n = 0
        while not self._stop.is_set():
            try:
                procs = [self._root, *self._root.children(recursive=True)]
            except psutil.Error:
                return
            if n % self.pss_every == 0:
                self.peak_pss = max(self.peak_pss, sum(_pss_bytes(p.pid) for p in procs))
            n += 1
            total = 0
            for p in procs:
                try:
                    rss = p.memory_info().rss
                except psutil.Error:
                    continue
                total += rss
                self.peak_single = max(self.peak_single, rss)
            self.peak = max(self.peak, total)
            self.max_processes = max(self.max_processes, len(procs))
            self._stop.wait(self.interval)


_TS = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z?)\s")
_TASK = re.compile(r"\[DAG TEST\] (starting|end task) task_id=(\S+) map_index=(-?\d+)")
_STAGE_LINE = re.compile(r"\bstage (\S+)\s+([\d.]+) s\s+(\d+) rows\s+(\d+) calls")


def _log_time(line: str) -> float | None:
    m = _TS.match(line)
    if not m:
        return None
    return datetime.fromisoformat(m[1].replace("Z", "+00:00")).timestamp()


def airflow_breakdown(log_text: str, started: float, ended: float) -> dict[str, Any]:
    """Where an `airflow dags test` process spent its wall time, from its log: start-up until
    the first task, each task (`[DAG TEST] starting` → `end`), the gaps between tasks, and the
    shutdown after the last; plus the pipeline's stage totals the tasks logged
    (`stages.log_totals`). `started`/`ended` are the process's epoch seconds."""
    tasks: list[dict[str, Any]] = []
    open_: dict[tuple[str, str], float] = {}
    blocks: list[dict[str, dict[str, float]]] = []
    last_stage_line = -2
    for i, line in enumerate(log_text.splitlines()):
        if m := _TASK.search(line):
            ts = _log_time(line)
            if ts is None:
                continue
            key = (m[2], m[3])
            if m[1] == "starting":
                open_[key] = ts
            elif key in open_:
                t0 = open_.pop(key)
                tasks.append({"task": m[2], "map_index": int(m[3]), "start": t0, "end": ts})
        elif m := _STAGE_LINE.search(line):
            if i != last_stage_line + 1:
                blocks.append({})
            blocks[-1][m[1]] = {"seconds": float(m[2]), "rows": int(m[3]), "calls": int(m[4])}
            last_stage_line = i
    out: dict[str, Any] = {}
    if tasks:
        first, last = min(t["start"] for t in tasks), max(t["end"] for t in tasks)
        in_tasks = sum(t["end"] - t["start"] for t in tasks)
        out = {
            "startup_seconds": round(first - started, 3),
            "tasks_seconds": round(in_tasks, 3),
            "between_tasks_seconds": round(last - first - in_tasks, 3),
            "shutdown_seconds": round(ended - last, 3),
            "tasks": [
                {
                    "task": t["task"],
                    "map_index": t["map_index"],
                    "seconds": round(t["end"] - t["start"], 3),
                }
                for t in tasks
            ],
        }
    if blocks:  # `dags test` runs every task in one process: each block is cumulative
        cumulative = all(
            all(b[k]["seconds"] >= a[k]["seconds"] for k in a if k in b)
            for a, b in zip(blocks, blocks[1:], strict=False)
        )
        totals: dict[str, dict[str, float]] = {}
        for block in blocks[-1:] if cumulative else blocks:
            for k, v in block.items():
                t = totals.setdefault(k, {"seconds": 0.0, "rows": 0, "calls": 0})
                for f in ("seconds", "rows", "calls"):
                    t[f] += v[f]
        out["stages"] = totals
    return out


def stage_table(
    totals: dict[str, dict[str, float | int]], peaks: dict[str, int]
) -> dict[str, dict[str, Any]]:
    """`stages.totals()` plus rows per second and the peak RSS seen while each stage ran."""
    out: dict[str, dict[str, Any]] = {}
    for name, t in totals.items():
        seconds, rows = float(t["seconds"]), int(t["rows"])
        out[name] = {
            "seconds": round(seconds, 4),
            "rows": rows,
            "calls": int(t["calls"]),
            "rows_per_second": round(rows / seconds, 1) if seconds > 0 and rows else None,
            "peak_rss_mib": round(peaks[name] / MIB, 1) if name in peaks else None,
        }
    return out


def run_direct(
    url: str,
    settings: Any,
    *,
    key: bytes,
    status_per: date,
    publish_years: Iterable[int],
    run_id: str,
    due_lists: bool = True,
    workers: int = 1,
) -> dict[str, Any]:
    """prepare → refresh_bodies per batch → publish_due_lists → publish(year) → pdf_batches →
    render_pdfs per batch, the calls the DAGs make, in this process; stage totals, wall times
    and memory. `refresh_seconds` ends before the first publish (the monthly refresh's cost).
    With `workers` > 1 the batches run in that many processes, as Airflow's workers run the
    mapped tasks; their stage seconds are summed (worker time, not wall time; the pool's wall
    time is `pool:refresh_bodies`) and their peak memory is each process's own."""
    from transforms import tasks

    stages.reset()
    counts = {"bodies": 0, "batches": 0, "files_new": 0, "files_known": 0, "rows_loaded": 0}
    counts |= {"files_quarantined": 0, "rows_quarantined": 0, "requests": 0}
    start = time.perf_counter()
    with RssSampler() as sampler:

        def step(name: str, fn: Callable[[], Any]) -> Any:
            sampler.phase = name
            with stages.stage(name):
                result = fn()
            sampler.phase = None
            return result

        batches = step(
            "task:prepare", lambda: tasks.prepare(url, settings, settings.bodies_per_task)
        )
        worker_peaks: list[int] = []
        for results in _refresh_all(
            step, batches, workers, worker_peaks, (url, settings, run_id, status_per, key)
        ):
            counts["batches"] += 1
            for r in results:
                counts["bodies"] += 1
                for field, k in (
                    ("files_new", "berkas_baru"),
                    ("files_known", "berkas_sudah_ada"),
                    ("files_quarantined", "berkas_dikarantina"),
                    ("rows_loaded", "baris_dimuat"),
                    ("rows_quarantined", "baris_dikarantina"),
                    ("requests", "permohonan"),
                ):
                    counts[field] += int(r.get(k) or 0)
        if due_lists:
            step(
                "task:publish_due_lists",
                lambda: tasks.publish_due_lists(url, settings, status_per),
            )
        refresh_seconds = time.perf_counter() - start
        published = [
            step("task:publish", lambda y=year: tasks.publish(url, settings, y, run_id))
            for year in publish_years
        ]
        if published:  # the publish DAG's next tasks: the PDFs a large year's publish left
            years = [int(p["tahun"]) for p in published]
            for batch in step("task:pdf_batches", lambda: tasks.pdf_batches(settings, years)):
                step(
                    "task:render_pdfs",
                    lambda b=batch: tasks.render_pdfs(
                        settings, b["tahun"], b["revisi"], b["laporan"]
                    ),
                )
        wall = time.perf_counter() - start
    peak = max(
        sampler.peak, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, *worker_peaks
    )
    return {
        "workers": workers,
        "wall_seconds": round(wall, 3),
        "refresh_seconds": round(refresh_seconds, 3),
        "publish_seconds": round(wall - refresh_seconds, 3),
        "peak_rss_mib": round(peak / MIB, 1),
        "peak_rss_sampled_mib": round(sampler.peak / MIB, 1),
        "memory_samples": sampler.samples,
        "status_per": status_per.isoformat(),
        "counts": counts,
        "published": [
            {k: p.get(k) for k in ("tahun", "revisi", "jumlah_permohonan")} for p in published
        ],
        "stages": stage_table(stages.totals(), sampler.by_stage),
    }


def _refresh_all(
    step: Callable[[str, Callable[[], Any]], Any],
    batches: list[list[str]],
    workers: int,
    worker_peaks: list[int],
    args: tuple[Any, ...],
) -> Iterable[list[dict[str, Any]]]:
    from transforms import tasks

    if workers <= 1:
        for batch in batches:
            yield step("task:refresh_bodies", lambda b=batch: tasks.refresh_bodies(*_at(args, b)))
        return
    import multiprocessing

    start = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        for results, totals, peak in pool.imap_unordered(
            _refresh_job, [(args, b) for b in batches]
        ):
            _add_totals(totals)
            worker_peaks.append(peak)
            yield results
    # the batches' own `task:refresh_bodies` marks are worker time, like their stages; the
    # pool's wall time, the one Airflow's two workers compare with, is recorded apart
    _add_totals({"pool:refresh_bodies": {"seconds": time.perf_counter() - start, "rows": 0}})


def _at(args: tuple[Any, ...], batch: list[str]) -> tuple[Any, ...]:
    url, settings, run_id, status_per, key = args
    return (url, settings, batch, run_id, status_per, key)


def _refresh_job(job: tuple[tuple[Any, ...], list[str]]) -> tuple[Any, Any, int]:
    """One batch in a pool process: its results, its stage totals and the process's peak."""
    from transforms import tasks

    args, batch = job
    stages.reset()
    with stages.stage("task:refresh_bodies"):
        results = tasks.refresh_bodies(*_at(args, batch))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return results, stages.totals(), peak


def _add_totals(totals: dict[str, dict[str, Any]]) -> None:
    for name, t in totals.items():
        stages.add(name, float(t["seconds"]), int(t.get("rows", 0)), int(t.get("calls", 1)))


# -- COPY reference ---------------------------------------------------------------------------
def copy_reference(dsn: str, tables: Iterable[str], spool_dir: Path) -> dict[str, Any]:
    """Re-load each table's rows with one bare `COPY ... FROM STDIN` into an empty copy of the
    table (`LIKE ... INCLUDING ALL`: same defaults, checks, indexes). The rows are first copied
    out to a spool file (untimed); the timed part is the COPY and its commit."""
    import psycopg

    spool_dir.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {"tables": {}}
    with psycopg.connect(dsn, autocommit=True) as con:
        con.execute("DROP SCHEMA IF EXISTS bench_copy CASCADE")
        con.execute("CREATE SCHEMA bench_copy")
        for table in tables:
            schema, name = table.split(".")
            cols = [
                r[0]
                for r in con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema = %s"
                    " AND table_name = %s AND is_generated = 'NEVER' ORDER BY ordinal_position",
                    [schema, name],
                ).fetchall()
            ]
            collist = ", ".join(f'"{c}"' for c in cols)
            spool = spool_dir / f"{table}.copy"
            size = 0
            with (
                con.cursor() as cur,
                spool.open("wb") as fh,
                cur.copy(f"COPY (SELECT {collist} FROM {table}) TO STDOUT") as cp,
            ):
                for chunk in cp:
                    fh.write(chunk)
                    size += len(chunk)
            row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
            rows = int(row[0]) if row else 0
            con.execute(f"CREATE TABLE bench_copy.{name} (LIKE {table} INCLUDING ALL)")
            con.execute("CHECKPOINT")  # start from the same clean state for every table
            start = time.perf_counter()
            with (
                con.transaction(),
                con.cursor() as cur,
                spool.open("rb") as fh,
                cur.copy(f"COPY bench_copy.{name} ({collist}) FROM STDIN") as cp,
            ):
                for chunk in iter(lambda f=fh: f.read(MIB), b""):
                    cp.write(chunk)
            seconds = time.perf_counter() - start
            spool.unlink()
            result["tables"][table] = {
                "rows": rows,
                "bytes": size,
                "seconds": round(seconds, 4),
                "rows_per_second": round(rows / seconds, 1) if seconds > 0 else None,
            }
        con.execute("DROP SCHEMA bench_copy CASCADE")
    rows = sum(t["rows"] for t in result["tables"].values())
    seconds = sum(t["seconds"] for t in result["tables"].values())
    result |= {
        "rows": rows,
        "seconds": round(seconds, 4),
        "rows_per_second": round(rows / seconds, 1) if seconds > 0 else None,
    }
    return result


# -- DAG parse time ---------------------------------------------------------------------------
def parse_dag_file(path: Path) -> dict[str, Any]:
    """One file as the dag processor handles it, in a process where Airflow is already imported
    (as in the processor's fork) and the Airflow modules the file names are pre-imported
    (`[dag_processor] parsing_pre_import_modules`), both untimed. Timed: filling a DagBag from
    the file (what Airflow reports as the file's parse duration), then serializing its DAGs
    twice: the first pays Airflow's own lazy imports (provider links), the second is the DAGs'."""
    import importlib

    import airflow.dag_processing.processor  # noqa: F401  (the processor's own imports)
    from airflow.dag_processing.dagbag import BundleDagBag
    from airflow.serialization.serialized_objects import DagSerialization
    from airflow.utils.file import iter_airflow_imports

    for module in iter_airflow_imports(str(path)):
        with contextlib.suppress(Exception):  # the processor only warns too
            importlib.import_module(module)
    start = time.perf_counter()
    bag = BundleDagBag(
        dag_folder=str(path),
        bundle_path=path.parent,
        bundle_name="dags-folder",
        load_op_links=False,
    )
    parsed = time.perf_counter()
    for dag in bag.dags.values():
        DagSerialization.to_dict(dag)
    cold = time.perf_counter()
    for dag in bag.dags.values():
        DagSerialization.to_dict(dag)
    warm = time.perf_counter()
    stats = [s.duration.total_seconds() for s in getattr(bag, "dagbag_stats", [])]
    return {
        "file": path.name,
        "seconds": round(parsed - start, 4),
        "airflow_duration_seconds": round(stats[0], 4) if stats else None,
        "serialize_first_seconds": round(cold - parsed, 4),
        "serialize_seconds": round(warm - cold, 4),
        "dags": sorted(bag.dags),
        "tasks": sum(len(d.tasks) for d in bag.dags.values()),
        "import_errors": {str(k): str(v)[-500:] for k, v in bag.import_errors.items()},
    }


# -- child process entry ----------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.measure")
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("direct", help="the transforms without Airflow (settings from PPID_* env)")
    d.add_argument("--url", required=True)
    d.add_argument("--status-per", required=True, type=date.fromisoformat)
    d.add_argument("--publish-year", type=int, action="append", default=[])
    d.add_argument("--no-due-lists", action="store_true")
    d.add_argument("--run-id", default="bench")
    d.add_argument("--workers", type=int, default=1, help="processes for the refresh batches")
    d.add_argument("--json", required=True, type=Path)
    p = sub.add_parser("parse", help="parse one DAG file as the dag processor does")
    p.add_argument("file", type=Path)
    p.add_argument("--json", required=True, type=Path)
    args = ap.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(name)s %(message)s"
    )
    if args.cmd == "direct":
        from transforms.config import Settings

        key = os.environ.get("PPID_PSEUDONYM_KEY", "")
        if len(key) < 16:
            raise SystemExit("PPID_PSEUDONYM_KEY (16+ characters) is required")
        result = run_direct(
            args.url,
            Settings.from_env(),
            key=key.encode(),
            status_per=args.status_per,
            publish_years=args.publish_year,
            run_id=args.run_id,
            due_lists=not args.no_due_lists,
            workers=args.workers,
        )
    else:
        result = parse_dag_file(args.file.resolve())
    args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
