"""Batch assignment of requests to volunteers: min-cost flow with a greedy fallback."""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .errors import DuplicateRequestError, GreedyFallbackWarning, InvalidValueError, SolverError
from .models import Assignment, HelpNeed, Proposal, Reason, Unassigned, Weights
from .pool import VolunteerPool
from .ranking import (
    RankCore,
    build_proposal,
    check_k,
    check_weights,
    fairness_term,
    rank_core,
    top_k,
    why_unmatched,
)

#: score units per integer cost unit (costs are integers for the flow solver)
COST_SCALE = 10_000
METHODS = ("flow", "greedy", "auto")
#: a batch with at most this many feasible (request, volunteer) pairs is solved on all of
#: them, so the flow result is the exact optimum (a few seconds for the min-cost flow at
#: this size; ranking costs about as much as for the top k)
FULL_GRAPH_EDGES = 1_000_000
#: a larger batch whose widening touches more than this share of its requests in one
#: round (capacity is short nearly everywhere) is solved on all its feasible pairs too,
#: when they are at most :data:`MAX_GRAPH_EDGES`: cheaper than many rounds that end there
WIDEN_ALL_SHARE = 0.25
MAX_GRAPH_EDGES = 4_000_000
#: at most this many widening rounds (each doubles the depth of the requests that need it)
MAX_WIDENINGS = 10


@dataclass(frozen=True, slots=True)
class CandidateGraph:
    """The bipartite candidate graph of a batch, with integer costs.

    Edges are the top-k proposals of each request. Volunteer ``v`` gets ``n_slots[v]`` unit
    "slot" arcs to the sink; slot ``j`` costs the fairness lost by taking a ``j+1``-th new task,
    so spreading load is rewarded inside the batch. A request may instead use its
    "unassigned" arc. The cost of a request's path is
    ``round((max_base - base) * S) + round(w_fair * (1 - fairness(load + j)) * S)`` and of
    its unassigned arc ``round((max_base + w_fair + unassigned_penalty) * S)``, so minimising
    cost is maximising ``sum(score) - unassigned_penalty * n_unassigned``.
    """

    pool: VolunteerPool
    weights: Weights
    requests: tuple[HelpNeed, ...]
    cores: tuple[RankCore, ...]
    edge_req: NDArray[np.int64]
    edge_vol: NDArray[np.int64]
    edge_pos: NDArray[np.int64]  # position in the request's top-k (its rank)
    edge_score: NDArray[np.float64]  # rank score (fairness at the current load)
    edge_base: NDArray[np.float64]  # score without the fairness term
    edge_cost: NDArray[np.int64]
    vol_rows: NDArray[np.int64]
    vol_capacity: NDArray[np.int64]  # max_load - load
    slot_start: NDArray[np.int64]  # first slot arc of each volunteer (len V + 1)
    slot_cost: NDArray[np.int64]
    slot_fair: NDArray[np.float64]  # weighted fairness of each slot
    unassigned_cost: int

    @property
    def n_requests(self) -> int:
        return len(self.requests)

    @property
    def n_volunteers(self) -> int:
        return int(self.vol_rows.size)

    @property
    def n_edges(self) -> int:
        return int(self.edge_req.size)


def _checked(requests: Iterable[HelpNeed]) -> tuple[HelpNeed, ...]:
    reqs = tuple(requests)
    seen: set[Hashable] = set()
    for r in reqs:
        if not isinstance(r, HelpNeed):
            raise InvalidValueError(f"expected HelpNeed objects, not {type(r).__name__}")
        if r.id in seen:
            raise DuplicateRequestError(f"duplicate request id: {r.id!r}")
        seen.add(r.id)
    return reqs


def deepen(pool: VolunteerPool, core: RankCore, k: int) -> RankCore:
    """``core`` with its top ``k`` (at most every feasible volunteer) instead of fewer; the
    hard constraints and scores are not computed again."""
    k = min(k, int(core.rows.size))
    if k <= core.idx.size:
        return core
    return dataclasses.replace(core, idx=top_k(core.comp.total, pool.tie[core.rows], k))


def build_candidate_graph(
    requests: Iterable[HelpNeed],
    pool: VolunteerPool,
    weights: Weights | None = None,
    k: int = 20,
) -> CandidateGraph:
    """Rank every request (top ``k``) and build the :class:`CandidateGraph`."""
    w = check_weights(weights)
    k = check_k(k)
    reqs = _checked(requests)
    return graph_of(pool, w, reqs, [rank_core(pool, r, k, w) for r in reqs])


