"""Celery settings of the Airflow workers: Airflow's defaults, plus the pipeline's heavy imports
done once per worker, before it starts running tasks.

Airflow's supervisor forks every task process from the worker, so a module the worker has
already imported costs the task nothing, and its pages are shared between the tasks instead of
each holding its own copy. Without this every mapped refresh task imported pandas, Great
Expectations and the parsers afresh: ~5-10 s of a 12 s task (docs/benchmark.md). Selected with
`AIRFLOW__CELERY__CELERY_CONFIG_OPTIONS=transforms.celery_config.CELERY_CONFIG` (docker-compose,
scripts/distributed.sh). Nothing heavy is imported here at module level: the scheduler reads
this module too.
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any

from airflow.providers.celery.executors.default_celery import DEFAULT_CELERY_CONFIG
from celery.signals import worker_init

CELERY_CONFIG: dict[str, Any] = dict(DEFAULT_CELERY_CONFIG)
log = logging.getLogger(__name__)


def preload() -> list[str]:
    """Import what the refresh and publish tasks use; returns the modules imported."""
    import importlib

    from transforms.sources import CORE_BUILDERS, RAW_TABLES, SOURCES

    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    # one INFO line per decorated GX function at import, under Airflow's INFO logging
    logging.getLogger("great_expectations._docs_decorators").setLevel(logging.WARNING)
    modules = ["pandas", "great_expectations", "transforms.tasks", "transforms.refresh"]
    modules += ["transforms.validation", "transforms.conform.threads", "openpyxl"]
    targets = [s.parser for s in SOURCES.values()] + [rt.row_type for rt in RAW_TABLES]
    targets += [b.build for b in CORE_BUILDERS] + [b.columns for b in CORE_BUILDERS]
    modules += sorted({t.partition(":")[0] for t in targets})
    for name in modules:
        importlib.import_module(name)
    return modules


@worker_init.connect
def _preload_in_worker(**_: Any) -> None:
    """In the worker's main process, before its pool and task processes are forked (not in
    `worker_process_init`: that one is killed after 4 s, and these imports take longer)."""
    started = time.monotonic()
    try:
        modules = preload()
    except Exception:  # a task would fail the same way, with its own clear error
        log.exception("preloading the pipeline's modules failed; tasks import them themselves")
        return
    log.info("preloaded %d modules in %.1f s", len(modules), time.monotonic() - started)
