"""The report's charts as inline SVG, drawn from the figures (no JavaScript, no network, no
plotting library): the same markup renders in a browser and in WeasyPrint's PDF.

Every drawn value is an element of class `mark` carrying `data-value`, so a test can check that
each bar or point is there and has a size.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from transforms.report.data import Band

FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
CHANNEL_COLORS = {
    "email": "#1f6fb2",
    "whatsapp": "#25a244",
    "buku_tamu": "#d9822b",
    "web": "#7b4fa0",
    "instagram": "#c13584",
    "facebook": "#3b5998",
}
DEFAULT_COLOR = "#1f6fb2"
BAND_COLORS = {"A": "#2e8b57", "B": "#7cb342", "C": "#f0b429", "D": "#d9534f"}


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[int | float]
    color: str = DEFAULT_COLOR


@dataclass(frozen=True)
class Chart:
    id: str
    judul: str
    svg: Markup
    marks: int  # bars or points drawn


def _fmt_int(v: float) -> str:
    return f"{int(round(v)):,}".replace(",", ".")


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """Round axis ticks from 0 to at least `top` (whole numbers for counts)."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    step = max(step, 1.0) if top >= 1 else step
    n = math.ceil(top / step - 1e-9)
    return [i * step for i in range(n + 1)]


def _svg(chart_id: str, title: str, width: int, height: int, body: list[str]) -> Markup:
    t = escape(title)
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{chart_id}" role="img"'
        f' aria-labelledby="{chart_id}-judul" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="11">'
        f'<title id="{chart_id}-judul">{t}</title>' + "".join(body) + "</svg>"
    )


def _text(
    x: float, y: float, text: str, anchor: str = "middle", size: float = 11, **kw: str
) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in kw.items())
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}"{extra}>'
        f"{escape(text)}</text>"
    )


def vertical_bars(
    chart_id: str,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    stacked: bool = False,
    width: int = 680,
    height: int = 300,
) -> Chart:
    """Bars per category (months); several series are stacked, with a legend."""
    left, right, top, bottom = 52, 12, 34 if len(series) > 1 else 16, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(s.values[i] for s in series) for i in range(len(categories))]
    peak = max(totals) if stacked else max((max(s.values, default=0) for s in series), default=0)
    ticks = nice_ticks(peak)
    scale = plot_h / ticks[-1]
    body: list[str] = []
    for t in ticks:
        y = top + plot_h - t * scale
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#d0d0d0"'
            ' stroke-width="0.6"/>'
        )
        body.append(_text(left - 6, y + 4, _fmt_int(t), "end", 10))
    slot = plot_w / max(len(categories), 1)
    bar_w = slot * 0.62
    marks = 0
    for i, cat in enumerate(categories):
        x = left + i * slot + (slot - bar_w) / 2
        base = top + plot_h
        for s in series:
            v = s.values[i]
            h = v * scale
            y = base - h
            body.append(
                f'<rect class="mark bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}"'
                f' height="{h:.1f}" fill="{s.color}" data-value="{v}"'
                f' data-label="{escape(cat)} {escape(s.name)}"><title>{escape(cat)},'
                f" {escape(s.name)}: {_fmt_int(v)}</title></rect>"
            )
            marks += 1
            if stacked:
                base = y
        label_v = totals[i] if stacked else series[0].values[i]
        label_y = top + plot_h - (totals[i] if stacked else series[0].values[i]) * scale - 4
        if len(series) == 1 or stacked:
            body.append(_text(x + bar_w / 2, label_y, _fmt_int(label_v), size=10))
        body.append(_text(x + bar_w / 2, height - bottom + 16, cat, size=10))
    body.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}"'
        ' stroke="#555" stroke-width="1"/>'
    )
    if len(series) > 1:
        x = left
        for s in series:
            body.append(f'<rect x="{x}" y="8" width="12" height="12" fill="{s.color}"/>')
            body.append(_text(x + 16, 18, s.name, "start", 10))
            x += 28 + 7 * len(s.name)
    return Chart(chart_id, title, _svg(chart_id, title, width, height, body), marks)


