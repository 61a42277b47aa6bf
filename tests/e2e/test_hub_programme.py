"""The hub coordinator runs the programme in a real browser (issue #18): from the programme
page to an activity, sees who signed up (and who waits), changes the number of places (the
one waiting gets a place and a message) and cancels the activity (everyone told)."""

import pytest

from zorgzaam.common.testing import PASSWORD, UserFactory, give_totp
from zorgzaam.help.models import Notification
from zorgzaam.socialmap import hubs
from zorgzaam.socialmap.models import Activity, Hub, SignUp
from zorgzaam.socialmap.tests.test_hubs import _next_tuesday_10

from .conftest import ui_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_coordinator_changes_and_cancels_an_activity(page, live_server, shot, world):
    hub = Hub.objects.create(
        municipality=world.municipality,
        area=world.village_a,
        name="Huis van Alles Noorddorp",
        coordinator=world.users["hub_coordinator"],
    )
    coffee = Activity.objects.create(
        municipality=world.municipality,
        hub=hub,
        title="Koffieochtend",
        starts_at=_next_tuesday_10(),
        rrule="FREQ=WEEKLY;BYDAY=TU",
        capacity=2,
        status=Activity.Status.APPROVED,
    )
    guests = [
        UserFactory(
            role="resident",
            municipality=world.municipality,
            username=f"gast-{i}",
            first_name=name,
            last_name="Visser",
        )
        for i, name in enumerate(["Ans", "Bert", "Cor"])
    ]
    for guest in guests:
        hubs.signup_create(actor=guest, activity=coffee, starts_at=coffee.starts_at)

    coordinator = world.users["hub_coordinator"]
    ui_login(page, live_server.url, coordinator.username, PASSWORD, give_totp(coordinator))
    page.goto(f"{live_server.url}/hubs/{hub.public_id}/proposals/")
    page.get_by_role("link", name="Koffieochtend").click()
    assert page.locator("h1").inner_text() == "Koffieochtend"
    first = page.locator("table").first
    assert first.get_by_text("Ans Visser").is_visible()
    assert first.get_by_text("op de wachtlijst (1)").is_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    shot("hub-activity-manage-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    shot("hub-activity-manage-1280")

    # Fewer places than are taken: refused at the field, nothing changes.
    page.get_by_label("Plaatsen").fill("1")
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    assert page.locator(".errorlist").get_by_text("niet lager zijn").is_visible()
    # One more place: Cor moves up from the waiting list and gets a message.
    page.get_by_label("Plaatsen").fill("3")
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    assert page.get_by_text("De activiteit is gewijzigd.").is_visible()
    assert page.locator("table").first.get_by_text("op de wachtlijst").count() == 0
    assert Notification.objects.filter(kind="activity_promoted", recipient=guests[2]).exists()
    coffee.refresh_from_db()  # only the places changed: the weekly Tuesday and time stay
    assert (coffee.capacity, coffee.rrule) == (3, "FREQ=WEEKLY;BYDAY=TU")
    assert coffee.starts_at == _next_tuesday_10()

    # Cancel: the box must be ticked; then all three are told.
    page.get_by_label("Ja, annuleer deze activiteit").check()
    page.get_by_role("button", name="Activiteit annuleren").click()
    assert page.get_by_text("3 mensen die zich aanmeldden krijgen bericht").is_visible()
    shot("hub-activity-cancelled-1280")
    assert not SignUp.objects.exclude(status=SignUp.Status.CANCELLED).exists()
    told = Notification.objects.filter(kind="activity_cancelled")
    assert sorted(n.recipient_id for n in told) == sorted(g.pk for g in guests)
