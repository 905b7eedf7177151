"""Small server-rendered SVG charts for the metrics page: no JavaScript, no CDN.

Every label goes through ``format_html``, so a value can never inject markup. Each bar has
a ``<title>`` (the browser's native tooltip) and each chart an ``aria-label``; the page
shows the same figures in a table for screen readers and copy-paste.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
HEIGHT = 230
LEFT, RIGHT, TOP, BOTTOM = 72, 12, 14, 40

# Colour-blind-safe (Okabe–Ito) palette, one per kind of escalation.
PALETTE = ["#D55E00", "#CC79A7", "#E69F00", "#0072B2", "#009E73", "#56B4E9", "#999999"]


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]
    color: str


def nice_ceiling(value: float) -> float:
    """1, 2, 2.5, 5 or 10 × a power of ten at or above ``value`` (≥ 1 for empty charts)."""
    if value <= 0:
        return 1.0
    exponent = math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        candidate = step * 10**exponent
        if candidate >= value - 1e-9:
            return float(candidate)
    return float(10 ** (exponent + 1))  # pragma: no cover - the loop always returns


def _frame(
    *, label: str, labels: Sequence[str], y_max: float, ticks: int, tick_fmt: Callable[[float], str]
) -> tuple[list[SafeString], float, float]:
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    parts: list[SafeString] = []
    for i in range(ticks + 1):
        v = y_max * i / ticks
        y = TOP + plot_h - plot_h * i / ticks
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" class="grid"/>'
                '<text x="{}" y="{}" class="tick" text-anchor="end">{}</text>',
                LEFT,
                WIDTH - RIGHT,
                f"{y:.1f}",
                f"{y:.1f}",
                LEFT - 6,
                f"{y + 4:.1f}",
                tick_fmt(v),
            )
        )
    n = max(len(labels), 1)
    slot = plot_w / n
    # Thin the month labels out when there are many, so they never overlap.
    every = max(1, math.ceil(n / 12))
    for i, text in enumerate(labels):
        if i % every:
            continue
        parts.append(
            format_html(
                '<text x="{}" y="{}" class="tick" text-anchor="middle">{}</text>',
                f"{LEFT + slot * (i + 0.5):.1f}",
                HEIGHT - BOTTOM + 16,
                text,
            )
        )
    parts.append(
        format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" class="axis"/>',
            LEFT,
            WIDTH - RIGHT,
            TOP + plot_h,
            TOP + plot_h,
        )
    )
    return parts, slot, plot_h


def _svg(label: str, parts: list[SafeString]) -> SafeString:
    return format_html(
        '<svg class="upward-chart" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMidYMid meet">{}</svg>',
        WIDTH,
        HEIGHT,
        label,
        mark_safe("".join(parts)),  # noqa: S308 - every part was built by format_html
    )


def stacked_bars(
    *, label: str, labels: Sequence[str], series: Sequence[Series], unit: str = ""
) -> SafeString:
    """One bar per label, one coloured segment per series (e.g. escalations by kind)."""
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    y_max = nice_ceiling(max(totals, default=0))
    ticks = int(y_max) if y_max <= 5 else 5
    parts, slot, plot_h = _frame(
        label=label,
        labels=labels,
        y_max=y_max,
        ticks=ticks,
        tick_fmt=lambda v: f"{v:g}",
    )
    bar_w = min(slot * 0.7, 48)
    for i, text in enumerate(labels):
        x = LEFT + slot * i + (slot - bar_w) / 2
        y = TOP + plot_h
        for s in series:
            v = s.values[i]
            if not v:
                continue
            h = plot_h * v / y_max
            y -= h
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                    "<title>{}: {} {}{}</title></rect>",
                    f"{x:.1f}",
                    f"{y:.1f}",
                    f"{bar_w:.1f}",
                    f"{h:.1f}",
                    s.color,
                    text,
                    f"{v:g}",
                    s.name,
                    unit,
                )
            )
        if totals[i]:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" class="value" text-anchor="middle">{}</text>',
                    f"{x + bar_w / 2:.1f}",
                    f"{y - 4:.1f}",
                    f"{totals[i]:g}",
                )
            )
    legend = format_html_join(
        "",
        # An SVG fill, not a style attribute: the Content-Security-Policy refuses those.
        '<span class="legend-item"><svg class="swatch" viewBox="0 0 10 10" aria-hidden="true">'
        '<rect width="10" height="10" fill="{}"/></svg>{}</span>',
        ((s.color, s.name) for s in series),
    )
    return format_html('{}<div class="chart-legend">{}</div>', _svg(label, parts), legend)


def bars(
    *,
    label: str,
    labels: Sequence[str],
    values: Sequence[float | None],
    value_fmt: Callable[[float], str],
    color: str = "#0072B2",
    y_max: float | None = None,
    target: float | None = None,
    target_label: str = "",
    empty_text: str = "no data",
    label_fmt: Callable[[float], str] | None = None,
) -> SafeString:
    """One bar per label; ``None`` draws a "no data" mark rather than a misleading zero.

    ``value_fmt`` formats the axis ticks, ``label_fmt`` (default: the same) each bar's label.
    """
    label_fmt = label_fmt or value_fmt
    present = [v for v in values if v is not None]
    top = y_max if y_max is not None else nice_ceiling(max(present, default=0))
    parts, slot, plot_h = _frame(label=label, labels=labels, y_max=top, ticks=4, tick_fmt=value_fmt)
    bar_w = min(slot * 0.6, 40)
    base = TOP + plot_h
    for i, (text, v) in enumerate(zip(labels, values, strict=True)):
        cx = LEFT + slot * (i + 0.5)
        if v is None:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" class="nodata" text-anchor="middle">–<title>{}: {}</title></text>',
                    f"{cx:.1f}",
                    base - 4,
                    text,
                    empty_text,
                )
            )
            continue
        h = plot_h * min(v, top) / top if top else 0
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>'
                '<text x="{}" y="{}" class="value" text-anchor="middle">{}</text>',
                f"{cx - bar_w / 2:.1f}",
                f"{base - h:.1f}",
                f"{bar_w:.1f}",
                f"{h:.1f}",
                color,
                text,
                label_fmt(v),
                f"{cx:.1f}",
                f"{base - h - 4:.1f}",
                label_fmt(v),
            )
        )
    if target is not None and top:
        y = base - plot_h * min(target, top) / top
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" class="target"/>'
                '<text x="{}" y="{}" class="target-label" text-anchor="end">{}</text>',
                LEFT,
                WIDTH - RIGHT,
                f"{y:.1f}",
                f"{y:.1f}",
                WIDTH - RIGHT,
                f"{y - 4:.1f}",
                target_label,
            )
        )
    return _svg(label, parts)


def duration_scale(max_seconds: float) -> tuple[float, str]:
    """Seconds per unit and the unit's short name, chosen so the axis reads naturally."""
    if max_seconds <= 2 * 3600:
        return 60.0, "min"
    if max_seconds <= 3 * 86400:
        return 3600.0, "h"
    return 86400.0, "d"
