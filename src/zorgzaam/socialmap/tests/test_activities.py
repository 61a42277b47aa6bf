"""The hub coordinator runs the programme (issue #18): change an activity, cancel it (the
people signed up are told), see who signed up; the council and other municipalities cannot."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.dispatch import receiver

from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.errors import ApplicationError
from zorgzaam.common.testing import UserFactory, login, make_world
from zorgzaam.socialmap import activities, hubs
from zorgzaam.socialmap.models import Activity, SignUp
from zorgzaam.socialmap.signals import activity_changed

from . import test_hubs

# The hub and its weekly coffee morning (two places), as the hub tests make them.
hub = test_hubs.hub
coffee = test_hubs.coffee

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def told():
    """What the signal carries to the parts that tell people (after the commit)."""
    seen: list[dict] = []

    @receiver(activity_changed, weak=False)
    def collect(sender, signal, **kwargs):
        assert kwargs.pop("title") and kwargs.pop("hub_name") and kwargs.pop("hub_public_id")
        assert kwargs.pop("version")
        seen.append(kwargs)

    yield seen
    activity_changed.disconnect(collect)


def _people(world, n: int):
    return [
        UserFactory(role="resident", municipality=world.municipality, username=f"bewoner-{i}")
        for i in range(n)
    ]


def _form(activity, **change) -> dict:
    data = {
        "title": activity.title,
        "description": activity.description,
        "starts_at": activity.starts_at,
        "duration_minutes": activity.duration_minutes,
        "rrule": activity.rrule,
        "capacity": activity.capacity,
    }
    data.update(change)
    return data


def test_change_what_and_tell_the_people_signed_up(world, coffee, told):
    a, b, c = _people(world, 3)
    for user in (a, b, c):
        hubs.signup_create(actor=user, activity=coffee, starts_at=coffee.starts_at)
    coordinator = world.users["hub_coordinator"]
    activities.activity_update(
        actor=coordinator, activity=coffee, data=_form(coffee, title="Koffie en krant")
    )
    coffee.refresh_from_db()
    assert coffee.title == "Koffie en krant"
    assert told == [
        {"activity_id": coffee.pk, "user_ids": sorted([a.pk, b.pk, c.pk]), "change": "changed"}
    ]
    assert AuditEvent.objects.get(event="socialmap.activity_change").fields == ["title"]


def test_more_places_let_the_waiting_list_in_and_fewer_than_held_is_refused(world, coffee, told):
    a, b, c = _people(world, 3)
    signups = [
        hubs.signup_create(actor=u, activity=coffee, starts_at=coffee.starts_at) for u in (a, b, c)
    ]
    assert signups[2].status == SignUp.Status.WAITING
    coordinator = world.users["hub_coordinator"]
    with pytest.raises(ApplicationError) as refused:
        activities.activity_update(
            actor=coordinator, activity=coffee, data=_form(coffee, capacity=1)
        )
    assert refused.value.field == "capacity"
    activities.activity_update(actor=coordinator, activity=coffee, data=_form(coffee, capacity=5))
    signups[2].refresh_from_db()
    assert signups[2].status == SignUp.Status.CONFIRMED
    assert told == [{"activity_id": coffee.pk, "user_ids": [c.pk], "change": "promoted"}]


def test_time_cannot_move_under_people_signed_up(world, coffee):
    (a,) = _people(world, 1)
    hubs.signup_create(actor=a, activity=coffee, starts_at=coffee.starts_at)
    coordinator = world.users["hub_coordinator"]
    later = coffee.starts_at + timedelta(hours=2)
    with pytest.raises(ApplicationError) as refused:
        activities.activity_update(
            actor=coordinator, activity=coffee, data=_form(coffee, starts_at=later)
        )
    assert refused.value.field == "starts_at"
    coffee.refresh_from_db()
    assert coffee.starts_at != later


def test_manage_page_says_so_when_nobody_needs_to_be_told(client, world, coffee):
    login(client, world.users["hub_coordinator"])
    page = client.get(f"/hubs/activities/{coffee.public_id}/").content.decode()
    assert "Niemand heeft zich voor een komende keer aangemeld" in page
    assert "De 0 mensen" not in page
    (a,) = _people(world, 1)
    hubs.signup_create(actor=a, activity=coffee, starts_at=coffee.starts_at)
    page = client.get(f"/hubs/activities/{coffee.public_id}/").content.decode()
    assert "De 1 persoon die zich voor een komende keer aanmeldde" in page


def test_cancel_cancels_every_coming_signup_and_tells_them(client, world, coffee, told):
    a, b, c = _people(world, 3)
    hubs.signup_create(actor=a, activity=coffee, starts_at=coffee.starts_at)
    hubs.signup_create(actor=b, activity=coffee, starts_at=coffee.starts_at + timedelta(days=7))
    hubs.signup_create(actor=c, activity=coffee, starts_at=coffee.starts_at)
    login(client, world.users["hub_coordinator"])
    url = f"/hubs/activities/{coffee.public_id}/cancel/"
    # Without the confirmation box nothing happens.
    client.post(url, {})
    coffee.refresh_from_db()
    assert coffee.status == Activity.Status.APPROVED
    response = client.post(url, {"confirm": "yes"}, follow=True)
    assert "3 mensen die zich aanmeldden krijgen bericht" in response.content.decode()
    coffee.refresh_from_db()
    assert coffee.status == Activity.Status.CANCELLED
    assert not SignUp.objects.exclude(status=SignUp.Status.CANCELLED).exists()
    assert told == [
        {"activity_id": coffee.pk, "user_ids": sorted([a.pk, b.pk, c.pk]), "change": "cancelled"}
    ]
    # Gone from the hub's programme.
    assert all(item["activity"] != coffee for item in hubs.programme(coffee.hub))


def test_the_coordinator_sees_who_signed_up_and_the_view_is_audited(client, world, coffee):
    a, b, c = _people(world, 3)
    for user in (a, b, c):
        hubs.signup_create(actor=user, activity=coffee, starts_at=coffee.starts_at)
    login(client, world.users["hub_coordinator"])
    page = client.get(f"/hubs/activities/{coffee.public_id}/").content.decode()
    assert "Wie heeft zich aangemeld" in page
    assert page.count("op de wachtlijst") == 1
    assert AuditEvent.objects.filter(event="socialmap.signups_view").count() == 1


@pytest.mark.parametrize("who", ["council_resident", "volunteer", "other_municipality"])
def test_others_cannot_change_cancel_or_see_the_list(client, world, coffee, who):
    if who == "other_municipality":
        other = make_world()
        user = other.users["hub_coordinator"]
    elif who == "council_resident":
        user = world.users["resident"]  # person_a chairs the council in the fixture
    else:
        user = world.users["volunteer"]
    login(client, user)
    manage = client.get(f"/hubs/activities/{coffee.public_id}/")
    cancel = client.post(f"/hubs/activities/{coffee.public_id}/cancel/", {"confirm": "yes"})
    assert manage.status_code in (403, 404) and cancel.status_code in (403, 404)
    coffee.refresh_from_db()
    assert coffee.status == Activity.Status.APPROVED
    assert AuditEvent.objects.filter(event="access.denied", outcome="denied").exists()
    assert not AuditEvent.objects.filter(event="socialmap.signups_view").exists()
