"""The pool's building blocks: the per-row columns, the stable tie-break key, the grid
bucket and the encoded request."""

from __future__ import annotations

import hashlib
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .models import HelpNeed

#: (name, dtype) of every per-row column
_COLUMNS: tuple[tuple[str, Any], ...] = (
    ("alive", np.bool_),
    ("muni", np.int32),
    ("lat_rad", np.float64),
    ("lon_rad", np.float64),
    ("cos_lat", np.float64),
    ("radius", np.float64),
    ("skills", np.uint64),
    ("langs", np.uint64),
    ("avail", np.uint32),
    ("vog", np.int32),
    ("load", np.int32),
    ("max_load", np.int32),
    ("paused", np.bool_),
    ("recent", np.int32),
    ("decl_far_inv", np.float64),  # 1 / (shortest "too far" distance), 0 = none
    ("decl_skill", np.uint64),
    ("decl_other", np.int16),
    ("tie", np.uint64),
    ("cy", np.int32),
    ("cx", np.int32),
    ("pos", np.int32),
)

_I32_MAX = np.iinfo(np.int32).max


def tie_key(volunteer_id: Hashable) -> int:
    """Stable 64-bit tie-break key of an id (blake2b of its ``repr``).

    Unlike ``hash()`` it does not change between processes, and unlike the id itself it does
    not systematically favour low ids. Use ids with a stable repr (str, int, UUID, tuples).
    """
    digest = hashlib.blake2b(repr(volunteer_id).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


class _Bucket:
    """Rows of one grid cell of one municipality; swap-remove keeps it dense."""

    __slots__ = ("n", "rows")

    def __init__(self, rows: NDArray[np.int32] | None = None) -> None:
        if rows is None:
            self.rows = np.empty(8, dtype=np.int32)
            self.n = 0
        else:
            self.rows = rows
            self.n = int(rows.size)

    def append(self, row: int) -> int:
        if self.n == self.rows.size:
            grown = np.empty(max(8, 2 * self.rows.size), dtype=np.int32)
            grown[: self.n] = self.rows[: self.n]
            self.rows = grown
        self.rows[self.n] = row
        self.n += 1
        return self.n - 1

    def remove(self, pos: int) -> int:
        """Remove the row at ``pos``; return the row moved into ``pos`` (or -1)."""
        self.n -= 1
        last = int(self.rows[self.n])
        if pos != self.n:
            self.rows[pos] = last
            return last
        return -1

    @property
    def view(self) -> NDArray[np.int32]:
        return self.rows[: self.n]


@dataclass(frozen=True, slots=True)
class EncodedRequest:
    """A request validated and encoded against a pool's vocabularies."""

    request: HelpNeed
    muni: int  # -1 if the municipality has no volunteers
    lat_rad: float
    lon_rad: float
    cos_lat: float
    skills: int
    preferred: int
    n_preferred: int
    languages: int
    slots: int
    previous_rows: NDArray[np.int64]
