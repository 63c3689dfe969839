"""Assets shared by the PPID DAGs (kept tiny: imported at parse time)."""

from airflow.sdk import Asset

CORE_REQUESTS = Asset(name="ppid_core_permohonan", uri="ppid://warehouse/core/permohonan")
ANNUAL_FIGURES = Asset(name="ppid_mart_tahunan", uri="ppid://published/annual")
