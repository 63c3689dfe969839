"""HTML report -> PDF with WeasyPrint, in this process or in a pool of worker processes.

WeasyPrint is single-threaded and takes two to three CPU seconds per report, so `PdfPool` shares
the files among `python -m transforms.report.pdf --serve` processes, one file at a time over a
pipe (the next file goes to whichever worker is free, so a long report never holds up a share).
Plain subprocesses rather than multiprocessing: the parent holds a warehouse connection that a
forked child must not inherit, spawn would re-import whatever script is `__main__`, and a
daemonic task process (Celery) may not start multiprocessing children at all.

`fast_fonts` makes WeasyPrint's font subsetting (a third of its time per report) cheaper
without changing the subset fonts: a font cut to the same glyphs is cut once per process, and
the layout tables WeasyPrint drops are dropped before fontTools decompiles them. It also keeps
the fonts' own timestamp, so that the same HTML gives the same PDF bytes on every run.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import os
import queue
import subprocess
import sys
import tempfile
import threading
import traceback
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from transforms.files import write_atomically

TEMPLATES = Path(__file__).resolve().parent / "templates"
_SUBSET_CACHE_SIZE = 512  # subset fonts are 5-40 kB; a report uses about six
_subset_cache: OrderedDict[tuple[Any, ...], bytes] = OrderedDict()
_patch_lock = threading.RLock()


def html_to_pdf(html: str) -> bytes:
    """WeasyPrint's rendering of the report's HTML (imported here: it takes a moment to load)."""
    from weasyprint import HTML

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # 7 INFO lines a file
    with fast_fonts():
        return HTML(string=html, base_url=str(TEMPLATES)).write_pdf()


@contextmanager
def fast_fonts() -> Iterator[None]:
    """While rendering: WeasyPrint's font subsetting cached and spared work. The subset fonts
    are the same bytes as without it, but for `head.modified`: the font file's date, not the
    time of saving (which made every run's PDF differ)."""
    from fontTools import subset as ft_subset
    from weasyprint.pdf import fonts

    with _patch_lock:
        original_method = fonts.Font.subset
        original_module = fonts.subset

        class LayoutFirstSubsetter(ft_subset.Subsetter):  # type: ignore[misc]
            def subset(self, font: Any) -> None:
                # Subsetter.subset decompiles GSUB/GPOS in full (fontTools >= 4.62,
                # `_compact_layout_tables`) and then drops them when they are in drop_tables,
                # as WeasyPrint asks. Drop them first, and with them what their presence
                # decides in `_prune_pre_subset`: "kern" goes when GPOS is there.
                if "kern" in font and "GPOS" in font and not self.options.legacy_kern:
                    del font["kern"]
                for tag in ("GSUB", "GPOS"):
                    if tag in self.options.drop_tables and tag in font:
                        del font[tag]
                # keep the font file's own `head.modified` instead of the time of saving:
                # the same report then gives the same PDF bytes on every run
                font.recalcTimestamp = False
                super().subset(font)

        class Subset:  # what weasyprint.pdf.fonts uses of fontTools.subset
            Options = ft_subset.Options
            Subsetter = LayoutFirstSubsetter

        def cached_subset(font: Any, to_unicode: dict[int, str], hinting: bool) -> None:
            # the result depends on the font file, the glyph ids (not their text) and flags
            key = (
                hashlib.sha256(font.file_content).digest(),
                font.index,
                tuple(sorted(to_unicode)),
                bool(hinting),
                bool(font.missing),
            )
            hit = _subset_cache.get(key)
            if hit is not None:
                _subset_cache.move_to_end(key)
                font.file_content = hit
                return
            original_method(font, to_unicode, hinting)
            _subset_cache[key] = font.file_content
            if len(_subset_cache) > _SUBSET_CACHE_SIZE:
                _subset_cache.popitem(last=False)

        fonts.Font.subset = cached_subset
        fonts.subset = Subset
        try:
            yield
        finally:
            fonts.Font.subset = original_method
            fonts.subset = original_module


def write_if_changed(path: Path, data: bytes) -> Path:
    """Write atomically unless the file already holds these bytes: readers never see half a
    file, and a crash never leaves an empty one (a PDF in a placed revision is taken as done)."""
    if not (path.is_file() and path.read_bytes() == data):
        write_atomically(path, data)
    return path


def pdf_path(html_path: Path) -> Path:
    return html_path.with_suffix(".pdf")


def convert(html_paths: Sequence[Path]) -> list[Path]:
    """Write `<name>.pdf` beside each `<name>.html`, in this process."""
    return [
        write_if_changed(pdf_path(p), html_to_pdf(p.read_text(encoding="utf-8")))
        for p in html_paths
    ]


class PdfPool:
    """`workers` processes turning HTML files into PDFs beside them: `submit` paths as they
    are written, `wait` for all of them. With one worker, files are converted in this process
    as they are submitted (no subprocess). Use as a context manager: leaving it early (an
    error, Airflow stopping the task) stops the workers."""

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self._submitted: list[Path] = []
        self._queue: queue.Queue[Path | None] = queue.Queue()
        self._errors: list[str] = []
        self._procs: list[subprocess.Popen[str]] = []
        self._logs: list[IO[bytes]] = []
        self._threads: list[threading.Thread] = []

    def _start(self) -> None:
        """The workers, on the first file (none when every PDF could be reused)."""
        for _ in range(self.workers):
            # a file, never a pipe (no deadlock on noise); closed by close()
            log = tempfile.TemporaryFile()  # noqa: SIM115
            proc = subprocess.Popen(
                [sys.executable, "-m", "transforms.report.pdf", "--serve"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
                encoding="utf-8",
            )
            self._procs.append(proc)
            self._logs.append(log)
            thread = threading.Thread(target=self._feed, args=(proc, log), daemon=True)
            thread.start()
            self._threads.append(thread)

    def submit(self, html_path: Path) -> None:
        self._submitted.append(html_path)
        if self.workers == 1:
            convert([html_path])
            return
        if not self._procs:
            self._start()
        self._queue.put(html_path)

    def wait(self) -> list[Path]:
        """The PDFs' paths, in the order their HTML files were submitted."""
        for _ in self._procs:
            self._queue.put(None)
        for thread in self._threads:
            thread.join()
        for proc in self._procs:
            proc.wait()
        self._procs, self._threads = [], []
        if self._errors:
            raise RuntimeError("PDF rendering failed:\n" + "\n---\n".join(self._errors))
        return [pdf_path(p) for p in self._submitted]

    def _feed(self, proc: subprocess.Popen[str], log: IO[bytes]) -> None:
        assert proc.stdin is not None and proc.stdout is not None
        while (path := self._queue.get()) is not None:
            if self._errors:
                continue  # one failure fails the lot: skip the rest quickly
            try:
                proc.stdin.write(f"{path}\n")
                proc.stdin.flush()
                reply = proc.stdout.readline()
            except (OSError, ValueError):  # the worker is gone (or was stopped)
                reply = ""
            if reply.rstrip("\n") != "ok":
                self._errors.append(f"{path.name}: {reply.strip() or _tail(proc, log)}")
        with suppress(OSError, ValueError):
            proc.stdin.close()

    def close(self) -> None:
        for proc in self._procs:  # only when leaving early: our own workers, by handle
            if proc.poll() is None:
                proc.kill()
            proc.wait()
        for _ in self._threads:
            self._queue.put(None)  # the feeding threads drain the queue and end
        self._procs, self._threads = [], []
        for log in self._logs:
            log.close()
        self._logs = []

    def __enter__(self) -> PdfPool:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _tail(proc: subprocess.Popen[str], log: IO[bytes]) -> str:
    proc.wait()
    log.seek(0)
    text = log.read().decode("utf-8", "replace").strip()
    return f"worker exited with {proc.returncode}: {text[-2000:]}"


def write_pdfs(html_paths: Sequence[Path], workers: int) -> list[Path]:
    """PDFs of all the files, in `workers` processes (in this one when 1)."""
    with PdfPool(min(workers, len(html_paths))) as pool:
        for path in html_paths:
            pool.submit(path)
        return pool.wait()


def serve() -> int:
    """Worker loop: one HTML path per line on stdin, "ok" or "error <why>" per line on stdout."""
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8", buffering=1)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # stray prints must not corrupt replies
    sys.stdout = sys.stderr
    import weasyprint  # noqa: F401  (loaded while the parent still writes the first HTML)

    for line in sys.stdin:
        path = Path(line.rstrip("\n"))
        try:
            convert([path])
        except Exception as exc:
            traceback.print_exc()
            replies.write(f"error {type(exc).__name__}: {' '.join(str(exc).split())}\n")
        else:
            replies.write("ok\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="HTML reports to PDF (WeasyPrint)")
    ap.add_argument("--serve", action="store_true", help="worker: paths on stdin, one a line")
    ap.add_argument("html", nargs="*", type=Path)
    args = ap.parse_args(argv)
    if args.serve:
        return serve()
    convert(args.html)
    return 0


if __name__ == "__main__":
    sys.exit(main())
