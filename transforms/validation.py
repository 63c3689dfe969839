"""Great Expectations suites (kept as JSON in `expectations/`) run on every batch before it loads.

Each expectation carries `meta.severity`: `baris` failures quarantine the offending rows and the
rest loads; `batch` failures mean the batch itself is wrong (a parser or schema bug), so the
task fails loudly instead of loading anything. `meta.alasan` is the officer-facing reason.
"""

from __future__ import annotations

import json
import os
import string
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

EXPECTATIONS_DIR = Path(__file__).resolve().parent.parent / "expectations"
EARLIEST = datetime(2008, 1, 1, tzinfo=UTC)  # UU 14/2008 was enacted in 2008


class BatchInvalid(Exception):
    """A `batch`-severity expectation failed: nothing of the batch may load."""


@dataclass
class Outcome:
    suite: str
    success: bool
    rows: int
    failed_expectations: list[str] = field(default_factory=list)
    # row key (values of the key columns) -> officer-facing reasons
    row_reasons: dict[tuple[Any, ...], list[str]] = field(default_factory=dict)


class Validator:
    """One ephemeral GX context per task; suites are read from the repository, never written."""

    def __init__(self, expectations_dir: Path = EXPECTATIONS_DIR) -> None:
        os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
        import great_expectations as gx
        from great_expectations.core import ExpectationSuite
        from great_expectations.data_context.types.base import ProgressBarsConfig

        self._ctx = gx.get_context(mode="ephemeral")
        self._ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
        source = self._ctx.data_sources.add_pandas("ppid")
        self._batches = source.add_dataframe_asset("rows").add_batch_definition_whole_dataframe(
            "all"
        )
        self._suites: dict[str, Any] = {}
        self._meta: dict[str, list[dict[str, Any]]] = {}
        for path in sorted(expectations_dir.glob("*.json")):
            spec = json.loads(path.read_text(encoding="utf-8"))
            self._suites[spec["name"]] = self._ctx.suites.add(ExpectationSuite(**spec))
            self._meta[spec["name"]] = [e.get("meta", {}) for e in spec["expectations"]]

    @property
    def suites(self) -> list[str]:
        return sorted(self._suites)

    def validate(self, suite: str, frame: pd.DataFrame, key_columns: list[str]) -> Outcome:
        if frame.empty:
            return Outcome(suite=suite, success=True, rows=0)
        now = datetime.now(UTC)
        result = self._batches.get_batch(batch_parameters={"dataframe": frame}).validate(
            self._suites[suite],
            expectation_parameters={
                "waktu_paling_awal": EARLIEST.isoformat(),
                "waktu_paling_akhir": (now + timedelta(days=1)).isoformat(),
            },
            result_format={
                "result_format": "COMPLETE",
                "unexpected_index_column_names": key_columns,
            },
        )
        outcome = Outcome(suite=suite, success=result.success, rows=len(frame))
        reasons: dict[tuple[Any, ...], list[str]] = defaultdict(list)
        batch_errors: list[str] = []
        for res in result.results:
            if res.success:
                continue
            config = res.expectation_config
            meta = config.meta or {}
            outcome.failed_expectations.append(config.type)
            template = meta.get("alasan", config.type)
            if meta.get("severity") == "batch" or res.exception_info.get("raised_exception"):
                batch_errors.append(_fill(template, {}))
                continue
            for item in res.result.get("unexpected_index_list") or []:
                key = tuple(_plain(item.get(c)) for c in key_columns)
                reasons[key].append(_fill(template, item))
        if batch_errors:
            raise BatchInvalid(f"suite {suite}: " + "; ".join(batch_errors))
        outcome.row_reasons = dict(reasons)
        return outcome


def _plain(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


def _fill(template: str, values: dict[str, Any]) -> str:
    """Put the offending values into the reason; unknown placeholders read as '?'."""
    shown = _Blank({k: "" if v is None else str(v) for k, v in values.items()})
    return string.Formatter().vformat(template, (), shown)
