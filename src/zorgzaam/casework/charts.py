"""Server-rendered SVG charts (no JavaScript). Each chart is paired with a data table in the
template; the SVG carries a title and a description for screen readers, and every score is
written as a number as well as a colour (not colour alone)."""

from __future__ import annotations

import math

from django.utils.html import escape
from django.utils.safestring import mark_safe

# Colour per ZRM score (1 red ... 5 green), dark enough for white numbers (contrast >= 4.5).
SCORE_FILL = {1: "#a4001a", 2: "#b34700", 3: "#6b5a00", 4: "#2c6e2f", 5: "#1b5e20"}


def zrm_chart_svg(table, *, title: str, description: str) -> str:
    """Rows = ZRM domains, columns = measurements (oldest left); each cell the score."""
    if not table.measurements:
        return ""
    label_w, cell_w, cell_h, head_h = 250, 84, 30, 44
    width = label_w + cell_w * len(table.measurements) + 10
    height = head_h + cell_h * len(table.rows) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="zrm-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="zrm-chart-title zrm-chart-desc">',
        f'<title id="zrm-chart-title">{escape(title)}</title>',
        f'<desc id="zrm-chart-desc">{escape(description)}</desc>',
    ]
    for j, m in enumerate(table.measurements):
        x = label_w + j * cell_w + cell_w / 2
        parts.append(
            f'<text x="{x:.0f}" y="17" text-anchor="middle" font-size="14" fill="#1a1a1a">'
            f"{escape(m.get_moment_display())}</text>"
            f'<text x="{x:.0f}" y="35" text-anchor="middle" font-size="13" fill="#4b4b4b">'
            f"{m.measured_on:%d-%m-%y}</text>"
        )
    for i, (domain, values) in enumerate(table.rows):
        y = head_h + i * cell_h
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 20}" text-anchor="end" font-size="15" '
            f'fill="#1a1a1a">{escape(domain.name)}</text>'
        )
        prev = None
        for j, value in enumerate(values):
            x = label_w + j * cell_w
            if value is None:
                parts.append(
                    f'<text x="{x + cell_w / 2:.0f}" y="{y + 20}" text-anchor="middle" '
                    f'font-size="15" fill="#4b4b4b">–</text>'
                )
                continue
            parts.append(
                f'<rect x="{x + 4}" y="{y + 3}" width="{cell_w - 8}" height="{cell_h - 6}" '
                f'rx="4" fill="{SCORE_FILL[value]}"/>'
                f'<text x="{x + cell_w / 2:.0f}" y="{y + 21}" text-anchor="middle" '
                f'font-size="15" font-weight="700" fill="#ffffff">{value}'
                f"{_arrow(prev, value)}</text>"
            )
            prev = value
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _arrow(prev, value) -> str:
    if prev is None or prev == value:
        return ""
    return " ▲" if value > prev else " ▼"


def spider_svg(values: list[tuple[str, int]], *, title: str) -> str:
    """Positieve Gezondheid spider web: six axes 0-10, the self-rating as a polygon."""
    width, height, cx, cy, radius = 560, 330, 280, 165, 115
    n = len(values)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="spider-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]

    def point(i, r):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    for ring in (2, 4, 6, 8, 10):
        pts = " ".join(
            f"{x:.1f},{y:.1f}" for x, y in (point(i, radius * ring / 10) for i in range(n))
        )
        parts.append(f'<polygon points="{pts}" fill="none" stroke="#8a96a3" stroke-width="1"/>')
    for i, (label, _v) in enumerate(values):
        x, y = point(i, radius)
        lx, ly = point(i, radius + 22)
        anchor = "middle" if abs(lx - cx) < 10 else ("start" if lx > cx else "end")
        parts.append(
            f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="#8a96a3"/>'
            f'<text x="{lx:.1f}" y="{ly + 4:.1f}" text-anchor="{anchor}" font-size="13" '
            f'fill="#1a1a1a">{escape(label)}</text>'
        )
    pts = " ".join(
        f"{x:.1f},{y:.1f}"
        for x, y in (point(i, radius * v / 10) for i, (_l, v) in enumerate(values))
    )
    parts.append(
        f'<polygon points="{pts}" fill="#154273" fill-opacity="0.25" stroke="#154273" '
        f'stroke-width="2"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - labels are escaped


def domain_over_time_svg(points, *, title: str, description: str) -> str:
    """One ZRM domain over time: a bar per measurement (oldest left), its height the score
    1-5, the score written on the bar and the date below it (not colour alone)."""
    if not points:
        return ""
    bar_w, gap, top, step, base_h = 56, 18, 12, 34, 44
    width = gap + (bar_w + gap) * len(points)
    height = top + step * 5 + base_h
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="zrm-domain-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="domain-chart-title domain-chart-desc">',
        f'<title id="domain-chart-title">{escape(title)}</title>',
        f'<desc id="domain-chart-desc">{escape(description)}</desc>',
    ]
    floor = top + step * 5
    for level in range(1, 6):
        y = floor - step * level
        parts.append(
            f'<line x1="0" y1="{y}" x2="{width}" y2="{y}" stroke="#d0d5db" stroke-width="1"/>'
        )
    for i, point in enumerate(points):
        x = gap + i * (bar_w + gap)
        h = step * point.score
        parts.append(
            f'<rect x="{x}" y="{floor - h}" width="{bar_w}" height="{h}" rx="4" '
            f'fill="{SCORE_FILL[point.score]}"/>'
            f'<text x="{x + bar_w / 2:.0f}" y="{floor - h + 22}" text-anchor="middle" '
            f'font-size="16" font-weight="700" fill="#ffffff">{point.score}</text>'
            f'<text x="{x + bar_w / 2:.0f}" y="{floor + 18}" text-anchor="middle" '
            f'font-size="13" fill="#1a1a1a">{point.measured_on:%d-%m-%y}</text>'
            f'<text x="{x + bar_w / 2:.0f}" y="{floor + 36}" text-anchor="middle" '
            f'font-size="12" fill="#4b4b4b">{escape(point.moment)}</text>'
        )
    parts.append(f'<line x1="0" y1="{floor}" x2="{width}" y2="{floor}" stroke="#1a1a1a"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
