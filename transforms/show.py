"""Print where a year's published figures are, with the seed body's and the province's lines
for section C, section D and the satisfaction index."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from transforms.config import Settings
from transforms.release import latest_folder

BODY = "Kode Badan Publik"
# (title, file per body, file for the province, show zero values)
SECTIONS = (
    ("C. Rincian pelayanan informasi publik", "c_permohonan_per_badan", "c_provinsi", True),
    (
        "D. Rincian penyelesaian sengketa informasi publik",
        "d_keberatan_sengketa_per_badan",
        "d_provinsi",
        False,
    ),
    ("Indeks Kepuasan Masyarakat (tahunan)", "skm_per_badan", "skm_provinsi", True),
)


def _rows(folder: Path, name: str) -> list[dict[str, Any]]:
    path = folder / f"{name}.json"
    if not path.exists():
        return []
    rows = json.loads(path.read_text(encoding="utf-8"))["baris"]
    return [r for r in rows if r.get("Periode", "Tahunan") == "Tahunan"]


def _print(title: str, row: dict[str, Any], zeros: bool) -> None:
    print(f"\n{title}:")
    shown = [(k, v) for i, (k, v) in enumerate(row.items()) if zeros or v or i < 4]
    for label, value in shown:
        print(f"  {label:<60} {value}")
    if not zeros:
        print("  (other figures are 0)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--year", type=int, required=True)
    ap.add_argument("--body", default="diskopukm")
    args = ap.parse_args(argv)
    try:
        folder = latest_folder(Settings.from_env().output_dir, args.year)
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"\nPublished figures for {args.year} (latest revision): {folder}")
    for path in sorted(folder.iterdir()):
        print(f"  {path.name}")
    reports = folder / "laporan"  # transforms/report: <kode>.html|.pdf and provinsi.html|.pdf
    print(f"\nAnnual reports ({len(list(reports.glob('*.pdf')))}, HTML + PDF): {reports}")
    for section, per_body, province, zeros in SECTIONS:
        for row in (r for r in _rows(folder, per_body) if r.get(BODY) == args.body):
            _print(f"{section}: {args.body} {args.year}", row, zeros)
        for row in _rows(folder, province):
            _print(f"{section}: Provinsi {args.year}", row, zeros)
    return 0


if __name__ == "__main__":
    sys.exit(main())
