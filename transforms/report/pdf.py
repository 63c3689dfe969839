"""HTML report -> PDF with WeasyPrint, in this process or in worker processes.

WeasyPrint is single-threaded and takes about a second per report, so `write_pdfs` shares the
files among a few `python -m transforms.report.pdf` processes. Plain subprocesses rather than
multiprocessing: the parent holds a warehouse connection that a forked child must not inherit,
and spawn would re-import whatever script is `__main__`.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent / "templates"


def html_to_pdf(html: str) -> bytes:
    """WeasyPrint's rendering of the report's HTML (imported here: it takes a moment to load)."""
    from weasyprint import HTML

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # 7 INFO lines a file
    return HTML(string=html, base_url=str(TEMPLATES)).write_pdf()


def write_if_changed(path: Path, data: bytes) -> Path:
    """Write beside the target and rename (readers never see half a file); skip if equal."""
    if path.is_file() and path.read_bytes() == data:
        return path
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return path


def pdf_path(html_path: Path) -> Path:
    return html_path.with_suffix(".pdf")


def convert(html_paths: list[Path]) -> list[Path]:
    """Write `<name>.pdf` beside each `<name>.html`, in this process."""
    return [
        write_if_changed(pdf_path(p), html_to_pdf(p.read_text(encoding="utf-8")))
        for p in html_paths
    ]


def write_pdfs(html_paths: list[Path], workers: int) -> list[Path]:
    """PDFs of all the files, shared round-robin among `workers` processes."""
    if workers <= 1 or len(html_paths) < 4:
        return convert(html_paths)
    shares = [html_paths[i::workers] for i in range(workers)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "transforms.report.pdf", *map(str, share)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for share in shares
        if share
    ]
    failures = []
    for proc in procs:
        _, err = proc.communicate()
        if proc.returncode:
            failures.append(err.strip()[-2000:])
    if failures:
        raise RuntimeError("PDF rendering failed:\n" + "\n---\n".join(failures))
    return [pdf_path(p) for p in html_paths]


def main(argv: list[str] | None = None) -> int:
    convert([Path(a) for a in (sys.argv[1:] if argv is None else argv)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
