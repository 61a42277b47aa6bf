from __future__ import annotations

import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zorgzaam.help.matching import (
    DuplicateRequestError,
    GreedyFallbackWarning,
    HelpNeed,
    MatchingError,
    SolverError,
    Volunteer,
    VolunteerPool,
    assign,
    build_candidate_graph,
    rank,
)
from zorgzaam.help.matching import assignment as assign_module
from zorgzaam.help.matching.reference import exact_assignment_cost

from .strategies import (
    LANGUAGES,
    SKILLS,
    make_pool,
    requests,
    satisfies_hard_constraints,
    volunteer_lists,
    weights,
)


@st.composite
def batches(draw):
    vols = draw(volunteer_lists(min_size=3, max_size=30))
    n = draw(st.integers(1, 14))
    reqs = [draw(requests(rid=f"r{i}", ids=[v.id for v in vols])) for i in range(n)]
    return vols, reqs


@settings(max_examples=80, deadline=None)
@given(batch=batches(), w=weights, k=st.integers(1, 8))
def test_assignment_properties(batch, w, k):
    vols, reqs = batch
    by_id = {v.id: v for v in vols}
    by_req = {r.id: r for r in reqs}
    pool = make_pool(vols)
    flow = assign(reqs, pool, weights=w, method="flow", k=k, adaptive=False)
    greedy = assign(reqs, pool, weights=w, method="greedy", k=k, adaptive=False)
    assert flow.method == "flow" and greedy.method == "greedy"
    for result in (flow, greedy):
        counts = Counter(p.volunteer_id for p in result.proposals)
        for vid, n in counts.items():
            assert n <= by_id[vid].max_load - by_id[vid].load  # capacity never exceeded
        assigned = [p.request_id for p in result.proposals]
        assert len(assigned) == len(set(assigned))  # every request at most once
        assert set(assigned) | {u.request_id for u in result.unassigned} == set(by_req)
        assert not set(assigned) & {u.request_id for u in result.unassigned}
        for p in result.proposals:
            assert satisfies_hard_constraints(by_id[p.volunteer_id], by_req[p.request_id])
            top = [q.volunteer_id for q in rank(pool, by_req[p.request_id], k=k, weights=w)]
            assert p.volunteer_id in top
        for u in result.unassigned:
            assert u.reason.code in ("no_candidate", "capacity_exhausted", "below_threshold")
            if u.reason.code == "no_candidate":
                assert rank(pool, by_req[u.request_id], k=k, weights=w) == []
    # the flow is optimal on the candidate graph: never worse than greedy, equal to LSA
    assert flow.total_cost <= greedy.total_cost
    assert flow.objective >= greedy.objective - 1e-3 * len(reqs)
    graph = build_candidate_graph(reqs, pool, w, k)
    assert flow.total_cost == exact_assignment_cost(graph)


def vol(vid, **kw):
    base = dict(municipality="GM1", lat=52.0, lon=4.7, radius_km=10.0, skills={"vervoer"})
    base.update(kw)
    return Volunteer(vid, **base)


def req(rid, **kw):
    base = dict(municipality="GM1", lat=52.0, lon=4.7, skills={"vervoer"})
    base.update(kw)
    return HelpNeed(rid, **base)


def test_unassigned_reasons():
    pool = VolunteerPool.from_volunteers([vol("a", max_load=1)], SKILLS, LANGUAGES)
    result = assign([req("r1"), req("r2"), req("r3", municipality="GM2")], pool)
    assert result.method == "flow" and len(result.proposals) == 1
    why = {u.request_id: u.reason for u in result.unassigned}
    assert why["r3"].code == "no_candidate"
    assert why["r3"].params["cause"] == "no_volunteers_in_municipality"
    assert why["r3"].text("en") == "no volunteers in this municipality"
    lost = "r2" if result.proposals[0].request_id == "r1" else "r1"
    assert why[lost].code == "capacity_exhausted"
    assert why[lost].text("nl") == "geschikte vrijwilligers zijn al aan andere hulpvragen gekoppeld"


def test_waiting_longer_wins_scarce_capacity():
    pool = VolunteerPool.from_volunteers([vol("a", max_load=1)], SKILLS, LANGUAGES)
    for method in ("flow", "greedy"):
        result = assign([req("new"), req("old", waiting_days=20)], pool, method=method)
        assert [p.request_id for p in result.proposals] == ["old"]


def test_flow_spreads_load_where_greedy_piles_up():
    # "a" is slightly closer to everyone; flow spreads the two tasks thanks to fairness slots
    vols = [vol("a", max_load=2), vol("b", lat=52.001, max_load=2)]
    pool = VolunteerPool.from_volunteers(vols, SKILLS, LANGUAGES)
    result = assign([req("r1"), req("r2")], pool, method="flow")
    assert sorted(result.volunteer_counts.values()) == [1, 1]
    assert pool.load_of("a") == 0  # assign does not mutate the pool


