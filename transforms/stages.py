"""Where a run spends its time: named stages (`extract:email`, `validate:raw`, `load:core`,
`publish`...) with wall time, rows and calls, summed per process.

The pipeline marks its stages with `stage()`; the benchmark (bench/) reads `totals()` and
samples memory per stage through `current()`. Recording is a few dictionary updates, cheap
enough to stay on in production, where `log_totals()` puts one line per stage in the task log.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass

log = logging.getLogger(__name__)


@dataclass
class StageTotals:
    seconds: float = 0.0
    rows: int = 0
    calls: int = 0


@dataclass
class StageHandle:
    """Yielded by `stage()`: set `rows` to what the stage processed."""

    rows: int = 0


_lock = threading.Lock()
_totals: dict[str, StageTotals] = {}
_active: list[str] = []


@contextmanager
def stage(name: str, rows: int = 0) -> Iterator[StageHandle]:
    """Time a stage; nested stages count in both (the outer one includes the inner)."""
    handle = StageHandle(rows)
    _active.append(name)
    start = time.perf_counter()
    try:
        yield handle
    finally:
        elapsed = time.perf_counter() - start
        _active.pop()
        with _lock:
            t = _totals.setdefault(name, StageTotals())
            t.seconds += elapsed
            t.rows += handle.rows
            t.calls += 1


def add(name: str, seconds: float, rows: int = 0, calls: int = 0) -> None:
    """Credit what another process measured (a benchmark's pool worker) to a stage."""
    with _lock:
        t = _totals.setdefault(name, StageTotals())
        t.seconds += seconds
        t.rows += rows
        t.calls += calls


def current() -> str | None:
    """The innermost running stage of the main thread, for a memory sampler."""
    return _active[-1] if _active else None


def totals() -> dict[str, dict[str, float | int]]:
    with _lock:
        return {name: asdict(t) for name, t in sorted(_totals.items())}


def reset() -> None:
    with _lock:
        _totals.clear()


def log_totals() -> None:
    for name, t in totals().items():
        log.info(
            "stage %-22s %8.2f s %9d rows %6d calls", name, t["seconds"], t["rows"], t["calls"]
        )
