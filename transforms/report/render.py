"""Render the annual report (Laporan Tahunan Layanan Informasi Publik) of each body and of the
province as HTML (for reading) and PDF (for sending to the Komisi Informasi), both from the one
Jinja2 template `templates/laporan.html`; the PDF is WeasyPrint's rendering of that same HTML.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from glob import escape as glob_escape
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from transforms.files import TMP_SUFFIX
from transforms.labels import LABELS
from transforms.report import charts, text
from transforms.report.data import ReportData, YearFigures, collect_year
from transforms.report.narasi import Narasi, load_narasi
from transforms.report.pdf import TEMPLATES, PdfPool, pdf_path, write_if_changed
from transforms.warehouse import Warehouse

log = logging.getLogger(__name__)

PROVINCE_FILE = "provinsi"
PROVINCE_NAME = "Rekapitulasi Provinsi (Seluruh Badan Publik)"

TIME_CLASSES = (
    "tepat_waktu_10_hari_kerja",
    "tepat_waktu_perpanjangan",
    "terlambat",
    "belum_selesai",
    "lewat_tenggat",
    "waktu_tidak_diketahui",
)
TIME_COLORS = ("#2e8b57", "#7cb342", "#d9534f", "#f0b429", "#a83232", "#9e9e9e")
DECISIONS = (
    "dikabulkan_seluruhnya",
    "dikabulkan_sebagian",
    "ditolak",
    "informasi_tidak_dikuasai",
    "informasi_belum_didokumentasikan",
)
DECISION_COLORS = ("#2e8b57", "#7cb342", "#d9534f", "#f0b429", "#9e9e9e")


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["angka"] = text.angka
    env.filters["desimal"] = text.desimal
    env.globals["persen"] = text.persen
    env.globals["label"] = lambda key: LABELS.get(key, key)
    env.globals["value_label"] = text.value_label
    env.globals["channel_label"] = text.channel_label
    return env


_ENV = _environment()


def build_context(data: ReportData, narasi: Narasi) -> dict[str, Any]:
    """Everything the template shows: sentences, charts and tables from the figures, prose
    from the desk's file."""
    y, c = data.tahun, data.c
    if data.is_province:  # sentences speak of all the bodies unless the PPID Utama names it
        nama_singkat = narasi.text("nama_singkat") or "seluruh badan publik"
        ppid = narasi.text("sebutan_ppid") or "seluruh PPID badan publik"
    else:
        nama_singkat = narasi.text("nama_singkat") or data.nama
        ppid = narasi.text("sebutan_ppid") or f"PPID {nama_singkat}"
    n = c.get("jumlah_permohonan", 0)
    return {
        "d": data,
        "y": y,
        "n": n,
        "nama": data.nama,
        "nama_singkat": nama_singkat,
        "ppid": ppid,
        "narasi": narasi,
        "bulan": text.BULAN,
        "bulan_singkat": text.BULAN_SINGKAT,
        "kalimat": {
            "c1": text.c1_jumlah(data, nama_singkat, ppid),
            "c2": text.c2_waktu(data, nama_singkat, ppid),
            "c3": text.c3_dikabulkan(data),
            "c4": text.c4_ditolak(data),
            "d": text.d_items(data, ppid),
        },
        "fakta_e": text.e_facts(data),
        "kelas_waktu": [(k, c.get(k, 0)) for k in TIME_CLASSES],
        "keputusan": [(k, c.get(k, 0)) for k in DECISIONS],
        "grafik": _charts(data),
        "lampiran_skm": bool(data.skm and data.skm.get("jumlah_responden")),
    }


