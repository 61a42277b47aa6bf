"""Great-circle distances (haversine) on latitude/longitude in kilometres."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from .errors import InvalidCoordinatesError

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)
KM_PER_DEG_LAT = EARTH_RADIUS_KM * math.pi / 180.0


def check_coordinates(lat: float, lon: float) -> tuple[float, float]:
    """Return ``(lat, lon)`` as floats or raise :class:`InvalidCoordinatesError`."""
    try:
        flat, flon = float(lat), float(lon)
    except (TypeError, ValueError):
        raise InvalidCoordinatesError(f"coordinates must be numbers: {lat!r}, {lon!r}") from None
    if not (math.isfinite(flat) and math.isfinite(flon)):
        raise InvalidCoordinatesError(f"coordinates must be finite: {lat!r}, {lon!r}")
    if not (-90.0 <= flat <= 90.0 and -180.0 <= flon <= 180.0):
        raise InvalidCoordinatesError(f"coordinates out of range: lat={flat}, lon={flon}")
    return flat, flon


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Scalar haversine distance in km (plain Python; the reference for the vectorised one)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dphi = p2 - p1
    dlmb = math.radians(lon2) - math.radians(lon1)
    a = math.sin(dphi / 2.0) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlmb / 2.0) ** 2
    return 2.0 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


def haversine_rad(
    lat1: float,
    lon1: float,
    cos_lat1: float,
    lat2: NDArray[np.float64],
    lon2: NDArray[np.float64],
    cos_lat2: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Vectorised haversine from one point to many, all angles in radians.

    ``cos_lat*`` are the precomputed cosines of the latitudes (the pool stores them).
    """
    a = np.sin((lat2 - lat1) * 0.5)
    a *= a
    b = np.sin((lon2 - lon1) * 0.5)
    b *= b
    b *= cos_lat2
    b *= cos_lat1
    a += b
    np.minimum(a, 1.0, out=a)
    np.sqrt(a, out=a)
    np.arcsin(a, out=a)
    a *= 2.0 * EARTH_RADIUS_KM
    return a


def haversine_many_km(
    lat: float, lon: float, lats: NDArray[np.float64], lons: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Vectorised haversine from ``(lat, lon)`` to arrays of points, degrees in, km out."""
    la2 = np.radians(np.asarray(lats, dtype=np.float64))
    lo2 = np.radians(np.asarray(lons, dtype=np.float64))
    la1 = math.radians(lat)
    return haversine_rad(la1, math.radians(lon), math.cos(la1), la2, lo2, np.cos(la2))
