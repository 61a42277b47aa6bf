"""The audit rows of the social map and its hubs that no other test named (#16), each
triggered through its service with real objects: actor, municipality, event, object id, and
never a name, an address or a title."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from zorgzaam.audit.tests.rows import assert_no_personal_data, audit_row, last_pk
from zorgzaam.common.testing import UserFactory
from zorgzaam.socialmap import activities, hubs, services
from zorgzaam.socialmap.hsds.reader import Dataset, read_json_document
from zorgzaam.socialmap.models import Activity, Service, SignUp

from .helpers import hsds_service

pytestmark = pytest.mark.django_db


def _next_tuesday_10():
    today = timezone.localdate()
    day = today + timedelta(days=(1 - today.weekday()) % 7 or 7)
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def test_hsds_import_export_and_verify_are_audited(world, tmp_path):
    admin = world.users["administrator"]
    dataset = Dataset()
    read_json_document(
        [hsds_service("Repair Café bij Henk de Vries", postcode="2000AB")], "test", dataset
    )
    since = last_pk()
    services.hsds_import(dataset=dataset, municipality=world.municipality, actor=admin)
    row = audit_row(
        "socialmap.hsds_import", actor=admin, municipality=world.municipality, since=since
    )
    assert (row.target_type, row.target_id) == ("socialmap.hsds", world.municipality.code)
    assert "service" in row.fields
    assert_no_personal_data(row, "Henk", "Vries", "Dorpsstraat")

    since = last_pk()
    counts = services.hsds_export(directory=tmp_path, municipality=world.municipality, actor=admin)
    assert counts
    row = audit_row(
        "socialmap.hsds_export", actor=admin, municipality=world.municipality, since=since
    )
    assert (row.target_type, row.target_id) == ("socialmap.hsds", world.municipality.code)

    service = Service.objects.get(municipality=world.municipality)
    coordinator = world.users["hub_coordinator"]
    since = last_pk()
    services.service_verify(actor=coordinator, service=service)
    row = audit_row(
        "socialmap.item_verify",
        actor=coordinator,
        municipality=world.municipality,
        target=service,
        since=since,
    )
    assert row.fields == ["assured_date"]
    assert_no_personal_data(row, service.name)


def test_hub_change_and_the_life_of_an_activity_are_audited(world):
    admin, coordinator = world.users["administrator"], world.users["hub_coordinator"]
    hub = hubs.hub_save(
        actor=admin, data={"name": "Huis van Alles Noorddorp", "area": world.village_a}
    )
    since = last_pk()
    hubs.hub_save(
        actor=admin,
        hub=hub,
        data={"description": "Koffie bij Truus", "coordinator": coordinator},
    )
    row = audit_row(
        "socialmap.hub_change",
        actor=admin,
        municipality=world.municipality,
        target=hub,
        since=since,
    )
    assert row.fields == ["coordinator", "description"]
    assert_no_personal_data(row, "Truus", hub.name)

    resident = world.users["resident"]
    since = last_pk()
    activity = hubs.activity_propose(
        actor=resident,
        hub=hub,
        data={
            "title": "Breiclub van Marijke",
            "starts_at": _next_tuesday_10(),
            "capacity": 1,
            "rrule": "FREQ=WEEKLY;BYDAY=TU",
            "approve_now": True,
        },
    )
    row = audit_row(
        "socialmap.activity_propose",
        actor=resident,
        municipality=world.municipality,
        target=activity,
        since=since,
    )
    assert row.fields == ["capacity", "rrule", "starts_at", "title"]
    assert_no_personal_data(row, "Breiclub", "Marijke")
    activity = hubs.activity_decide(actor=coordinator, activity=activity, approve=True)

    first = hubs.occurrences(activity, timezone.localtime(), timezone.localtime() + timedelta(8))[0]
    a, b = (UserFactory(role="resident", municipality=world.municipality) for _ in range(2))
    since = last_pk()
    held = hubs.signup_create(actor=a, activity=activity, starts_at=first)
    row = audit_row(
        "socialmap.signup", actor=a, municipality=world.municipality, target=held, since=since
    )
    assert row.fields == ["status"]
    waiting = hubs.signup_create(actor=b, activity=activity, starts_at=first)
    assert waiting.status == SignUp.Status.WAITING

    since = last_pk()
    promoted = hubs.signup_cancel(actor=a, signup=held)
    assert promoted is not None and promoted.pk == waiting.pk
    audit_row(
        "socialmap.signup_cancel",
        actor=a,
        municipality=world.municipality,
        target=held,
        since=since,
    )
    row = audit_row(
        "socialmap.signup_promote",
        actor=a,
        municipality=world.municipality,
        target=waiting,
        since=since,
    )
    assert row.fields == ["status"]
    assert_no_personal_data(row, b.username, b.email)

    since = last_pk()
    session = hubs.attendance_record(actor=coordinator, activity=activity, starts_at=first, count=7)
    row = audit_row(
        "socialmap.attendance",
        actor=coordinator,
        municipality=world.municipality,
        target=session,
        since=since,
    )
    assert row.fields == ["attendance"]

    since = last_pk()
    told = activities.activity_cancel(actor=coordinator, activity=activity)
    assert told == 1  # b held the place
    assert Activity.objects.get(pk=activity.pk).status == Activity.Status.CANCELLED
    row = audit_row(
        "socialmap.activity_cancel",
        actor=coordinator,
        municipality=world.municipality,
        target=activity,
        since=since,
    )
    assert row.fields == ["signups", "status"]
    assert_no_personal_data(row, "Breiclub", b.username)
