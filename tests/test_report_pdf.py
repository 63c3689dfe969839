"""PDF rendering of the annual reports at scale: the font speed-ups change no byte of the
embedded fonts (timestamps aside) nor of the pages, the worker pool keeps the submission order
and reports a failing file, one worker renders in-process, and the publish session turns
PostgreSQL's JIT off."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from transforms.report import pdf as report_pdf
from transforms.report.pdf import PdfPool, fast_fonts, html_to_pdf
from transforms.report.render import report_workers

# hand-written: serif and sans, bold, kerning pairs (AV, To, Wa), digits and Indonesian text
HTML = """<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><style>
body {{ font-family: "DejaVu Serif", serif; font-size: 11pt; }}
h1 {{ font-family: "DejaVu Sans", sans-serif; }}
</style></head><body>
<h1>Laporan {n}: AVATAR Tower Wawasan</h1>
<p>Selama Tahun 2023 <b>PPID Dinas {n}</b> menerima 1.234 permohonan; 71,15% dikabulkan.</p>
<svg width="200" height="40"><text x="10" y="20" font-family="DejaVu Sans">Jan {n}</text></svg>
</body></html>
"""


def _fonts_and_pages(data: bytes) -> tuple[list[bytes], list[bytes]]:
    """Embedded TrueType fonts without fontTools' save stamp, and the pages' content."""
    from fontTools.ttLib import TTFont
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    fonts = []
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            descriptor = ref.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            font = TTFont(io.BytesIO(descriptor["/FontFile2"].get_data()), lazy=True)
            parts = []
            for tag in sorted(font.reader.keys()):
                raw = bytearray(font.reader[tag])
                if tag == "head":
                    raw[8:12] = bytes(4)  # checkSumAdjustment
                    raw[28:36] = bytes(8)  # modified: the time of saving
                parts.append(tag.encode() + bytes(raw))
            fonts.append(b"".join(parts))
    return fonts, [page.get_contents().get_data() for page in reader.pages]


def _plain_weasyprint(html: str) -> bytes:
    from weasyprint import HTML as WeasyHTML

    return WeasyHTML(string=html, base_url=str(report_pdf.TEMPLATES)).write_pdf()


def test_fast_fonts_change_neither_fonts_nor_pages() -> None:
    report_pdf._subset_cache.clear()
    for n in ("Kominfo", "Kominfo", "Perhubungan"):  # the second is served from the cache
        html = HTML.format(n=n)
        fast, plain = _fonts_and_pages(html_to_pdf(html)), _fonts_and_pages(_plain_weasyprint(html))
        assert fast == plain
        assert len(fast[0]) >= 2  # serif and sans at least
    assert report_pdf._subset_cache  # the speed-up was in use


def test_fast_fonts_are_undone_after_rendering() -> None:
    from weasyprint.pdf import fonts

    method, module = fonts.Font.subset, fonts.subset
    with fast_fonts():
        assert fonts.Font.subset is not method
    assert (fonts.Font.subset, fonts.subset) == (method, module)


def _write(folder: Path, names: list[str]) -> list[Path]:
    paths = []
    for name in names:
        path = folder / f"{name}.html"
        path.write_text(HTML.format(n=name), encoding="utf-8")
        paths.append(path)
    return paths


def test_pool_keeps_the_order_and_every_pdf(tmp_path: Path) -> None:
    paths = _write(tmp_path, ["c", "a", "b", "d", "e"])
    with PdfPool(2) as pool:
        for path in paths:
            pool.submit(path)
        assert len(pool._procs) == 2  # real worker processes
        pdfs = pool.wait()
    assert pdfs == [p.with_suffix(".pdf") for p in paths]
    for html, pdf in zip(paths, pdfs, strict=True):
        assert (
            _fonts_and_pages(pdf.read_bytes())[1]
            == _fonts_and_pages(_plain_weasyprint(html.read_text(encoding="utf-8")))[1]
        )


def test_pool_names_the_file_that_failed(tmp_path: Path) -> None:
    paths = _write(tmp_path, ["ok1", "ok2"])
    missing = tmp_path / "hilang.html"
    pool = PdfPool(2)
    with pytest.raises(RuntimeError, match=r"hilang\.html: error FileNotFoundError"), pool:
        for path in [paths[0], missing, paths[1]]:
            pool.submit(path)
        pool.wait()


def test_one_worker_renders_in_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PPID_PUBLISH_WORKERS", "1")
    monkeypatch.setenv("PPID_REPORT_WORKERS", "3")  # the older name yields to the new one
    assert report_workers() == 1
    paths = _write(tmp_path, ["x", "y"])
    with PdfPool(report_workers()) as pool:
        for path in paths:
            pool.submit(path)
            assert path.with_suffix(".pdf").is_file()  # converted on submit, no worker
        assert pool._procs == []
        assert pool.wait() == [p.with_suffix(".pdf") for p in paths]
    monkeypatch.delenv("PPID_PUBLISH_WORKERS")
    assert report_workers() == 3


def test_publish_session_runs_without_jit(pg_url: str) -> None:
    from transforms.publish import without_jit
    from transforms.warehouse import connect

    with connect(pg_url) as wh:
        wh.execute("SET jit = on")  # the server default (PostgreSQL >= 12)
        without_jit(wh)
        assert wh.query("SHOW jit")[0][0] == "off"


def test_same_html_gives_the_same_pdf_bytes() -> None:
    import time

    html = HTML.format(n="Kominfo")
    first = html_to_pdf(html)
    report_pdf._subset_cache.clear()
    time.sleep(1.1)  # fontTools stamps the time of saving, to the second, unless told not to
    assert html_to_pdf(html) == first


def test_pdfs_are_written_whole_and_readable(tmp_path: Path) -> None:
    """A unique temp name, fsynced and renamed (never 0600 like mkstemp: the folder is
    served to readers); nothing left beside the file; equal bytes are not rewritten."""
    import os

    target = tmp_path / "laporan.pdf"
    report_pdf.write_if_changed(target, b"%PDF-1.7 satu")
    first = target.stat()
    report_pdf.write_if_changed(target, b"%PDF-1.7 satu")
    assert target.stat().st_mtime_ns == first.st_mtime_ns and target.stat().st_ino == first.st_ino
    umask = os.umask(0)
    os.umask(umask)
    assert first.st_mode & 0o777 == 0o666 & ~umask
    report_pdf.write_if_changed(target, b"%PDF-1.7 dua")
    assert target.read_bytes() == b"%PDF-1.7 dua"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["laporan.pdf"]


def test_filling_in_pdfs_drops_what_a_killed_renderer_left(tmp_path: Path) -> None:
    import os
    import time

    from transforms.report.render import missing_pdfs, render_body_pdfs

    paths = _write(tmp_path, ["x", "y"])
    old = tmp_path / ".x.pdf.0123456789ab.tmp"  # a renderer killed an hour ago
    old.write_bytes(b"%PDF-1.7 separuh")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    fresh = tmp_path / ".x.pdf.ba9876543210.tmp"  # another renderer, writing right now
    fresh.write_bytes(b"%PDF-1.7 sedang")
    assert missing_pdfs(tmp_path) == ["x", "y"]
    fill = render_body_pdfs(tmp_path, ["x"], workers=1)
    assert fill.rendered == [paths[0].with_suffix(".pdf")] and fill.copied == []
    assert not old.exists() and fresh.exists()
    assert missing_pdfs(tmp_path) == ["y"]
    with pytest.raises(FileNotFoundError, match=r"laporan \.\./x\.html tidak ada"):
        render_body_pdfs(tmp_path, ["../x"], workers=1)
