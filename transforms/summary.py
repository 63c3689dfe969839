"""The refresh run's summary: what a data engineer or the PPID Utama reads first."""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)

_COUNTS = (
    "berkas_baru",
    "berkas_sudah_ada",
    "berkas_dikarantina",
    "baris_dimuat",
    "baris_dikarantina",
    "permohonan",
)


def run_summary(
    bodies: list[dict[str, Any]], without_data: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """Totals per body, the bodies with quarantined input, and those that sent nothing dated
    in the month (a silent desk is flagged, not mistaken for a quiet month)."""
    totals = {k: sum(int(b.get(k, 0)) for b in bodies) for k in _COUNTS}
    lines = [f"{'badan':<14}" + "".join(f"{k:>20}" for k in _COUNTS)]
    for b in sorted(bodies, key=lambda b: b["kode_badan"]):
        lines.append(f"{b['kode_badan']:<14}" + "".join(f"{int(b[k]):>20}" for k in _COUNTS))
    lines.append(f"{'TOTAL':<14}" + "".join(f"{totals[k]:>20}" for k in _COUNTS))
    log.info("refresh summary\n%s", "\n".join(lines))
    with_quarantine = sorted(b["kode_badan"] for b in bodies if b.get("karantina"))
    silent = without_data or []
    for body in silent:
        log.warning(
            "freshness: %s delivered nothing dated in this month (latest record: %s)",
            body["kode_badan"],
            body["data_terakhir"] or "none",
        )
    return {
        "badan": len(bodies),
        **totals,
        "badan_dengan_karantina": with_quarantine,
        "badan_tanpa_data_bulan_ini": [b["kode_badan"] for b in silent],
    }
