"""Volunteer hours: reading what people type, the services that store them (nothing saved
on bad input), the done screens of the volunteer and the coordinator, and ending a buddy
pairing. The figures the council report reads are in test_selectors.py."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import translation
from django.utils.html import escape

from zorgzaam.accounts.roles import Role
from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.errors import ApplicationError
from zorgzaam.common.testing import UserFactory, login
from zorgzaam.help import services
from zorgzaam.help.hours import MAX_BUDDY_HOURS, parse_hours
from zorgzaam.help.models import BuddyPairing

from .factories import make_accepted, make_pairing, make_request


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


# ------------------------------------------------------------------ reading the input
@pytest.mark.parametrize(
    ("typed", "hours"),
    [
        ("1,5", "1.50"),
        ("1.5", "1.50"),
        (" 2 ", "2.00"),
        ("2 uur", "2.00"),
        ("1:30", "1.50"),
        ("0:45", "0.75"),
        (",5", "0.50"),
        ("1,4", "1.50"),  # to the nearest quarter hour
        ("0,2", "0.25"),
        ("200", "200.00"),
        (3, "3.00"),
        (0.75, "0.75"),
        (Decimal("1.25"), "1.25"),
    ],
)
def test_hours_are_read_in_quarter_hours(typed, hours):
    assert parse_hours(typed) == Decimal(hours)


@pytest.mark.parametrize("typed", [None, "", "   "])
def test_no_hours_is_not_recorded(typed):
    assert parse_hours(typed) is None


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-1", "quarter"),
        (-0.5, "quarter"),
        ("0", "quarter"),
        ("0,1", "quarter"),
        ("201", "200"),
        (250, "200"),
        ("abc", "number"),
        ("1,5,5", "number"),
        ("1e3", "number"),
        ("nan", "number"),
        (Decimal("NaN"), "number"),
        (float("inf"), "number"),
        (True, "number"),
        ([2], "number"),
    ],
)
def test_bad_hours_are_refused_clearly(typed, message):
    with translation.override("en"), pytest.raises(ApplicationError) as exc:
        parse_hours(typed)
    assert exc.value.field == "hours"
    assert message in exc.value.message


def test_a_whole_pairing_may_hold_more_hours():
    assert parse_hours("450", maximum=MAX_BUDDY_HOURS) == Decimal("450.00")
    with pytest.raises(ApplicationError):
        parse_hours("450")
    with pytest.raises(ApplicationError):
        parse_hours("1000", maximum=MAX_BUDDY_HOURS)


# ------------------------------------------------------------------ services
@pytest.mark.django_db
def test_complete_stores_the_hours_and_audits_the_field(helpworld):
    req, _ = make_accepted(helpworld)
    services.help_request_complete(help_request=req, actor=helpworld.volunteer, hours="1,5")
    req.refresh_from_db()
    assert req.status == "done" and req.hours_spent == Decimal("1.50")
    req.full_clean()  # the stored value passes the model's own validators
    event = AuditEvent.objects.filter(event="help.request.change", reason="done").get()
    assert set(event.fields) == {"status", "done_at", "hours_spent"}
    assert "1.5" not in str(event.__dict__)  # field names only, never the value


@pytest.mark.django_db
def test_complete_without_hours_leaves_them_empty(helpworld):
    req, _ = make_accepted(helpworld)
    services.help_request_complete(help_request=req, actor=helpworld.volunteer)
    req.refresh_from_db()
    assert req.status == "done" and req.hours_spent is None
    event = AuditEvent.objects.filter(event="help.request.change", reason="done").get()
    assert set(event.fields) == {"status", "done_at"}


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["-2", "0", "201", "veel", True])
def test_bad_hours_save_nothing(helpworld, bad):
    req, _ = make_accepted(helpworld)
    with pytest.raises(ApplicationError) as exc:
        services.help_request_complete(help_request=req, actor=helpworld.volunteer, hours=bad)
    assert exc.value.field == "hours"
    req.refresh_from_db()
    helpworld.profile.refresh_from_db()
    assert req.status == "accepted" and req.done_at is None and req.hours_spent is None
    assert helpworld.profile.active_tasks == 1  # the volunteer is not freed either
    assert not AuditEvent.objects.filter(event="help.request.change", reason="done").exists()


@pytest.mark.django_db
def test_hours_on_a_task_that_is_not_active_are_refused(helpworld):
    req = make_request(helpworld.world)
    with pytest.raises(ApplicationError) as exc:
        services.help_request_complete(help_request=req, actor=None, hours="2")
    assert exc.value.field is None
    req.refresh_from_db()
    assert req.status == "new" and req.hours_spent is None


@pytest.mark.django_db
def test_ending_a_pairing_stores_its_total_hours_on_the_request(helpworld):
    pairing = make_pairing(helpworld)
    services.buddy_pairing_end(
        pairing=pairing, actor=helpworld.coordinator, evaluation="Fijn contact", hours="36,5"
    )
    pairing.request.refresh_from_db()
    assert pairing.request.status == "done" and pairing.request.hours_spent == Decimal("36.50")
    event = AuditEvent.objects.get(event="help.buddy.end")
    assert "hours_spent" in event.fields


@pytest.mark.django_db
def test_ending_a_pairing_with_bad_hours_saves_nothing(helpworld):
    pairing = make_pairing(helpworld)
    with pytest.raises(ApplicationError) as exc:
        services.buddy_pairing_end(
            pairing=pairing, actor=helpworld.coordinator, evaluation="Fijn contact", hours="1000"
        )
    assert exc.value.field == "hours"
    pairing.refresh_from_db()
    pairing.request.refresh_from_db()
    assert pairing.status == "active" and pairing.evaluation == ""
    assert pairing.request.status == "planned" and pairing.request.hours_spent is None
    assert not AuditEvent.objects.filter(event="help.buddy.end").exists()


# ------------------------------------------------------------------ screens
@pytest.mark.django_db
def test_volunteer_marks_done_with_hours(client, helpworld):
    req, proposal = make_accepted(helpworld)
    login(client, helpworld.volunteer)
    page = client.get(f"/help/tasks/{proposal.public_id}/").content.decode()
    assert "Hoeveel uur heeft het gekost?" in page
    assert 'for="id_hours"' in page and 'id="id_hours"' in page and 'inputmode="decimal"' in page
    response = client.post(f"/help/tasks/{proposal.public_id}/done/", {"hours": "1,5"})
    assert response.status_code == 302 and response.url == "/help/tasks/"
    req.refresh_from_db()
    assert req.status == "done" and req.hours_spent == Decimal("1.50")


@pytest.mark.django_db
def test_volunteer_may_leave_the_hours_empty(client, helpworld):
    req, proposal = make_accepted(helpworld)
    login(client, helpworld.volunteer)
    response = client.post(f"/help/tasks/{proposal.public_id}/done/", {"hours": ""})
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == "done" and req.hours_spent is None


@pytest.mark.django_db
def test_bad_hours_are_shown_next_to_the_field_and_kept(client, helpworld):
    req, proposal = make_accepted(helpworld)
    login(client, helpworld.volunteer)
    response = client.post(f"/help/tasks/{proposal.public_id}/done/", {"hours": "-2"})
    assert response.status_code == 200
    page = response.content.decode()
    field = page[page.index('<label for="id_hours"') :]
    field = field[: field.index("</div>")]
    assert "errorlist" in field and escape("kwartier") in field  # the error at the field
    assert 'value="-2"' in field and 'aria-invalid="true"' in field  # what was typed stays
    # the screen reader reads the error with the field
    assert 'aria-describedby="id_hours_helptext id_hours_error"' in field
    assert '<ul class="errorlist" id="id_hours_error">' in field
    req.refresh_from_db()
    assert req.status == "accepted" and req.hours_spent is None


@pytest.mark.django_db
def test_coordinator_marks_done_with_hours(client, helpworld):
    req, _ = make_accepted(helpworld)
    login(client, helpworld.coordinator)
    url = f"/help/coordinate/requests/{req.public_id}/"
    assert "Hoeveel uur heeft het gekost?" in client.get(url).content.decode()
    bad = client.post(f"{url}done/", {"hours": "twee"})
    assert bad.status_code == 200 and 'value="twee"' in bad.content.decode()
    req.refresh_from_db()
    assert req.status == "accepted"
    response = client.post(f"{url}done/", {"hours": "2"})
    assert response.status_code == 302 and response.url == url
    req.refresh_from_db()
    assert req.status == "done" and req.hours_spent == Decimal("2.00")
    page = client.get(url).content.decode()
    assert "Bestede uren" in page


@pytest.mark.django_db
def test_strangers_cannot_mark_done_or_record_hours(client, helpworld):
    w = helpworld.world
    req, proposal = make_accepted(helpworld)
    other_volunteer = helpworld.other.person.user
    foreign_coordinator = UserFactory(role=Role.HUB_COORDINATOR, municipality=w.other_municipality)
    attempts = [
        (other_volunteer, f"/help/tasks/{proposal.public_id}/done/", 403),
        (w.users[Role.RESIDENT], f"/help/tasks/{proposal.public_id}/done/", 403),
        (foreign_coordinator, f"/help/coordinate/requests/{req.public_id}/done/", 403),
        (helpworld.volunteer, f"/help/coordinate/requests/{req.public_id}/done/", 403),
        (w.users[Role.POLICY_OFFICER], f"/help/coordinate/requests/{req.public_id}/done/", 403),
    ]
    for user, url, status in attempts:
        client.logout()
        login(client, user)
        assert client.post(url, {"hours": "3"}).status_code == status, (user.role, url)
    client.logout()
    anonymous = client.post(f"/help/tasks/{proposal.public_id}/done/", {"hours": "3"})
    assert anonymous.status_code == 302 and "login" in anonymous.url
    req.refresh_from_db()
    assert req.status == "accepted" and req.hours_spent is None


@pytest.mark.django_db
def test_coordinator_ends_a_pairing_with_hours(client, helpworld):
    pairing = make_pairing(helpworld)
    login(client, helpworld.coordinator)
    page = client.get("/help/coordinate/buddies/").content.decode()
    field_id = f"id_end_{pairing.public_id.hex}_hours"
    assert f'for="{field_id}"' in page and f'id="{field_id}"' in page
    url = f"/help/coordinate/buddies/{pairing.public_id}/end/"
    bad = client.post(url, {"evaluation": "Fijn contact gehad", "score": "4", "hours": "1000"})
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "Fijn contact gehad" in text and 'value="1000"' in text  # nothing typed is lost
    assert "999,75" in text  # the limit, next to the field
    pairing.refresh_from_db()
    assert pairing.status == BuddyPairing.Status.ACTIVE
    good = client.post(url, {"evaluation": "Fijn contact gehad", "score": "4", "hours": "40"})
    assert good.status_code == 302
    pairing.refresh_from_db()
    pairing.request.refresh_from_db()
    assert pairing.status == "ended" and pairing.request.hours_spent == Decimal("40.00")


@pytest.mark.django_db
def test_ending_a_pairing_shows_every_error_at_once(client, helpworld):
    """An empty evaluation and bad hours: both errors on the first try, nothing ended."""
    pairing = make_pairing(helpworld)
    login(client, helpworld.coordinator)
    url = f"/help/coordinate/buddies/{pairing.public_id}/end/"
    with translation.override("en"):
        bad = client.post(
            url, {"evaluation": "", "score": "", "hours": "abc"}, HTTP_ACCEPT_LANGUAGE="en"
        )
    assert bad.status_code == 200
    text = bad.content.decode()
    field_id = f"id_end_{pairing.public_id.hex}_hours"
    assert 'value="abc"' in text
    assert (
        f'id="{field_id}_error"' in text
        and f'id="id_end_{pairing.public_id.hex}_evaluation_error"' in text
    )
    pairing.refresh_from_db()
    assert pairing.status == BuddyPairing.Status.ACTIVE


# ------------------------------------------------------------------ correcting afterwards
@pytest.mark.django_db
def test_coordinator_records_or_corrects_hours_after_done(client, helpworld):
    req, _ = make_accepted(helpworld)
    services.help_request_complete(help_request=req, actor=helpworld.volunteer)
    login(client, helpworld.coordinator)
    url = f"/help/coordinate/requests/{req.public_id}/"
    assert f'action="{url}hours/"' in client.get(url).content.decode()
    bad = client.post(f"{url}hours/", {"hours": "-1"})
    assert bad.status_code == 200 and 'value="-1"' in bad.content.decode()
    req.refresh_from_db()
    assert req.hours_spent is None
    assert client.post(f"{url}hours/", {"hours": "1,5"}).status_code == 302
    req.refresh_from_db()
    assert req.hours_spent == Decimal("1.50")
    assert 'value="1.5"' in client.get(url).content.decode()  # the form shows what is stored
    assert client.post(f"{url}hours/", {"hours": ""}).status_code == 302  # cleared
    req.refresh_from_db()
    assert req.hours_spent is None
    change = AuditEvent.objects.filter(event="help.request.change", reason="hours").first()
    assert change is not None and change.fields == ["hours_spent"]


@pytest.mark.django_db
def test_hours_of_a_request_that_is_not_done_are_refused(helpworld):
    req, _ = make_accepted(helpworld)
    with pytest.raises(ApplicationError):
        services.help_request_record_hours(help_request=req, actor=helpworld.coordinator, hours=2)
    req.refresh_from_db()
    assert req.status == "accepted" and req.hours_spent is None


@pytest.mark.django_db
def test_strangers_cannot_correct_hours(client, helpworld):
    w = helpworld.world
    req, _ = make_accepted(helpworld)
    services.help_request_complete(help_request=req, actor=helpworld.volunteer, hours=2)
    foreign_coordinator = UserFactory(role=Role.HUB_COORDINATOR, municipality=w.other_municipality)
    url = f"/help/coordinate/requests/{req.public_id}/hours/"
    for user in (
        foreign_coordinator,
        helpworld.volunteer,
        w.users[Role.RESIDENT],
        w.users[Role.POLICY_OFFICER],
    ):
        client.logout()
        login(client, user)
        assert client.post(url, {"hours": "9"}).status_code == 403, user.role
    client.logout()
    assert client.get(url).status_code == 302  # anonymous: to the login page
    login(client, helpworld.coordinator)
    assert client.get(url).status_code == 405  # a change is a POST
    req.refresh_from_db()
    assert req.hours_spent == Decimal("2.00")


@pytest.mark.django_db
def test_a_paired_buddy_request_is_not_planned_or_marked_done_on_its_page(client, helpworld):
    """A running pairing is ended on the buddies page; a one-off task keeps both forms."""
    pairing = make_pairing(helpworld)
    login(client, helpworld.coordinator)
    url = f"/help/coordinate/requests/{pairing.request.public_id}/"
    page = client.get(url).content.decode()
    assert f'action="{url}plan/"' not in page and f'action="{url}done/"' not in page
    task, _ = make_accepted(helpworld)
    url = f"/help/coordinate/requests/{task.public_id}/"
    page = client.get(url).content.decode()
    assert f'action="{url}plan/"' in page and f'action="{url}done/"' in page
