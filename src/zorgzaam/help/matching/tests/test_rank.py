from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zorgzaam.help.matching import (
    HelpNeed,
    Proposal,
    UnknownLanguageError,
    UnknownSkillError,
    Volunteer,
    VolunteerPool,
    rank,
    slot_mask,
    why_unmatched,
)
from zorgzaam.help.matching.reference import encode_reference, reference_rank

from .strategies import (
    LANGUAGES,
    SKILLS,
    make_pool,
    requests,
    satisfies_hard_constraints,
    volunteer_lists,
    weights,
)

TOL = 1e-9


def assert_same_ranking(got: list[Proposal], want: list, tol: float = TOL) -> None:
    assert len(got) == len(want)
    for p, ref in zip(got, want, strict=True):
        assert math.isclose(p.score, ref.score, rel_tol=0, abs_tol=tol)
        assert math.isclose(p.distance_km, ref.distance_km, rel_tol=0, abs_tol=1e-9)
    # ids must agree except within groups of (numerically) tied scores
    i = 0
    while i < len(got):
        j = i
        while j + 1 < len(got) and abs(got[j + 1].score - got[i].score) <= tol:
            j += 1
        if j == i and not (j + 1 < len(want) and abs(want[j + 1].score - want[i].score) <= tol):
            assert got[i].volunteer_id == want[i].id
        i = j + 1


@settings(max_examples=120, deadline=None)
@given(
    data=st.data(), vols=volunteer_lists(min_size=3, max_size=40), k=st.integers(1, 12), w=weights
)
def test_rank_equals_brute_force_reference(data, vols, k, w):
    req = data.draw(requests(ids=[v.id for v in vols]))
    pool = make_pool(vols)
    got = rank(pool, req, k=k, weights=w)
    ref_rows = [encode_reference(v, SKILLS, LANGUAGES) for v in vols]
    want = reference_rank(ref_rows, req, SKILLS, LANGUAGES, k=k, weights=w)
    assert_same_ranking(got, want)


@settings(max_examples=80, deadline=None)
@given(data=st.data(), vols=volunteer_lists(max_size=40), k=st.integers(1, 40))
def test_rank_never_breaks_hard_constraints(data, vols, k):
    req = data.draw(requests())
    by_id = {v.id: v for v in vols}
    got = rank(make_pool(vols), req, k=k)
    assert len({p.volunteer_id for p in got}) == len(got)
    assert len(got) <= k
    for p in got:
        assert satisfies_hard_constraints(by_id[p.volunteer_id], req)
    # and everyone who satisfies them is there when k is large enough
    eligible = {v.id for v in vols if satisfies_hard_constraints(v, req)}
    if k >= len(vols):
        assert {p.volunteer_id for p in got} == eligible
    scores = [p.score for p in got]
    assert scores == sorted(scores, reverse=True)
    assert [p.rank for p in got] == list(range(len(got)))
    if not got:
        assert why_unmatched(make_pool(vols), req) is not None or not eligible


def vol(vid: str, **kw) -> Volunteer:
    base = dict(
        municipality="GM1",
        lat=52.0,
        lon=4.7,
        radius_km=10.0,
        skills={"vervoer"},
        max_load=3,
    )
    base.update(kw)
    return Volunteer(vid, **base)


def pool_of(*vols: Volunteer) -> VolunteerPool:
    return VolunteerPool.from_volunteers(vols, SKILLS, LANGUAGES)


def req(**kw) -> HelpNeed:
    base = dict(id="r", municipality="GM1", lat=52.01, lon=4.7, skills={"vervoer"})
    base.update(kw)
    return HelpNeed(**base)


def test_other_municipality_yields_nothing():
    pool = pool_of(vol("a"))
    assert rank(pool, req(municipality="GM2")) == []
    assert why_unmatched(pool, req(municipality="GM2")).code == "no_volunteers_in_municipality"


def test_unknown_skill_and_language_raise():
    pool = pool_of(vol("a"))
    with pytest.raises(UnknownSkillError):
        rank(pool, req(skills={"koken"}))
    with pytest.raises(UnknownLanguageError):
        rank(pool, req(languages={"xx"}))
    with pytest.raises(ValueError):  # MatchingError is a ValueError
        rank(pool, req(preferred_skills={"koken"}))


def test_k_zero_and_bad_k():
    pool = pool_of(vol("a"))
    assert rank(pool, req(), k=0) == []
    with pytest.raises(ValueError):
        rank(pool, req(), k=-1)


