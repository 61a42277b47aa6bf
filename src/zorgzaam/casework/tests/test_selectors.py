"""Council-report selectors: aggregates per municipality and period."""

from datetime import date, datetime, timedelta

import pytest

from zorgzaam.casework import resources, selectors, services
from zorgzaam.casework.models import Household, Measurement, Referral

from .conftest import make_case

pytestmark = pytest.mark.django_db

YEAR = (date.today() - timedelta(days=365), date.today())


def _informal_plan(world, household):
    prof = world.users["professional"]
    goal = services.goal_create(
        actor=prof, household=household, domain="sociaal-netwerk", description="Contact"
    )
    key = resources.suggestions_for(household, goal.domain)[0].key
    services.action_link_suggestion(actor=prof, goal=goal, key=key)


def _formal_plan(world, household):
    prof = world.users["professional"]
    goal = services.goal_create(
        actor=prof, household=household, domain="financien", description="R"
    )
    return services.action_create_formal(
        actor=prof, goal=goal, description="Schuldhulp", provision="debt", reason="Beslag"
    )


def test_informal_share(world):
    a = make_case(world)
    b = make_case(world, bsn_a="", bsn_b="")
    make_case(world, bsn_a="", bsn_b="")  # no actions: not counted
    _informal_plan(world, a)
    _formal_plan(world, b)
    share = selectors.informal_share(world.municipality, YEAR)
    assert (share.plans, share.informal, share.share) == (2, 1, 0.5)
    assert selectors.informal_share(world.other_municipality, YEAR).share is None
    # A period before any household opened.
    old = (date(2000, 1, 1), date(2000, 12, 31))
    assert selectors.informal_share(world.municipality, old).plans == 0


def test_counts_by_village(world):
    a = make_case(world)
    _informal_plan(world, a)
    action = _formal_plan(world, a)
    member = a.members.first()
    prof = world.users["professional"]
    services.consent_register(
        actor=prof, household=a, member=member, what="naam", with_whom="hub", method="verbal"
    )
    referral = services.referral_send(
        actor=prof,
        action=action,
        receiver=world.users["hub_coordinator"],
        receiver_label="Hub",
        message="m",
        contact_member=member,
    )
    services.referral_update(
        actor=world.users["hub_coordinator"],
        referral=referral,
        status="declined",
        decline_reason="vol",
    )
    b = make_case(world, bsn_a="", bsn_b="")
    services.household_close(actor=prof, household=b)
    rows = selectors.casework_counts_by_village(world.municipality, YEAR)
    assert len(rows) == 1
    row = rows[0]
    assert row["area"] == world.village_a.name
    assert row["households"] == 2 and row["opened"] == 2 and row["closed"] == 1
    assert row["plans_with_informal"] == 1 and row["plans_with_actions"] == 1
    assert row["referrals_declined"] == 1 and row["referrals_finished"] == 0
    assert selectors.referrals_closed(world.municipality, YEAR)["declined"] == 1
    assert Referral.objects.count() == 1
    for value in row.values():
        assert not isinstance(value, Household)


def test_zrm_progress(world):
    a = make_case(world)  # intake: financien 2, sociaal-netwerk 3
    b = make_case(world, bsn_a="", bsn_b="")
    prof = world.users["professional"]
    services.measurement_record(
        actor=prof,
        household=a,
        moment=Measurement.Moment.REVIEW,
        scores={"financien": 4, "sociaal-netwerk": 3},
    )
    services.measurement_record(
        actor=prof, household=b, moment=Measurement.Moment.EXIT, scores={"financien": 1}
    )
    rows = {r["domain"]: r for r in selectors.zrm_progress(world.municipality, YEAR)}
    fin = rows["financien"]
    assert fin["households"] == 2
    assert fin["mean_first"] == 2 and fin["mean_last"] == 2.5 and fin["mean_change"] == 0.5
    assert (fin["improved"], fin["same"], fin["worse"]) == (1, 0, 1)
    assert rows["sociaal-netwerk"]["same"] == 1
    assert "justitie" not in rows


Q3 = (date(2026, 7, 1), date(2026, 9, 30))


def _local(*args, **kw):
    from django.utils import timezone

    return datetime(*args, **kw, tzinfo=timezone.get_current_timezone())


@pytest.mark.parametrize(
    ("moment", "counted"),
    [
        ((2026, 9, 30, 23, 30), True),  # last evening of the quarter, local time
        ((2026, 10, 1, 0, 0), False),  # the midnight after it
    ],
)
def test_actions_count_up_to_the_local_end_of_the_period(world, moment, counted):
    from zorgzaam.casework.models import Action

    a = make_case(world)
    _informal_plan(world, a)
    Household.objects.filter(pk=a.pk).update(opened_on=date(2026, 1, 1))
    Action.objects.filter(goal__plan__household=a).update(created_at=_local(*moment))
    share = selectors.informal_share(world.municipality, Q3)
    assert (share.plans, share.informal) == (int(counted), int(counted))
    (row,) = selectors.casework_counts_by_village(world.municipality, Q3)
    assert row["plans_with_actions"] == row["plans_with_informal"] == int(counted)


def test_informal_share_in_one_query(world, django_assert_num_queries):
    a = make_case(world)
    _informal_plan(world, a)
    _formal_plan(world, make_case(world, bsn_a="", bsn_b=""))
    with django_assert_num_queries(1):
        share = selectors.informal_share(world.municipality, YEAR)
    assert (share.plans, share.informal) == (2, 1)


def test_referrals_closed_by_local_date_across_daylight_saving(world):
    a = make_case(world)
    member = a.members.first()
    prof = world.users["professional"]
    services.consent_register(
        actor=prof, household=a, member=member, what="naam", with_whom="hub", method="verbal"
    )
    moments = [
        _local(2026, 10, 25, 2, 30, fold=1),  # the second 02:30 of the change day (CET)
        _local(2026, 12, 31, 23, 30),  # last evening of Q4
        _local(2027, 1, 1, 0, 0),  # the midnight after it: Q1 2027
        _local(2026, 9, 30, 23, 30),  # last evening of Q3
    ]
    for moment in moments:
        action = _formal_plan(world, a)  # one referral per action
        referral = services.referral_send(
            actor=prof,
            action=action,
            receiver=world.users["hub_coordinator"],
            receiver_label="Hub",
            message="m",
            contact_member=member,
        )
        services.referral_update(
            actor=world.users["hub_coordinator"],
            referral=referral,
            status="declined",
            decline_reason="vol",
        )
        Referral.objects.filter(pk=referral.pk).update(status_changed_at=moment)
    Household.objects.filter(pk=a.pk).update(opened_on=date(2026, 1, 1))
    q4 = (date(2026, 10, 1), date(2026, 12, 31))
    assert selectors.referrals_closed(world.municipality, q4)["declined"] == 2
    assert selectors.referrals_closed(world.municipality, Q3)["declined"] == 1
    change_day = (date(2026, 10, 25), date(2026, 10, 25))
    assert selectors.referrals_closed(world.municipality, change_day)["declined"] == 1
    (row,) = selectors.casework_counts_by_village(world.municipality, q4)
    assert row["referrals_declined"] == 2
