"""Geometry of the social-map search: distances, bounding boxes and grid cells.

On PostgreSQL the services' points are grid-cell tokens (``cell_lexemes``) in the full-text
document, so one GIN scan intersects the words with the cells around the point
(``cells_covering``)."""

from __future__ import annotations

from math import cos, floor, radians


def _valid_point(lat, lon) -> bool:
    return lat is not None and lon is not None and -90 <= lat <= 90 and -180 <= lon <= 180


# --- geometry -------------------------------------------------------------------------------
KM_PER_DEGREE_LAT = 110.574


def km_per_degree_lon(lat: float) -> float:
    return 111.320 * cos(radians(lat))


def bounding_box(lat: float, lon: float, km: float) -> tuple[float, float, float, float]:
    dlat = km / KM_PER_DEGREE_LAT
    dlon = km / max(km_per_degree_lon(lat), 0.01)
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


# Grid cells (PostgreSQL): (level, degrees of latitude per cell); a cell is LON_PER_LAT times
# as wide in degrees of longitude, about square in the Netherlands (cos 52° ≈ 1 / 1.6).
# Sides of about 5.5, 13 and 33 km.
CELL_LEVELS = ((1, 0.05), (2, 0.12), (3, 0.3))
LON_PER_LAT = 1.6
MAX_CELLS = 30  # a query's cover: the finest level with at most this many cells


def cell_lexemes(lat: float | None, lon: float | None) -> list[str]:
    """The point's cell at every level, as full-text lexemes no word can produce
    (``~level:row:column``); none without a valid point."""
    if lat is None or lon is None or not _valid_point(lat, lon):
        return []
    return [
        f"~{level}:{floor(lat / step)}:{floor(lon / (step * LON_PER_LAT))}"
        for level, step in CELL_LEVELS
    ]


def cells_covering(south: float, north: float, west: float, east: float) -> list[str]:
    """The cells of the finest level that covers the box with at most ``MAX_CELLS`` (the
    coarsest level however many)."""
    for level, step in CELL_LEVELS:
        width = step * LON_PER_LAT
        rows = range(floor(south / step), floor(north / step) + 1)
        columns = range(floor(west / width), floor(east / width) + 1)
        if len(rows) * len(columns) <= MAX_CELLS or level == CELL_LEVELS[-1][0]:
            return [f"~{level}:{row}:{column}" for row in rows for column in columns]
    return []


def cells_tsquery(cells: list[str]) -> str:
    """``'~1:1041:59' | '~1:1041:60' | ...`` (tsquery input; the lexemes need no escaping)."""
    return " | ".join(f"'{cell}'" for cell in cells)
