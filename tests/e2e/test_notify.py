"""The hub's call list in a real browser (#19): a volunteer accepts a task for a resident
without e-mail or SMS; the coordinator sees who to call and why, and ticks the call off, on a
desktop and on a phone; the request's messages page shows the status per channel."""

import pytest

from zorgzaam.accounts.roles import Role
from zorgzaam.common.testing import PASSWORD, give_totp, make_world
from zorgzaam.help import services
from zorgzaam.help.pool import pool_forget
from zorgzaam.help.tests.factories import make_volunteer

from .conftest import ui_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_call_list_on_desktop_and_phone(page, live_server, shot):
    pool_forget()
    world = make_world()
    profile = make_volunteer(world, user=world.users[Role.VOLUNTEER])
    request = services.help_request_create(
        municipality=world.municipality,
        requester=world.person_a,
        skill="shopping",
        description="Boodschappen doen",
        phone="06-98765432",
    )
    coordinator = world.users[Role.HUB_COORDINATOR]
    proposal = services.help_request_propose(
        help_request=request, volunteer=profile, actor=coordinator
    )
    services.proposal_accept(proposal=proposal, actor=None)
    ui_login(page, live_server.url, coordinator.username, PASSWORD, give_totp(coordinator))
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/help/coordinate/")
    page.get_by_role("link", name="Bel-lijst").click()
    assert page.get_by_role("heading", level=1, name="Bel-lijst").is_visible()
    assert page.get_by_text(world.person_a.full_name).is_visible()
    assert page.get_by_role("link", name="06-98765432").is_visible()
    assert page.get_by_text(profile.person.given_name, exact=False).first.is_visible()
    shot("notify-call-list-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    shot("notify-call-list-phone")
    page.get_by_role("button", name="Gebeld").click()
    assert page.get_by_text("Afgevinkt: gebeld.").is_visible()
    assert page.get_by_role("heading", name="Vandaag gebeld").is_visible()
    shot("notify-call-list-called-phone")
    page.goto(f"{live_server.url}/help/coordinate/requests/{request.public_id}/messages/")
    assert page.get_by_text("op de bel-lijst").first.is_visible()
    page.set_viewport_size({"width": 1280, "height": 800})
    shot("notify-messages-desktop")
