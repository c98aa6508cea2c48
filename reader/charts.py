"""Server-rendered SVG charts: each source's interval on one axis, readable without JavaScript."""
from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join

from claims.figures import format_number


@dataclass(frozen=True)
class Bar:
    label: str
    lower: float | None
    upper: float | None
    highlight: bool = False


WIDTH, ROW, LABEL_WIDTH, PAD = 640, 34, 230, 12


def interval_chart(bars: list[Bar], unit: str, title: str) -> str:
    """Return an accessible SVG drawing each bar's interval on a shared axis (open ends as arrows)."""
    finite = [v for bar in bars for v in (bar.lower, bar.upper) if v is not None and math.isfinite(v)]
    if not bars or not finite:
        return ""
    low, high = min(finite), max(finite)
    span = high - low or max(abs(high), 1.0)
    low, high = max(0.0, low - span * 0.15) if low >= 0 else low - span * 0.15, high + span * 0.15
    plot = WIDTH - LABEL_WIDTH - 2 * PAD

    def x(value: float) -> float:
        return LABEL_WIDTH + PAD + (value - low) / (high - low) * plot

    rows = []
    for index, bar in enumerate(bars):
        y = PAD + index * ROW
        start = x(bar.lower) if bar.lower is not None else LABEL_WIDTH + PAD
        # An open top runs to the edge and ends in an arrowhead: "or more".
        end = x(bar.upper) if bar.upper is not None else WIDTH - PAD - 12
        width = max(end - start, 3.0)
        colour = "#a3320b" if bar.highlight else "#1f5f8b"
        arrow = ""
        if bar.upper is None:
            arrow = format_html('<path d="M{} {} l12 8 l-12 8 z" fill="{}"/>', round(start + width, 1), y + 3, colour)
        described = f"{format_number(bar.lower)} to {format_number(bar.upper)} {unit}"
        rows.append(format_html(
            '<g><title>{}: {}</title><text x="{}" y="{}" font-size="12" text-anchor="end">{}</text>'
            '<rect x="{}" y="{}" width="{}" height="14" rx="2" fill="{}"/>{}</g>',
            bar.label, described, LABEL_WIDTH, y + 15, _short(bar.label), round(start, 1), y + 4, round(width, 1),
            colour, arrow,
        ))
    axis_y = PAD + len(bars) * ROW
    ticks = format_html_join(
        "", '<text x="{}" y="{}" font-size="11" text-anchor="middle">{}</text>',
        [(round(x(value), 1), axis_y + 16, format_number(value)) for value in _ticks(low, high)],
    )
    height = axis_y + 28
    summary = "; ".join(f"{bar.label}: {format_number(bar.lower)} to {format_number(bar.upper)}" for bar in bars)
    return format_html(
        '<svg class="interval-chart" role="img" aria-labelledby="chart-title chart-desc" viewBox="0 0 {} {}" '
        'width="100%" xmlns="http://www.w3.org/2000/svg"><title id="chart-title">{}</title>'
        '<desc id="chart-desc">{} ({})</desc>{}<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#555"/>{}'
        '<text x="{}" y="{}" font-size="11" text-anchor="end">{}</text></svg>',
        WIDTH, height, title, summary, unit, format_html_join("", "{}", ((row,) for row in rows)),
        LABEL_WIDTH + PAD, WIDTH - PAD, axis_y, axis_y, ticks, WIDTH - PAD, height - 1, unit,
    )


def _short(label: str, limit: int = 32) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _ticks(low: float, high: float, count: int = 4) -> list[float]:
    step = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(step)) if step > 0 else 1
    step = max(round(step / magnitude), 1) * magnitude
    first = math.ceil(low / step) * step
    return [first + i * step for i in range(count + 1) if first + i * step <= high]
