"""Test personas and factories shared by every app's tests (named personas, in the spirit of
healthchecks' hc/test.py). Import only from tests."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import factory
from django.contrib.auth import get_user_model
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from zorgzaam.accounts.models import SocialTeam, TeamMembership
from zorgzaam.accounts.roles import MFA_ROLES, Role
from zorgzaam.people.models import Person
from zorgzaam.tenancy.models import Area, Municipality, PostcodeArea

User = get_user_model()
PASSWORD = "test-password-Zorgzaam-1"  # noqa: S105
_seq = itertools.count(1)

SQUARE = {  # a small square polygon helper: [lon, lat]
    "type": "Polygon",
    "coordinates": [[[4.70, 52.03], [4.76, 52.03], [4.76, 52.06], [4.70, 52.06], [4.70, 52.03]]],
}


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    # GM9000-GM9998 (no real municipality has them; GM9999 stays unknown for the tests that
    # need an unknown code); the sequence wraps after 999, since
    # the column holds six characters and PostgreSQL enforces it (a test run with many worlds
    # passed 1,000 per worker). A wrapped code is found again, not created, within one test.
    code = factory.Sequence(lambda n: f"GM{9000 + n % 999:04d}")
    name = factory.Sequence(lambda n: f"Testgemeente {n}")
    slug = factory.Sequence(lambda n: f"testgemeente-{n}")


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    municipality = factory.SubFactory(MunicipalityFactory)
    code = factory.Sequence(lambda n: f"WK{900000 + n}")
    name = factory.Sequence(lambda n: f"Dorp {n}")
    latitude = 52.045
    longitude = 4.73


class PostcodeAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostcodeArea
        django_get_or_create = ("pc4",)

    pc4 = factory.Sequence(lambda n: f"{8000 + n % 1999}")  # four characters: wraps like GM
    place = "Testdorp"
    municipality = factory.SubFactory(MunicipalityFactory)
    municipality_code = factory.LazyAttribute(lambda o: o.municipality.code)
    area = None
    latitude = 52.045
    longitude = 4.73


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    municipality = factory.SubFactory(MunicipalityFactory)
    given_name = factory.Faker("first_name", locale="nl_NL")
    family_name = factory.Faker("last_name", locale="nl_NL")
    postcode_area = factory.SubFactory(
        PostcodeAreaFactory, municipality=factory.SelfAttribute("..municipality")
    )
    postcode = factory.LazyAttribute(lambda o: f"{o.postcode_area.pc4} AB")
    area = factory.LazyAttribute(lambda o: o.postcode_area.area)
    street_address = factory.Faker("street_address", locale="nl_NL")
    phone = factory.Sequence(lambda n: f"06-{12000000 + n}")
    latitude = 52.045
    longitude = 4.73


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.RESIDENT
    municipality = factory.SubFactory(MunicipalityFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


@dataclass
class World:
    """One municipality with two villages and two teams, each role once, plus a second
    municipality with its own professional, for tenancy tests."""

    municipality: Municipality
    village_a: Area
    village_b: Area
    team_a: SocialTeam
    team_b: SocialTeam
    users: dict[str, Any]
    person_a: Person
    person_b: Person
    other_municipality: Municipality
    other_person: Person
    other_professional: object


def give_totp(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def login(client, user, *, verified: bool = True):
    """Log a test client in; for MFA roles also pass the second factor unless told not to."""
    client.force_login(user)
    if verified and user.role in MFA_ROLES:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or give_totp(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def make_world() -> World:
    n = next(_seq)
    municipality = MunicipalityFactory.create(code=f"GM{8000 + n:04d}", name=f"Zorgdorp {n}")
    village_a = AreaFactory.create(municipality=municipality, name="Noorddorp", geometry=SQUARE)
    village_b = AreaFactory.create(municipality=municipality, name="Zuiddorp")
    pc_a = PostcodeAreaFactory.create(
        pc4=f"{2000 + n * 2}", municipality=municipality, area=village_a
    )
    pc_b = PostcodeAreaFactory.create(
        pc4=f"{2001 + n * 2}", municipality=municipality, area=village_b
    )
    team_a = SocialTeam.objects.create(municipality=municipality, name="Team Noord")
    team_a.areas.set([village_a])
    team_b = SocialTeam.objects.create(municipality=municipality, name="Team Zuid")
    team_b.areas.set([village_b])
    users: dict[str, Any] = {}
    for role in Role.values:
        users[role] = UserFactory.create(
            username=f"{role}-{n}", role=role, municipality=municipality
        )
    TeamMembership.objects.create(team=team_a, user=users[Role.PROFESSIONAL])
    TeamMembership.objects.create(team=team_a, user=users[Role.TEAM_LEAD], is_lead=True)
    users["professional_b"] = UserFactory.create(
        username=f"professional_b-{n}", role=Role.PROFESSIONAL, municipality=municipality
    )
    TeamMembership.objects.create(team=team_b, user=users["professional_b"])
    person_a = PersonFactory.create(municipality=municipality, postcode_area=pc_a, area=village_a)
    person_b = PersonFactory.create(municipality=municipality, postcode_area=pc_b, area=village_b)

    other = MunicipalityFactory.create(code=f"GM{7000 + n:04d}", name=f"Anderstad {n}")
    other_village = AreaFactory.create(municipality=other, name="Anderwijk")
    other_pc = PostcodeAreaFactory.create(pc4=f"{5000 + n}", municipality=other, area=other_village)
    other_team = SocialTeam.objects.create(municipality=other, name="Wijkteam Anderstad")
    other_team.areas.set([other_village])
    other_professional = UserFactory.create(
        username=f"other-professional-{n}", role=Role.PROFESSIONAL, municipality=other
    )
    TeamMembership.objects.create(team=other_team, user=other_professional)
    other_person = PersonFactory.create(
        municipality=other, postcode_area=other_pc, area=other_village
    )
    return World(
        municipality,
        village_a,
        village_b,
        team_a,
        team_b,
        users,
        person_a,
        person_b,
        other,
        other_person,
        other_professional,
    )
