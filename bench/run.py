"""The warehouse benchmark (issue 7): per stage and end to end, wall time, rows per second and
peak memory, against the reference points of the same run, and a verdict on every target.

    make bench                                  # province scale (600 bodies, one year)
    make bench-smoke                            # smoke scale, for CI
    .venv/bin/python bench/run.py --scale smoke [--work DIR] [--json PATH] [--keep]

Steps (progress on stderr, the tables on stdout, everything in the JSON):
  0. fresh PostgreSQL databases ppid_bench_* on 127.0.0.1:5432;
  1. generate the landing zone (timed, not a pipeline stage);
  2. direct run: the transforms (transforms/tasks.py) without Airflow, in a child process that
     records the stages of transforms/stages.py and samples its memory;
  3. Airflow run: `airflow dags test` of ppid_refresh and ppid_publish_annual on the same
     landing zone; both warehouses must end with the same rows;
  4. a bare `COPY` of the final core rows (the loading limit);
  5. overhead of Airflow and validation over the transforms' own time;
  6. one new month on top of three loaded years vs on an empty warehouse;
  7. DAG parse time per file.
Exit status: 0 when everything ran (missed targets are reported, not fatal), 1 when a run
failed, 2 when the direct and the Airflow warehouses disagree. docs/benchmark.md explains the
numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `python bench/run.py` as well as `python -m bench.run`
    sys.path.insert(0, str(ROOT))

from bench import report  # noqa: E402
from bench.measure import MIB, TreeSampler, airflow_breakdown, copy_reference  # noqa: E402

PG_ADMIN = os.environ.get("PPID_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
DATABASES = ("direct", "slice", "airflow", "month_empty", "month_history")
CORE_TABLES = ("core.permohonan", "core.keberatan", "core.sengketa", "core.survei_responden")
COMPARED_TABLES = (*CORE_TABLES, "core.badan_publik", "raw.berkas", "raw.karantina")


@dataclass(frozen=True)
class BenchScale:
    """What a benchmark scale runs: the generator's scale of the same name (overridable while a
    generator scale does not exist yet), the bodies of the monthly slice (None: all), the fresh
    processes per DAG file for its parse time, and the run's time budget."""

    name: str
    generator_scale: str
    month_bodies: int | None
    parse_repeats: int
    runtime_limit_seconds: float
    # processes for the refresh, in both runs: the direct run's pool and Airflow's workers
    # ("celery": scripts/distributed.sh, two Celery workers; "dags-test": one process)
    workers: int = 1
    executor: str = "dags-test"
    # the Airflow run's bodies (None: the whole landing zone, compared with the full direct run;
    # N: the generator's first N bodies, compared with their own direct run; `--airflow-bodies`)
    airflow_bodies: int | None = None


SCALES = {
    # 600 bodies, one year: ~400,000 requests, 4 M WhatsApp lines, 300,000 e-mails
    "province": BenchScale("province", "province", 10, 3, 1800.0, workers=2, executor="celery"),
    "smoke": BenchScale("smoke", "smoke", None, 1, 300.0),
}


