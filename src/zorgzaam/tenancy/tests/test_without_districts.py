"""A municipality set up from the PC4 list alone (no district outlines) works everywhere:
one area named after the municipality stands in for the villages."""

from io import StringIO

import pytest
from django.core.management import call_command

from zorgzaam.accounts.roles import Role
from zorgzaam.common.testing import UserFactory, login
from zorgzaam.common.urlwalk import routes
from zorgzaam.people.services import person_create
from zorgzaam.reports.selectors import report_build
from zorgzaam.stories.tests.factories import approved_story
from zorgzaam.tenancy.models import Area, Municipality

pytestmark = pytest.mark.django_db

PERIOD = "2026-Q3"


@pytest.fixture
def gouda():
    call_command("municipality", "add", "GM0513", stdout=StringIO())
    municipality = Municipality.objects.get(code="GM0513")
    users = {
        role: UserFactory(username=f"gouda-{role}", role=role, municipality=municipality)
        for role in Role.values
    }
    return municipality, users


def test_people_get_the_whole_municipality_area(gouda):
    municipality, _ = gouda
    person = person_create(
        municipality=municipality, given_name="Anna", family_name="Goudse", postcode="2801AB"
    )
    assert person.area == Area.objects.get(code="GM0513")
    assert person.area.name == "Gouda"


def test_the_report_builds_with_one_row_for_the_municipality(gouda, client):
    municipality, users = gouda
    area = Area.objects.get(municipality=municipality)

    class World:  # the story factory's view of a world
        pass

    world = World()
    world.municipality = municipality
    world.village_a = area
    approved_story(world, title="Koffie in de Goudse Hout", period=PERIOD)
    report = report_build(municipality, PERIOD)
    assert [a.name for a in report.areas] == ["Gouda"]
    login(client, users[Role.POLICY_OFFICER])
    page = client.get(f"/report/?period={PERIOD}")
    assert page.status_code == 200
    assert "Gouda" in page.content.decode()
    # A story not chosen in a Most Significant Change round is in the annex.
    annex = client.get(f"/report/stories/?period={PERIOD}")
    assert annex.status_code == 200
    assert "Koffie in de Goudse Hout" in annex.content.decode()
    assert client.get(f"/report/csv/?period={PERIOD}").status_code == 200


def test_every_page_answers_without_error_for_every_role(gouda, client):
    """No page assumes villages with outlines: every parameterless URL, as every role."""
    _, users = gouda
    plain = [r for r in routes() if "<" not in r.pattern]
    assert len(plain) > 20
    for role, user in users.items():
        client.logout()
        login(client, user)
        for route in plain:
            response = client.get(route.sample_url())
            assert response.status_code < 500, (role, route.pattern)
