"""A resident Zorgzaam does not know yet (the public form, a coordinator's phone intake): the
person and their request are stored by one service in one transaction, and the person's
creation is audited (``person.create``)."""

import pytest
from django.core.cache import cache

from zorgzaam.accounts.roles import Role
from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.errors import ApplicationError
from zorgzaam.help import services
from zorgzaam.help.models import HelpRequest
from zorgzaam.people.models import Person

pytestmark = pytest.mark.django_db

NEW = {
    "given_name": "Ans",
    "family_name": "de Wit",
    "phone": "06-12312312",
    "street_address": "Molenweg 3",
    "skill": "transport",
    "description": "Vervoer naar het ziekenhuis",
    "language": "nl",
}


def test_the_public_form_records_the_new_person(client, world):
    cache.clear()
    data = {**NEW, "postcode": world.person_a.postcode, "part": "", "day": "", "website": ""}
    response = client.post("/help/ask/", data)
    assert response.status_code == 302
    req = HelpRequest.objects.get(skill="transport")
    person = req.requester
    assert (person.family_name, person.street_address) == ("de Wit", "Molenweg 3")
    line = AuditEvent.objects.get(event="person.create")
    assert line.subject_id == person.public_id and line.actor_id is None
    assert line.target_type == "people.person" and line.target_id == str(person.public_id)
    assert line.municipality_code == world.municipality.code
    assert line.reason == "public_form"
    assert "de Wit" not in str(line.__dict__)  # ids only
    created = AuditEvent.objects.get(event="help.request.create")
    assert created.subject_id == person.public_id
    cache.clear()


def test_the_phone_intake_records_the_coordinator_as_the_creator(world):
    coordinator = world.users[Role.HUB_COORDINATOR]
    req = services.help_request_create_for_new_person(
        **NEW,
        postcode=world.person_a.postcode,
        submitted_via="phone",
        submitted_by=coordinator,
    )
    line = AuditEvent.objects.get(event="person.create")
    assert line.actor_id == coordinator.public_id
    assert line.subject_id == req.requester.public_id and line.reason == "phone"
    assert req.requester.municipality == world.municipality and req.submitted_by == coordinator


def test_a_refused_request_keeps_no_person_and_no_audit_line(world):
    before = Person.objects.count()
    with pytest.raises(ApplicationError) as refused:
        services.help_request_create_for_new_person(
            **{**NEW, "description": "  "}, postcode=world.person_a.postcode
        )
    assert refused.value.field == "description"
    assert Person.objects.count() == before
    assert not AuditEvent.objects.filter(event="person.create").exists()
    assert not HelpRequest.objects.exists()


def test_a_postcode_outside_the_coordinators_municipality_is_refused(world):
    before = Person.objects.count()
    with pytest.raises(ApplicationError) as refused:
        services.help_request_create_for_new_person(
            **NEW,
            postcode=world.other_person.postcode,
            submitted_via="phone",
            submitted_by=world.users[Role.HUB_COORDINATOR],
        )
    assert refused.value.field == "postcode"
    assert Person.objects.count() == before
    assert not AuditEvent.objects.filter(event="person.create").exists()
