"""Property tests at the service level (the engine has its own): whatever the sequence of
proposals, accepts and declines, no request is accepted twice and no volunteer exceeds
their maximum number of active tasks."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zorgzaam.common.errors import ApplicationError
from zorgzaam.help import services
from zorgzaam.help.models import HelpRequest, Proposal, VolunteerProfile
from zorgzaam.help.pool import pool_forget

from .factories import make_request, make_volunteer

pytestmark = pytest.mark.django_db

ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["propose", "accept", "decline", "done", "cancel", "assign"]),
        st.integers(0, 3),  # request
        st.integers(0, 2),  # volunteer
    ),
    min_size=1,
    max_size=25,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(actions=ACTIONS, capacities=st.lists(st.integers(1, 2), min_size=3, max_size=3))
def test_no_double_assignment_and_capacity_respected(world, actions, capacities):
    from django.db import transaction

    sid = transaction.savepoint()
    try:
        pool_forget()
        vols = [make_volunteer(world, max_active_tasks=c) for c in capacities]
        reqs = [make_request(world, requester=world.person_a) for _ in range(4)]
        for action, ri, vi in actions:
            req = HelpRequest.objects.get(pk=reqs[ri].pk)
            vol = VolunteerProfile.objects.get(pk=vols[vi].pk)
            offer = Proposal.objects.filter(request=req, volunteer=vol).first()
            try:
                if action == "propose":
                    services.help_request_propose(help_request=req, volunteer=vol, actor=None)
                elif action == "accept" and offer:
                    services.proposal_accept(proposal=offer, actor=None)
                elif action == "decline" and offer:
                    services.proposal_decline(proposal=offer, actor=None, reason="no_time")
                elif action == "done":
                    services.help_request_complete(help_request=req, actor=None)
                elif action == "cancel":
                    services.help_request_cancel(help_request=req, actor=None)
                elif action == "assign":
                    services.help_batch_assign(municipality=world.municipality, actor=None)
            except ApplicationError:
                pass
            # invariants after every step
            for v in VolunteerProfile.objects.filter(pk__in=[x.pk for x in vols]):
                active = HelpRequest.objects.filter(
                    volunteer=v, status__in=HelpRequest.ACTIVE
                ).count()
                assert v.active_tasks == active
                assert v.active_tasks <= v.max_active_tasks
            for r in HelpRequest.objects.filter(pk__in=[x.pk for x in reqs]):
                accepted = Proposal.objects.filter(request=r, status="accepted").count()
                assert accepted <= 1
                if r.status in HelpRequest.ACTIVE:
                    assert accepted == 1 and r.volunteer_id is not None
                if r.status == "proposed":
                    assert Proposal.objects.filter(request=r, status="offered").exists()
    finally:
        transaction.savepoint_rollback(sid)
