"""A resident's first DigiD sign-in finds the Person casework already knows by BSN: the new
account is linked to it, no second Person is made, and the audit line says so (never the BSN)."""

from __future__ import annotations

import time

import pytest

from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.fields import encrypt_text
from zorgzaam.identity import config, residents
from zorgzaam.people.models import Person

from .conftest import BSN_A, BSN_B, make_case

pytestmark = pytest.mark.django_db


def _digid(code: str) -> config.Provider:
    raw = {
        "municipality": code,
        "kind": "digid",
        "issuer": "https://broker.example",
        "client_id": "z",
        "client_secret": "s",
    }
    return config.parse({"providers": {"digid": raw}}).providers["digid"]


def _register(world, bsn: str, *, provider=None):
    pending = {
        "provider": "digid",
        "identifier": encrypt_text(bsn),
        "level": "midden",
        "until": time.time() + 60,
    }
    return residents.citizen_register(
        provider=provider or _digid(world.municipality.code),
        pending=pending,
        given_name="Ria",
        family_name="Anders",
        postcode=f"{world.person_a.postcode_area.pc4} AB",
    )


def test_known_household_member_is_linked_not_duplicated(world):
    make_case(world)
    people = Person.objects.count()
    user = _register(world, BSN_A)
    world.person_a.refresh_from_db()
    assert world.person_a.user == user
    assert Person.objects.count() == people
    # The team's record is not rewritten from the consent form.
    assert world.person_a.family_name != "Anders"
    line = AuditEvent.objects.get(event="identity.citizen_registered")
    assert line.fields == ["identifier", "person"]
    assert line.subject_id == world.person_a.public_id
    assert "person=existing" in line.reason and BSN_A not in line.reason


def test_unknown_bsn_makes_a_new_person(world):
    make_case(world)
    people = Person.objects.count()
    user = _register(world, "999990019")
    assert Person.objects.count() == people + 1
    assert Person.objects.get(user=user).family_name == "Anders"
    world.person_a.refresh_from_db()
    assert world.person_a.user is None


def test_member_of_another_municipality_is_not_linked(world):
    make_case(world)
    people = Person.objects.count()
    # The same BSN signs in through the other municipality's broker: its own new Person.
    user = residents.citizen_register(
        provider=_digid(world.other_municipality.code),
        pending={"identifier": encrypt_text(BSN_B), "level": "midden"},
        given_name="Pim",
        family_name="Partnerman",
        postcode=f"{world.other_person.postcode_area.pc4} AB",
    )
    assert Person.objects.count() == people + 1
    assert Person.objects.get(user=user).municipality == world.other_municipality


def test_a_person_with_an_account_already_is_not_taken_over(world):
    make_case(world)
    world.person_a.user = world.users["resident"]
    world.person_a.save(update_fields=["user"])
    user = _register(world, BSN_A)
    assert Person.objects.get(user=user) != world.person_a
    world.person_a.refresh_from_db()
    assert world.person_a.user == world.users["resident"]
