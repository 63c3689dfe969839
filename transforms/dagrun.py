"""Run one DAG through `airflow dags test` and fail unless the run succeeded.

`airflow dags test` runs every task in this process against the configured metadata database;
its full log goes to `$AIRFLOW_HOME/dagrun-logs/`, and only the verdict and the task states are
printed, so the demo and the tests stay readable.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

_STATE = re.compile(r"\bstate=(\w+)")


def run_dag(dag_id: str, logical_date: str | None = None, conf: str | None = None) -> str:
    """Return the final state of the run ('success' or an error is raised)."""
    home = Path(os.environ.get("AIRFLOW_HOME", ".airflow"))
    log_dir = home / "dagrun-logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    log_path = log_dir / f"{dag_id}-{stamp}.log"
    cmd = ["airflow", "dags", "test", dag_id]
    if logical_date:
        cmd.append(logical_date)
    if conf:
        cmd += ["-c", conf]
    started = time.monotonic()
    with log_path.open("w") as log:
        proc = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, check=False)
    elapsed = time.monotonic() - started
    text = log_path.read_text(errors="replace")
    state = _final_state(text)
    print(f"    {dag_id}: {state or 'unknown'} in {elapsed:.1f}s (log: {log_path})")
    if proc.returncode != 0 or state != "success":
        tail = "\n".join(text.splitlines()[-40:])
        raise SystemExit(
            f"{dag_id} did not succeed (exit {proc.returncode}, state {state}):\n{tail}"
        )
    return state


def _final_state(text: str) -> str | None:
    """The DagRun's state as `airflow dags test` reports it at the end."""
    for line in reversed(text.splitlines()):
        if "DagRun Finished" in line or "Marking run <DagRun" in line:
            m = _STATE.search(line)
            if m:
                return m.group(1)
        m = re.search(r"Dag run in (\w+) state", line, re.I)
        if m:
            return m.group(1).lower()
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("dag_id")
    ap.add_argument("--logical-date")
    ap.add_argument("--conf", help="JSON of the run's params, e.g. '{\"year\": 2023}'")
    args = ap.parse_args(argv)
    if args.conf:
        json.loads(args.conf)  # fail early on a typo
    run_dag(args.dag_id, args.logical_date, args.conf)
    return 0


if __name__ == "__main__":
    sys.exit(main())
