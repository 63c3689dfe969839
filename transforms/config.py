"""Settings read from the environment, with defaults that run on a laptop.

The DAGs resolve the Airflow connections (`ppid_warehouse`, `ppid_pseudonym_key`) and pass plain
values down; everything else is an environment variable documented in README.md.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "ya", "on"}


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    landing_root: Path
    output_dir: Path
    cuti_bersama_is_workday: bool
    bodies_per_task: int
    # months raw personal data is kept (transforms/retention.py)
    retention_months: int = 24

    @property
    def default_warehouse_url(self) -> str:
        return f"duckdb:///{self.data_dir / 'warehouse.duckdb'}"

    @classmethod
    def from_env(cls) -> Settings:
        data_dir = Path(os.environ.get("PPID_DATA_DIR", REPO_ROOT / "data")).resolve()
        return cls(
            data_dir=data_dir,
            landing_root=Path(os.environ.get("PPID_LANDING_ROOT", data_dir / "landing")).resolve(),
            output_dir=Path(os.environ.get("PPID_OUTPUT_DIR", data_dir / "published")).resolve(),
            cuti_bersama_is_workday=_flag("PPID_CUTI_BERSAMA_HARI_KERJA", False),
            bodies_per_task=int(os.environ.get("PPID_BODIES_PER_TASK", "8")),
            retention_months=int(os.environ.get("PPID_RETENSI_BULAN", "24")),
        )
