"""Preview a year's annual reports outside a release, e.g. after a desk edited its narrative:

    python -m transforms.report --year 2023 [--out DIR]

Writes `<kode>.html|.pdf` and `provinsi.html|.pdf` into DIR (default
`$PPID_DATA_DIR/pratinjau/<year>/laporan`), never into a published revision (those are
immutable; their reports are rendered when the revision is made).

Render the PDFs a published revision still lacks (a year above PPID_PDF_INLINE_MAX bodies gets
its bodies' PDFs after the publish, from the DAG's `render_pdfs` tasks), on demand:

    python -m transforms.report pdf --year 2023 [--revisi N] [--kode K ...]

Default: the latest revision (TERBARU), every report without a PDF. A PDF already there is
never rewritten, and no HTML or figure is touched."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from transforms.config import Settings


def preview(argv: list[str]) -> int:
    from transforms.migrate import migrate
    from transforms.report.render import render_reports
    from transforms.runtime import warehouse_url
    from transforms.warehouse import connect

    ap = argparse.ArgumentParser(prog="python -m transforms.report", description=__doc__)
    ap.add_argument("--year", type=int, required=True)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    settings = Settings.from_env()
    folder = args.out or settings.data_dir / "pratinjau" / str(args.year) / "laporan"
    with connect(warehouse_url(settings)) as wh:
        migrate(wh)
        paths = render_reports(wh, args.year, folder, settings.landing_root, body_pdfs=True)
    print(f"{len(paths) // 2} laporan (HTML + PDF) di {folder}")
    return 0


def pdf(argv: list[str]) -> int:
    from transforms.release import latest_folder, revision_reports
    from transforms.tasks import render_pdfs

    ap = argparse.ArgumentParser(
        prog="python -m transforms.report pdf",
        description="PDF laporan tahunan yang belum ada pada revisi yang sudah terbit",
    )
    ap.add_argument("--year", type=int, required=True)
    ap.add_argument("--revisi", type=int, default=None, help="default: revisi terbaru (TERBARU)")
    ap.add_argument("--kode", action="append", default=None, help="kode badan publik / provinsi")
    ap.add_argument("--workers", type=int, default=None, help="default: PPID_PUBLISH_WORKERS")
    args = ap.parse_args(argv)
    settings = Settings.from_env()
    if args.revisi is None:
        try:
            folder = latest_folder(settings.output_dir, args.year)
        except FileNotFoundError:
            print(f"belum ada rilis {args.year} di {settings.output_dir}", file=sys.stderr)
            return 2
        args.revisi = int(folder.name.removeprefix("revisi-"))
    if args.revisi not in revision_reports(settings.output_dir, args.year):
        print(f"revisi-{args.revisi} tahun {args.year} tidak ada", file=sys.stderr)
        return 2
    try:
        done = render_pdfs(settings, args.year, args.revisi, args.kode, args.workers)
    except FileNotFoundError as exc:
        print(f"ditolak: {exc}", file=sys.stderr)
        return 2
    print(
        f"{args.year} revisi-{args.revisi}: {len(done['dibuat'])} PDF dibuat,"
        f" {len(done['disalin'])} disalin dari revisi lain"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["pdf"]:
        return pdf(argv[1:])
    return preview(argv)


if __name__ == "__main__":
    sys.exit(main())
