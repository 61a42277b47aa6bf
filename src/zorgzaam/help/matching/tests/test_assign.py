from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zorgzaam.help.matching import (
    DuplicateRequestError,
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
    flow = assign(reqs, pool, weights=w, method="flow", k=k)
    greedy = assign(reqs, pool, weights=w, method="greedy", k=k)
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
    result = assign([req("r1")], pool)
    assert result.method == "greedy" and result.fallback_reason == "solver exploded"
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