def _charts(data: ReportData) -> dict[str, Any]:
    y, months = data.tahun, list(text.BULAN_SINGKAT)
    per_channel = [
        charts.vertical_bars(
            f"grafik-saluran-{s}",
            f"Rekapitulasi Permintaan Informasi Publik Melalui {text.channel_label(s)} Tahun {y}",
            months,
            [charts.Series(text.channel_label(s), values, charts.CHANNEL_COLORS.get(s, "#1f6fb2"))],
        )
        for s, values in data.bulanan.items()
        if sum(values)
    ]
    names = [text.channel_label(s) for s in data.saluran]
    total = charts.vertical_bars(
        "grafik-total",
        "Rekapitulasi Total Permohonan Informasi Publik Melalui "
        f"{text.join_words(names) or 'Semua Saluran'} Tahun {y}",
        months,
        [
            charts.Series(text.channel_label(s), v, charts.CHANNEL_COLORS.get(s, "#1f6fb2"))
            for s, v in data.bulanan.items()
            if sum(v)
        ]
        or [charts.Series("Jumlah", data.total_bulanan)],
        stacked=True,
    )
    waktu = charts.horizontal_bars(
        "grafik-waktu",
        f"Waktu Pemenuhan Permohonan Informasi Publik Tahun {y}",
        [LABELS[k] for k in TIME_CLASSES],
        [data.c.get(k, 0) for k in TIME_CLASSES],
        color=TIME_COLORS,
    )
    keputusan = charts.horizontal_bars(
        "grafik-keputusan",
        f"Keputusan atas Permohonan Informasi Publik Tahun {y}",
        [LABELS[k] for k in DECISIONS],
        [data.c.get(k, 0) for k in DECISIONS],
        color=DECISION_COLORS,
    )
    out: dict[str, Any] = {
        "saluran": per_channel,
        "total": total,
        "waktu": waktu,
        "keputusan": keputusan,
    }
    skm = data.skm
    if skm and skm.get("jumlah_responden") and data.unsur:
        out["unsur"] = charts.horizontal_bars(
            "grafik-skm-unsur",
            f"Nilai Rata-rata (NRR) per Unsur Pelayanan Tahun {y} (skala 1-4)",
            [f"{e.unsur} {e.nama}" for e in data.unsur],
            [e.nrr for e in data.unsur],
            scale_max=4.0,
            fmt=lambda v: text.desimal(v, 3),
            color="#1f6fb2",
        )
        if skm.get("ikm_konversi") is not None and data.mutu:
            out["ikm"] = charts.ikm_band(
                "grafik-ikm",
                f"Indeks Kepuasan Masyarakat Tahun {y}: {text.desimal(skm['ikm_konversi'], 2)}"
                f" (mutu {skm['mutu']}, {skm['kinerja']})",
                float(skm["ikm_konversi"]),
                data.mutu,
                fmt=lambda v: text.desimal(v, 2),
            )
    return out


def render_html(data: ReportData, narasi: Narasi) -> str:
    return _ENV.get_template("laporan.html").render(**build_context(data, narasi))


def report_html(figures: YearFigures, kode: str | None, landing_root: Path) -> str:
    """One report's HTML: a body's (kode) or the province's (kode None)."""
    narasi = load_narasi(landing_root, kode, figures.tahun)
    return render_html(figures.report(kode, narasi.text("nama_singkat") or PROVINCE_NAME), narasi)


def _env_int(name: str, minimum: int) -> int | None:
    """An integer setting from the environment, at least `minimum`; None when unset."""
    value = os.environ.get(name, "").strip()
    return max(minimum, int(value)) if value else None


def report_workers() -> int:
    """PDF rendering processes: PPID_PUBLISH_WORKERS (or the older PPID_REPORT_WORKERS), by
    default the usable cores, at most 8 (WeasyPrint holds 100-200 MB a process); 1 renders in
    this process."""
    for name in ("PPID_PUBLISH_WORKERS", "PPID_REPORT_WORKERS"):
        if (workers := _env_int(name, 1)) is not None:
            return workers
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(8, cores or 1))


def pdf_inline_max() -> int:
    """PPID_PDF_INLINE_MAX (default 50): a year with at most this many bodies gets every
    body's PDF inside the publish, as part of the revision; a larger one gets its HTML, the
    province's PDF and the PDFs it can copy from another revision there, and the rest from
    `render_body_pdfs` (the DAG's `render_pdfs` tasks) after the revision is placed. At
    ~1.9 CPU-s a PDF, 600 bodies would hold the publish for ~10 minutes on 2 cores."""
    value = _env_int("PPID_PDF_INLINE_MAX", 0)
    return 50 if value is None else value


def pdf_per_task() -> int:
    """PPID_PDF_PER_TASK (default 50): reports per mapped `render_pdfs` task."""
    value = _env_int("PPID_PDF_PER_TASK", 1)
    return 50 if value is None else value


def _reusable_pdf(html: bytes, name: str, folders: list[Path]) -> bytes | None:
    """The PDF rendered earlier from these very HTML bytes (the same folder on a re-run, or the
    previous revision's reports), if any: a report's HTML is all its PDF is made from."""
    for folder in folders:
        old_html, old_pdf = folder / f"{name}.html", folder / f"{name}.pdf"
        if old_pdf.is_file() and old_html.is_file() and old_html.read_bytes() == html:
            return old_pdf.read_bytes()
    return None


