"""The volunteer pool: a structure-of-arrays with an id map, a free list and a grid index."""

from __future__ import annotations

import math
import sys
from collections.abc import Hashable, Iterable, Iterator, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .columns import _COLUMNS, _I32_MAX, _Bucket
from .columns import EncodedRequest as EncodedRequest
from .columns import tie_key as tie_key
from .errors import InvalidCoordinatesError, InvalidValueError, UnknownVolunteerError
from .geo import EARTH_RADIUS_KM, check_coordinates
from .models import DeclineReason, HelpNeed, Volunteer
from .slots import ALL_SLOTS
from .vocab import Vocabulary


class VolunteerPool:
    """Volunteers held as NumPy columns (one row per volunteer), for vectorised ranking.

    * ids are any hashable (UUID strings in practice) and map to rows through a dict;
    * removed rows go on a free list and are reused, so the arrays never need compaction;
    * every live row sits in one bucket of a grid per municipality (cells of ``cell_deg``
      degrees), which is the prefilter of :func:`.ranking.rank`;
    * :meth:`upsert`, :meth:`remove` and :meth:`set_load` are O(1) amortised.

    The grid query uses the largest travel radius ever seen in the municipality (it is not
    lowered on removal; :meth:`rebuild_index` recomputes it), so it always returns a superset.
    """

    def __init__(
        self,
        skills: Vocabulary,
        languages: Vocabulary,
        *,
        cell_deg: tuple[float, float] = (0.05, 0.08),
        capacity: int = 1024,
    ) -> None:
        if skills.kind != "skill" or languages.kind != "language":
            raise InvalidValueError("pass a skill vocabulary and a language vocabulary")
        cell_lat, cell_lon = (float(c) for c in cell_deg)
        if not (cell_lat > 0 and cell_lon > 0 and math.isfinite(cell_lat * cell_lon)):
            raise InvalidValueError("cell_deg must be two positive numbers")
        self.skills = skills
        self.languages = languages
        self.cell_lat = cell_lat
        self.cell_lon = cell_lon
        self._cap = 0
        self._n_rows = 0  # rows ever used (high-water mark)
        self._ids: list[Hashable | None] = []
        self._row_of: dict[Hashable, int] = {}
        self._free: list[int] = []
        self._muni_code: dict[str, int] = {}
        self._muni_names: list[str] = []
        self._cells: list[dict[tuple[int, int], _Bucket]] = []
        self._max_radius: list[float] = []
        # column attributes, created by _grow
        self.alive: NDArray[np.bool_]
        self.muni: NDArray[np.int32]
        self.lat_rad: NDArray[np.float64]
        self.lon_rad: NDArray[np.float64]
        self.cos_lat: NDArray[np.float64]
        self.radius: NDArray[np.float64]
        self.skills_mask: NDArray[np.uint64]
        self.langs: NDArray[np.uint64]
        self.avail: NDArray[np.uint32]
        self.vog: NDArray[np.int32]
        self.load: NDArray[np.int32]
        self.max_load: NDArray[np.int32]
        self.paused: NDArray[np.bool_]
        self.recent: NDArray[np.int32]
        self.decl_far_inv: NDArray[np.float64]
        self.decl_skill: NDArray[np.uint64]
        self.decl_other: NDArray[np.int16]
        self.tie: NDArray[np.uint64]
        self.cy: NDArray[np.int32]
        self.cx: NDArray[np.int32]
        self.pos: NDArray[np.int32]
        self._grow(max(16, int(capacity)))

    # ------------------------------------------------------------------ storage
    @staticmethod
    def _attr(name: str) -> str:
        return "skills_mask" if name == "skills" else name

    def _grow(self, new_cap: int) -> None:
        for name, dtype in _COLUMNS:
            new = np.zeros(new_cap, dtype=dtype)
            if self._cap:
                new[: self._n_rows] = getattr(self, self._attr(name))[: self._n_rows]
            setattr(self, self._attr(name), new)
        self._ids.extend([None] * (new_cap - len(self._ids)))
        self._cap = new_cap

    def _new_row(self) -> int:
        if self._free:
            return self._free.pop()
        if self._n_rows == self._cap:
            self._grow(2 * self._cap)
        row = self._n_rows
        self._n_rows += 1
        return row

    def _muni(self, name: str, create: bool) -> int:
        code = self._muni_code.get(name, -1)
        if code < 0 and create:
            code = len(self._muni_names)
            self._muni_code[name] = code
            self._muni_names.append(name)
            self._cells.append({})
            self._max_radius.append(0.0)
        return code

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        return math.floor(lat / self.cell_lat), math.floor(lon / self.cell_lon)

    def _unlink(self, row: int) -> None:
        cells = self._cells[int(self.muni[row])]
        key = (int(self.cy[row]), int(self.cx[row]))
        bucket = cells[key]
        moved = bucket.remove(int(self.pos[row]))
        if moved >= 0:
            self.pos[moved] = self.pos[row]
        if bucket.n == 0:
            del cells[key]

    def _link(self, row: int, muni: int, cell: tuple[int, int]) -> None:
        cells = self._cells[muni]
        bucket = cells.get(cell)
        if bucket is None:
            bucket = cells[cell] = _Bucket()
        self.pos[row] = bucket.append(row)
        self.cy[row], self.cx[row] = cell

    # ------------------------------------------------------------------ public API
    def __len__(self) -> int:
        return len(self._row_of)

    def __contains__(self, volunteer_id: object) -> bool:
        return volunteer_id in self._row_of

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self._row_of)

    def row_of(self, volunteer_id: Hashable) -> int:
        try:
            return self._row_of[volunteer_id]
        except (KeyError, TypeError):
            raise UnknownVolunteerError(volunteer_id) from None

    def id_of(self, row: int) -> Hashable:
        vid = self._ids[row]
        if vid is None or not self.alive[row]:
            raise InvalidValueError(f"row {row} is free")
        return vid

    def municipality_of(self, volunteer_id: Hashable) -> str:
        return self._muni_names[int(self.muni[self.row_of(volunteer_id)])]

    def load_of(self, volunteer_id: Hashable) -> int:
        return int(self.load[self.row_of(volunteer_id)])

    def max_load_of(self, volunteer_id: Hashable) -> int:
        return int(self.max_load[self.row_of(volunteer_id)])

    def encode_volunteer(self, v: Volunteer) -> dict[str, Any]:
        """Validate ``v`` against the vocabularies; return its column values (no side effects)."""
        if not isinstance(v, Volunteer):
            raise InvalidValueError(f"expected a Volunteer, not {type(v).__name__}")
        hash(v.id)
        far = math.inf
        decl_skill = 0
        other = 0
        for d in v.declines:
            if d.reason is DeclineReason.TOO_FAR and d.distance_km:
                far = min(far, d.distance_km)
            elif d.reason is DeclineReason.SKILL and d.skill is not None:
                decl_skill |= 1 << self.skills.bit(d.skill)
            else:
                other += 1
        lat = math.radians(v.lat)
        return {
            "lat_rad": lat,
            "lon_rad": math.radians(v.lon),
            "cos_lat": math.cos(lat),
            "radius": v.radius_km,
            "skills": self.skills.encode(v.skills),
            "langs": self.languages.encode(v.languages),
            "avail": v.availability,
            "vog": min(v.vog_expires, _I32_MAX),
            "load": min(v.load, _I32_MAX),
            "max_load": min(v.max_load, _I32_MAX),
            "paused": v.paused,
            "recent": min(v.recent_tasks, _I32_MAX),
            "decl_far_inv": 0.0 if math.isinf(far) else 1.0 / far,
            "decl_skill": decl_skill,
            "decl_other": min(other, 32767),
            "tie": tie_key(v.id),
        }

    def upsert(self, v: Volunteer) -> int:
        """Insert or replace volunteer ``v``; returns its row. Validation happens first, so a
        rejected volunteer leaves the pool unchanged."""
        values = self.encode_volunteer(v)
        row = self._row_of.get(v.id, -1)
        muni = self._muni(v.municipality, create=True)
        cell = self._cell(v.lat, v.lon)
        if row >= 0:
            if int(self.muni[row]) != muni or (int(self.cy[row]), int(self.cx[row])) != cell:
                self._unlink(row)
                self._link(row, muni, cell)
        else:
            row = self._new_row()
            self._ids[row] = v.id
            self._row_of[v.id] = row
            self.alive[row] = True
            self._link(row, muni, cell)
        self.muni[row] = muni
        for name, value in values.items():
            getattr(self, self._attr(name))[row] = value
        if v.radius_km > self._max_radius[muni]:
            self._max_radius[muni] = v.radius_km
        return row

    def upsert_many(self, volunteers: Iterable[Volunteer]) -> None:
        for v in volunteers:
            self.upsert(v)

    def remove(self, volunteer_id: Hashable) -> None:
        """Remove a volunteer; its row goes on the free list."""
        row = self.row_of(volunteer_id)
        self._unlink(row)
        del self._row_of[volunteer_id]
        self._ids[row] = None
        self.alive[row] = False
        self.paused[row] = True
        self._free.append(row)

    def set_load(self, volunteer_id: Hashable, n: int) -> None:
        """Set the number of open tasks of a volunteer."""
        if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 0:
            raise InvalidValueError(f"load must be an int >= 0, not {n!r}")
        self.load[self.row_of(volunteer_id)] = min(int(n), _I32_MAX)

    def rebuild_index(self) -> None:
        """Recompute the per-municipality maximum radius (only ever grows otherwise)."""
        live = np.flatnonzero(self.alive[: self._n_rows])
        self._max_radius = [0.0] * len(self._muni_names)
        if live.size:
            mx = np.zeros(len(self._muni_names))
            np.maximum.at(mx, self.muni[live], self.radius[live])
            self._max_radius = [float(x) for x in mx]

    # ------------------------------------------------------------------ bulk loading
    @classmethod
    def from_volunteers(
        cls, volunteers: Iterable[Volunteer], skills: Vocabulary, languages: Vocabulary, **kw: Any
    ) -> VolunteerPool:
        pool = cls(skills, languages, **kw)
        pool.upsert_many(volunteers)
        return pool

    @classmethod
    def from_columns(
        cls,
        skills: Vocabulary,
        languages: Vocabulary,
        *,
        ids: Sequence[Hashable],
        municipality: ArrayLike,
        lat: ArrayLike,
        lon: ArrayLike,
        radius_km: ArrayLike,
        skills_mask: ArrayLike,
        languages_mask: ArrayLike,
        availability: ArrayLike,
        vog_expires: ArrayLike = 0,
        load: ArrayLike = 0,
        max_load: ArrayLike = 1,
        paused: ArrayLike = False,
        recent_tasks: ArrayLike = 0,
        decline_far_km: ArrayLike = 0.0,
        decline_skill_mask: ArrayLike = 0,
        decline_other: ArrayLike = 0,
        **kw: Any,
    ) -> VolunteerPool:
        """Vectorised bulk load (e.g. from a database export); masks are already encoded.

        ``decline_far_km`` is the shortest "too far" decline distance (0 = none). Equivalent to
        upserting the corresponding :class:`Volunteer` objects one by one.
        """
        n = len(ids)
        id_list = list(ids)
        if len(set(id_list)) != n:
            raise InvalidValueError("ids must be unique")

        def col(a: ArrayLike, dtype: Any, what: str) -> NDArray[Any]:
            arr = np.asarray(a)
            if arr.ndim == 0:
                arr = np.full(n, arr)
            if arr.shape != (n,):
                raise InvalidValueError(f"{what} must have length {n}")
            integral = np.issubdtype(arr.dtype, np.integer) or arr.dtype == np.bool_
            if np.issubdtype(dtype, np.integer) and not integral:
                raise InvalidValueError(f"{what} must be integers")
            return arr.astype(dtype, copy=False)

        la = col(lat, np.float64, "lat")
        lo = col(lon, np.float64, "lon")
        bad = ~(np.isfinite(la) & np.isfinite(lo)) | (np.abs(la) > 90) | (np.abs(lo) > 180)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise InvalidCoordinatesError(f"bad coordinates for {id_list[i]!r}")
        rad = col(radius_km, np.float64, "radius_km")
        if not (np.isfinite(rad).all() and (rad >= 0).all()):
            raise InvalidValueError("radius_km must be finite and >= 0")
        ints = {}
        for what, a in (
            ("vog_expires", vog_expires),
            ("load", load),
            ("max_load", max_load),
            ("recent_tasks", recent_tasks),
            ("decline_other", decline_other),
        ):
            arr = col(a, np.int64, what)
            if (arr < 0).any():
                raise InvalidValueError(f"{what} must be >= 0")
            ints[what] = arr
        far = col(decline_far_km, np.float64, "decline_far_km")
        if not (np.isfinite(far).all() and (far >= 0).all()):
            raise InvalidValueError("decline_far_km must be finite and >= 0")
        masks = {}
        for what, a, vocab_size in (
            ("skills_mask", skills_mask, len(skills)),
            ("languages_mask", languages_mask, len(languages)),
            ("decline_skill_mask", decline_skill_mask, len(skills)),
            ("availability", availability, 21),
        ):
            arr = col(a, np.uint64, what)
            if vocab_size < 64 and (arr >> np.uint64(vocab_size)).any():
                raise InvalidValueError(f"{what} has bits outside its vocabulary")
            masks[what] = arr
        munis = np.asarray(municipality)
        if munis.ndim == 0:
            munis = np.full(n, munis)
        if munis.shape != (n,):
            raise InvalidValueError(f"municipality must have length {n}")
        uniq, inv = np.unique(munis.astype(str), return_inverse=True)
        if any(not u for u in uniq):
            raise InvalidValueError("municipality must be a non-empty string")

        pool = cls(skills, languages, capacity=max(16, n), **kw)
        codes = np.array([pool._muni(str(u), create=True) for u in uniq], dtype=np.int32)
        muni = codes[inv.ravel()] if n else np.zeros(0, np.int32)
        cy = np.floor(la / pool.cell_lat).astype(np.int64)
        cx = np.floor(lo / pool.cell_lon).astype(np.int64)
        # rows are laid out bucket by bucket, so a query gathers nearly contiguous memory
        order = np.lexsort((cx, cy, muni))
        sl = slice(0, n)
        pool.alive[sl] = True
        pool.muni[sl] = muni[order]
        lar = np.radians(la[order])
        pool.lat_rad[sl] = lar
        pool.lon_rad[sl] = np.radians(lo[order])
        pool.cos_lat[sl] = np.cos(lar)
        pool.radius[sl] = rad[order]
        pool.skills_mask[sl] = masks["skills_mask"][order]
        pool.langs[sl] = masks["languages_mask"][order]
        pool.avail[sl] = masks["availability"][order]
        pool.vog[sl] = np.minimum(ints["vog_expires"], _I32_MAX)[order]
        pool.load[sl] = np.minimum(ints["load"], _I32_MAX)[order]
        pool.max_load[sl] = np.minimum(ints["max_load"], _I32_MAX)[order]
        pool.paused[sl] = col(paused, np.bool_, "paused")[order]
        pool.recent[sl] = np.minimum(ints["recent_tasks"], _I32_MAX)[order]
        with np.errstate(divide="ignore"):
            inv_far = np.where(far > 0, 1.0 / np.where(far > 0, far, 1.0), 0.0)
        pool.decl_far_inv[sl] = inv_far[order]
        pool.decl_skill[sl] = masks["decline_skill_mask"][order]
        pool.decl_other[sl] = np.minimum(ints["decline_other"], 32767)[order]
        id_list = [id_list[i] for i in order.tolist()]
        pool.tie[sl] = np.fromiter((tie_key(i) for i in id_list), dtype=np.uint64, count=n)
        cy, cx, muni = cy[order], cx[order], muni[order]
        pool.cy[sl] = cy
        pool.cx[sl] = cx
        pool._ids[:n] = id_list
        pool._row_of = {vid: i for i, vid in enumerate(id_list)}
        pool._n_rows = n
        if n:
            keys = np.stack((muni, cy, cx), axis=1)
            starts = np.flatnonzero(np.any(keys[1:] != keys[:-1], axis=1)) + 1
            bounds = np.concatenate(([0], starts, [n]))
            pos = np.empty(n, dtype=np.int32)
            for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
                pos[a:b] = np.arange(b - a, dtype=np.int32)
                m, y, x = (int(k) for k in keys[a])
                pool._cells[m][(y, x)] = _Bucket(np.arange(a, b, dtype=np.int32))
            pool.pos[sl] = pos
            mx = np.zeros(len(pool._muni_names))
            np.maximum.at(mx, muni, rad[order])
            pool._max_radius = [float(x) for x in mx]
        return pool

    # ------------------------------------------------------------------ querying
    def encode_request(self, request: HelpNeed) -> EncodedRequest:
        """Validate ``request`` against the vocabularies (raises on unknown skills/languages)."""
        if not isinstance(request, HelpNeed):
            raise InvalidValueError(f"expected a HelpNeed, not {type(request).__name__}")
        skills = self.skills.encode(request.skills)
        preferred = self.skills.encode(request.preferred_skills)
        languages = self.languages.encode(request.languages)
        check_coordinates(request.lat, request.lon)
        prev = [self._row_of[p] for p in request.previous_volunteers if p in self._row_of]
        lat = math.radians(request.lat)
        return EncodedRequest(
            request=request,
            muni=self._muni(request.municipality, create=False),
            lat_rad=lat,
            lon_rad=math.radians(request.lon),
            cos_lat=math.cos(lat),
            skills=skills,
            preferred=preferred,
            n_preferred=preferred.bit_count(),
            languages=languages,
            slots=request.slots & ALL_SLOTS,
            previous_rows=np.array(sorted(prev), dtype=np.int64),
        )

    def candidate_rows(self, muni: int, lat: float, lon: float) -> NDArray[np.int64]:
        """Rows in the grid cells that can hold a volunteer within reach of ``(lat, lon)``.

        A superset of the volunteers of municipality ``muni`` whose radius covers the point.
        """
        if muni < 0:
            return np.zeros(0, dtype=np.int64)
        cells = self._cells[muni]
        if not cells:
            return np.zeros(0, dtype=np.int64)
        reach = self._max_radius[muni] * (1.0 + 1e-9) + 1e-9
        dlat = math.degrees(reach / EARTH_RADIUS_KM)
        lat_lo, lat_hi = lat - dlat, lat + dlat
        y0, y1 = math.floor(lat_lo / self.cell_lat), math.floor(lat_hi / self.cell_lat)
        cmin = math.cos(math.radians(min(90.0, max(abs(lat_lo), abs(lat_hi)))))
        s = math.sin(min(reach / (2.0 * EARTH_RADIUS_KM), math.pi / 2)) / cmin if cmin > 0 else 2
        x0 = x1 = 0
        all_lon = s >= 1.0
        if not all_lon:
            dlon = math.degrees(2.0 * math.asin(s))
            lon_lo, lon_hi = lon - dlon, lon + dlon
            if lon_lo < -180.0 or lon_hi > 180.0:
                all_lon = True
            else:
                x0, x1 = math.floor(lon_lo / self.cell_lon), math.floor(lon_hi / self.cell_lon)
        n_box = (y1 - y0 + 1) * (x1 - x0 + 1) if not all_lon else len(cells) + 1
        parts: list[NDArray[np.int32]] = []
        if n_box <= len(cells):
            get = cells.get
            for y in range(y0, y1 + 1):
                for x in range(x0, x1 + 1):
                    b = get((y, x))
                    if b is not None:
                        parts.append(b.view)
        else:
            for (y, x), b in cells.items():
                if y0 <= y <= y1 and (all_lon or x0 <= x <= x1):
                    parts.append(b.view)
        if not parts:
            return np.zeros(0, dtype=np.int64)
        return np.concatenate(parts).astype(np.int64)

    def count_in_municipality(self, muni: int) -> int:
        """Number of volunteers in municipality code ``muni`` (see :meth:`encode_request`)."""
        if muni < 0:
            return 0
        return sum(b.n for b in self._cells[muni].values())

    def live_rows(self) -> NDArray[np.int64]:
        return np.flatnonzero(self.alive[: self._n_rows])

    # ------------------------------------------------------------------ memory
    def nbytes(self) -> int:
        """Bytes held by the NumPy columns and grid buckets."""
        cols = sum(getattr(self, self._attr(name)).nbytes for name, _ in _COLUMNS)
        buckets = sum(b.rows.nbytes for cells in self._cells for b in cells.values())
        return int(cols + buckets)

    def memory_estimate(self) -> dict[str, int]:
        """Approximate memory: columns, buckets, and the id map (dict, list and id objects)."""
        cols = sum(getattr(self, self._attr(name)).nbytes for name, _ in _COLUMNS)
        n_buckets = sum(len(c) for c in self._cells)
        buckets = sum(b.rows.nbytes for cells in self._cells for b in cells.values())
        bucket_overhead = n_buckets * (sys.getsizeof(_Bucket()) + 112 + 100)
        ids = sum(sys.getsizeof(i) for i in self._row_of)
        ints = len(self._row_of) * 32  # row numbers as Python ints (small ones are cached)
        id_map = sys.getsizeof(self._row_of) + sys.getsizeof(self._ids) + ids + ints
        total = int(cols + buckets + bucket_overhead + id_map)
        return {
            "columns": int(cols),
            "buckets": int(buckets + bucket_overhead),
            "id_map": int(id_map),
            "total": total,
        }
