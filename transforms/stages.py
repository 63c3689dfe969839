"""Where a run spends its time: named stages (`extract:email`, `validate:raw`, `load:core`,
`publish`...) with wall time, rows and calls, summed per process.

The pipeline marks its stages with `stage()`; the benchmark (bench/) reads `totals()` and
samples memory per stage through `active()` and `on_boundary()`. Recording is a few dictionary
updates, cheap enough to stay on in production, where `log_totals()` puts one line per stage in
the task log.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
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
_listener: Callable[[], None] | None = None


@contextmanager
def stage(name: str, rows: int = 0) -> Iterator[StageHandle]:
    """Time a stage; nested stages count in both (the outer one includes the inner)."""
    handle = StageHandle(rows)
    _active.append(name)
    if _listener:
        _listener()
    start = time.perf_counter()
    try:
        yield handle
    finally:
        elapsed = time.perf_counter() - start
        if _listener:
            _listener()
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


def active() -> tuple[str, ...]:
    """The running stages of the main thread, outermost first, for a memory sampler."""
    return tuple(_active)


def on_boundary(listener: Callable[[], None] | None) -> None:
    """Call `listener` as each stage starts and ends (inside it both times), so a sampler sees
    stages shorter than its interval; `None` removes it."""
    global _listener
    _listener = listener


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
