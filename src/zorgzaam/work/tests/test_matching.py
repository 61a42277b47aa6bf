"""Job seekers to employer buddies through the neighbour-help matching engine."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from zorgzaam.accounts.roles import Role
from zorgzaam.help.matching import slot_mask
from zorgzaam.work import matching, services
from zorgzaam.work.models import Employer

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def coord(world):
    return world.users[Role.HUB_COORDINATOR]


def test_nearest_fitting_employer_first_with_reasons(world, coord):
    seeker = f.seeker(coord, world.person_a)  # at 52.045, 4.73; care, caring
    near = f.employer(coord, name="Zorghuis Dichtbij", lat=52.050, lon=4.73, skills=["caring"])
    far = f.employer(coord, name="Zorghuis Verder", lat=52.090, lon=4.73, skills=["caring"])
    other = f.employer(coord, name="Bouwbedrijf", sector="construction", lat=52.046, lon=4.73)
    too_far = f.employer(coord, name="Zorg Ver Weg", lat=52.3, lon=4.73)
    proposals, why = matching.propose(seeker, list(Employer.objects.all()), "buddy")
    names = [p.employer for p in proposals]
    assert why == ""
    assert too_far not in names
    assert names.index(near) < names.index(far)
    assert names.index(near) < names.index(other)  # fit beats 0.4 km
    first = proposals[0]
    assert first.employer == near
    assert first.reasons.startswith("0.6 km, free Monday mornings")
    assert first.fit == ("care and welfare", "caring for others")
    with translation.override("nl"):
        dutch, _why = matching.propose(seeker, [near], "buddy")
    assert dutch[0].reasons.startswith("0,6 km, vrij maandagochtend")
    assert dutch[0].fit == ("zorg en welzijn", "zorgen voor anderen")
    assert first.free_places == 2
    assert far in names


def test_full_employers_and_missing_times_are_explained(world, coord):
    seeker = f.seeker(coord, world.person_a)
    e = f.employer(coord, buddy_capacity=1)
    other = f.seeker(coord, world.person_b)
    services.placement_record(
        actor=coord,
        job_seeker=other,
        employer=e,
        kind="buddy",
        start=dt.date(2026, 1, 1),
        hours_per_week=Decimal(4),
    )
    proposals, why = matching.propose(seeker, [e], "buddy")
    assert proposals == [] and "full" in why
    weekend = f.seeker(
        coord,
        world.other_person.__class__.objects.create(
            municipality=world.municipality,
            given_name="A",
            family_name="B",
            postcode="2002 AB",
            postcode_area=world.person_a.postcode_area,
            latitude=52.045,
            longitude=4.73,
        ),
        availability=slot_mask([(6, 2)]),
    )
    e2 = f.employer(coord)
    proposals, why = matching.propose(weekend, [e2], "buddy")
    assert proposals == [] and "available" in why
    assert matching.propose(seeker, [], "job")[1] == "No employer offers this yet."
