"""CLI: python -m transforms.sample_data --out DIR [--seed 2023] [--scale full|small]."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from transforms.sample_data.generator import SCALES, generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m transforms.sample_data",
        description="Write a deterministic sample PPID landing zone (Kalimantan Barat).",
    )
    parser.add_argument("--out", required=True, type=Path, help="landing root to write into")
    parser.add_argument("--seed", type=int, default=2023, help="random seed (default 2023)")
    parser.add_argument("--scale", choices=sorted(SCALES), default="full")
    parser.add_argument(
        "--overwrite",
        action="store_true",
        help="write into a non-empty folder (files of earlier runs that this run does not "
        "write are left in place)",
    )
    args = parser.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()) and not args.overwrite:
        print(f"{args.out} is not empty; use an empty folder or --overwrite", file=sys.stderr)
        return 2
    start = time.perf_counter()
    summary = generate(args.out, seed=args.seed, scale=args.scale)
    print(f"{summary.line()} -> {args.out} in {time.perf_counter() - start:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
