"""Server-rendered SVG charts: each source's interval on one axis, readable without JavaScript.

Drawn in a 320-unit-wide box, about the width of a phone's column, so text set at 13-14 units reads
at 11 px or more on a 390 px screen; each label sits on its own line above its bar, so long labels never
squeeze the plot. On wide screens the stylesheet caps the chart's width.
"""
from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join

from claims import conflicts as comparisons
from claims.figures import format_number


@dataclass(frozen=True)
class Bar:
    label: str
    lower: float | None
    upper: float | None
    highlight: bool = False
    muted: bool = False  # a part of a sum: drawn lighter, its sum drawn in full


WIDTH, PAD, LABEL_GAP, BAR, ROW = 320, 6, 16, 12, 42
TEXT, SMALL = 14, 13
COLOURS = {"plain": "#1f5f8b", "highlight": "#a3320b", "muted": "#7f9fb8"}


def interval_chart(bars: list[Bar], unit: str, title: str) -> str:
    """Return an accessible SVG drawing each bar's interval on a shared axis (open ends as arrows)."""
    finite = [v for bar in bars for v in (bar.lower, bar.upper) if v is not None and math.isfinite(v)]
    if not bars or not finite:
        return ""
    low, high = min(finite), max(finite)
    span = high - low or max(abs(high), 1.0)
    low, high = max(0.0, low - span * 0.1) if low >= 0 else low - span * 0.1, high + span * 0.1
    plot = WIDTH - 2 * PAD

    def x(value: float) -> float:
        return PAD + (value - low) / (high - low) * plot

    # The title wraps rather than being cut: a metric and its subjects easily take four lines at
    # this width; past five the heading would outweigh the bars, so only then is the last line cut.
    lines = _wrap(title, 34, 5)  # bold text at this size: 34 characters fill the 320-unit width
    title_height = len(lines) * (TEXT + 4) + 6
    heading = format_html_join("", '<text x="{}" y="{}" font-size="{}" font-weight="bold">{}</text>',
                               [(PAD, TEXT + 2 + i * (TEXT + 4), TEXT, line) for i, line in enumerate(lines)])
    rows = []
    for index, bar in enumerate(bars):
        y = title_height + index * ROW
        start = x(bar.lower) if bar.lower is not None else PAD
        end = x(bar.upper) if bar.upper is not None else WIDTH - PAD - 12  # "or more": an arrow to the edge
        width = max(end - start, 3.0)
        colour = COLOURS["highlight" if bar.highlight else "muted" if bar.muted else "plain"]
        arrow = ""
        if bar.upper is None:
            arrow = format_html('<path d="M{} {} l10 {} l-10 {} z" fill="{}"/>', round(start + width, 1),
                                y + LABEL_GAP + 1, BAR // 2 + 1, BAR // 2 + 1, colour)
        described = f"{_number(bar.lower, unit)} to {_number(bar.upper, unit)} {unit}"
        rows.append(format_html(
            '<g><title>{}: {}</title><text x="{}" y="{}" font-size="{}"{}>{}</text>'
            '<rect x="{}" y="{}" width="{}" height="{}" rx="2" fill="{}"/>{}</g>',
            bar.label, described, PAD, y + TEXT, TEXT, ' font-weight="bold"' if bar.highlight else "",
            _short(bar.label), round(start, 1), y + LABEL_GAP + 2, round(width, 1), BAR, colour, arrow,
        ))
    axis_y = title_height + len(bars) * ROW + 4
    ticks = _ticks(low, high)
    labels = []
    for i, value in enumerate(ticks):
        # The outermost labels are anchored inwards, so none runs past the edge.
        anchor = "start" if x(value) < PAD + 30 else "end" if x(value) > WIDTH - PAD - 30 else "middle"
        labels.append((round(x(value), 1), axis_y + SMALL + 4, SMALL, anchor, _number(value, unit)))
    tick_text = format_html_join("", '<text x="{}" y="{}" font-size="{}" text-anchor="{}">{}</text>', labels)
    height = axis_y + 2 * SMALL + 14
    summary = "; ".join(f"{bar.label}: {_number(bar.lower, unit)} to {_number(bar.upper, unit)}" for bar in bars)
    return format_html(
        '<svg class="interval-chart" role="img" aria-label="{}" viewBox="0 0 {} {}" width="100%" '
        'xmlns="http://www.w3.org/2000/svg"><title>{}</title><desc>{} ({})</desc>'
        '{}{}'
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#555"/>{}'
        '<text x="{}" y="{}" font-size="{}" text-anchor="end">{}</text></svg>',
        title, WIDTH, height, title, summary, unit, heading,
        format_html_join("", "{}", ((row,) for row in rows)), PAD, WIDTH - PAD, axis_y, axis_y, tick_text,
        WIDTH - PAD, height - 4, SMALL, unit,
    )


def conflict_chart(conflict, members: list, highlight: int | None = None) -> str:
    """Draw one conflict the same way wherever it is shown: each figure, the parts, and their sum."""
    if conflict.metric is None:
        return ""
    bars = []
    for member in members:
        claim = member.claim
        if claim.canonical_value is None:
            continue
        label = claim.stated_figure + (" (part)" if member.is_part else "")
        bars.append(Bar(label, claim.canonical_lower, claim.canonical_upper, highlight=claim.pk == highlight,
                        muted=member.is_part))
    parts = [m.claim for m in members if m.is_part and m.claim.canonical_value is not None]
    if parts:
        total = comparisons.sum_of([comparisons.Figure(c.canonical_lower, c.canonical_upper, c.canonical_value)
                                    for c in parts])
        bars.append(Bar("Sum of the parts", total.lower, total.upper))
    if len(bars) < 2:
        return ""
    return interval_chart(bars, conflict.metric.canonical_unit, conflict.title)


def _number(value, unit: str) -> str:
    """Format an axis value; a year is written as a year ("1939", not "1,939")."""
    text = format_number(value)
    return text.replace(",", "") if unit == "year" else text


def _wrap(text: str, width: int, most: int) -> list[str]:
    """Break ``text`` between words into at most ``most`` lines of about ``width`` characters (the last cut)."""
    lines = textwrap.wrap(text, width) or [""]
    if len(lines) > most:
        lines = lines[: most - 1] + [_short(" ".join(lines[most - 1:]), width)]
    return lines


def _short(label: str, limit: int = 38) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _ticks(low: float, high: float, count: int = 3) -> list[float]:
    step = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(step)) if step > 0 else 1
    step = max(round(step / magnitude), 1) * magnitude
    first = math.ceil(low / step) * step
    return [first + i * step for i in range(count + 1) if first + i * step <= high]
