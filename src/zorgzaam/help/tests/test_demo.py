"""The demo data of neighbour help: every state, buddies, consistent loads, live proposals."""

import pytest
from django.db.models import Count, Q

from zorgzaam.help.models import BuddyPairing, HelpRequest, Proposal, VolunteerProfile

pytestmark = pytest.mark.django_db


def test_demo_has_requests_in_every_state_and_buddies(settings):
    from zorgzaam.common.demo import demo_generate

    settings.ZORGZAAM_PART_APPS = ["zorgzaam.help"]
    ctx = demo_generate(seed=3, residents=600, volunteers=200)
    assert ctx.counts["help_requests"] >= 300
    states = set(HelpRequest.objects.values_list("status", flat=True))
    assert states == set(HelpRequest.Status.values)
    assert BuddyPairing.objects.count() >= 40
    assert VolunteerProfile.objects.count() == len(ctx.volunteer_people)
    profiles = VolunteerProfile.objects.annotate(
        n=Count(
            "accepted_requests", filter=Q(accepted_requests__status__in=["accepted", "planned"])
        )
    )
    for p in profiles:
        assert p.active_tasks == p.n <= p.max_active_tasks
    me = VolunteerProfile.objects.get(person=ctx.volunteer_people[0])
    assert me.person.user == ctx.users["vrijwilliger"]
    assert Proposal.objects.filter(volunteer=me, status="offered").exists()
    for req in HelpRequest.objects.filter(status__in=["accepted", "planned", "done"]):
        assert Proposal.objects.filter(request=req, status="accepted").count() == 1
    # the coordinator's village screen shows live proposals
    from zorgzaam.help.selectors import help_request_candidates

    waarder = HelpRequest.objects.filter(area__name="Waarder", status="new")
    assert any(help_request_candidates(r, 3)[0] for r in waarder[:5])
    # volunteer hours: on most done requests (not all), in quarter hours, buddies more
    from decimal import Decimal

    done = list(HelpRequest.objects.filter(status="done"))
    with_hours = [r for r in done if r.hours_spent is not None]
    assert 0.5 * len(done) < len(with_hours) < len(done)
    assert all(r.hours_spent % Decimal("0.25") == 0 for r in with_hours)
    one_off = [r.hours_spent for r in with_hours if r.kind == "one_off"]
    buddies = [r.hours_spent for r in with_hours if r.kind == "buddy"]
    assert all(Decimal("0.5") <= h <= 4 for h in one_off)
    assert sum(1 for h in one_off if 1 <= h <= 3) > 0.6 * len(one_off)
    assert buddies and min(buddies) >= 1 and sum(buddies) / len(buddies) > max(one_off)
