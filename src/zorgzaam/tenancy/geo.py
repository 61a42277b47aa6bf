"""Small, dependency-free geometry on WGS84 coordinates (enough for village outlines)."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

Ring = Sequence[Sequence[float]]  # [[lon, lat], ...]

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def _in_ring(lon: float, lat: float, ring: Ring) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def polygons_of(geometry: dict) -> list[list[Ring]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    raise ValueError(f"Unsupported geometry type {geometry['type']!r}")


def contains(geometry: dict, lat: float, lon: float) -> bool:
    for rings in polygons_of(geometry):
        if _in_ring(lon, lat, rings[0]) and not any(_in_ring(lon, lat, h) for h in rings[1:]):
            return True
    return False


def bbox(geometry: dict) -> tuple[float, float, float, float]:
    """(min_lat, min_lon, max_lat, max_lon)."""
    lons = [p[0] for rings in polygons_of(geometry) for p in rings[0]]
    lats = [p[1] for rings in polygons_of(geometry) for p in rings[0]]
    return min(lats), min(lons), max(lats), max(lons)


def centroid(geometry: dict) -> tuple[float, float]:
    """Area-weighted centroid (lat, lon) of the outer rings."""
    total = cx = cy = 0.0
    for rings in polygons_of(geometry):
        ring = rings[0]
        for i in range(len(ring) - 1):
            x0, y0 = ring[i][0], ring[i][1]
            x1, y1 = ring[i + 1][0], ring[i + 1][1]
            cross = x0 * y1 - x1 * y0
            total += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
    if total == 0:
        lat0, lon0, lat1, lon1 = bbox(geometry)
        return (lat0 + lat1) / 2, (lon0 + lon1) / 2
    return cy / (3 * total), cx / (3 * total)


def random_point_in(geometry: dict, rng: random.Random) -> tuple[float, float]:
    lat0, lon0, lat1, lon1 = bbox(geometry)
    for _ in range(10_000):
        lat, lon = rng.uniform(lat0, lat1), rng.uniform(lon0, lon1)
        if contains(geometry, lat, lon):
            return lat, lon
    return centroid(geometry)
