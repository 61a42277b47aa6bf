"""The volunteer's own pages (#18): hours per month and per year with every task done, this
year's hours on Mijn taken, and a buddy task that names the buddy and leads to the check-in
instead of the one-off "Klaar? Hoeveel uur" form."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from zorgzaam.common.testing import login
from zorgzaam.help import selectors, services
from zorgzaam.help.models import HelpRequest

from .factories import make_accepted, make_pairing

pytestmark = pytest.mark.django_db


def _done(helpworld, hours, done_at):
    req, _ = make_accepted(helpworld)
    services.help_request_complete(help_request=req, actor=None, hours=hours)
    HelpRequest.objects.filter(pk=req.pk).update(done_at=done_at)
    return req


def test_hours_per_month_and_year(client, helpworld):
    now = timezone.now()
    last_year = now.replace(year=now.year - 1, month=6, day=15)
    _done(helpworld, "1,5", now)
    _done(helpworld, "2", now)
    _done(helpworld, "", now)
    _done(helpworld, "3", last_year)
    summary = selectors.volunteer_hours(helpworld.profile)
    assert summary.total == Decimal("6.5") and summary.this_year == Decimal("3.5")
    assert [(y["year"], y["hours"], y["tasks"]) for y in summary.years] == [
        (now.year, Decimal("3.5"), 3),
        (now.year - 1, Decimal("3"), 1),
    ]
    assert [m["month"].month for m in summary.months][-1] == 6
    assert summary.without_hours == 1

    login(client, helpworld.volunteer)
    text = client.get("/help/volunteer/hours/").content.decode()
    assert "<h1>Mijn uren</h1>" in text
    assert "6,5 uur" in text and "3,5 uur" in text
    assert f"juni {now.year - 1}" in text
    assert "niet ingevuld" in text and "Bij 1 taak zijn geen uren ingevuld" in text
    tasks = client.get("/help/tasks/").content.decode()
    assert "3,5 uur dit jaar" in tasks and 'href="/help/volunteer/hours/"' in tasks


def test_hours_page_without_profile_or_tasks(client, helpworld, world):
    login(client, helpworld.volunteer)
    text = client.get("/help/volunteer/hours/").content.decode()
    assert "U hebt nog geen taak afgerond" in text
    from zorgzaam.accounts.roles import Role
    from zorgzaam.common.testing import UserFactory

    login(client, UserFactory(role=Role.VOLUNTEER, municipality=world.municipality))
    response = client.get("/help/volunteer/hours/")
    assert response.status_code == 302 and response.url == "/help/tasks/"


def test_buddy_task_names_the_buddy_and_leads_to_the_checkin(client, helpworld):
    pairing = make_pairing(helpworld, weeks_ago=3)
    proposal = pairing.request.proposals.get(status="accepted")
    buddy = pairing.requester.given_name
    login(client, helpworld.volunteer)
    text = client.get(f"/help/tasks/{proposal.public_id}/").content.decode()
    assert f"U en {buddy}" in text
    assert f"/help/buddies/{pairing.public_id}/checkin/" in text
    assert "Klaar?" not in text and 'name="hours"' not in text
    tasks = client.get("/help/tasks/").content.decode()
    assert f"U en {buddy}" in tasks
    services.buddy_checkin_record(
        pairing=pairing, actor=helpworld.volunteer, going_well=True, note="Samen gewandeld"
    )
    text = client.get(f"/help/buddies/{pairing.public_id}/checkin/").content.decode()
    assert "Eerdere contactmomenten" in text and "Samen gewandeld" in text
    # a one-off task still has the done form with hours
    req, one_off = make_accepted(helpworld)
    text = client.get(f"/help/tasks/{one_off.public_id}/").content.decode()
    assert 'name="hours"' in text
    assert timezone.localdate() - pairing.start_date == dt.timedelta(weeks=3)


def test_hours_are_shown_as_people_write_them():
    from zorgzaam.help.hours import hours_display

    assert [hours_display(Decimal(v)) for v in ("10.00", "1.50", "1.25", "0.75")] == [
        "10",
        "1,5",
        "1,25",
        "0,75",
    ]
    assert hours_display(None) == ""
