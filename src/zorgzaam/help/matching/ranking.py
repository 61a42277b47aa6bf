"""Vectorised ranking of the volunteers of a pool for one request."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .errors import InvalidValueError
from .geo import haversine_rad
from .models import DEFAULT_WEIGHTS, HelpNeed, Proposal, Reason, Weights
from .pool import EncodedRequest, VolunteerPool
from .slots import slots_of
from .vocab import Vocabulary

#: number of "no time"/"other" declines at which that penalty saturates
OTHER_DECLINES_FULL = 4.0


def check_weights(weights: Weights | None) -> Weights:
    if weights is None:
        return DEFAULT_WEIGHTS
    if not isinstance(weights, Weights):
        raise InvalidValueError(f"weights must be a Weights, not {type(weights).__name__}")
    return weights


def check_k(k: int) -> int:
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 0:
        raise InvalidValueError(f"k must be an int >= 0, not {k!r}")
    return int(k)


def hard_filter(
    pool: VolunteerPool, q: EncodedRequest, rows: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """Rows that satisfy every hard constraint, and their distances in km.

    Cheap integer tests first (skill, availability, paused, load, VOG), then the distance
    (within the volunteer's radius) on the survivors only.
    """
    if rows.size == 0 or q.slots == 0:
        return rows[:0], np.zeros(0)
    if q.skills:  # usually the most selective test: filter first, gather the rest for fewer rows
        need = np.uint64(q.skills)
        rows = rows[(pool.skills_mask[rows] & need) == need]
    ok = (pool.avail[rows] & np.uint32(q.slots)) != 0
    ok &= pool.load[rows] < pool.max_load[rows]
    ok &= ~pool.paused[rows]
    if q.request.requires_vog:
        vog = pool.vog[rows]
        ok &= (vog > 0) & (vog >= q.request.date)
    rows = rows[ok]
    d = haversine_rad(
        q.lat_rad, q.lon_rad, q.cos_lat, pool.lat_rad[rows], pool.lon_rad[rows], pool.cos_lat[rows]
    )
    within = d <= pool.radius[rows]
    return rows[within], d[within]


@dataclass(frozen=True, slots=True)
class Components:
    """Per-candidate score terms (unweighted, each in [0, 1]) and the weighted total."""

    closeness: NDArray[np.float64]
    skill_fit: NDArray[np.float64]
    language: NDArray[np.bool_]
    continuity: NDArray[np.bool_]
    fairness: NDArray[np.float64]
    waiting: float
    far_penalty: NDArray[np.float64]
    skill_penalty: NDArray[np.bool_]
    other_penalty: NDArray[np.float64]
    penalty: NDArray[np.float64]
    total: NDArray[np.float64]


def fairness_term(load: Any, recent: Any, w: Weights) -> Any:
    """``1 / (1 + load + recent_task_factor * recent_tasks)`` (scalar or array)."""
    return 1.0 / (1.0 + load + w.recent_task_factor * recent)


def components(
    pool: VolunteerPool,
    q: EncodedRequest,
    rows: NDArray[np.int64],
    d: NDArray[np.float64],
    w: Weights,
) -> Components:
    n = rows.size
    closeness = w.distance_scale_km / (w.distance_scale_km + d)
    if q.n_preferred:
        matched = np.bitwise_count(pool.skills_mask[rows] & np.uint64(q.preferred))
        skill_fit = matched.astype(np.float64) / q.n_preferred
    else:
        skill_fit = np.ones(n)
    if q.languages:
        language = (pool.langs[rows] & np.uint64(q.languages)) != 0
    else:
        language = np.zeros(n, dtype=np.bool_)
    if q.previous_rows.size:
        continuity = np.isin(rows, q.previous_rows)
    else:
        continuity = np.zeros(n, dtype=np.bool_)
    fairness = fairness_term(
        pool.load[rows].astype(np.float64), pool.recent[rows].astype(np.float64), w
    )
    waiting = min(1.0, q.request.waiting_days / w.waiting_full_days)
    far_penalty = np.clip(2.0 * d * pool.decl_far_inv[rows] - 1.0, 0.0, 1.0)
    kind = np.uint64(q.skills | q.preferred)
    skill_penalty = (pool.decl_skill[rows] & kind) != 0
    other_penalty = np.minimum(1.0, pool.decl_other[rows] / OTHER_DECLINES_FULL)
    penalty = np.maximum(np.maximum(far_penalty, skill_penalty), other_penalty)
    total = w.distance * closeness
    total += w.skill * skill_fit
    total += w.language * language
    total += w.continuity * continuity
    total += w.fairness * fairness
    total += w.waiting * waiting
    total -= w.decline * penalty
    return Components(
        closeness,
        skill_fit,
        language,
        continuity,
        fairness,
        waiting,
        far_penalty,
        skill_penalty,
        other_penalty,
        penalty,
        total,
    )


def top_k(score: NDArray[np.float64], tie: NDArray[np.uint64], k: int) -> NDArray[np.int64]:
    """Indices of the ``k`` best scores, best first; ties broken by ascending ``tie`` key.

    ``argpartition`` finds the k-th best score; every candidate at least that good is then
    sorted, so ties at the boundary are resolved by the key, not by partition order.
    """
    n = score.size
    if n > k:
        part = np.argpartition(-score, k - 1)[:k]
        cand = np.flatnonzero(score >= score[part].min())
    else:
        cand = np.arange(n)
    order = np.lexsort((tie[cand], -score[cand]))
    return cand[order[:k]]


@dataclass(frozen=True, slots=True)
class RankCore:
    """Top-k result as arrays (best first); proposals are built from it lazily."""

    q: EncodedRequest
    rows: NDArray[np.int64]
    distances: NDArray[np.float64]
    comp: Components
    idx: NDArray[np.int64]  # positions in rows/distances/comp, best first

    @property
    def top_rows(self) -> NDArray[np.int64]:
        return self.rows[self.idx]

    @property
    def top_scores(self) -> NDArray[np.float64]:
        return self.comp.total[self.idx]


def rank_core(pool: VolunteerPool, request: HelpNeed, k: int, w: Weights) -> RankCore:
    q = pool.encode_request(request)
    rows = pool.candidate_rows(q.muni, request.lat, request.lon)
    if k == 0 or q.slots == 0:
        rows = rows[:0]
    rows, d = hard_filter(pool, q, rows)
    comp = components(pool, q, rows, d, w)
    idx = top_k(comp.total, pool.tie[rows], k) if rows.size else np.zeros(0, dtype=np.int64)
    return RankCore(q, rows, d, comp, idx)


def _labels(vocab: Vocabulary, mask: int) -> dict[str, Any]:
    terms, nl, en = vocab.describe(mask)
    return {"codes": terms, "labels": {"nl": nl, "en": en}}


_SLOT_PAIRS: dict[int, tuple[tuple[int, int], ...]] = {}


def _slot_pairs(mask: int) -> tuple[tuple[int, int], ...]:
    pairs = _SLOT_PAIRS.get(mask)
    if pairs is None:
        pairs = tuple(slots_of(mask))
        if len(_SLOT_PAIRS) >= 8192:
            _SLOT_PAIRS.clear()
        _SLOT_PAIRS[mask] = pairs
    return pairs


@dataclass(frozen=True, slots=True)
class _ReasonContext:
    """What the reasons of one request's proposals share (taken when it was ranked)."""

    request: HelpNeed
    weights: Weights
    skills: Vocabulary
    languages: Vocabulary
    request_languages: int
    request_slots: int
    kind: int  # required | preferred skills
    waiting: Reason | None


def _reasons(ctx: _ReasonContext, values: tuple[Any, ...]) -> tuple[Reason, ...]:
    """The reasons of one proposal from its values (see :func:`build_proposals`)."""
    (
        dist,
        closeness,
        language,
        continuity,
        fit,
        fairness,
        pen,
        far_pen,
        skill_pen,
        langs,
        avail,
        skills,
        vog,
        load,
        max_load,
        recent,
        far_inv,
        decl_skill,
        decl_other,
    ) = values
    w, req, kind = ctx.weights, ctx.request, ctx.kind
    reasons = [Reason("distance", {"km": round(dist, 1)}, w.distance * closeness)]
    if language:
        labels = _labels(ctx.languages, langs & ctx.request_languages)
        reasons.append(Reason("language", labels, w.language))
    reasons.append(
        Reason(
            "availability",
            {"slots": _slot_pairs(avail & ctx.request_slots), "recurring": req.recurring},
            0.0,
        )
    )
    if continuity:
        reasons.append(Reason("continuity", {}, w.continuity))
    if skills & kind:
        params = _labels(ctx.skills, skills & kind)
        params["fit"] = round(fit, 3)
        reasons.append(Reason("skills", params, w.skill * fit))
    if req.requires_vog:
        reasons.append(Reason("vog", {"valid_until": vog}, 0.0))
    reasons.append(
        Reason(
            "load",
            {"load": load, "max_load": max_load, "recent_tasks": recent},
            w.fairness * fairness,
        )
    )
    if pen > 0:
        contrib = -w.decline * pen
        if far_pen >= pen:
            far_km = round(1.0 / far_inv, 1) if far_inv > 0 else 0.0
            reasons.append(Reason("declined", {"kind": "too_far", "km": far_km}, contrib))
        elif skill_pen:
            params = _labels(ctx.skills, decl_skill & kind)
            params["kind"] = "skill"
            reasons.append(Reason("declined", params, contrib))
        else:
            reasons.append(Reason("declined", {"kind": "other", "count": decl_other}, contrib))
    if ctx.waiting is not None:
        reasons.append(ctx.waiting)
    return tuple(reasons)


def build_proposals(
    pool: VolunteerPool,
    core: RankCore,
    positions: NDArray[np.int64],
    ranks: Sequence[int],
    w: Weights,
) -> list[Proposal]:
    """The :class:`Proposal` objects for ``positions`` of ``core.rows``.

    Columns are gathered once for all positions and converted to Python scalars (a copy:
    later pool changes do not reach them); each proposal's reasons are built from those
    values when they are first read (:meth:`Proposal.lazy`).
    """
    q, c = core.q, core.comp
    req = q.request
    pos = np.asarray(positions, dtype=np.int64)
    rows = core.rows[pos]
    waiting: Reason | None = None
    if req.waiting_days >= 1:
        waiting = Reason("waiting", {"days": math.floor(req.waiting_days)}, w.waiting * c.waiting)
    ctx = _ReasonContext(
        req, w, pool.skills, pool.languages, q.languages, q.slots, q.skills | q.preferred, waiting
    )
    distances = core.distances[pos].tolist()
    values = zip(
        distances,
        c.closeness[pos].tolist(),
        c.language[pos].tolist(),
        c.continuity[pos].tolist(),
        c.skill_fit[pos].tolist(),
        c.fairness[pos].tolist(),
        c.penalty[pos].tolist(),
        c.far_penalty[pos].tolist(),
        c.skill_penalty[pos].tolist(),
        pool.langs[rows].tolist(),
        pool.avail[rows].tolist(),
        pool.skills_mask[rows].tolist(),
        pool.vog[rows].tolist(),
        pool.load[rows].tolist(),
        pool.max_load[rows].tolist(),
        pool.recent[rows].tolist(),
        pool.decl_far_inv[rows].tolist(),
        pool.decl_skill[rows].tolist(),
        pool.decl_other[rows].tolist(),
        strict=True,
    )
    lazy = Proposal.lazy
    return [
        lazy(req.id, pool.id_of(row), total, dist, partial(_reasons, ctx, v), rank_pos)
        for row, total, dist, v, rank_pos in zip(
            rows.tolist(), c.total[pos].tolist(), distances, values, ranks, strict=True
        )
    ]


def build_proposal(
    pool: VolunteerPool, core: RankCore, i: int, w: Weights, rank: int = 0
) -> Proposal:
    """The :class:`Proposal` (with reasons) for position ``i`` of ``core.rows``."""
    return build_proposals(pool, core, np.array([i], dtype=np.int64), [rank], w)[0]


def rank(
    pool: VolunteerPool, request: HelpNeed, k: int = 20, weights: Weights | None = None
) -> list[Proposal]:
    """The top-``k`` volunteers for ``request``, best first.

    Only volunteers meeting every hard constraint are returned: required skills, valid VOG on
    ``request.date`` when required, an availability slot in ``request.slots``, distance within
    their radius, load below max_load, not paused, same municipality. A request in a
    municipality without volunteers, or whose slots cannot be met, yields ``[]``
    (:func:`why_unmatched` says why). Unknown skills/languages raise
    :class:`~.errors.UnknownTermError`.
    """
    w = check_weights(weights)
    k = check_k(k)
    core = rank_core(pool, request, k, w)
    return build_proposals(pool, core, core.idx, range(core.idx.size), w)


def why_unmatched(pool: VolunteerPool, request: HelpNeed) -> Reason | None:
    """Why no volunteer passes the hard constraints (``None`` if some do).

    The constraints are applied in a fixed order (municipality, requested slots, travel
    radius, skill, VOG, availability, paused, load); the reason names the first one that
    leaves nobody, with ``params["before"]`` the number of volunteers still in the running.
    """
    q = pool.encode_request(request)
    if q.muni < 0 or pool.count_in_municipality(q.muni) == 0:
        return Reason("no_volunteers_in_municipality", {"municipality": request.municipality})
    if q.slots == 0:
        return Reason("no_slots_requested", {})
    rows = pool.candidate_rows(q.muni, request.lat, request.lon)
    if rows.size:
        d = haversine_rad(
            q.lat_rad,
            q.lon_rad,
            q.cos_lat,
            pool.lat_rad[rows],
            pool.lon_rad[rows],
            pool.cos_lat[rows],
        )
        rows = rows[d <= pool.radius[rows]]
    if not rows.size:
        return Reason("none_within_reach", {"before": pool.count_in_municipality(q.muni)})
    stages: list[tuple[str, Any]] = [
        ("none_with_skill", lambda r: (pool.skills_mask[r] & np.uint64(q.skills)) == q.skills),
        (
            "none_with_valid_vog",
            lambda r: (
                np.ones(r.size, np.bool_)
                if not request.requires_vog
                else (pool.vog[r] > 0) & (pool.vog[r] >= request.date)
            ),
        ),
        ("no_availability_overlap", lambda r: (pool.avail[r] & np.uint32(q.slots)) != 0),
        ("all_paused", lambda r: ~pool.paused[r]),
        ("all_at_max_load", lambda r: pool.load[r] < pool.max_load[r]),
    ]
    for code, test in stages:
        before = int(rows.size)
        rows = rows[test(rows)]
        if not rows.size:
            params: dict[str, Any] = {"before": before}
            if code == "none_with_skill":
                params["skills"] = tuple(sorted(request.skills))
            return Reason(code, params)
    return None
