"""Services of neighbour help: validation, lifecycle, proposals, declines, buddies, safety."""

import datetime as dt

import pytest
from django.utils import timezone

from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.errors import ApplicationError
from zorgzaam.help import services
from zorgzaam.help.constants import SubmittedVia, VogStatus
from zorgzaam.help.models import HelpRequest, Proposal, VolunteerProfile

from .factories import make_request, make_volunteer

pytestmark = pytest.mark.django_db


def test_create_stores_a_new_request_with_hidden_address_and_audits(helpworld):
    w = helpworld.world
    req = make_request(w, address="Dorpsstraat 1", phone="06-11112222")
    assert req.status == HelpRequest.Status.NEW
    assert req.area == w.village_a
    assert req.latitude == round(w.person_a.latitude, 3)
    # the exact address is encrypted at rest
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT address FROM help_helprequest WHERE id = %s", [req.pk])
        stored = cur.fetchone()[0]
    assert "Dorpsstraat" not in stored
    event = AuditEvent.objects.get(event="help.request.create")
    assert event.subject_id == w.person_a.public_id
    assert "Dorpsstraat" not in str(event.__dict__)


def test_postcode_outside_the_municipality_is_refused(helpworld):
    w = helpworld.world
    with pytest.raises(ApplicationError, match="ligt buiten"):
        make_request(w, postcode=w.other_person.postcode)
    assert not HelpRequest.objects.exists()


def test_unknown_skill_is_refused(helpworld):
    with pytest.raises(ApplicationError, match="Onbekend soort hulp"):
        make_request(helpworld.world, skill="juggling")


@pytest.mark.parametrize(
    "start,end,message",
    [
        (2, 1, "eindigt voordat"),
        (-3, -2, "al voorbij"),
        (400 * 24, 401 * 24, "meer dan een jaar"),
    ],
)
def test_windows_that_cannot_be_met_are_refused(helpworld, start, end, message):
    now = timezone.now()
    with pytest.raises(ApplicationError, match=message):
        make_request(
            helpworld.world,
            window_start=now + dt.timedelta(hours=start),
            window_end=now + dt.timedelta(hours=end),
        )


def test_recurring_without_slots_is_refused(helpworld):
    with pytest.raises(ApplicationError, match="dagdeel"):
        make_request(helpworld.world, recurring=True, slots=0)


def test_on_behalf_needs_consent(helpworld):
    w = helpworld.world
    with pytest.raises(ApplicationError, match="toestemming"):
        make_request(
            w, submitted_via=SubmittedVia.PROFESSIONAL, submitted_by=w.users["professional"]
        )
    req = make_request(
        w,
        submitted_via=SubmittedVia.PROFESSIONAL,
        submitted_by=w.users["professional"],
        consent=True,
    )
    assert req.consent_recorded_at is not None


def test_vog_skills_always_require_a_vog(helpworld):
    req = make_request(helpworld.world, skill="dementia_buddy", kind="buddy")
    assert req.requires_vog


def test_propose_accept_lifecycle_and_load(helpworld):
    w, profile = helpworld.world, helpworld.profile
    req = make_request(w)
    proposal = services.help_request_propose(
        help_request=req, volunteer=profile, actor=helpworld.coordinator
    )
    req.refresh_from_db()
    assert req.status == "proposed" and req.proposed_at
    assert proposal.reasons[0]["code"] == "distance"
    services.proposal_accept(proposal=proposal, actor=helpworld.volunteer)
    req.refresh_from_db()
    profile.refresh_from_db()
    assert req.status == "accepted" and req.volunteer == profile and req.accepted_at
    assert profile.active_tasks == 1
    services.help_request_plan(
        help_request=req, actor=helpworld.coordinator, planned_for=timezone.now()
    )
    services.help_request_complete(help_request=req, actor=helpworld.volunteer)
    req.refresh_from_db()
    profile.refresh_from_db()
    assert req.status == "done" and req.done_at and req.planned_at
    assert profile.active_tasks == 0
    events = set(AuditEvent.objects.values_list("event", flat=True))
    assert {"help.proposal.create", "help.proposal.accept", "help.request.change"} <= events


def test_a_volunteer_who_fails_a_hard_constraint_is_refused_in_words(helpworld):
    w = helpworld.world
    req = make_request(w, skill="garden")
    with pytest.raises(ApplicationError, match="vaardigheid|skill"):
        services.help_request_propose(
            help_request=req, volunteer=helpworld.profile, actor=helpworld.coordinator
        )


def test_expired_vog_is_refused(helpworld):
    w = helpworld.world
    expired = make_volunteer(
        w,
        skills=["dementia_buddy"],
        vog_status=VogStatus.VALID,
        vog_expires_on=timezone.localdate() - dt.timedelta(days=1),
    )
    req = make_request(w, skill="dementia_buddy", kind="buddy")
    with pytest.raises(ApplicationError, match="VOG"):
        services.help_request_propose(
            help_request=req, volunteer=expired, actor=helpworld.coordinator
        )