class BenchFailed(Exception):
    """A run failed or the warehouses disagree: the benchmark's numbers would mean nothing."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.scale: BenchScale = SCALES[args.scale]
        if args.airflow_bodies is not None:
            self.scale = replace(self.scale, airflow_bodies=args.airflow_bodies or None)
        self.generator_scale: str = args.generator_scale or self.scale.generator_scale
        self.stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        self.work: Path = (
            args.work or Path(f"/tmp/ppid-bench-{args.scale}-{self.stamp}")
        ).resolve()
        self.json_path: Path = (
            args.json or self.work / f"{args.scale}-{self.stamp}.json"
        ).resolve()
        self.keep: bool = args.keep
        self.bodies_per_task: int = args.bodies_per_task
        self.key = secrets.token_urlsafe(32)
        self.db = {name: f"{args.db_prefix}_{name}" for name in DATABASES}
        self.started = time.monotonic()
        self.res: dict[str, Any] = {
            "scale": args.scale,
            "started_utc": self.stamp,
            "work_dir": str(self.work),
            "bodies_per_task": self.bodies_per_task,
            "steps": {},
            "load_average": {"start": round(os.getloadavg()[0], 2)},  # 1-minute, per step
        }
        self.logs = self.work / "logs"

    # -- helpers ---------------------------------------------------------------------------
    def progress(self, message: str) -> None:
        print(f"[{time.monotonic() - self.started:7.1f}s] {message}", file=sys.stderr, flush=True)

    def url(self, name: str) -> str:
        from sqlalchemy.engine import make_url

        return make_url(PG_ADMIN).set(database=self.db[name]).render_as_string(hide_password=False)

    def env(self, tag: str, landing: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
        """The environment of every pipeline process, direct or Airflow: the same settings."""
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("AIRFLOW_CONN_", "PPID_", "AIRFLOW__"))
        }
        env.update(
            PATH=f"{Path(sys.executable).parent}:{env.get('PATH', '')}",
            # the checkout itself, should the editable install be mid-reinstall
            PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p),
            AIRFLOW_HOME=str(self.work / "airflow"),
            AIRFLOW__CORE__DAGS_FOLDER=str(ROOT / "dags"),
            AIRFLOW__CORE__LOAD_EXAMPLES="False",
            GX_ANALYTICS_ENABLED="False",
            PPID_TASK_RETRIES="0",
            PPID_PSEUDONYM_KEY=self.key,
            PPID_BODIES_PER_TASK=str(self.bodies_per_task),
            PPID_LANDING_ROOT=str(landing),
            PPID_DATA_DIR=str(self.work / f"data-{tag}"),
            PPID_OUTPUT_DIR=str(self.work / f"out-{tag}"),
            **(extra or {}),
        )
        return env

    def run(self, cmd: list[str], log: str, env: dict[str, str] | None = None) -> float:
        """Run a child to completion (output to logs/<log>.log); its wall time."""
        self.logs.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        with (self.logs / f"{log}.log").open("w") as fh:
            proc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT)
        if proc.returncode != 0:
            tail = "\n".join(
                (self.logs / f"{log}.log").read_text(errors="replace").splitlines()[-30:]
            )
            raise BenchFailed(f"{' '.join(cmd[:4])}... failed (exit {proc.returncode}):\n{tail}")
        return time.perf_counter() - start

    def step(self, name: str, start: float) -> None:
        self.res["steps"][name] = round(time.monotonic() - start, 1)
        self.res["load_average"][name] = round(os.getloadavg()[0], 2)

    # -- step 0 ------------------------------------------------------------------------------
    def databases(self) -> None:
        import psutil
        import psycopg
        from airflow import __file__ as airflow_pkg

        try:
            con = psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5)
        except psycopg.Error as exc:
            raise BenchFailed(f"PostgreSQL unreachable at {PG_ADMIN}: {exc}") from exc
        with con:
            version = con.execute("SHOW server_version").fetchone()
            for name in self.db.values():
                con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
                con.execute(f"CREATE DATABASE {name}")
        self.res["machine"] = {
            "cpus": os.cpu_count(),
            "memory_gib": round(psutil.virtual_memory().total / 1024**3, 1),
            "postgres": version[0] if version else None,
            "python": sys.version.split()[0],
            "git_commit": _git("rev-parse", "HEAD"),
            "git_dirty": bool(_git("status", "--porcelain")),
            # without compiled bytecode every process compiles Airflow from source (seconds each):
            # scripts/bootstrap.sh compiles it at install, as pip does in the Docker image
            "bytecode_compiled": any((Path(airflow_pkg).parent / "__pycache__").glob("*.pyc")),
        }

    def drop_databases(self) -> None:
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as con:
            for name in self.db.values():
                con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    # -- step 1 ------------------------------------------------------------------------------
    def generate(self, out: Path, log: str, *options: str) -> dict[str, Any]:
        """Run the generator's CLI into `out`; what it reports, parsed, plus the landing size."""
        if out.exists():
            shutil.rmtree(out)
        cmd = [sys.executable, "-m", "transforms.sample_data", "--out", str(out)]
        cmd += ["--scale", self.generator_scale, *options]
        if "--jobs" in _generator_help():
            cmd += ["--jobs", str(os.cpu_count() or 1)]
        seconds = self.run(cmd, log)
        text = (self.logs / f"{log}.log").read_text(errors="replace")
        line = next((ln for ln in text.splitlines() if ln.startswith("sample_data[")), "")
        files = [p for p in out.rglob("*") if p.is_file()]
        by_source: dict[str, int] = {}
        for p in files:
            parts = p.relative_to(out).parts
            if len(parts) > 2:  # <kode>/<source>/...
                by_source[parts[1]] = by_source.get(parts[1], 0) + 1
        info: dict[str, Any] = {
            "scale": self.generator_scale,
            "options": list(options),
            "seconds": round(seconds, 1),
            "line": line,
            "files": len(files),
            "files_by_folder": dict(sorted(by_source.items())),
            "bytes": sum(p.stat().st_size for p in files),
        }
        if m := re.search(r"(\d+) bodies, (\d{4})-(\d{4}), (\d+) requests \(([^)]*)\)", line):
            info["bodies"] = int(m[1])
            info["years"] = [int(m[2]), int(m[3])]
            info["requests"] = int(m[4])
            info["requests_by_channel"] = {k: int(v) for k, v in re.findall(r"(\w+) (\d+)", m[5])}
        # every "<n> <what>" of the summary before the ';' (visits, WhatsApp lines, e-mails...)
        head = re.sub(r"\([^)]*\)", "", line.split(" -> ")[0].split(";")[0])
        info["counts"] = {
            m[2].strip(): int(m[1])
            for m in re.finditer(r"(?:: |, )(\d+) ([A-Za-z][\w\- ]*?)(?=,|;|$)", head)
        }
        return info

    # -- step 2 ------------------------------------------------------------------------------
    def direct(
        self,
        tag: str,
        db: str,
        landing: Path,
        status_per: date,
        publish_years: list[int],
        due_lists: bool = True,
    ) -> dict[str, Any]:
        out = self.work / f"{tag}.json"
        cmd = [sys.executable, "-m", "bench.measure", "direct", "--url", self.url(db)]
        cmd += [
            "--status-per",
            status_per.isoformat(),
            "--run-id",
            f"bench-{tag}",
            "--json",
            str(out),
            "--workers",
            str(self.scale.workers),
        ]
        for year in publish_years:
            cmd += ["--publish-year", str(year)]
        if not due_lists:
            cmd.append("--no-due-lists")
        process_seconds = self.run(cmd, tag, self.env(tag, landing))
        result = json.loads(out.read_text())
        result["process_seconds"] = round(process_seconds, 3)
        result["stage_peaks_mib"] = {k: v["peak_rss_mib"] for k, v in result["stages"].items()}
        stages = result["stages"]
        inner = sum(
            s["seconds"]
            for k, s in stages.items()
            if k.split(":")[0] in ("extract", "validate", "load", "transform")
        )

        def secs(name: str) -> float:
            return float(stages.get(name, {}).get("seconds", 0.0))

        # time of a task that no pipeline stage accounts for (discovery, hashing, set-up, commits)
        result["unstaged_seconds"] = {
            "refresh_bodies": round(secs("task:refresh_bodies") - inner, 3),
            "publish": round(secs("task:publish") - secs("publish"), 3),
        }
        extract = [s for k, s in stages.items() if k.startswith("extract:")]
        rows = sum(s["rows"] for s in extract)
        result["end_to_end"] = {
            "rows": rows,  # rows parsed from the landing zone
            "rows_per_second": round(rows / result["wall_seconds"], 1) if rows else None,
        }
        return result

    # -- step 3 ------------------------------------------------------------------------------
    def airflow(self, landing: Path, logical_date: str, year: int) -> dict[str, Any]:
        env = self.env("airflow", landing, {"AIRFLOW_CONN_PPID_WAREHOUSE": self.url("airflow")})
        (self.work / "airflow").mkdir(parents=True, exist_ok=True)
        migrate = self.run(["airflow", "db", "migrate"], "airflow-db-migrate", env)
        runs = []
        for dag_id, args in (
            ("ppid_refresh", ["--logical-date", logical_date]),
            ("ppid_publish_annual", ["--conf", json.dumps({"year": year})]),
        ):
            cmd = [sys.executable, "-m", "transforms.dagrun", dag_id, *args]
            evidence = self.work / "airflow-evidence.json"
            celery = dag_id == "ppid_refresh" and self.scale.executor == "celery"
            if celery:
                # the production shape: scheduler, API server, DAG processor and two Celery
                # workers (Redis broker), the mapped refresh tasks spread over both
                cmd = ["bash", "scripts/distributed.sh"]
                env = env | {
                    "PPID_DIST_LOGICAL_DATE": logical_date,
                    "PPID_DIST_TIMEOUT": str(int(self.scale.runtime_limit_seconds)),
                    "PPID_DIST_EVIDENCE": str(evidence),
                }
            self.logs.mkdir(parents=True, exist_ok=True)
            with (self.logs / f"airflow-{dag_id}.log").open("w") as fh:
                epoch = time.time()
                start = time.perf_counter()
                proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT)
                sampler = TreeSampler(proc.pid)
                sampler.start()
                code = proc.wait()
                wall = time.perf_counter() - start
                sampler.stop()
            if code != 0:
                text = (self.logs / f"airflow-{dag_id}.log").read_text(errors="replace")
                raise BenchFailed(f"{dag_id} through Airflow failed:\n{text[-3000:]}")
            # transforms.dagrun names the full `airflow dags test` log it wrote
            out = (self.logs / f"airflow-{dag_id}.log").read_text(errors="replace")
            m = re.search(r"\(log: (.+?)\)\s*$", out, re.M)
            full = Path(m[1]).read_text(errors="replace") if m and Path(m[1]).exists() else ""
            cluster: dict[str, Any] = {}
            if celery and evidence.exists():
                # a standing cluster starts once, not per run: the run's own time is from its
                # trigger to its end; starting and stopping the processes is reported apart
                ev = json.loads(evidence.read_text())
                cluster = {
                    "process_seconds": round(wall, 3),
                    "cluster_start_stop_seconds": round(wall - ev["run_seconds"], 3),
                    "refresh_by_worker": ev.get("refresh_by_worker"),
                    "task_seconds": {
                        f"{t['task_id']}[{t['map_index']}]": t["duration"] for t in ev["tasks"]
                    },
                }
                wall = float(ev["run_seconds"])
            runs.append(
                {
                    "dag_id": dag_id,
                    "executor": "celery" if celery else "dags-test",
                    **cluster,
                    "wall_seconds": round(wall, 3),
                    "peak_rss_mib": round(sampler.peak / MIB, 1),
                    "peak_pss_mib": round(sampler.peak_pss / MIB, 1),
                    "peak_rss_single_process_mib": round(sampler.peak_single / MIB, 1),
                    "max_processes": sampler.max_processes,
                    **airflow_breakdown(full, epoch, epoch + wall),
                }
            )
        return {
            "db_migrate_seconds": round(migrate, 1),
            "runs": runs,
            "wall_seconds": round(sum(r["wall_seconds"] for r in runs), 3),
            "peak_rss_mib": max(r["peak_rss_mib"] for r in runs),
            "peak_pss_mib": max(r["peak_pss_mib"] for r in runs),
            "peak_rss_single_process_mib": max(r["peak_rss_single_process_mib"] for r in runs),
        }

    def compare_warehouses(self, reference: str = "direct") -> dict[str, Any]:
        """Row counts of the core (and raw lineage) tables, and the status date, in the
        Airflow run's warehouse and the direct run's of the same bodies (`reference`)."""
        import psycopg

        counts: dict[str, dict[str, Any]] = {}
        for name in (reference, "airflow"):
            with psycopg.connect(self.url(name), autocommit=True) as con:
                c: dict[str, Any] = {}
                for table in COMPARED_TABLES:
                    exists = con.execute("SELECT to_regclass(%s)", [table]).fetchone()
                    if exists and exists[0]:
                        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
                        c[table] = int(row[0]) if row else 0
                per = con.execute(
                    "SELECT string_agg(DISTINCT status_per::text, ',') FROM core.permohonan"
                ).fetchone()
                c["core.permohonan.status_per"] = per[0] if per else None
                counts[name] = c
        ref, af = counts[reference], counts["airflow"]
        diff = {
            k: {"direct": ref.get(k), "airflow": af.get(k)}
            for k in sorted(set(ref) | set(af))
            if ref.get(k) != af.get(k)
        }
        return {"equal": not diff, "reference": reference, "counts": ref, "differences": diff}

    # -- step 6 ------------------------------------------------------------------------------
    def monthly(self, year: int) -> dict[str, Any]:
        """History = the three years up to `year`; the month = January after. A: the month alone
        on an empty warehouse; B: the month on top of the loaded history."""
        help_text = _generator_help()
        wanted = ["--years", "--month"] + (["--bodies"] if self.scale.month_bodies else [])
        missing = [opt for opt in wanted if opt not in help_text]
        if missing:
            return {
                "ratio": None,
                "reason": "the generator has no option " + ", ".join(missing) + " yet",
            }
        bodies = ["--bodies", str(self.scale.month_bodies)] if self.scale.month_bodies else []
        years, month = f"{year - 2}-{year}", f"{year + 1}-01"
        status_per = date(year + 1, 2, 1)
        res: dict[str, Any] = {
            "bodies": self.scale.month_bodies or "all",
            "history_years": years,
            "month": month,
            "status_per": status_per.isoformat(),
        }
        start = time.monotonic()
        hist_landing = self.work / "month-history" / "landing"
        month_landing = self.work / "month-only" / "landing"
        res["generator_history"] = self.generate(
            hist_landing, "generate-history", *bodies, "--years", years
        )
        res["generator_month"] = self.generate(
            month_landing, "generate-month", *bodies, "--month", month
        )
        res["generate_seconds"] = round(time.monotonic() - start, 1)
        self.progress(f"monthly: generated history {years} and month {month}")

        start = time.monotonic()
        # the refresh DAG's work (prepare, refresh, due lists); publishing is measured above
        res["empty"] = self.direct("month-empty", "month_empty", month_landing, status_per, [])
        self.progress(
            f"monthly: A (empty warehouse) refresh {res['empty']['refresh_seconds']:.1f} s"
        )
        res["history_load"] = self.direct(
            "month-history-load", "month_history", hist_landing, date(year + 1, 1, 1), []
        )
        self.progress(f"monthly: history loaded in {res['history_load']['refresh_seconds']:.1f} s")
        res["copied_files"] = _merge_landing(month_landing, hist_landing)
        res["history"] = self.direct("month-history", "month_history", hist_landing, status_per, [])
        self.progress(
            f"monthly: B (on three years) refresh {res['history']['refresh_seconds']:.1f} s"
        )
        a, b = res["empty"]["refresh_seconds"], res["history"]["refresh_seconds"]
        res["ratio"] = round(b / a, 4) if a > 0 else None
        new_a, new_b = res["empty"]["counts"]["files_new"], res["history"]["counts"]["files_new"]
        if new_a != new_b:
            res["warning"] = f"A loaded {new_a} new files, B {new_b}: the month differs"
        return res

    # -- step 7 ------------------------------------------------------------------------------
    def dag_parse(self) -> dict[str, Any]:
        files: dict[str, Any] = {}
        env = self.env("parse", self.work / "landing")
        for path in sorted((ROOT / "dags").glob("*.py")):
            runs = []
            for i in range(self.scale.parse_repeats):
                out = self.work / f"parse-{path.stem}-{i}.json"
                cmd = [
                    sys.executable,
                    "-m",
                    "bench.measure",
                    "parse",
                    str(path),
                    "--json",
                    str(out),
                ]
                self.run(cmd, f"parse-{path.stem}", env)
                runs.append(json.loads(out.read_text()))
            errors = runs[-1]["import_errors"]
            median = {
                k: round(statistics.median(r[k] for r in runs), 4)
                for k in ("seconds", "serialize_first_seconds", "serialize_seconds")
            }
            files[path.name] = {
                **median,
                "runs": [r["seconds"] for r in runs],
                "dags": runs[-1]["dags"],
                "tasks": runs[-1]["tasks"],
                "import_errors": errors,
            }
            if errors:
                raise BenchFailed(f"dags/{path.name} does not import: {errors}")
        return {"repeats": self.scale.parse_repeats, "files": files}

    # -- the whole run ---------------------------------------------------------------------
    def main(self) -> int:
        res = self.res
        try:
            self._run()
            code = 0
        except BenchFailed as exc:
            res["error"] = str(exc)
            print(f"benchmark failed: {exc}", file=sys.stderr)
            code = exc.exit_code
        except Exception as exc:  # a bug or a lost database: still write what was measured
            res["error"] = "".join(traceback.format_exception(exc))
            print(f"benchmark failed: {res['error']}", file=sys.stderr)
            code = 1
        res["elapsed_seconds"] = round(time.monotonic() - self.started, 1)
        res["targets"] = report.targets(res, self.scale.runtime_limit_seconds)
        self.json_path.parent.mkdir(parents=True, exist_ok=True)
        self.json_path.write_text(json.dumps(res, indent=2, default=str))
        print(report.render(res))
        print(f"\nJSON: {self.json_path}")
        if code == 0 and not self.keep:
            self.cleanup()
        elif code != 0:
            print(f"work dir and databases kept for inspection: {self.work}", file=sys.stderr)
        return code

    def _run(self) -> None:
        res = self.res
        self.work.mkdir(parents=True, exist_ok=True)
        self.progress(f"work dir {self.work}; JSON {self.json_path}")
        start = time.monotonic()
        self.databases()
        self.step("0 databases", start)

        start = time.monotonic()
        landing = self.work / "landing"
        gen = res["generator"] = self.generate(landing, "generate")
        self.step("1 generate", start)
        self.progress(f"generated: {gen['line'] or gen['files']} ({gen['seconds']:.0f} s)")
        if "years" not in gen:
            raise BenchFailed(f"cannot read the generator's summary line: {gen['line']!r}")
        year = gen["years"][1]
        status_per = date(year + 1, 1, 1)  # the refresh run on the 1st after the data
        res["data_year"], res["status_per"] = year, status_per.isoformat()

        start = time.monotonic()
        direct = res["direct"] = self.direct("direct", "direct", landing, status_per, [year])
        self.step("2 direct run", start)
        self.progress(
            f"direct run: {direct['wall_seconds']:.1f} s, peak {direct['peak_rss_mib']:.0f} MiB"
        )

        reference, af_landing, reference_db = direct, landing, "direct"
        if self.scale.airflow_bodies:
            start = time.monotonic()
            n = str(self.scale.airflow_bodies)
            af_landing = self.work / "slice" / "landing"
            sl = res["slice"] = {"bodies": self.scale.airflow_bodies}
            sl["generator"] = self.generate(af_landing, "generate-slice", "--bodies", n)
            reference = sl["direct"] = self.direct(
                "slice-direct", "slice", af_landing, status_per, [year]
            )
            reference_db = "slice"
            self.step("3a direct run of the Airflow slice", start)
            self.progress(f"direct run of the first {n} bodies: {reference['wall_seconds']:.1f} s")

        start = time.monotonic()
        af = res["airflow"] = self.airflow(af_landing, status_per.isoformat(), year)
        res["warehouses"] = self.compare_warehouses(reference_db)
        self.step("3 airflow run", start)
        self.progress(f"airflow run: {af['wall_seconds']:.1f} s, peak {af['peak_rss_mib']:.0f} MiB")
        if not res["warehouses"]["equal"]:
            raise BenchFailed(
                f"direct and Airflow warehouses differ: {res['warehouses']['differences']}", 2
            )

        start = time.monotonic()
        copy = res["copy_reference"] = copy_reference(
            self.url("direct"), CORE_TABLES, self.work / "copy-spool"
        )
        self.step("4 copy reference", start)
        self.progress(f"bare COPY: {copy['rows']} rows at {copy['rows_per_second']:.0f} rows/s")

        stages = direct["stages"]
        load = stages.get("load:core") or {}
        raw = stages.get("load:raw") or {}
        ratios = res["ratios"] = {}
        if load.get("rows_per_second") and copy.get("rows_per_second"):
            ratios["load_core_vs_copy"] = round(
                load["rows_per_second"] / copy["rows_per_second"], 4
            )
        if raw.get("rows_per_second") and copy.get("rows_per_second"):
            ratios["load_raw_vs_copy"] = round(raw["rows_per_second"] / copy["rows_per_second"], 4)

        ref_stages = reference["stages"]
        validation = sum(s["seconds"] for k, s in ref_stages.items() if k.startswith("validate:"))
        validation /= max(1, int(reference.get("workers", 1)))  # worker time → wall time
        own = reference["wall_seconds"] - validation
        overhead = af["wall_seconds"] - own
        res["overhead"] = {
            "bodies": self.scale.airflow_bodies or "all",
            "direct_wall_seconds": reference["wall_seconds"],
            "airflow_wall_seconds": af["wall_seconds"],
            "validation_seconds": round(validation, 3),
            "transforms_seconds": round(own, 3),
            "airflow_only_seconds": round(af["wall_seconds"] - reference["wall_seconds"], 3),
            "overhead_seconds": round(overhead, 3),
            "overhead_vs_transforms": round(overhead / own, 4) if own > 0 else None,
            "airflow_parts": _airflow_parts(af["runs"], ref_stages),
        }
        ratios["airflow_vs_direct"] = round(af["wall_seconds"] / reference["wall_seconds"], 4)
        ratios["overhead_vs_transforms"] = res["overhead"]["overhead_vs_transforms"]

        start = time.monotonic()
        self.progress("monthly refresh: generating history and month")
        res["monthly"] = self.monthly(year)
        self.step("6 monthly refresh", start)
        if res["monthly"].get("ratio") is not None:
            ratios["month_history_vs_empty"] = res["monthly"]["ratio"]
        else:
            self.progress(f"monthly refresh not measured: {res['monthly']['reason']}")

        start = time.monotonic()
        res["dag_parse"] = self.dag_parse()
        self.step("7 dag parse", start)
        worst = max(res["dag_parse"]["files"].items(), key=lambda kv: kv[1]["seconds"])
        self.progress(f"DAG parse: slowest {worst[0]} {worst[1]['seconds']:.3f} s")

    def cleanup(self) -> None:
        """Drop the databases and remove what the run wrote, except the JSON and logs/."""
        self.drop_databases()
        for pattern in (
            "landing",
            "slice",
            "month-history",
            "month-only",
            "airflow",
            "copy-spool",
            "data-*",
            "out-*",
            "direct.json",
            "slice-direct.json",
            "month-*.json",
            "parse-*.json",
        ):
            for path in self.work.glob(pattern):
                if path == self.json_path:
                    continue
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)
        self.progress(f"cleaned up (kept {self.json_path.name} and logs/ in {self.work})")