def test_fallback_and_errors(monkeypatch):
    pool = VolunteerPool.from_volunteers([vol("a", max_load=2)], SKILLS, LANGUAGES)

    def broken(graph):
        raise SolverError("solver exploded")

    monkeypatch.setattr(assign_module, "solve_flow", broken)
    with pytest.warns(GreedyFallbackWarning, match="greedy"):
        result = assign([req("r1")], pool)
    assert result.method == "greedy" and result.fallback_reason == "solver exploded"
    assert "solver exploded" in result.warning and "greedy" in result.warning
    assert len(result.proposals) == 1
    with pytest.raises(SolverError):
        assign([req("r1")], pool, method="flow")
    with pytest.raises(DuplicateRequestError):
        assign([req("r1"), req("r1")], pool, method="greedy")
    with pytest.raises(MatchingError):
        assign([req("r1")], pool, method="magic")


def test_empty_batch():
    pool = VolunteerPool.from_volunteers([], SKILLS, LANGUAGES)
    for method in ("flow", "greedy"):
        result = assign([], pool, method=method)
        assert result.proposals == () and result.unassigned == () and result.total_cost == 0


def _optimum(reqs, pool, w=None):
    """The exact optimum: the flow over every feasible pair (k = the pool's size)."""
    return assign(reqs, pool, weights=w, method="flow", k=max(len(pool), 1), adaptive=False)


@settings(max_examples=40, deadline=None)
@given(batch=batches(), w=weights, k=st.integers(1, 4), widen_only=st.booleans())
def test_adaptive_depth_is_never_worse_and_exact_on_small_batches(batch, w, k, widen_only):
    vols, reqs = batch
    pool = make_pool(vols)
    fixed = assign(reqs, pool, weights=w, method="flow", k=k, adaptive=False)
    with pytest.MonkeyPatch.context() as mp:
        if widen_only:  # no whole-graph shortcut: only the widening rounds
            mp.setattr(assign_module, "FULL_GRAPH_EDGES", 0)
        adaptive = assign(reqs, pool, weights=w, method="flow", k=k)
    assert adaptive.method == "flow" and adaptive.warning is None
    assert adaptive.total_cost <= fixed.total_cost  # a wider graph holds the narrower one
    assert adaptive.depth >= min(k, fixed.depth)
    if not widen_only:  # a small batch is solved on all its feasible pairs: exact
        assert adaptive.complete
        assert adaptive.total_cost == _optimum(reqs, pool, w).total_cost


def _scarce_batch(seed, n_vol=100, n_req=200):
    """Volunteers scarce (max_load 1-3) and close together: many more feasible pairs per
    request than k = 20, the case where the top 20 alone lost up to 6.8 %."""
    rnd = random.Random(seed)
    skills = ["boodschappen", "vervoer", "tuin", "computer", "gezelschap"]
    vols = [
        Volunteer(
            f"v{i}",
            municipality="GM1",
            lat=52.0 + rnd.uniform(-0.03, 0.03),
            lon=4.7 + rnd.uniform(-0.05, 0.05),
            radius_km=rnd.choice([3.0, 5.0, 8.0]),
            skills=set(rnd.sample(skills, rnd.randint(1, 4))),
            availability=rnd.getrandbits(21) | 1,
            max_load=rnd.randint(1, 3),
            recent_tasks=rnd.randint(0, 4),
        )
        for i in range(n_vol)
    ]
    reqs = [
        HelpNeed(
            f"r{i}",
            municipality="GM1",
            lat=52.0 + rnd.uniform(-0.03, 0.03),
            lon=4.7 + rnd.uniform(-0.05, 0.05),
            skills={rnd.choice(skills)} if rnd.random() < 0.5 else set(),
            preferred_skills=set(rnd.sample(skills, rnd.randint(0, 2))),
            slots=rnd.getrandbits(21) | 1,
            waiting_days=rnd.uniform(0, 20),
        )
        for i in range(n_req)
    ]
    return VolunteerPool.from_volunteers(vols, SKILLS, LANGUAGES), reqs


@pytest.mark.parametrize("seed", range(4))
def test_scarce_batches_stay_within_one_percent_of_the_optimum(seed, monkeypatch):
    pool, reqs = _scarce_batch(seed)
    best = _optimum(reqs, pool)
    fixed = assign(reqs, pool, method="flow", adaptive=False)
    monkeypatch.setattr(assign_module, "FULL_GRAPH_EDGES", 0)  # widening rounds only
    widened = assign(reqs, pool, method="flow")
    assert widened.widened > 0 and widened.depth > 20
    assert widened.total_cost <= fixed.total_cost
    assert best.objective - widened.objective <= 0.01 * abs(best.objective)
    monkeypatch.undo()
    whole = assign(reqs, pool)  # small enough for the whole feasible graph
    assert whole.complete and whole.total_cost == best.total_cost
