"""Server-rendered SVG: bar charts and the village map with its lights. No JavaScript,
no downloads at run time; every chart is accompanied by a data table in the page."""

from __future__ import annotations

import math
from collections.abc import Sequence
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe

INK = "#1b1b1b"
ACCENT = "#00589c"
LIGHT = "#ffb703"
LIGHT_NEW = "#fff3b0"
MUTED = "#8a8a8a"


def _a(value: str) -> str:
    return escape(str(value), {'"': "&quot;"})


def bar_chart(
    bars: Sequence[tuple[str, int | None]],
    *,
    title: str,
    width: int = 560,
    bar_height: int = 22,
    note_hidden: str = "< 5",
) -> SafeString:
    """Horizontal bars; a value of None (suppressed) is drawn as a hatched stub with text."""
    label_w = 190
    height = 16 + len(bars) * (bar_height + 8)
    top = max([v for _, v in bars if v is not None] or [0]) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="t-{abs(hash(title))}" class="chart">',
        f'<title id="t-{abs(hash(title))}">{_a(title)}</title>',
    ]
    for n, (label, value) in enumerate(bars):
        y = 8 + n * (bar_height + 8)
        parts.append(
            f'<text x="{label_w - 8}" y="{y + bar_height * 0.7:.1f}" text-anchor="end" '
            f'font-size="13" fill="{INK}">{_a(label)}</text>'
        )
        if value is None:
            parts.append(
                f'<rect x="{label_w}" y="{y}" width="18" height="{bar_height}" fill="none" '
                f'stroke="{MUTED}" stroke-dasharray="3 2"/>'
                f'<text x="{label_w + 26}" y="{y + bar_height * 0.7:.1f}" font-size="13" '
                f'fill="{INK}">{_a(note_hidden)}</text>'
            )
            continue
        w = (width - label_w - 60) * value / top
        parts.append(
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_height}" fill="{ACCENT}"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + bar_height * 0.7:.1f}" font-size="13" '
            f'fill="{INK}">{value}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


# ------------------------------------------------------------------ map
def _rings(geometry) -> list[list[tuple[float, float]]]:
    if not geometry:
        return []
    kind = geometry.get("type")
    coords = geometry.get("coordinates") or []
    if kind == "Polygon":
        polys = [coords]
    elif kind == "MultiPolygon":
        polys = coords
    else:
        return []
    return [[(float(x), float(y)) for x, y, *_ in poly[0]] for poly in polys if poly]


def _inside(point, ring) -> bool:
    x, y = point
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / ((yj - yi) or 1e-12) + xi:
            inside = not inside
        j = i
    return inside


def _halton(index: int, base: int) -> float:
    f, r = 1.0, 0.0
    while index > 0:
        f /= base
        r += f * (index % base)
        index //= base
    return r


def light_positions(rings, count: int, fallback) -> list[tuple[float, float]]:
    """``count`` well-spread points inside the village (deterministic, Halton sequence)."""
    if count <= 0:
        return []
    if not rings:
        lon, lat = fallback
        return [
            (
                lon + 0.004 * math.cos(k * 2.4) * math.sqrt(k + 1) / 4,
                lat + 0.0025 * math.sin(k * 2.4) * math.sqrt(k + 1) / 4,
            )
            for k in range(count)
        ]
    main = max(rings, key=len)
    xs = [p[0] for p in main]
    ys = [p[1] for p in main]
    out: list[tuple[float, float]] = []
    k = 1
    while len(out) < count and k < count * 60 + 200:
        point = (
            min(xs) + (max(xs) - min(xs)) * _halton(k, 2),
            min(ys) + (max(ys) - min(ys)) * _halton(k, 3),
        )
        if _inside(point, main):
            out.append(point)
        k += 1
    return out


def village_map(
    villages: Sequence[dict],
    *,
    title: str,
    credit: str,
    width: int = 560,
    max_lights: int = 150,
) -> SafeString:
    """``villages``: [{"name", "geometry", "lat", "lon", "lights": int, "new": int}]:
    one light per story; the ``new`` ones (this period) are drawn brighter."""
    all_points = [p for v in villages for ring in _rings(v.get("geometry")) for p in ring]
    all_points += [(v["lon"], v["lat"]) for v in villages if v.get("lon") is not None]
    if not all_points:
        return mark_safe("")
    min_x = min(p[0] for p in all_points)
    max_x = max(p[0] for p in all_points)
    min_y = min(p[1] for p in all_points)
    max_y = max(p[1] for p in all_points)
    k = math.cos(math.radians((min_y + max_y) / 2))
    span_x = max((max_x - min_x) * k, 1e-6)
    span_y = max(max_y - min_y, 1e-6)
    pad = 12
    scale = (width - 2 * pad) / span_x
    height = int(span_y * scale + 2 * pad + 22)

    def xy(p):
        return pad + (p[0] - min_x) * k * scale, pad + (max_y - p[1]) * scale

    tid = f"m-{abs(hash(title))}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="{tid}" class="map">',
        f'<title id="{tid}">{_a(title)}</title>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#0b1d33"/>',
    ]
    for v in villages:
        rings = _rings(v.get("geometry"))
        for ring in rings:
            d = "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in map(xy, ring)) + " Z"
            parts.append(f'<path d="{d}" fill="#16324f" stroke="#5b7a99" stroke-width="1"/>')
        lights = min(int(v.get("lights", 0)), max_lights)
        new = min(int(v.get("new", 0)), lights)
        positions = light_positions(rings, lights, (v.get("lon"), v.get("lat")))
        for n, p in enumerate(positions):
            x, y = xy(p)
            colour = LIGHT_NEW if n >= lights - new else LIGHT
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.2" fill="{colour}"/>')
        if v.get("lon") is not None:
            x, y = xy((v["lon"], v["lat"]))
            parts.append(
                f'<text x="{x:.1f}" y="{y:.1f}" font-size="11" fill="#ffffff" '
                f'text-anchor="middle" stroke="#0b1d33" stroke-width="3" '
                f'paint-order="stroke">{_a(v["name"])}</text>'
            )
    parts.append(
        f'<text x="{width - 6}" y="{height - 6}" font-size="10" fill="#ffffff" '
        f'text-anchor="end">{_a(credit)}</text>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above