def test_second_acceptance_loses_and_other_offers_are_withdrawn(helpworld):
    w = helpworld.world
    req = make_request(w)
    p1 = services.help_request_propose(
        help_request=req, volunteer=helpworld.profile, actor=helpworld.coordinator
    )
    p2 = services.help_request_propose(
        help_request=req, volunteer=helpworld.other, actor=helpworld.coordinator
    )
    services.proposal_accept(proposal=p1, actor=helpworld.volunteer)
    with pytest.raises(ApplicationError, match="al genomen"):
        services.proposal_accept(proposal=p2, actor=None)
    p2.refresh_from_db()
    assert p2.status == Proposal.Status.WITHDRAWN
    helpworld.other.refresh_from_db()
    assert helpworld.other.active_tasks == 0


def test_capacity_is_respected(helpworld):
    w = helpworld.world
    profile = helpworld.profile
    VolunteerProfile.objects.filter(pk=profile.pk).update(max_active_tasks=1)
    profile.refresh_from_db()
    r1, r2 = make_request(w), make_request(w, requester=w.person_b)
    p1 = services.help_request_propose(help_request=r1, volunteer=profile, actor=None)
    VolunteerProfile.objects.filter(pk=profile.pk).update(max_active_tasks=2)
    p2 = services.help_request_propose(help_request=r2, volunteer=profile, actor=None)
    VolunteerProfile.objects.filter(pk=profile.pk).update(max_active_tasks=1)
    services.proposal_accept(proposal=p1, actor=None)
    with pytest.raises(ApplicationError, match="maximale"):
        services.proposal_accept(proposal=p2, actor=None)
    r2.refresh_from_db()
    assert r2.status == "proposed"  # nothing half-written
    profile.refresh_from_db()
    assert profile.active_tasks == 1


def test_decline_feeds_the_engine_and_reopens_the_request(helpworld):
    from zorgzaam.help.selectors import help_request_candidates

    w = helpworld.world
    req = make_request(w)
    before, _ = help_request_candidates(req)
    assert {c.profile.pk for c in before} == {helpworld.profile.pk, helpworld.other.pk}
    p = services.help_request_propose(help_request=req, volunteer=helpworld.profile, actor=None)
    services.proposal_decline(proposal=p, actor=helpworld.volunteer, reason="no_time")
    req.refresh_from_db()
    assert req.status == "new"
    after, _ = help_request_candidates(req)
    assert helpworld.profile.pk not in {c.profile.pk for c in after}  # already asked
    # a new request: the decline lowers this volunteer's score
    req2 = make_request(w, requester=w.person_b)
    again, _ = help_request_candidates(req2)
    scores = {c.profile.pk: c.proposal for c in again}
    assert scores[helpworld.profile.pk].reason("declined") is not None


def test_unknown_decline_reason_is_refused(helpworld):
    req = make_request(helpworld.world)
    p = services.help_request_propose(help_request=req, volunteer=helpworld.profile, actor=None)
    with pytest.raises(ApplicationError):
        services.proposal_decline(proposal=p, actor=None, reason="bored")


def test_blocked_pairing_is_never_proposed(helpworld):
    from zorgzaam.help.selectors import help_request_candidates

    w = helpworld.world
    req = make_request(w)
    p = services.help_request_propose(help_request=req, volunteer=helpworld.profile, actor=None)
    services.pairing_block(
        actor=helpworld.coordinator,
        volunteer=helpworld.profile,
        requester=w.person_a,
        reason="zorgen gemeld",
    )
    p.refresh_from_db()
    assert p.status == Proposal.Status.WITHDRAWN
    req2 = make_request(w)
    found, _ = help_request_candidates(req2)
    assert helpworld.profile.pk not in {c.profile.pk for c in found}
    with pytest.raises(ApplicationError, match="geblokkeerd"):
        services.help_request_propose(help_request=req2, volunteer=helpworld.profile, actor=None)
    assert AuditEvent.objects.filter(event="help.block.create").exists()