def render_reports(
    wh: Warehouse,
    year: int,
    folder: Path,
    landing_root: Path | None = None,
    reuse: Path | None = None,
    body_pdfs: bool | None = None,
) -> list[Path]:
    """Write `<kode>.html|.pdf` for every body of the year and `provinsi.html|.pdf` into
    `folder`; unchanged files are not rewritten, and a PDF whose HTML is byte-identical to one
    in `folder` or in `reuse` (the previous revision's reports) is copied, not rendered again.
    `body_pdfs` False leaves the bodies' PDFs that cannot be copied to `render_body_pdfs`
    (the province's is always rendered); None decides by the year's bodies against
    `pdf_inline_max()`. Returns the paths of the reports written, bodies in code order, then
    the province."""
    if landing_root is None:
        from transforms.config import Settings

        landing_root = Settings.from_env().landing_root
    started = time.monotonic()
    figures = collect_year(wh, year)
    codes: list[str | None] = [k for k, _ in figures.bodies()]
    if PROVINCE_FILE in codes:
        raise ValueError(f"kode badan publik '{PROVINCE_FILE}' bentrok dengan laporan provinsi")
    if body_pdfs is None:
        body_pdfs = len(codes) <= pdf_inline_max()
    codes.append(None)
    folder.mkdir(parents=True, exist_ok=True)
    sources = [folder] + ([reuse] if reuse is not None and reuse.is_dir() else [])
    htmls: list[Path] = []
    reused = deferred = 0
    # the workers start now and render each PDF as soon as its HTML is written
    with PdfPool(min(report_workers(), len(codes) if body_pdfs else 1)) as pool:
        for kode in codes:
            name = kode or PROVINCE_FILE
            html = report_html(figures, kode, landing_root).encode("utf-8")
            pdf = _reusable_pdf(html, name, sources)
            path = folder / f"{name}.html"
            if pdf is None and not (path.is_file() and path.read_bytes() == html):
                pdf_path(path).unlink(missing_ok=True)  # never leave a PDF of other HTML
            write_if_changed(path, html)
            htmls.append(path)
            if pdf is not None:
                write_if_changed(pdf_path(path), pdf)
                reused += 1
            elif body_pdfs or kode is None:
                pool.submit(path)
            else:
                deferred += 1
        pool.wait()
    log.info(
        "rendered %d annual reports for %d in %s (%d PDFs reused, %d body PDFs left to"
        " render_pdfs, %.1f s)",
        len(codes),
        year,
        folder,
        reused,
        deferred,
        time.monotonic() - started,
    )
    return [p for html in htmls for p in (html, pdf_path(html)) if p.is_file()]


def missing_pdfs(folder: Path) -> list[str]:
    """The reports in `folder` (`<name>.html`) that have no `<name>.pdf` beside them yet."""
    if not folder.is_dir():
        return []
    return sorted(
        p.stem
        for p in folder.glob("*.html")
        if not p.name.startswith(".") and not pdf_path(p).is_file()
    )


@dataclass
class PdfFill:
    """What `render_body_pdfs` wrote: PDFs rendered, and PDFs copied from another revision."""

    rendered: list[Path] = field(default_factory=list)
    copied: list[Path] = field(default_factory=list)


def render_body_pdfs(
    folder: Path,
    names: Sequence[str] | None = None,
    workers: int | None = None,
    reuse: Sequence[Path] = (),
) -> PdfFill:
    """Write the missing `<name>.pdf` beside each `<name>.html` in a placed revision's reports
    folder (`names`, default: every report there without one). A PDF already there is left as
    it is (a placed revision's HTML never changes, so neither does its PDF), one whose HTML is
    byte-identical in a `reuse` folder (the year's other revisions) is copied, the rest are
    rendered by `workers` processes (default `report_workers()`). Never writes an HTML file;
    a second call writes nothing."""
    started = time.monotonic()
    if names is None:
        names = missing_pdfs(folder)
    paths = []
    for name in names:
        html = folder / f"{name}.html"
        if Path(name).name != name or name.startswith(".") or not html.is_file():
            raise FileNotFoundError(f"laporan {name}.html tidak ada di {folder}")
        paths.append(html)
    _drop_stale_temp_files(folder, [pdf_path(p).name for p in paths])
    sources = [r for r in reuse if r.is_dir() and r.resolve() != folder.resolve()]
    fill = PdfFill()
    todo = []
    for html in paths:
        if pdf_path(html).is_file():
            continue
        pdf = _reusable_pdf(html.read_bytes(), html.stem, sources)
        if pdf is not None:
            fill.copied.append(write_if_changed(pdf_path(html), pdf))
        else:
            todo.append(html)
    if todo:
        with PdfPool(min(workers or report_workers(), len(todo))) as pool:
            for html in todo:
                pool.submit(html)
            fill.rendered = pool.wait()
    log.info(
        "PDFs in %s: %d rendered, %d copied from another revision, %d already there (%.1f s)",
        folder,
        len(fill.rendered),
        len(fill.copied),
        len(paths) - len(fill.rendered) - len(fill.copied),
        time.monotonic() - started,
    )
    return fill


_STALE_TEMP_SECONDS = 600  # a PDF takes seconds: an older temp file's writer was killed


def _drop_stale_temp_files(folder: Path, targets: list[str]) -> None:
    """Temp files a killed renderer left beside these PDFs (named by files.temp_name)."""
    now = time.time()
    for target in targets:
        for tmp in folder.glob(f".{glob_escape(target)}.*{TMP_SUFFIX}"):
            with suppress(FileNotFoundError):
                if now - tmp.stat().st_mtime > _STALE_TEMP_SECONDS:
                    tmp.unlink()
                    log.warning("removed %s, left by a stopped PDF renderer", tmp)