def graph_of(
    pool: VolunteerPool, w: Weights, reqs: tuple[HelpNeed, ...], cores: Sequence[RankCore]
) -> CandidateGraph:
    """The :class:`CandidateGraph` of ``reqs`` with each request's candidates from ``cores``."""
    cores = tuple(cores)
    counts = np.array([c.idx.size for c in cores], dtype=np.int64)
    n_edges = int(counts.sum())
    if n_edges:
        rows = np.concatenate([c.top_rows for c in cores])
        score = np.concatenate([c.top_scores for c in cores])
        fair = np.concatenate([c.comp.fairness[c.idx] for c in cores]) * w.fairness
        pos = np.concatenate([np.arange(c.idx.size) for c in cores])
    else:
        rows = np.zeros(0, np.int64)
        score = fair = np.zeros(0)
        pos = np.zeros(0, np.int64)
    edge_req = np.repeat(np.arange(len(reqs), dtype=np.int64), counts)
    vol_rows, edge_vol = np.unique(rows, return_inverse=True)
    edge_vol = edge_vol.astype(np.int64).ravel()
    base = score - fair
    scale = COST_SCALE
    edge_cost = np.maximum(0, np.rint((w.max_base - base) * scale)).astype(np.int64)
    capacity = (pool.max_load[vol_rows].astype(np.int64) - pool.load[vol_rows]).astype(np.int64)
    degree = np.bincount(edge_vol, minlength=vol_rows.size).astype(np.int64)
    n_slots = np.minimum(capacity, degree)
    slot_start = np.concatenate(([0], np.cumsum(n_slots))).astype(np.int64)
    slot_vol = np.repeat(np.arange(vol_rows.size), n_slots)
    j = np.arange(int(slot_start[-1])) - slot_start[:-1][slot_vol]
    fair_j = w.fairness * fairness_term(
        pool.load[vol_rows][slot_vol].astype(np.float64) + j,
        pool.recent[vol_rows][slot_vol].astype(np.float64),
        w,
    )
    slot_cost = np.rint((w.fairness - fair_j) * scale).astype(np.int64)
    unassigned = round((w.max_base + w.fairness + w.unassigned_penalty) * scale)
    return CandidateGraph(
        pool=pool,
        weights=w,
        requests=reqs,
        cores=cores,
        edge_req=edge_req,
        edge_vol=edge_vol,
        edge_pos=pos.astype(np.int64),
        edge_score=score,
        edge_base=base,
        edge_cost=edge_cost,
        vol_rows=vol_rows.astype(np.int64),
        vol_capacity=capacity,
        slot_start=slot_start,
        slot_cost=slot_cost,
        slot_fair=fair_j,
        unassigned_cost=int(unassigned),
    )


def solve_flow(g: CandidateGraph) -> NDArray[np.bool_]:
    """Chosen edges of the min-cost flow (OR-Tools ``SimpleMinCostFlow``); exact on ``g``."""
    try:
        from ortools.graph.python import min_cost_flow
    except ImportError as exc:  # pragma: no cover - ortools is a dependency
        raise SolverError(f"OR-Tools is not available: {exc}") from exc
    n_r, n_v, n_e = g.n_requests, g.n_volunteers, g.n_edges
    if n_e == 0:
        return np.zeros(0, dtype=np.bool_)
    sink = n_r + n_v
    n_s = int(g.slot_cost.size)
    slot_vol = np.repeat(np.arange(n_v), np.diff(g.slot_start))
    tails = np.concatenate((g.edge_req, n_r + slot_vol, np.arange(n_r))).astype(np.int32)
    heads = np.concatenate((n_r + g.edge_vol, np.full(n_s, sink), np.full(n_r, sink))).astype(
        np.int32
    )
    costs = np.concatenate(
        (g.edge_cost, g.slot_cost, np.full(n_r, g.unassigned_cost, dtype=np.int64))
    ).astype(np.int64)
    caps = np.ones(tails.size, dtype=np.int64)
    supplies = np.zeros(sink + 1, dtype=np.int64)
    supplies[:n_r] = 1
    supplies[sink] = -n_r
    smcf = min_cost_flow.SimpleMinCostFlow()
    smcf.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    smcf.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies)
    status = smcf.solve()
    if status != smcf.OPTIMAL:
        raise SolverError(f"min-cost flow did not reach an optimum (status {status})")
    flows = np.asarray(smcf.flows(np.arange(n_e, dtype=np.int32)))
    return flows > 0


