"""Hypothesis strategies and helpers shared by the matching tests."""

from __future__ import annotations

from hypothesis import strategies as st

from zorgzaam.help.matching import (
    ALL_SLOTS,
    Decline,
    DeclineReason,
    HelpNeed,
    Vocabulary,
    Volunteer,
    VolunteerPool,
    Weights,
)
from zorgzaam.help.matching.geo import haversine_km

SKILLS = Vocabulary.skills(["boodschappen", "vervoer", "tuin", "computer", "gezelschap"])
LANGUAGES = Vocabulary.languages(["nl", "ar", "tr", "pl"])
MUNIS = ("GM0001", "GM0002")

# a small area so that travel radii matter: ~ 11 km x 7 km around (52.0, 4.7)
lats = st.floats(51.95, 52.05, allow_nan=False)
lons = st.floats(4.65, 4.75, allow_nan=False)
skill_sets = st.frozensets(st.sampled_from(SKILLS.terms), max_size=3)
lang_sets = st.frozensets(st.sampled_from(LANGUAGES.terms), max_size=2)
# few distinct slot masks so that overlaps and misses both happen
slot_masks = st.one_of(
    st.just(ALL_SLOTS),
    st.integers(0, ALL_SLOTS),
    st.sampled_from([0b1, 0b10, 0b100, 0b1000000, 0b111]),
)

declines = st.lists(
    st.one_of(
        st.builds(Decline, st.just(DeclineReason.TOO_FAR), st.floats(0.2, 8.0)),
        st.builds(Decline, st.just(DeclineReason.SKILL), st.none(), st.sampled_from(SKILLS.terms)),
        st.builds(Decline, st.sampled_from([DeclineReason.NO_TIME, DeclineReason.OTHER])),
    ),
    max_size=3,
).map(tuple)


@st.composite
def volunteers(draw: st.DrawFn, vid: object = None) -> Volunteer:
    if vid is None:
        vid = draw(st.uuids()).hex
    return Volunteer(
        id=vid,
        municipality=draw(st.sampled_from(MUNIS)),
        lat=draw(lats),
        lon=draw(lons),
        radius_km=draw(st.sampled_from([0.0, 1.0, 2.5, 4.0, 8.0, 15.0, 15.0, 30.0])),
        skills=draw(st.frozensets(st.sampled_from(SKILLS.terms), max_size=4)),
        languages=draw(lang_sets),
        availability=draw(slot_masks),
        vog_expires=draw(st.sampled_from([0, 19000, 20000, 21000])),
        load=draw(st.integers(0, 2)),
        max_load=draw(st.integers(0, 4)),
        paused=draw(st.sampled_from([False, False, False, False, True])),
        recent_tasks=draw(st.integers(0, 6)),
        declines=draw(declines),
    )


@st.composite
def volunteer_lists(draw: st.DrawFn, min_size: int = 0, max_size: int = 30) -> list[Volunteer]:
    n = draw(st.integers(min_size, max_size))
    return [draw(volunteers(vid=f"v{i:03d}")) for i in range(n)]


@st.composite
def requests(draw: st.DrawFn, rid: object = "r", ids: list[object] | None = None) -> HelpNeed:
    prev: frozenset[object] = frozenset()
    if ids:
        prev = draw(st.frozensets(st.sampled_from(ids), max_size=2))
    return HelpNeed(
        id=rid,
        municipality=draw(st.sampled_from(MUNIS + MUNIS + ("GM9999",))),
        lat=draw(lats),
        lon=draw(lons),
        skills=draw(st.frozensets(st.sampled_from(SKILLS.terms), max_size=1)),
        slots=draw(slot_masks),
        date=draw(st.sampled_from([0, 19500, 20000, 20500])),
        requires_vog=draw(st.sampled_from([False, False, False, True])),
        preferred_skills=draw(skill_sets),
        languages=draw(lang_sets),
        recurring=draw(st.booleans()),
        waiting_days=draw(st.floats(0, 30)),
        previous_volunteers=prev,
    )


weights = st.one_of(
    st.just(Weights()),
    st.builds(
        Weights,
        distance=st.floats(0, 5),
        skill=st.floats(0, 5),
        language=st.floats(0, 5),
        continuity=st.floats(0, 5),
        fairness=st.floats(0, 5),
        waiting=st.floats(0, 5),
        decline=st.floats(0, 5),
        distance_scale_km=st.floats(0.1, 10),
        recent_task_factor=st.floats(0, 1),
    ),
)


def make_pool(vols: list[Volunteer]) -> VolunteerPool:
    # a small cell size so the grid prefilter is exercised with several cells
    return VolunteerPool.from_volunteers(vols, SKILLS, LANGUAGES, cell_deg=(0.01, 0.015))


def satisfies_hard_constraints(v: Volunteer, r: HelpNeed) -> bool:
    d = haversine_km(r.lat, r.lon, v.lat, v.lon)
    return (
        v.municipality == r.municipality
        and r.skills <= v.skills
        and (not r.requires_vog or (v.vog_expires > 0 and v.vog_expires >= r.date))
        and bool(v.availability & r.slots)
        and d <= v.radius_km + 1e-9
        and v.load < v.max_load
        and not v.paused
    )
