"""Preview a year's annual reports outside a release, e.g. after a desk edited its narrative:

    python -m transforms.report --year 2023 [--out DIR]

Writes `<kode>.html|.pdf` and `provinsi.html|.pdf` into DIR (default
`$PPID_DATA_DIR/pratinjau/<year>/laporan`), never into a published revision (those are
immutable; their reports are rendered when the revision is made)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from transforms.config import Settings
from transforms.migrate import migrate
from transforms.report.render import render_reports
from transforms.runtime import warehouse_url
from transforms.warehouse import connect


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--year", type=int, required=True)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    settings = Settings.from_env()
    folder = args.out or settings.data_dir / "pratinjau" / str(args.year) / "laporan"
    with connect(warehouse_url(settings)) as wh:
        migrate(wh)
        paths = render_reports(wh, args.year, folder, settings.landing_root)
    print(f"{len(paths) // 2} laporan (HTML + PDF) di {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
