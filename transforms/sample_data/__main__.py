"""CLI: python -m transforms.sample_data --out DIR [--seed 2023] [--scale full|small|province|smoke]
[--jobs N] [--bodies N] [--years 2023-2025 | --month 2026-01]."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from transforms.sample_data.generator import SCALES, generate, parse_years


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m transforms.sample_data",
        description="Write a deterministic sample PPID landing zone (Kalimantan Barat).",
    )
    parser.add_argument("--out", required=True, type=Path, help="landing root to write into")
    parser.add_argument("--seed", type=int, default=2023, help="random seed (default 2023)")
    parser.add_argument(
        "--scale",
        choices=sorted(SCALES),
        default="full",
        help="full: the 40 provincial bodies, 2022-2024; small: 4 of them; province: 600 bodies "
        "(with the 14 regencies' units), 2025, ~400k requests; smoke: 6 bodies, 2025",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="processes writing bodies in parallel (default: CPUs); the output does not change",
    )
    parser.add_argument(
        "--bodies", type=int, default=None, help="only the scale's first N bodies (fixed order)"
    )
    period = parser.add_mutually_exclusive_group()
    period.add_argument(
        "--years", type=parse_years, default=None, help="override the years: 2025 or 2023-2025"
    )
    period.add_argument(
        "--month",
        default=None,
        metavar="YYYY-MM",
        help="a monthly delivery: only requests received in that month (their replies up to "
        "the end of the next month), in files named with the month",
    )
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
    try:
        summary = generate(
            args.out,
            seed=args.seed,
            scale=args.scale,
            jobs=max(1, args.jobs),
            bodies=args.bodies,
            years=args.years,
            month=args.month,
        )
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(f"{summary.line()} -> {args.out} in {time.perf_counter() - start:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