# the direct run's mark for the work each Airflow task does
TASK_MARKS = {
    "prepare": "task:prepare",
    "refresh": "task:refresh_bodies",
    "summarise": "task:publish_due_lists",
    "publish": "task:publish",
    "pdf_batches": "task:pdf_batches",
    "render_pdfs": "task:render_pdfs",
}


def _airflow_parts(runs: list[dict[str, Any]], stages: dict[str, Any]) -> dict[str, Any]:
    """Airflow's extra time split: outside the tasks (process start-up and shutdown, between
    tasks, tasks with no direct counterpart) and, per task, its time in Airflow minus the same
    call's time in the direct run."""
    outside = 0.0
    per_task: dict[str, float] = {}
    for run in runs:
        if "tasks" not in run:
            return {}
        outside += run["startup_seconds"] + run["shutdown_seconds"] + run["between_tasks_seconds"]
        for t in run["tasks"]:
            per_task[t["task"]] = per_task.get(t["task"], 0.0) + t["seconds"]
    extra: dict[str, float] = {}
    for task, seconds in per_task.items():
        mark = TASK_MARKS.get(task)
        if mark is None:
            outside += seconds
        else:
            extra[task] = round(seconds - stages.get(mark, {}).get("seconds", 0.0), 3)
    return {"outside_tasks_seconds": round(outside, 3), "tasks_extra_seconds": extra}


