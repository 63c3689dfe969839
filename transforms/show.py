"""Print where a year's published figures are, with the province line and the seed body's."""

from __future__ import annotations

import argparse
import json
import sys

from transforms.config import Settings


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--year", type=int, required=True)
    ap.add_argument("--body", default="diskopukm")
    args = ap.parse_args(argv)
    folder = Settings.from_env().output_dir / str(args.year)
    if not folder.is_dir():
        print(f"nothing published for {args.year} in {folder}", file=sys.stderr)
        return 1
    print(f"\nPublished figures for {args.year}: {folder}")
    for path in sorted(folder.iterdir()):
        print(f"  {path.name}")
    bodies = json.loads((folder / "c_permohonan_per_badan.json").read_text())["baris"]
    province = json.loads((folder / "c_provinsi.json").read_text())["baris"]
    for title, rows in (
        (args.body, [r for r in bodies if r["Kode Badan Publik"] == args.body]),
        ("Provinsi", province),
    ):
        for row in rows:
            print(f"\n{title} {args.year}:")
            for label, value in row.items():
                print(f"  {label:<48} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
