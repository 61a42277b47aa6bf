"""The work part's demo data: enough of everything, in various states, within the rules."""

import pytest

from zorgzaam.common.demo import demo_generate
from zorgzaam.work import selectors
from zorgzaam.work.models import Employer, JobSeeker, PeerGroupSession, Placement, SroiContract

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_generates_work_data(settings):
    settings.ZORGZAAM_PART_APPS = ["zorgzaam.work"]
    ctx = demo_generate(seed=3, residents=400, volunteers=10)
    counts = ctx.counts
    m = ctx.municipality
    assert counts["work_employers"] == Employer.objects.for_municipality(m).count() >= 25
    assert JobSeeker.objects.for_municipality(m).count() >= 80
    assert SroiContract.objects.for_municipality(m).count() >= 15
    assert PeerGroupSession.objects.filter(group__municipality=m).count() >= 20
    assert Placement.objects.for_municipality(m).count() >= 30
    outcomes = set(Placement.objects.values_list("outcome", flat=True))
    assert {"open", "paid_job"} <= outcomes
    balances = selectors.contract_balances(SroiContract.objects.for_municipality(m), ctx.today)
    behind = sum(1 for b in balances if b.falling_behind)
    done = sum(1 for b in balances if b.balance.fulfilled >= b.balance.expected > 0)
    not_started = sum(1 for b in balances if b.contract.start > ctx.today)
    assert behind >= 3 and done >= 3 and not_started >= 2
    counts = selectors.work_counts(m, ctx.today.replace(month=1, day=1), ctx.today)
    assert counts["sroi"]["owed"] > counts["sroi"]["fulfilled"] > 0
    # Issue 24: the food garden with work-experience places (one counted for SROI) and a
    # season of produce for the food bank (without the social map: no hub, no shifts).
    from zorgzaam.work import garden
    from zorgzaam.work.demo_garden import garden_public_id
    from zorgzaam.work.models import FoodGarden

    food_garden = FoodGarden.objects.get(municipality=m)
    assert food_garden.public_id == garden_public_id(ctx.seed)
    places = garden.places(food_garden)
    assert len(places.placements) == 3 and places.free == 1
    assert any(getattr(p, "fulfilment", None) for p in places.placements)
    # two of the places are young people with a Wajong benefit (jobs-agreement group)
    from zorgzaam.work.demo_garden import WAJONG_GOAL

    wajong = Placement.objects.filter(
        employer=food_garden.employer, job_seeker__work_goal=WAJONG_GOAL
    )
    assert wajong.count() == ctx.counts["work_food_garden_wajong_places"] == 2
    assert {p.job_seeker.target_group for p in wajong} == {"banenafspraak"}
    assert ctx.counts["work_produce_deliveries"] >= 30
    assert garden.produce_this_year(food_garden) > 0
