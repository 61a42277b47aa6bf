"""Need-to-know on person pages: second factor, municipality, team, role."""

import pytest
from django.utils.html import escape

from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.testing import login

pytestmark = pytest.mark.django_db


def url(person):
    return f"/people/{person.public_id}/"


def test_professional_of_the_team_sees_the_person_and_it_is_logged(client, world):
    login(client, world.users["professional"])
    response = client.get(url(world.person_a))
    assert response.status_code == 200
    assert escape(world.person_a.family_name) in response.content.decode()
    assert (
        AuditEvent.objects.filter(
            event="person.view", outcome="allowed", subject_id=world.person_a.public_id
        ).count()
        == 1
    )


def test_without_second_factor_redirects_and_logs_the_attempt(client, world):
    login(client, world.users["professional"], verified=False)
    response = client.get(url(world.person_a))
    assert response.status_code == 302
    assert response["Location"].startswith("/account/2fa/?next=")
    denied = AuditEvent.objects.get(event="access.denied")
    assert denied.reason == "second factor required"
    assert world.person_a.family_name.encode() not in response.content


def test_person_of_another_team_is_refused_and_logged(client, world):
    login(client, world.users["professional"])
    response = client.get(url(world.person_b))
    assert response.status_code == 403
    denied = AuditEvent.objects.get(event="access.denied")
    assert denied.subject_id == world.person_b.public_id
    assert denied.reason == "no need-to-know"


def test_person_of_another_municipality_is_refused_and_logged(client, world):
    login(client, world.other_professional)
    response = client.get(url(world.person_a))
    assert response.status_code == 403
    assert AuditEvent.objects.filter(
        event="access.denied", subject_id=world.person_a.public_id
    ).exists()
    listing = client.get("/people/")
    names = [p.public_id for p in listing.context["page"].object_list]
    assert names == [world.other_person.public_id]


@pytest.mark.parametrize(
    "role", ["resident", "volunteer", "hub_coordinator", "policy_officer", "administrator"]
)
def test_roles_without_need_to_know_are_refused_and_logged(client, world, role):
    login(client, world.users[role])
    response = client.get(url(world.person_a))
    assert response.status_code == 403
    assert AuditEvent.objects.filter(event="access.denied", outcome="denied").exists()


def test_unknown_id_is_404(client, world):
    login(client, world.users["professional"])
    assert client.get("/people/00000000-0000-4000-8000-000000000000/").status_code == 404


def test_list_shows_only_team_villages(client, world):
    login(client, world.users["team_lead"])
    response = client.get("/people/")
    ids = {p.public_id for p in response.context["page"].object_list}
    assert ids == {world.person_a.public_id}
