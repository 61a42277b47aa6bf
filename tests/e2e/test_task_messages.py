"""Messages about a task in a real browser (#19, "contact without exposing numbers"): the
volunteer writes to the resident from the task, the resident reads and answers from their
help request, and chooses how Zorgzaam reaches them; phone and desktop screenshots."""

import pytest

from zorgzaam.accounts.roles import Role
from zorgzaam.common.testing import PASSWORD, UserFactory, make_world
from zorgzaam.help import services
from zorgzaam.help.models import TaskMessage
from zorgzaam.help.pool import pool_forget
from zorgzaam.help.tests.factories import make_volunteer

from .conftest import ui_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_volunteer_and_resident_exchange_messages(page, live_server, shot):
    pool_forget()
    world = make_world()
    resident = UserFactory(
        role=Role.RESIDENT, municipality=world.municipality, email="bewoner@example.nl"
    )
    world.person_a.user = resident
    world.person_a.save()
    profile = make_volunteer(world, user=world.users[Role.VOLUNTEER])
    request = services.help_request_create(
        municipality=world.municipality,
        requester=world.person_a,
        skill="shopping",
        description="Boodschappen doen",
    )
    proposal = services.help_request_propose(
        help_request=request, volunteer=profile, actor=world.users[Role.HUB_COORDINATOR]
    )
    services.proposal_accept(proposal=proposal, actor=None)

    volunteer = world.users[Role.VOLUNTEER]
    ui_login(page, live_server.url, volunteer.username, PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/help/tasks/{proposal.public_id}/")
    page.get_by_role("link", name=f"Berichten met {world.person_a.given_name}").click()
    assert page.get_by_role("heading", level=1, name="Berichten over deze taak").is_visible()
    page.get_by_label("Uw bericht").fill("Ik kom donderdag om 3 uur. Welke bel is het?")
    page.get_by_role("button", name="Versturen").click()
    assert page.get_by_text("Uw bericht is verstuurd.").is_visible()
    assert page.get_by_text("Welke bel is het?").is_visible()
    shot("task-messages-volunteer-phone")
    page.context.clear_cookies()

    ui_login(page, live_server.url, resident.username, PASSWORD)
    page.goto(f"{live_server.url}/help/my/")
    page.get_by_role("link", name="Boodschappen").first.click()
    page.get_by_role("link", name=f"Berichten met {profile.person.given_name}").click()
    assert page.get_by_text("Welke bel is het?").is_visible()
    page.get_by_label("Uw bericht").fill("De bovenste bel. Tot donderdag!")
    page.get_by_role("button", name="Versturen").click()
    assert page.get_by_text("De bovenste bel. Tot donderdag!").is_visible()
    shot("task-messages-resident-phone")
    page.set_viewport_size({"width": 1280, "height": 800})
    shot("task-messages-resident-desktop")
    assert TaskMessage.objects.filter(help_request=request).count() == 2

    page.goto(f"{live_server.url}/help/my/")
    page.get_by_role("link", name="Hoe we u bereiken").click()
    page.get_by_label("Per e-mail").check()
    page.get_by_label("E-mailadres").fill("")
    page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_text("Geef het e-mailadres waarop we u schrijven.").is_visible()
    page.get_by_label("E-mailadres").fill("mij@example.nl")
    page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_text("Opgeslagen. Zo bereiken we u.").is_visible()
    shot("contact-preference-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    shot("contact-preference-phone")
