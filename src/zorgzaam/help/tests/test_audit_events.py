"""The audit rows of neighbour help that no other test named (#16), each triggered through
its service (or, for the reads that the pages audit, through the page) with real objects:
actor, municipality, event, object id, and nothing about the person but ids."""

from __future__ import annotations

import pytest

from zorgzaam.audit.tests.rows import assert_no_personal_data, audit_row, last_pk
from zorgzaam.common.testing import login
from zorgzaam.help import services
from zorgzaam.help.models import Proposal

from .factories import make_accepted, make_pairing, make_request

pytestmark = pytest.mark.django_db


def _names(person) -> list[str]:
    return [person.given_name, person.family_name, person.street_address, person.phone]


def test_volunteer_change_is_audited_with_field_names_only(helpworld):
    world, profile = helpworld.world, helpworld.profile
    since = last_pk()
    services.volunteer_profile_save(
        person=profile.person,
        actor=helpworld.coordinator,
        skills=["shopping", "garden"],
        radius_km=7.5,
        preferences="Liever niet op zondag bij Jansen",
    )
    row = audit_row(
        "help.volunteer.change",
        actor=helpworld.coordinator,
        municipality=world.municipality,
        target=profile,
        since=since,
    )
    assert row.subject_id == profile.person.public_id
    assert {"skills", "radius_km", "preferences"} <= set(row.fields)
    assert_no_personal_data(row, "Liever niet op zondag", "Jansen", *_names(profile.person))


def test_proposal_decline_is_audited_with_the_reason_code(helpworld):
    world = helpworld.world
    req = make_request(world, description="Boodschappen bij de Jumbo aan de Dorpsstraat")
    proposal = services.help_request_propose(
        help_request=req, volunteer=helpworld.profile, actor=helpworld.coordinator
    )
    since = last_pk()
    services.proposal_decline(proposal=proposal, actor=helpworld.volunteer, reason="too_far")
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.DECLINED
    row = audit_row(
        "help.proposal.decline",
        actor=helpworld.volunteer,
        municipality=world.municipality,
        target=proposal,
        since=since,
    )
    assert row.subject_id == req.requester.public_id and row.reason == "too_far"
    assert_no_personal_data(row, "Jumbo", "Dorpsstraat", *_names(req.requester))


def test_buddy_start_and_checkin_are_audited(helpworld):
    world = helpworld.world
    since = last_pk()
    pairing = make_pairing(helpworld, weeks_ago=2)
    row = audit_row(
        "help.buddy.start",
        actor=helpworld.coordinator,
        municipality=world.municipality,
        target=pairing,
        since=since,
    )
    assert row.subject_id == pairing.requester.public_id
    since = last_pk()
    checkin = services.buddy_checkin_record(
        pairing=pairing, actor=helpworld.volunteer, going_well=False, note="Mevrouw is erg somber"
    )
    row = audit_row(
        "help.buddy.checkin",
        actor=helpworld.volunteer,
        municipality=world.municipality,
        target=checkin,
        since=since,
    )
    assert row.subject_id == pairing.requester.public_id and row.reason == "needs attention"
    assert_no_personal_data(row, "somber", *_names(pairing.requester))


def test_concern_handle_is_audited(helpworld):
    world = helpworld.world
    req, _proposal = make_accepted(helpworld)
    concern = services.concern_report(
        actor=helpworld.volunteer, help_request=req, text="Meneer viel bijna van de trap"
    )
    since = last_pk()
    services.concern_handle(concern=concern, actor=helpworld.coordinator)
    row = audit_row(
        "help.concern.handle",
        actor=helpworld.coordinator,
        municipality=world.municipality,
        target=concern,
        since=since,
    )
    assert row.fields == ["status"]
    assert_no_personal_data(row, "trap", *_names(req.requester))


def test_reading_the_messages_of_a_task_is_audited(client, helpworld):
    world = helpworld.world
    req, proposal = make_accepted(helpworld)
    login(client, helpworld.volunteer)
    since = last_pk()
    assert client.get(f"/help/tasks/{proposal.public_id}/messages/").status_code == 200
    row = audit_row(
        "help.taskmessage.view",
        actor=helpworld.volunteer,
        municipality=world.municipality,
        target=req,
        since=since,
    )
    assert row.subject_id == req.requester.public_id
    assert_no_personal_data(row, *_names(req.requester))

    coordinator = login(client.__class__(), helpworld.coordinator)
    since = last_pk()
    url = f"/help/coordinate/requests/{req.public_id}/messages/"
    assert coordinator.get(url).status_code == 200
    row = audit_row(
        "help.messages.view",
        actor=helpworld.coordinator,
        municipality=world.municipality,
        target=req,
        since=since,
    )
    assert row.subject_id == req.requester.public_id
    assert_no_personal_data(row, *_names(req.requester))
