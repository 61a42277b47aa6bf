"""Plain-Python reference implementations, used as oracles by the tests and the benchmark.

:func:`reference_rank` is a straightforward loop over every volunteer with no prefilter and
no NumPy; :func:`exact_assignment_cost` solves a :class:`~.assign.CandidateGraph` exactly with
SciPy's ``linear_sum_assignment`` on a capacity-expanded cost matrix.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import NamedTuple

from .assignment import CandidateGraph
from .geo import haversine_km
from .models import DEFAULT_WEIGHTS, DeclineReason, HelpNeed, Volunteer, Weights
from .pool import tie_key
from .ranking import OTHER_DECLINES_FULL
from .vocab import Vocabulary


class RefVolunteer(NamedTuple):
    id: Hashable
    municipality: str
    lat: float
    lon: float
    radius_km: float
    skills: int
    languages: int
    availability: int
    vog_expires: int
    load: int
    max_load: int
    paused: bool
    recent_tasks: int
    decline_far_km: float  # 0 = none
    decline_skills: int
    decline_other: int
    tie: int


class RefResult(NamedTuple):
    score: float
    tie: int
    id: Hashable
    distance_km: float


def encode_reference(v: Volunteer, skills: Vocabulary, languages: Vocabulary) -> RefVolunteer:
    far = 0.0
    decl_skills = 0
    other = 0
    for d in v.declines:
        if d.reason is DeclineReason.TOO_FAR and d.distance_km:
            far = d.distance_km if far == 0.0 else min(far, d.distance_km)
        elif d.reason is DeclineReason.SKILL and d.skill is not None:
            decl_skills |= 1 << skills.bit(d.skill)
        else:
            other += 1
    return RefVolunteer(
        v.id,
        v.municipality,
        v.lat,
        v.lon,
        v.radius_km,
        skills.encode(v.skills),
        languages.encode(v.languages),
        v.availability,
        v.vog_expires,
        v.load,
        v.max_load,
        v.paused,
        v.recent_tasks,
        far,
        decl_skills,
        other,
        tie_key(v.id),
    )


def reference_rank(
    volunteers: Iterable[RefVolunteer],
    request: HelpNeed,
    skills: Vocabulary,
    languages: Vocabulary,
    k: int = 20,
    weights: Weights | None = None,
) -> list[RefResult]:
    """Top-``k`` by a plain loop: hard constraints, then the documented score formula."""
    w = weights or DEFAULT_WEIGHTS
    need = skills.encode(request.skills)
    pref = skills.encode(request.preferred_skills)
    n_pref = bin(pref).count("1")
    langs = languages.encode(request.languages)
    kind = need | pref
    waiting = min(1.0, request.waiting_days / w.waiting_full_days)
    prev = request.previous_volunteers
    out: list[RefResult] = []
    for v in volunteers:
        if v.municipality != request.municipality or v.paused or v.load >= v.max_load:
            continue
        if v.skills & need != need or not v.availability & request.slots:
            continue
        if request.requires_vog and not (v.vog_expires > 0 and v.vog_expires >= request.date):
            continue
        d = haversine_km(request.lat, request.lon, v.lat, v.lon)
        if d > v.radius_km:
            continue
        closeness = w.distance_scale_km / (w.distance_scale_km + d)
        fit = bin(v.skills & pref).count("1") / n_pref if n_pref else 1.0
        lang = 1.0 if v.languages & langs else 0.0
        cont = 1.0 if v.id in prev else 0.0
        fair = 1.0 / (1.0 + v.load + w.recent_task_factor * v.recent_tasks)
        far = 0.0
        if v.decline_far_km > 0:
            far = min(1.0, max(0.0, 2.0 * d / v.decline_far_km - 1.0))
        pen = max(far, 1.0 if v.decline_skills & kind else 0.0)
        pen = max(pen, min(1.0, v.decline_other / OTHER_DECLINES_FULL))
        score = (
            w.distance * closeness
            + w.skill * fit
            + w.language * lang
            + w.continuity * cont
            + w.fairness * fair
            + w.waiting * waiting
            - w.decline * pen
        )
        out.append(RefResult(score, v.tie, v.id, d))
    out.sort(key=lambda r: (-r.score, r.tie))
    return out[:k]


def exact_assignment_cost(g: CandidateGraph) -> int:
    """Optimal total cost of ``g`` by ``scipy.optimize.linear_sum_assignment``.

    Columns are the volunteers' capacity slots plus one "unassigned" column per request;
    a non-edge gets a cost that is never better than leaving the request unassigned. The
    matrix has ``n_requests x (n_slots + n_requests)`` entries, so use small graphs.
    """
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    n_r = g.n_requests
    if n_r == 0:
        return 0
    n_s = int(g.slot_cost.size)
    big = g.unassigned_cost * 4 + int(g.edge_cost.max(initial=0)) + int(g.slot_cost.max(initial=0))
    cost = np.full((n_r, n_s + n_r), big, dtype=np.int64)
    cost[:, n_s:] = g.unassigned_cost
    for e in range(g.n_edges):
        r, v = int(g.edge_req[e]), int(g.edge_vol[e])
        a, b = int(g.slot_start[v]), int(g.slot_start[v + 1])
        cost[r, a:b] = g.edge_cost[e] + g.slot_cost[a:b]
    rows, cols = linear_sum_assignment(cost)
    chosen = cost[rows, cols]
    if (chosen >= big).any():  # cannot happen: the unassigned columns are always cheaper
        raise AssertionError("an infeasible cell was chosen")
    return int(chosen.sum())
