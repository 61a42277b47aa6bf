"""``person_create`` writes the one ``person.create`` audit row itself, inside its
transaction, for every caller: a direct call (system, no actor), a household intake and a
member added by a professional (casework), a resident's first DigiD sign-in (identity) and a
new resident's help request (help). Ids only in the row, never a name or postcode."""

from __future__ import annotations

import pytest
from django.db import transaction

from zorgzaam.audit.models import AuditEvent
from zorgzaam.casework import services as casework
from zorgzaam.casework.services import IntakeInput, MemberInput
from zorgzaam.casework.tests.test_identity_link import _register
from zorgzaam.help import services as help_services
from zorgzaam.people.models import Person
from zorgzaam.people.services import person_create

pytestmark = pytest.mark.django_db


def _rows(person: Person):
    return AuditEvent.objects.filter(event="person.create", subject_id=person.public_id)


def _only_ids(row: AuditEvent, *values: str) -> None:
    text = str(row.__dict__)
    for value in values:
        assert value not in text


def test_a_direct_call_writes_one_row_without_actor_and_none_when_rolled_back(world):
    pc = f"{world.person_a.postcode_area.pc4} XY"
    person = person_create(
        municipality=world.municipality,
        given_name="Gerda",
        family_name="Verhoef",
        postcode=pc,
        reason="import",
    )
    (row,) = _rows(person)
    assert row.actor_id is None and row.reason == "import"
    assert row.target_type == "people.person" and row.target_id == str(person.public_id)
    assert row.municipality_code == world.municipality.code
    _only_ids(row, "Gerda", "Verhoef", pc)
    before = AuditEvent.objects.filter(event="person.create").count()
    with pytest.raises(RuntimeError), transaction.atomic():
        person_create(
            municipality=world.municipality, given_name="Kees", family_name="Bos", postcode=pc
        )
        raise RuntimeError("roll back")
    assert AuditEvent.objects.filter(event="person.create").count() == before


def test_casework_intake_and_member_add_audit_each_new_person_once(world):
    prof = world.users["professional"]
    pc = world.person_a.postcode_area.pc4
    household = casework.household_intake(
        actor=prof,
        data=IntakeInput(
            name="Huishouden Verhoef",
            postcode=pc,
            team=world.team_a,
            members=[
                MemberInput(role="applicant", person=world.person_a),
                MemberInput(role="partner", given_name="Gerda", family_name="Verhoef"),
            ],
        ),
    )
    new = household.members.exclude(person=world.person_a).get().person
    (row,) = _rows(new)
    assert row.actor_id == prof.public_id and row.reason == "household member"
    _only_ids(row, "Gerda", "Verhoef")
    assert not _rows(world.person_a).exists()  # an existing person is not created again
    member = casework.member_add(
        actor=prof,
        household=household,
        data=MemberInput(role="child", given_name="Sem", family_name="Verhoef"),
    )
    (row,) = _rows(member.person)
    assert row.actor_id == prof.public_id


def test_a_first_digid_sign_in_audits_the_new_person_once_a_linked_one_not(world):
    user = _register(world, "999990019")
    person = Person.objects.get(user=user)
    (row,) = _rows(person)
    assert row.actor_id == user.public_id and row.reason == "first sign-in method=digid"
    _only_ids(row, "Anders", "999990019")


def test_a_new_residents_help_request_audits_the_person_once(world):
    req = help_services.help_request_create_for_new_person(
        given_name="Anna",
        family_name="de Wit",
        postcode=world.person_a.postcode,
        street_address="Molenweg 3",
        phone="0612345678",
        skill="transport",
        description="Naar de huisarts",
        submitted_via="phone",
        submitted_by=world.users["hub_coordinator"],
    )
    (row,) = _rows(req.requester)
    assert row.actor_id == world.users["hub_coordinator"].public_id and row.reason == "phone"
    _only_ids(row, "de Wit", "Molenweg")
