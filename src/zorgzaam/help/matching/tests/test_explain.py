from __future__ import annotations

import datetime as dt

import pytest

from zorgzaam.help.matching import (
    AFTERNOON,
    ALL_SLOTS,
    EVENING,
    MORNING,
    Decline,
    HelpNeed,
    MatchingError,
    Proposal,
    Reason,
    Vocabulary,
    Volunteer,
    VolunteerPool,
    explain,
    rank,
    reason_text,
    slot_mask,
    slot_name,
    window_to_slots,
)

SKILLS = Vocabulary.skills(
    ["boodschappen", "vervoer"],
    labels={
        "boodschappen": {"nl": "boodschappen", "en": "groceries"},
        "vervoer": {"nl": "vervoer", "en": "transport"},
    },
)
LANGUAGES = Vocabulary.languages(["nl", "ar", "tr"])
TUESDAY_MORNING = slot_mask([(1, MORNING)])


def proposal(*reasons: Reason) -> Proposal:
    return Proposal("r", "v", 1.0, 2.1, tuple(reasons))


def test_issue_example_in_dutch_and_english():
    p = proposal(
        Reason("distance", {"km": 2.1}),
        Reason("language", {"codes": ("ar",), "labels": {"nl": ("Arabisch",), "en": ("Arabic",)}}),
        Reason("availability", {"slots": ((1, MORNING),), "recurring": True}),
    )
    assert explain(p, "nl") == "2,1 km, spreekt Arabisch, vrij dinsdagochtend"
    assert explain(p, "en") == "2.1 km, speaks Arabic, free Tuesday mornings"
    assert p.explain() == explain(p, "nl")


def test_rank_produces_the_issue_example():
    pool = VolunteerPool.from_volunteers(
        [
            Volunteer(
                "v1",
                "GM1",
                52.0,
                4.7,
                5.0,
                skills={"boodschappen"},
                languages={"nl", "ar"},
                availability=TUESDAY_MORNING | slot_mask([(4, EVENING)]),
                max_load=2,
            )
        ],
        SKILLS,
        LANGUAGES,
    )
    north = 52.0 + 2.1 / 111.195
    r = HelpNeed(
        "r1",
        "GM1",
        north,
        4.7,
        skills={"boodschappen"},
        languages={"ar"},
        slots=TUESDAY_MORNING,
        recurring=True,
    )
    (p,) = rank(pool, r)
    assert explain(p, "nl", codes=("distance", "language", "availability")) == (
        "2,1 km, spreekt Arabisch, vrij dinsdagochtend"
    )
    assert explain(p, "en", codes=("distance", "language", "availability")) == (
        "2.1 km, speaks Arabic, free Tuesday mornings"
    )
    assert explain(p, "en") == (
        "2.1 km, speaks Arabic, free Tuesday mornings, can help with groceries, "
        "no other requests right now"
    )
    assert [x.code for x in p.reasons] == ["distance", "language", "availability", "skills", "load"]
    assert p.reason("distance").params == {"km": 2.1}
    assert p.reason("language").params["codes"] == ("ar",)


@pytest.mark.parametrize(
    ("reason", "nl", "en"),
    [
        (Reason("distance", {"km": 12.345}), "12,3 km", "12.3 km"),
        (Reason("continuity"), "heeft deze persoon eerder geholpen", "helped this person before"),
        (
            Reason("availability", {"slots": ((0, EVENING), (3, AFTERNOON)), "recurring": False}),
            "vrij maandagavond en donderdagmiddag",
            "free Monday evening and Thursday afternoon",
        ),
        (
            Reason("availability", {"slots": tuple((d, 0) for d in range(5)), "recurring": True}),
            "vrij maandagochtend, dinsdagochtend, woensdagochtend en nog 2 dagdelen",
            "free Monday mornings, Tuesday mornings, Wednesday mornings and 2 more slots",
        ),
        (
            Reason("language", {"codes": ("ar", "tr"), "labels": {"nl": ("Arabisch", "Turks")}}),
            "spreekt Arabisch en Turks",
            "speaks ar and tr",
        ),
        (
            Reason("vog", {"valid_until": (dt.date(2027, 3, 12) - dt.date(1970, 1, 1)).days}),
            "VOG geldig tot 12-03-2027",
            "certificate of conduct valid until 2027-03-12",
        ),
        (
            Reason("load", {"load": 2, "max_load": 3}),
            "heeft nu 2 van max. 3 hulpvragen",
            "currently 2 of max. 3 requests",
        ),
        (
            Reason("declined", {"kind": "too_far", "km": 4.0}),
            "sloeg eerder af: te ver (4,0 km)",
            "declined before: too far (4.0 km)",
        ),
        (
            Reason("declined", {"kind": "other", "count": 1}),
            "sloeg recent 1 verzoek af",
            "declined 1 request recently",
        ),
        (Reason("waiting", {"days": 9}), "wacht al 9 dagen", "waiting for 9 days"),
        (Reason("waiting", {"days": 1}), "wacht al 1 dag", "waiting for 1 day"),
        (
            Reason("no_candidate", {"cause": "none_with_valid_vog"}),
            "niemand in de buurt heeft op die datum een geldige VOG",
            "nobody nearby has a certificate of conduct valid on that date",
        ),
        (
            Reason("all_at_max_load", {"before": 3}),
            "alle geschikte vrijwilligers zitten aan hun maximum",
            "all suitable volunteers are at their maximum load",
        ),
    ],
)
def test_reason_texts(reason, nl, en):
    assert reason_text(reason, "nl") == nl
    assert reason_text(reason, "en") == en
    assert reason.text("en") == en


def test_declined_skill_reason_from_rank():
    pool = VolunteerPool.from_volunteers(
        [
            Volunteer(
                "v1",
                "GM1",
                52.0,
                4.7,
                5.0,
                skills={"vervoer"},
                declines=(Decline("skill", skill="vervoer"),),
            )
        ],
        SKILLS,
        LANGUAGES,
    )
    (p,) = rank(pool, HelpNeed("r", "GM1", 52.0, 4.7, skills={"vervoer"}, waiting_days=3.5))
    assert p.reason("declined").text("nl") == "sloeg dit soort hulp eerder af (vervoer)"
    assert p.reason("declined").text("en") == "declined this kind of help before (transport)"
    assert p.reason("waiting").text("nl") == "wacht al 3 dagen"


def test_unsupported_language():
    with pytest.raises(MatchingError):
        reason_text(Reason("distance", {"km": 1}), "de")


def test_slots():
    assert slot_name(1, MORNING, "nl") == "dinsdagochtend"
    assert slot_name(1, MORNING, "en") == "Tuesday mornings"
    assert slot_name(6, EVENING, "en", recurring=False) == "Sunday evening"
    tuesday = dt.datetime(2026, 12, 1)  # a Tuesday
    assert window_to_slots(tuesday.replace(hour=9), tuesday.replace(hour=11)) == TUESDAY_MORNING
    assert window_to_slots(tuesday.replace(hour=11), tuesday.replace(hour=13)) == slot_mask(
        [(1, MORNING), (1, AFTERNOON)]
    )
    # 02:00 counts as the evening before
    assert window_to_slots(tuesday.replace(hour=2), tuesday.replace(hour=3)) == slot_mask(
        [(0, EVENING)]
    )
    assert window_to_slots(tuesday, tuesday + dt.timedelta(days=8)) == ALL_SLOTS
    with pytest.raises(MatchingError):
        window_to_slots(tuesday, tuesday)
    with pytest.raises(MatchingError):
        slot_mask([(7, 0)])
