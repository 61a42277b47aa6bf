from datetime import timedelta

import pytest
from django.db.models import F

from zorgzaam.casework import selectors
from zorgzaam.casework.models import Household, Referral
from zorgzaam.casework.permissions import households_for_actor
from zorgzaam.common.demo import demo_generate

pytestmark = pytest.mark.django_db


def test_demo_casework(settings):
    settings.ZORGZAAM_PART_APPS = ["zorgzaam.casework"]
    ctx = demo_generate(seed=5, residents=400, volunteers=20)
    assert ctx.counts["casework_households"] >= 120
    households = Household.objects.filter(municipality=ctx.municipality)
    assert {h.team_id for h in households} == {t.pk for t in ctx.teams}
    period = (ctx.today - timedelta(days=600), ctx.today)
    share = selectors.informal_share(ctx.municipality, period)
    assert 0.15 < share.share < 0.8, share
    assert set(Referral.objects.values_list("status", flat=True)) == set(Referral.Status.values)
    assert Referral.objects.filter(selectors.stale_referrals_q()).exists()
    assert selectors.zrm_progress(ctx.municipality, period)
    prof = ctx.users["professional"]
    visible = households_for_actor(prof)
    assert visible.filter(team=ctx.teams[0]).exists() and visible.filter(team=ctx.teams[2]).exists()
    assert not visible.filter(team=ctx.teams[1]).exists()
    assert not households_for_actor(ctx.users["professional-gouda"]).exists()
    assert households_for_actor(ctx.users["teamleider"]).filter(team=ctx.teams[0]).exists()
    # Issue 24: discretionary decisions in every state, contacts with a share in the village
    # (without the social map there are no hubs: no presence, village contacts at home).
    from zorgzaam.casework.models import DiscretionaryDecision

    statuses = set(DiscretionaryDecision.objects.values_list("status", flat=True))
    assert statuses == set(DiscretionaryDecision.Status.values)
    assert not DiscretionaryDecision.objects.filter(decided_by=F("requested_by")).exists()
    rows = selectors.village_contact_share_by_quarter(ctx.municipality, period)
    assert sum(r["contacts"] for r in rows) > 100
    assert ctx.counts["casework_presence_slots"] == 0
    # Debt help aimed at recovery: tracks in several states, no buddy over their places, no
    # food garden without the work part.
    from zorgzaam.casework.models import DebtBuddy, DebtTrack, RecoveryGoal

    assert ctx.counts["casework_debt_tracks"] >= 8
    assert {"active", "debt_free"} <= set(DebtTrack.objects.values_list("status", flat=True))
    for buddy in DebtBuddy.objects.all():
        assert buddy.tracks.filter(status="active").count() <= buddy.max_households
    assert not RecoveryGoal.objects.filter(ref_kind="work.food_garden").exists()


def test_demo_presence_holds_the_waarder_hour_the_work_visit_heard_of(settings):
    """The demo's work visit in Waarder (reports.demo) heard of the social team's Tuesday
    hour in the Huis van Alles there: the werkbrigade schedule has it."""
    from datetime import time

    from zorgzaam.casework.models import PresenceSlot

    settings.ZORGZAAM_PART_APPS = ["zorgzaam.socialmap", "zorgzaam.casework"]
    ctx = demo_generate(seed=5, residents=120, volunteers=20)
    slot = PresenceSlot.objects.get(professional=ctx.users["professional"], weekday=1)
    assert slot.hub_label == "Huis van Alles Waarder"
    assert (slot.starts, slot.ends) == (time(9), time(12))
    assert ctx.counts["casework_presence_slots"] == 4