def test_buddy_pairing_lifecycle(helpworld):
    w = helpworld.world
    req = make_request(w, skill="shopping", kind="buddy", recurring=True, slots=0b111)
    p = services.help_request_propose(help_request=req, volunteer=helpworld.profile, actor=None)
    services.proposal_accept(proposal=p, actor=None)
    req.refresh_from_db()
    today = timezone.localdate()
    pairing = services.buddy_pairing_start(
        help_request=req, actor=helpworld.coordinator, start_date=today - dt.timedelta(weeks=7)
    )
    req.refresh_from_db()
    assert req.status == "planned"
    assert services.buddy_checkins_prompt(today=today) == 1
    assert services.buddy_checkins_prompt(today=today) == 0  # once per due date
    services.buddy_checkin_record(pairing=pairing, actor=helpworld.volunteer, going_well=False)
    pairing.refresh_from_db()
    assert pairing.next_checkin_on == today + dt.timedelta(weeks=6)
    with pytest.raises(ApplicationError):
        services.buddy_pairing_end(pairing=pairing, actor=None, evaluation="  ")
    services.buddy_pairing_end(pairing=pairing, actor=None, evaluation="Fijn contact", score=5)
    req.refresh_from_db()
    helpworld.profile.refresh_from_db()
    assert req.status == "done" and helpworld.profile.active_tasks == 0


def test_expire_and_cancel(helpworld):
    w = helpworld.world
    now = timezone.now()
    req = make_request(w, window_start=now, window_end=now + dt.timedelta(hours=3))
    assert services.help_requests_expire(now=now + dt.timedelta(hours=4)) == 1
    req.refresh_from_db()
    assert req.status == "expired" and req.expired_at
    other = make_request(w)
    p = services.help_request_propose(help_request=other, volunteer=helpworld.profile, actor=None)
    services.proposal_accept(proposal=p, actor=None)
    other.refresh_from_db()
    services.help_request_cancel(help_request=other, actor=None)
    helpworld.profile.refresh_from_db()
    assert helpworld.profile.active_tasks == 0
    with pytest.raises(ApplicationError, match="gesloten"):
        services.help_request_cancel(help_request=other, actor=None)


def test_batch_assign_proposes_and_reports_unassigned(helpworld):
    w = helpworld.world
    r1 = make_request(w)
    r2 = make_request(w, requester=w.person_b)
    r3 = make_request(w, skill="garden")
    other = helpworld.other.person
    other.latitude, other.longitude = 52.045, 4.73  # as close as the first volunteer
    other.save()
    VolunteerProfile.objects.filter(pk=helpworld.other.pk).update(languages=["nl"])
    result = services.help_batch_assign(municipality=w.municipality, actor=helpworld.coordinator)
    assert result["proposed"] == 2
    assert [r for r, _ in result["unassigned"]] == [r3]
    for r in (r1, r2):
        r.refresh_from_db()
        assert r.status == "proposed"
    # one request each: the fairness term spreads them over both volunteers
    assert Proposal.objects.order_by().values("volunteer").distinct().count() == 2


def test_volunteer_profile_validation(helpworld):
    w = helpworld.world
    with pytest.raises(ApplicationError):
        make_volunteer(w, skills=["flying"])
    with pytest.raises(ApplicationError):
        make_volunteer(w, skills=["shopping"], languages=["klingon"])
    with pytest.raises(ApplicationError, match="einddatum"):
        make_volunteer(w, vog_status=VogStatus.VALID)
    with pytest.raises(ApplicationError, match="werkgever"):
        make_volunteer(w, skills=["work_buddy"], work_buddy_role="employer")


def test_concern_is_stored_encrypted_and_audited(helpworld):
    req = make_request(helpworld.world)
    concern = services.concern_report(actor=helpworld.volunteer, help_request=req, text="Onveilig")
    assert concern.status == "open"
    event = AuditEvent.objects.get(event="help.concern.create")
    assert "Onveilig" not in event.reason


def test_daily_command(helpworld):
    from io import StringIO

    from django.core.management import call_command

    now = timezone.now()
    make_request(helpworld.world, window_start=now, window_end=now + dt.timedelta(minutes=40))
    HelpRequest.objects.update(window_end=now - dt.timedelta(minutes=1))
    out = StringIO()
    call_command("help_daily", stdout=out)
    assert "1 request(s) expired" in out.getvalue()
    assert HelpRequest.objects.get().status == "expired"


def test_batch_assign_audits_a_greedy_fallback(helpworld, monkeypatch, caplog):
    from zorgzaam.help.matching import SolverError, assignment

    def broken(graph):  # OR-Tools cannot fail on demand: the fallback path needs a stand-in
        raise SolverError("solver exploded")

    monkeypatch.setattr(assignment, "solve_flow", broken)
    make_request(helpworld.world)
    with caplog.at_level("WARNING", logger="zorgzaam.help.services"):
        result = services.help_batch_assign(
            municipality=helpworld.world.municipality, actor=helpworld.coordinator
        )
    assert result["method"] == "greedy" and result["proposed"] == 1
    event = AuditEvent.objects.get(event="help.assign")
    assert event.reason.startswith("greedy: 1 proposed") and "greedy fallback" in event.reason
    assert "fell back to greedy" in caplog.text
