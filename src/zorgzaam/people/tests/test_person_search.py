"""One rule for finding residents (issue #16/#18): the people page and the on-behalf page
search by name, postcode and date of birth within the actor's need-to-know, never beyond."""

from __future__ import annotations

from datetime import date

import pytest

from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.testing import PersonFactory, login
from zorgzaam.people.selectors import person_search

pytestmark = pytest.mark.django_db


@pytest.fixture
def residents(world):
    pc = world.person_a.postcode_area
    make = lambda **kw: PersonFactory(  # noqa: E731
        municipality=world.municipality, postcode_area=pc, area=world.village_a, **kw
    )
    return {
        "jan": make(
            given_name="Jan",
            infix="van der",
            family_name="Berg",
            postcode=f"{pc.pc4} AB",
            date_of_birth=date(1948, 3, 12),
        ),
        "joke": make(given_name="Joke", family_name="Bergman", postcode=f"{pc.pc4} CD"),
        "piet": make(
            given_name="Piet",
            family_name="Jansen",
            postcode=f"{pc.pc4} AB",
            date_of_birth=date(1951, 7, 1),
        ),
        "anna": make(given_name="Anna", infix="de", family_name="Vries", postcode=f"{pc.pc4} CD"),
        # The same family name at another postcode (the field holds the full address's code).
        "kees": make(given_name="Kees", infix="de", family_name="Vries", postcode="9321 XY"),
        "abdel": make(given_name="Abdel", family_name="Ouali", postcode="9321 XZ"),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("berg", {"jan", "joke"}),
        ("van der berg", {"jan"}),
        ("jan", {"jan", "piet"}),  # first name Jan, last name Jansen
        ("jansen", {"piet"}),
        ("12-3-1948", {"jan"}),
        ("1951-07-01", {"piet"}),
        ("berg 12-3-1948", {"jan"}),
        ("31-2-1950", set()),  # not a date: a word that matches nobody
        ("zzz", set()),
    ],
)
def test_terms_narrow_the_search(world, residents, query, expected):
    found = set(person_search(world.users["professional"], query))
    assert found & set(residents.values()) == {residents[k] for k in expected}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Name and postcode in one query, in either order, PC4 or PC6, any spacing or case.
        ("de Vries PC4", {"anna"}),
        ("PC4 de vries", {"anna"}),
        ("vries 9321", {"kees"}),
        ("de Vries 9321 XY", {"kees"}),
        ("de vries 9321xy", {"kees"}),
        ("Kees 9321 xy", {"kees"}),
        ("9321", {"kees", "abdel"}),
        ("9321 XZ", {"abdel"}),
        # Two letters after the four digits are read as postcode letters or as a name word:
        # "9321 ab" finds nobody with postcode 9321 AB, but Abdel of 9321.
        ("9321 ab", {"abdel"}),
        ("de vries 9321 AB", set()),
        ("berg PC4", {"jan", "joke"}),
        ("berg PC4 AB", {"jan"}),
        ("jan PC4 12-3-1948", {"jan"}),
        ("vries 1234", set()),  # a postcode area where nobody lives
        ("0123", set()),  # no Dutch postcode starts with 0: a word that matches nobody
    ],
)
def test_name_and_postcode_in_one_query(world, residents, query, expected):
    query = query.replace("PC4", world.person_a.postcode_area.pc4)
    found = set(person_search(world.users["professional"], query))
    assert found & set(residents.values()) == {residents[k] for k in expected}


def test_name_and_postcode_search_keeps_the_need_to_know_rule(world, residents):
    # The same name and postcode as a visible resident, but in another team's village or
    # another municipality: never found.
    hidden = [
        PersonFactory(
            municipality=world.municipality,
            area=world.village_b,
            postcode_area=world.person_b.postcode_area,
            given_name="Kees",
            infix="de",
            family_name="Vries",
            postcode="9321 XY",
        ),
        PersonFactory(
            municipality=world.other_municipality,
            area=world.other_person.area,
            postcode_area=world.other_person.postcode_area,
            given_name="Kees",
            infix="de",
            family_name="Vries",
            postcode="9321 XY",
        ),
    ]
    found = set(person_search(world.users["professional"], "de vries 9321 XY"))
    assert found == {residents["kees"]}
    assert not set(hidden) & found
    assert not person_search(world.users["volunteer"], "de vries 9321").exists()
    assert not person_search(world.users["hub_coordinator"], "de vries 9321").exists()


def test_postcode_search(world, residents):
    pc4 = world.person_a.postcode_area.pc4
    found = set(person_search(world.users["professional"], f"{pc4}ab"))
    assert found == {residents["jan"], residents["piet"], world.person_a}


def test_search_never_reaches_beyond_need_to_know(world, residents):
    # Another team's professional, another municipality's person, a volunteer: not found.
    assert world.person_b not in person_search(
        world.users["professional"], world.person_b.family_name
    )
    assert world.other_person not in person_search(
        world.users["professional"], world.other_person.family_name
    )
    assert not person_search(world.users["volunteer"], "berg").exists()


@pytest.mark.parametrize("url", ["/people/", "/help/on-behalf/"])
def test_pages_search_and_audit_that_a_search_was_made(client, world, residents, url):
    login(client, world.users["professional"])
    page = client.get(url, {"q": "bergman"}).content.decode()
    assert "Joke Bergman" in page and "Piet Jansen" not in page
    line = AuditEvent.objects.filter(event="person.list").latest("pk")
    assert line.fields == ["search"] and "bergman" not in str(line.reason).lower()
