"""The annual report (Laporan Tahunan Layanan Informasi Publik) per body and for the province,
as HTML and PDF from one Jinja2 template: figures from the `mart` views (data.py), sentences
(text.py), inline SVG charts (charts.py), the desk's prose (narasi.py), rendering (render.py),
WeasyPrint in worker processes (pdf.py)."""

from __future__ import annotations

from typing import Any

__all__ = ["render_reports"]


def __getattr__(name: str) -> Any:
    # lazy, so `python -m transforms.report.pdf` (the PDF worker) loads no more than it needs
    if name == "render_reports":
        from transforms.report.render import render_reports

        return render_reports
    raise AttributeError(name)