@pytest.mark.parametrize(
    ("volunteer", "request_kw", "code"),
    [
        (vol("a", radius_km=0.5), {}, "none_within_reach"),
        (vol("a", skills={"tuin"}), {}, "none_with_skill"),
        (vol("a", vog_expires=100), {"requires_vog": True, "date": 200}, "none_with_valid_vog"),
        (vol("a", availability=slot_mask([(0, 0)])), {"slots": 0b10}, "no_availability_overlap"),
        (vol("a", paused=True), {}, "all_paused"),
        (vol("a", load=3, max_load=3), {}, "all_at_max_load"),
        (vol("a"), {"slots": 0}, "no_slots_requested"),
    ],
)
def test_why_unmatched(volunteer, request_kw, code):
    pool = pool_of(volunteer)
    r = req(**request_kw)
    assert rank(pool, r) == []
    reason = why_unmatched(pool, r)
    assert reason is not None and reason.code == code
    assert reason.text("nl") and reason.text("en")


def test_vog_valid_on_the_day_itself():
    pool = pool_of(vol("a", vog_expires=200))
    assert [p.volunteer_id for p in rank(pool, req(requires_vog=True, date=200))] == ["a"]
    assert rank(pool, req(requires_vog=True, date=201)) == []
    assert rank(pool_of(vol("a")), req(requires_vog=True, date=0)) == []  # 0 = no VOG


def test_far_volunteer_with_large_radius_is_found():
    # 40 km north; the grid must look far enough for the municipality's largest radius
    far = vol("far", lat=52.01 + 40 / 111.2, radius_km=45.0)
    near = vol("near", radius_km=2.0)
    got = rank(pool_of(far, near), req())
    assert [p.volunteer_id for p in got] == ["near", "far"]


def test_ties_are_broken_by_a_stable_key_independent_of_insertion_order():
    clones = [vol(f"id-{i}") for i in range(30)]
    a = [p.volunteer_id for p in rank(pool_of(*clones), req(), k=10)]
    b = [p.volunteer_id for p in rank(pool_of(*reversed(clones)), req(), k=10)]
    assert a == b and len(a) == 10
    assert a != [f"id-{i}" for i in range(10)]  # not simply the lowest ids


def test_continuity_language_and_declines_move_the_score():
    pool = pool_of(
        vol("plain"),
        vol("arabic", languages={"ar"}),
        vol("before"),
        vol("declined_far", declines=()),
    )
    r = req(languages={"ar"}, previous_volunteers={"before"})
    got = {p.volunteer_id: p.score for p in rank(pool, r)}
    assert got["arabic"] > got["plain"]
    assert got["before"] > got["plain"]
    from zorgzaam.help.matching import Decline

    pool.upsert(vol("declined_far", declines=(Decline("too_far", 1.0),)))
    got2 = {p.volunteer_id: p for p in rank(pool, r)}
    assert got2["declined_far"].score < got["plain"]
    assert got2["declined_far"].reason("declined").params == {"kind": "too_far", "km": 1.0}
    # a near task is not penalised by an earlier "too far" at a larger distance
    pool.upsert(vol("declined_far", declines=(Decline("too_far", 5.0),)))
    got3 = {p.volunteer_id: p.score for p in rank(pool, r)}
    assert math.isclose(got3["declined_far"], got["plain"])


def test_bad_request_and_weights_raise():
    from zorgzaam.help.matching import InvalidCoordinatesError, InvalidValueError, Weights

    with pytest.raises(InvalidCoordinatesError):
        req(lat=float("nan"))
    with pytest.raises(InvalidCoordinatesError):
        req(lon=200.0)
    with pytest.raises(InvalidValueError):
        req(slots=-1)
    with pytest.raises(InvalidValueError):
        req(waiting_days=-3)
    with pytest.raises(InvalidValueError):
        Weights(distance=-1.0)
    with pytest.raises(InvalidValueError):
        Weights(distance_scale_km=0.0)
    with pytest.raises(InvalidValueError):
        rank(pool_of(vol("a")), req(), weights={"distance": 1.0})


def test_reasons_are_built_when_read_from_the_values_at_ranking_time():
    vols = [
        Volunteer("a", "GM1", 52.0, 4.7, radius_km=10.0, skills={"vervoer"}, max_load=3),
        Volunteer("b", "GM1", 52.01, 4.7, radius_km=10.0, skills={"vervoer"}, max_load=3),
    ]
    pool = VolunteerPool.from_volunteers(vols, SKILLS, LANGUAGES)
    need = HelpNeed("r", "GM1", 52.0, 4.7, skills={"vervoer"}, waiting_days=3)
    lazy = rank(pool, need)
    assert all(callable(p._reasons) for p in lazy)  # nothing built yet
    eager = [
        Proposal(p.request_id, p.volunteer_id, p.score, p.distance_km, p.reasons, p.rank)
        for p in rank(pool, need)
    ]
    pool.set_load("a", 2)  # a later change in the pool does not reach earlier proposals
    assert lazy == eager and lazy[0].reason("load").params["load"] == 0
    assert [r.code for r in lazy[0].reasons][-1] == "waiting"
    with pytest.raises(AttributeError):
        lazy[0].score = 1.0