def _merge_landing(src: Path, dst: Path) -> int:
    """Copy the month's files into the history's landing zone; a name taken by a different file
    gets the month as a suffix, an identical file is skipped (the refresh would skip it too)."""
    copied = 0
    for path in sorted(p for p in src.rglob("*") if p.is_file()):
        rel = path.relative_to(src)
        target = dst / rel
        if rel.as_posix() == "bodies.csv":
            if not target.exists() or target.read_bytes() != path.read_bytes():
                shutil.copy2(path, target)
            continue
        if target.exists():
            if target.read_bytes() == path.read_bytes():
                continue
            target = target.with_name(f"{target.stem}-bulan-baru{target.suffix}")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        copied += 1
    return copied


_HELP: list[str] = []


def _generator_help() -> str:
    if not _HELP:
        proc = subprocess.run(
            [sys.executable, "-m", "transforms.sample_data", "--help"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        _HELP.append(proc.stdout)
    return _HELP[0]


def _git(*args: str) -> str | None:
    try:
        proc = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    except OSError:
        return None
    return proc.stdout.strip() if proc.returncode == 0 else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--scale", choices=sorted(SCALES), default="smoke")
    ap.add_argument(
        "--generator-scale",
        help="generator scale to use instead of the benchmark scale's name (e.g. small)",
    )
    ap.add_argument("--work", type=Path, help="work dir (default /tmp/ppid-bench-<scale>-<time>)")
    ap.add_argument("--json", type=Path, help="result file (default <work>/<scale>-<time>.json)")
    ap.add_argument("--keep", action="store_true", help="keep the databases and the work dir")
    ap.add_argument(
        "--db-prefix",
        default="ppid_bench",
        help="names of the databases created (<prefix>_direct, _airflow, _month_empty, "
        "_month_history; default ppid_bench); dropped first, and at the end unless --keep",
    )
    ap.add_argument(
        "--airflow-bodies",
        type=int,
        help="run Airflow on the generator's first N bodies only, against their own direct run"
        " (a shorter run; default: the whole landing zone, against the full direct run)",
    )
    ap.add_argument(
        "--bodies-per-task",
        type=int,
        default=int(os.environ.get("PPID_BODIES_PER_TASK", "8")),
        help="bodies per refresh task, as PPID_BODIES_PER_TASK (default 8)",
    )
    args = ap.parse_args(argv)
    return Bench(args).main()


if __name__ == "__main__":
    sys.exit(main())
