"""Vectorised ranking of the volunteers of a pool for one request."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .errors import InvalidValueError
from .geo import haversine_rad
from .models import DEFAULT_WEIGHTS, HelpNeed, Proposal, Reason, Weights
from .pool import EncodedRequest, VolunteerPool
from .slots import slots_of

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
    ok = (pool.skills_mask[rows] & np.uint64(q.skills)) == np.uint64(q.skills)
    ok &= (pool.avail[rows] & np.uint32(q.slots)) != 0
    ok &= ~pool.paused[rows]
    ok &= pool.load[rows] < pool.max_load[rows]
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


def _labels(pool: VolunteerPool, vocab_kind: str, mask: int) -> dict[str, Any]:
    vocab = pool.skills if vocab_kind == "skill" else pool.languages
    terms = vocab.decode(mask)
    return {
        "codes": terms,
        "labels": {"nl": vocab.labels(terms, "nl"), "en": vocab.labels(terms, "en")},
    }


def build_proposal(
    pool: VolunteerPool, core: RankCore, i: int, w: Weights, rank: int = 0
) -> Proposal:
    """The :class:`Proposal` (with reasons) for position ``i`` of ``core.rows``."""
    q, c = core.q, core.comp
    row = int(core.rows[i])
    dist = float(core.distances[i])
    req = q.request
    reasons: list[Reason] = [
        Reason("distance", {"km": round(dist, 1)}, w.distance * float(c.closeness[i]))
    ]
    if c.language[i]:
        shared = int(pool.langs[row]) & q.languages
        reasons.append(Reason("language", _labels(pool, "language", shared), w.language))
    overlap = int(pool.avail[row]) & q.slots
    reasons.append(
        Reason(
            "availability",
            {"slots": tuple(slots_of(overlap)), "recurring": req.recurring},
            0.0,
        )
    )
    if c.continuity[i]:
        reasons.append(Reason("continuity", {}, w.continuity))
    skills = int(pool.skills_mask[row]) & (q.skills | q.preferred)
    if skills:
        params = _labels(pool, "skill", skills)
        params["fit"] = round(float(c.skill_fit[i]), 3)
        reasons.append(Reason("skills", params, w.skill * float(c.skill_fit[i])))
    if req.requires_vog:
        reasons.append(Reason("vog", {"valid_until": int(pool.vog[row])}, 0.0))
    reasons.append(
        Reason(
            "load",
            {
                "load": int(pool.load[row]),
                "max_load": int(pool.max_load[row]),
                "recent_tasks": int(pool.recent[row]),
            },
            w.fairness * float(c.fairness[i]),
        )
    )
    pen = float(c.penalty[i])
    if pen > 0:
        contrib = -w.decline * pen
        if c.far_penalty[i] >= pen:
            inv = float(pool.decl_far_inv[row])
            far_km = round(1.0 / inv, 1) if inv > 0 else 0.0
            reasons.append(Reason("declined", {"kind": "too_far", "km": far_km}, contrib))
        elif c.skill_penalty[i]:
            declined = int(pool.decl_skill[row]) & (q.skills | q.preferred)
            params = _labels(pool, "skill", declined)
            params["kind"] = "skill"
            reasons.append(Reason("declined", params, contrib))
        else:
            n = int(pool.decl_other[row])
            reasons.append(Reason("declined", {"kind": "other", "count": n}, contrib))
    if req.waiting_days >= 1:
        reasons.append(
            Reason("waiting", {"days": math.floor(req.waiting_days)}, w.waiting * c.waiting)
        )
    return Proposal(
        request_id=req.id,
        volunteer_id=pool.id_of(row),
        score=float(c.total[i]),
        distance_km=dist,
        reasons=tuple(reasons),
        rank=rank,
    )


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
    return [build_proposal(pool, core, int(i), w, r) for r, i in enumerate(core.idx)]


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