def horizontal_bars(
    chart_id: str,
    title: str,
    labels: Sequence[str],
    values: Sequence[int | float | None],
    *,
    scale_max: float | None = None,
    fmt: Callable[[float], str] = _fmt_int,
    color: str | Sequence[str] = DEFAULT_COLOR,
    width: int = 680,
    label_width: int = 300,
) -> Chart:
    """One bar per label (time classes, decisions, survey elements); None is not drawn."""
    row, top = 26, 8
    height = top + row * len(labels) + 26
    plot_w = width - label_width - 70
    shown = [v for v in values if v is not None]
    ticks = nice_ticks(max(shown, default=0)) if scale_max is None else None
    upper = scale_max if scale_max is not None else ticks[-1]  # type: ignore[index]
    scale = plot_w / upper
    colors = [color] * len(labels) if isinstance(color, str) else list(color)
    body: list[str] = []
    axis_ticks = ticks or [upper * i / 4 for i in range(5)]
    base_y = top + row * len(labels)
    for t in axis_ticks:
        x = label_width + t * scale
        body.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{base_y}" stroke="#d0d0d0"'
            ' stroke-width="0.6"/>'
        )
        body.append(_text(x, base_y + 14, fmt(t) if ticks is None else _fmt_int(t), size=9))
    marks = 0
    for i, (label, v) in enumerate(zip(labels, values, strict=True)):
        y = top + i * row
        body.append(_text(label_width - 8, y + row / 2 + 4, label, "end", 10.5))
        if v is None:
            body.append(_text(label_width + 4, y + row / 2 + 4, "-", "start", 10))
            continue
        w = v * scale
        body.append(
            f'<rect class="mark bar" x="{label_width}" y="{y + 4}" width="{w:.1f}"'
            f' height="{row - 8}" fill="{colors[i]}" data-value="{v}"'
            f' data-label="{escape(label)}"><title>{escape(label)}: {escape(fmt(v))}</title></rect>'
        )
        body.append(_text(label_width + w + 5, y + row / 2 + 4, fmt(v), "start", 10.5))
        marks += 1
    body.append(
        f'<line x1="{label_width}" y1="{top}" x2="{label_width}" y2="{base_y}" stroke="#555"'
        ' stroke-width="1"/>'
    )
    return Chart(chart_id, title, _svg(chart_id, title, width, height, body), marks)


def ikm_band(
    chart_id: str,
    title: str,
    value: float,
    bands: Sequence[Band],
    fmt: Callable[[float], str],
    width: int = 680,
) -> Chart:
    """The converted IKM (25-100) as a marker over the quality bands of mart.skm_mutu."""
    left, right, height = 20, 20, 92
    lo, hi = min(b.nilai_minimum for b in bands), max(b.nilai_maksimum for b in bands)
    scale = (width - left - right) / (hi - lo)
    body: list[str] = []
    for b in sorted(bands, key=lambda b: b.nilai_minimum):
        x0 = left + (b.nilai_minimum - lo) * scale
        x1 = left + (min(b.nilai_maksimum + 0.01, hi) - lo) * scale
        body.append(
            f'<rect class="band" x="{x0:.1f}" y="34" width="{x1 - x0:.1f}" height="22"'
            f' fill="{BAND_COLORS.get(b.mutu, "#999")}" opacity="0.85"/>'
        )
        body.append(_text((x0 + x1) / 2, 49, f"{b.mutu} ({b.kinerja})", size=9.5))
        body.append(_text(x0, 72, fmt(b.nilai_minimum), size=9))
    body.append(_text(width - right, 72, fmt(hi), "end", 9))
    x = left + (min(max(value, lo), hi) - lo) * scale
    body.append(
        f'<path class="mark marker" d="M {x - 7:.1f} 14 L {x + 7:.1f} 14 L {x:.1f} 30 Z"'
        f' fill="#222" data-value="{value}"><title>IKM {escape(fmt(value))}</title></path>'
    )
    body.append(f'<line x1="{x:.1f}" y1="30" x2="{x:.1f}" y2="60" stroke="#222" stroke-width="2"/>')
    body.append(_text(x, 10, f"IKM {fmt(value)}", size=10.5, font_weight="bold"))
    return Chart(chart_id, title, _svg(chart_id, title, width, height, body), 1)