def solve_greedy(g: CandidateGraph) -> NDArray[np.bool_]:
    """Greedy: edges by descending rank score (ties: request order, volunteer key); take an
    edge when its request is open, its volunteer has a slot left, and it beats leaving the
    request unassigned."""
    n_e = g.n_edges
    chosen = np.zeros(n_e, dtype=np.bool_)
    if n_e == 0:
        return chosen
    tie = g.pool.tie[g.vol_rows][g.edge_vol]
    order = np.lexsort((tie, g.edge_req, -g.edge_score))
    done = np.zeros(g.n_requests, dtype=np.bool_).tolist()
    used = [0] * g.n_volunteers
    n_slots = np.diff(g.slot_start).tolist()
    start = g.slot_start.tolist()
    slot_cost = g.slot_cost.tolist()
    er, ev, ec = g.edge_req.tolist(), g.edge_vol.tolist(), g.edge_cost.tolist()
    limit = g.unassigned_cost
    for e in order.tolist():
        r = er[e]
        if done[r]:
            continue
        v = ev[e]
        u = used[v]
        if u >= n_slots[v] or ec[e] + slot_cost[start[v] + u] >= limit:
            continue
        chosen[e] = True
        done[r] = True
        used[v] = u + 1
    return chosen


def evaluate(g: CandidateGraph, chosen: NDArray[np.bool_]) -> tuple[int, float, NDArray[np.int64]]:
    """``(total_cost, total_score, new tasks per volunteer)`` of a set of chosen edges.

    Raises :class:`~.errors.MatchingError` if the choice is infeasible (a request used twice or
    a volunteer over capacity); this is checked for every result of :func:`assign`.
    """
    per_req = np.bincount(g.edge_req[chosen], minlength=g.n_requests)
    if (per_req > 1).any():
        raise SolverError("a request was assigned twice")
    used = np.bincount(g.edge_vol[chosen], minlength=g.n_volunteers).astype(np.int64)
    if (used > g.vol_capacity).any():
        raise SolverError("a volunteer was assigned beyond capacity")
    n_unassigned = g.n_requests - int(per_req.sum())
    slot_idx = np.concatenate(
        [np.arange(s, s + u) for s, u in zip(g.slot_start[:-1], used, strict=True) if u]
        or [np.zeros(0, np.int64)]
    ).astype(np.int64)
    total_cost = (
        int(g.edge_cost[chosen].sum())
        + int(g.slot_cost[slot_idx].sum())
        + n_unassigned * g.unassigned_cost
    )
    total_score = float(g.edge_base[chosen].sum() + g.slot_fair[slot_idx].sum())
    return total_cost, total_score, used


def _result(
    g: CandidateGraph,
    chosen: NDArray[np.bool_],
    method: str,
    fallback: str | None = None,
    warning: str | None = None,
    k: int = 0,
) -> Assignment:
    total_cost, total_score, used = evaluate(g, chosen)
    pool, w = g.pool, g.weights
    proposals: list[Proposal] = []
    assigned = np.zeros(g.n_requests, dtype=np.bool_)
    for e in np.flatnonzero(chosen).tolist():
        r = int(g.edge_req[e])
        core = g.cores[r]
        rank_pos = int(g.edge_pos[e])
        proposals.append(build_proposal(pool, core, int(core.idx[rank_pos]), w, rank_pos))
        assigned[r] = True
    full = used >= g.vol_capacity
    unassigned: list[Unassigned] = []
    starts = np.searchsorted(g.edge_req, np.arange(g.n_requests + 1))
    for r in np.flatnonzero(~assigned).tolist():
        req = g.requests[r]
        a, b = int(starts[r]), int(starts[r + 1])
        if a == b:
            cause = why_unmatched(pool, req)
            params: dict[str, Any] = {"cause": cause.code if cause else "none"}
            if cause is not None:
                params.update(cause.params)
            reason = Reason("no_candidate", params)
        elif full[g.edge_vol[a:b]].all():
            reason = Reason("capacity_exhausted", {"candidates": b - a})
        else:
            reason = Reason("below_threshold", {"candidates": b - a})
        unassigned.append(Unassigned(req.id, reason))
    return Assignment(
        proposals=tuple(proposals),
        unassigned=tuple(unassigned),
        total_cost=total_cost,
        total_score=total_score,
        objective=total_score - w.unassigned_penalty * len(unassigned),
        method=method,
        fallback_reason=fallback,
        warning=warning,
        depth=max((int(c.idx.size) for c in g.cores), default=0),
        widened=sum(1 for c in g.cores if c.idx.size > k),
        complete=all(c.idx.size == c.rows.size for c in g.cores),
    )


