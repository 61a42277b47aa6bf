"""A hub activity cancelled or changed by the coordinator: everyone signed up for a coming
session gets a message on their own channel, once (issue #18: "attendees told")."""

from __future__ import annotations

import pytest

from zorgzaam.common.testing import UserFactory
from zorgzaam.help.models import Notification
from zorgzaam.socialmap import activities, hubs
from zorgzaam.socialmap.tests import test_hubs

pytestmark = pytest.mark.django_db

hub = test_hubs.hub
coffee = test_hubs.coffee


def test_cancelling_tells_everyone_signed_up_once(
    world, coffee, django_capture_on_commit_callbacks
):
    people = [
        UserFactory(
            role="resident",
            municipality=world.municipality,
            username=f"gast-{i}",
            email=f"gast{i}@example.nl",
        )
        for i in range(3)
    ]
    for user in people:
        hubs.signup_create(actor=user, activity=coffee, starts_at=coffee.starts_at)
    with django_capture_on_commit_callbacks(execute=True):
        activities.activity_cancel(actor=world.users["hub_coordinator"], activity=coffee)
    notes = Notification.objects.filter(kind="activity_cancelled")
    assert sorted(n.recipient_id for n in notes) == sorted(u.pk for u in people)
    note = notes.first()
    assert note.subject == "Geannuleerd: Koffieochtend"
    assert "Huis van Alles Noorddorp" in note.body
    assert note.link == f"/hubs/{coffee.hub.public_id}/"


def test_a_place_coming_free_is_told_to_the_one_promoted(
    world, coffee, django_capture_on_commit_callbacks
):
    a, b, c = (
        UserFactory(role="resident", municipality=world.municipality, username=f"wacht-{i}")
        for i in range(3)
    )
    for user in (a, b, c):
        hubs.signup_create(actor=user, activity=coffee, starts_at=coffee.starts_at)
    data = {
        "title": coffee.title,
        "description": coffee.description,
        "starts_at": coffee.starts_at,
        "duration_minutes": coffee.duration_minutes,
        "rrule": coffee.rrule,
        "capacity": 3,
    }
    with django_capture_on_commit_callbacks(execute=True):
        activities.activity_update(actor=world.users["hub_coordinator"], activity=coffee, data=data)
    notes = Notification.objects.filter(kind="activity_promoted")
    assert [n.recipient_id for n in notes] == [c.pk]
    assert notes.get().subject == "U hebt een plaats: Koffieochtend"
