"""Community hubs: proposals and council approval, sign-ups with capacity and waiting list
(promotion on cancel, concurrency-safe), attendance, iCalendar feed."""

from __future__ import annotations

import threading
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.utils import timezone
from icalendar import Calendar

from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.errors import ApplicationError
from zorgzaam.common.testing import UserFactory, login
from zorgzaam.socialmap import hubs
from zorgzaam.socialmap.models import Activity, CouncilMember, Hub, SignUp

pytestmark = pytest.mark.django_db


def _next_tuesday_10():
    today = timezone.localdate()
    days = (1 - today.weekday()) % 7 or 7
    day = today + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


@pytest.fixture
def hub(world):
    hub = Hub.objects.create(
        municipality=world.municipality,
        area=world.village_a,
        name="Huis van Alles Noorddorp",
        coordinator=world.users["hub_coordinator"],
    )
    CouncilMember.objects.create(
        municipality=world.municipality, hub=hub, person=world.person_a, role="chair"
    )
    return hub


@pytest.fixture
def coffee(hub, world):
    return Activity.objects.create(
        municipality=world.municipality,
        hub=hub,
        title="Koffieochtend",
        starts_at=_next_tuesday_10(),
        duration_minutes=120,
        rrule="FREQ=WEEKLY;BYDAY=TU",
        capacity=2,
        status=Activity.Status.APPROVED,
    )


def test_resident_proposes_and_council_member_approves(client, world, hub):
    resident = world.users["resident"]
    login(client, resident)
    start = (timezone.localtime() + timedelta(days=7)).strftime("%Y-%m-%dT15:00")
    response = client.post(
        f"/hubs/{hub.public_id}/propose/",
        {
            "title": "Jeu de boules",
            "starts_at": start,
            "duration_minutes": 90,
            "rrule": "FREQ=WEEKLY",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get(title="Jeu de boules")
    assert activity.status == Activity.Status.PROPOSED and activity.proposed_by == resident
    # A resident outside the council may not decide.
    assert client.get(f"/hubs/{hub.public_id}/proposals/").status_code == 403
    # The council chair (a resident too) decides.
    chair = UserFactory(role="resident", municipality=world.municipality)
    world.person_a.user = chair
    world.person_a.save(update_fields=["user"])
    login(client, chair)
    assert client.get(f"/hubs/{hub.public_id}/proposals/").status_code == 200
    response = client.post(
        f"/hubs/activities/{activity.public_id}/decide/", {"decision": "approve"}
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == Activity.Status.APPROVED and activity.decided_by == chair
    assert AuditEvent.objects.filter(event="socialmap.activity_decide").exists()
    # Deciding twice is refused.
    with pytest.raises(ApplicationError, match="already"):
        hubs.activity_decide(actor=chair, activity=activity, approve=False)


def test_bad_rrule_and_past_moment_are_refused(world, hub):
    with pytest.raises(ApplicationError, match="RRULE"):
        hubs.activity_propose(
            actor=world.users["resident"],
            hub=hub,
            data={"title": "X", "starts_at": _next_tuesday_10(), "rrule": "FREQ=SOMETIMES"},
        )


def test_capacity_waiting_list_and_promotion(world, coffee):
    first_session = hubs.occurrences(
        coffee, timezone.localtime(), timezone.localtime() + timedelta(days=8)
    )[0]
    a, b, c = (UserFactory(role="resident", municipality=world.municipality) for _ in range(3))
    assert (
        hubs.signup_create(actor=a, activity=coffee, starts_at=first_session).status == "confirmed"
    )
    assert (
        hubs.signup_create(actor=b, activity=coffee, starts_at=first_session).status == "confirmed"
    )
    waiting = hubs.signup_create(actor=c, activity=coffee, starts_at=first_session)
    assert waiting.status == SignUp.Status.WAITING
    with pytest.raises(ApplicationError, match="already"):
        hubs.signup_create(actor=a, activity=coffee, starts_at=first_session)
    with pytest.raises(ApplicationError, match="no session"):
        hubs.signup_create(actor=a, activity=coffee, starts_at=first_session + timedelta(hours=1))
    promoted = hubs.signup_cancel(actor=a, signup=SignUp.objects.get(user=a))
    assert promoted is not None and promoted.pk == waiting.pk
    waiting.refresh_from_db()
    assert waiting.status == SignUp.Status.CONFIRMED
    # The programme shows the numbers.
    item = hubs.programme(coffee.hub)[0]
    assert item["confirmed"] == 2 and item["free_places"] == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_signups_never_exceed_capacity(world, coffee):
    if connection.vendor == "sqlite" and "memory" in str(connection.settings_dict["NAME"]):
        pytest.skip("threads need a file or server database (run on PostgreSQL)")
    moment = hubs.occurrences(
        coffee, timezone.localtime(), timezone.localtime() + timedelta(days=8)
    )[0]
    users = [UserFactory(role="resident", municipality=world.municipality) for _ in range(8)]
    errors = []

    def go(user):
        try:
            hubs.signup_create(actor=user, activity=coffee, starts_at=moment)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=go, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    statuses = list(SignUp.objects.values_list("status", flat=True))
    assert statuses.count("confirmed") == 2 and statuses.count("waiting") == 6


def test_signup_views_and_my_activities(client, world, coffee):
    volunteer = world.users["volunteer"]
    login(client, volunteer)
    page = client.get(f"/hubs/{coffee.hub.public_id}/")
    assert page.status_code == 200 and "Koffieochtend" in page.content.decode()
    moment = hubs.programme(coffee.hub)[0]["starts_at"]
    response = client.post(
        f"/hubs/activities/{coffee.public_id}/signup/", {"starts_at": moment.isoformat()}
    )
    assert response.status_code == 302
    assert SignUp.objects.filter(user=volunteer, status="confirmed").count() == 1
    assert "Koffieochtend" in client.get("/hubs/mine/").content.decode()
    signup = SignUp.objects.get(user=volunteer)
    other = world.users["resident"]
    login(client, other)
    assert client.post(f"/hubs/signups/{signup.public_id}/cancel/").status_code == 403
    login(client, volunteer)
    assert client.post(f"/hubs/signups/{signup.public_id}/cancel/").status_code == 302
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.CANCELLED


def test_attendance_by_coordinator(client, world, coffee):
    Activity.objects.filter(pk=coffee.pk).update(starts_at=coffee.starts_at - timedelta(days=14))
    coffee.refresh_from_db()
    login(client, world.users["hub_coordinator"])
    past = hubs.past_sessions(coffee.hub)
    assert past
    response = client.post(
        f"/hubs/activities/{coffee.public_id}/attendance/",
        {"starts_at": past[0]["starts_at"].isoformat(), "attendance": "17"},
    )
    assert response.status_code == 302
    assert hubs.past_sessions(coffee.hub)[0]["attendance"] == 17


def test_ical_feed(client, coffee):
    response = client.get(f"/hubs/{coffee.hub.public_id}/agenda.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = [e for e in calendar.walk("VEVENT")]
    assert len(events) == 1 and str(events[0]["summary"]) == "Koffieochtend"
    assert events[0]["rrule"]["FREQ"] == ["WEEKLY"]


def test_hub_counts_in_village_report(world, coffee):
    from zorgzaam.socialmap.selectors import socialmap_counts_by_village

    rows = {r["name"]: r for r in socialmap_counts_by_village(world.municipality)}
    assert rows["Noorddorp"]["hubs"] == 1 and rows["Noorddorp"]["activities"] == 1