def short_requests(g: CandidateGraph, chosen: NDArray[np.bool_]) -> NDArray[np.int64]:
    """Requests whose candidates in ``g`` are all at capacity after ``chosen`` while more
    feasible volunteers exist beyond them: where a deeper candidate list may do better."""
    used = np.bincount(g.edge_vol[chosen], minlength=g.n_volunteers)
    open_vol = used < g.vol_capacity
    open_edges = np.bincount(g.edge_req, weights=open_vol[g.edge_vol], minlength=g.n_requests)
    deeper = np.fromiter(
        (c.rows.size > c.idx.size for c in g.cores), dtype=np.bool_, count=g.n_requests
    )
    return np.flatnonzero((open_edges == 0) & deeper)


def assign(
    requests: Iterable[HelpNeed],
    pool: VolunteerPool,
    weights: Weights | None = None,
    method: str = "auto",
    k: int = 20,
    *,
    adaptive: bool = True,
) -> Assignment:
    """Assign each request at most once, each volunteer at most ``max_load - load`` times,
    maximising the total score (see docs/matching.md) over the candidate graph.

    The graph holds each request's top-``k`` volunteers. With ``adaptive`` (the default)
    its depth follows the capacity: a batch with at most :data:`FULL_GRAPH_EDGES` feasible
    pairs is solved on all of them (exact), and otherwise, after each flow solve, the
    requests whose candidates are all taken while more feasible volunteers exist get twice
    as many (up to :data:`MAX_WIDENINGS` rounds). ``adaptive=False`` keeps exactly top-``k``.

    ``method="flow"`` uses OR-Tools min-cost flow (raises :class:`~.errors.SolverError` if it
    is unavailable or fails), ``"greedy"`` the greedy heuristic on the first graph,
    ``"auto"`` flow with a greedy fallback: then ``Assignment.fallback_reason`` says why,
    ``Assignment.warning`` says so in a sentence and a
    :class:`~.errors.GreedyFallbackWarning` is issued. A solve that fails while widening
    keeps the previous (narrower) flow result under ``"auto"``.
    """
    if method not in METHODS:
        raise InvalidValueError(f"method must be one of {METHODS}, not {method!r}")
    w = check_weights(weights)
    k = check_k(k)
    reqs = _checked(requests)
    cores = [rank_core(pool, r, k, w) for r in reqs]
    if adaptive and sum(int(c.rows.size) for c in cores) <= FULL_GRAPH_EDGES:
        cores = [deepen(pool, c, int(c.rows.size)) for c in cores]
    g = graph_of(pool, w, reqs, cores)
    if method == "greedy":
        return _result(g, solve_greedy(g), "greedy", k=k)
    try:
        chosen = solve_flow(g)
    except (SolverError, RuntimeError, OSError) as exc:
        if method == "flow":
            if isinstance(exc, SolverError):
                raise
            raise SolverError(f"min-cost flow failed: {exc}") from exc
        reason = str(exc) or type(exc).__name__
        warning = (
            f"min-cost flow failed ({reason}): the greedy assignment was used instead, "
            "which can be far below the optimum when volunteers are scarce"
        )
        warnings.warn(warning, GreedyFallbackWarning, stacklevel=2)
        return _result(g, solve_greedy(g), "greedy", reason, warning, k=k)
    feasible = sum(int(c.rows.size) for c in cores)
    for _ in range(MAX_WIDENINGS if adaptive else 0):
        short = short_requests(g, chosen)
        if not short.size:
            break
        if short.size > WIDEN_ALL_SHARE * len(reqs) and feasible <= MAX_GRAPH_EDGES:
            short = np.arange(len(reqs))
            depth = {r: int(cores[r].rows.size) for r in range(len(reqs))}
        else:
            depth = {r: 2 * int(cores[r].idx.size) for r in short.tolist()}
        for r, d in depth.items():
            cores[r] = deepen(pool, cores[r], d)
        wider = graph_of(pool, w, reqs, cores)
        try:
            chosen = solve_flow(wider)
        except (SolverError, RuntimeError, OSError) as exc:
            if method == "flow":
                if isinstance(exc, SolverError):
                    raise
                raise SolverError(f"min-cost flow failed: {exc}") from exc
            break  # the last optimum on the narrower graph stands
        g = wider
    return _result(g, chosen, "flow", k=k)
