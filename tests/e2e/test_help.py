"""Neighbour help in a real browser: the coordinator proposes a volunteer; the volunteer, on a
phone, sees the task without the address, accepts, and then sees address and phone."""

import pytest

from zorgzaam.accounts.roles import Role
from zorgzaam.common.testing import PASSWORD, give_totp, make_world
from zorgzaam.help import services
from zorgzaam.help.pool import pool_forget

from .conftest import ui_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}


def _setup():
    pool_forget()
    world = make_world()
    volunteer_user = world.users[Role.VOLUNTEER]
    volunteer_user.first_name, volunteer_user.last_name = "Karim", "El Idrissi"
    volunteer_user.save()
    from zorgzaam.common.testing import PersonFactory

    person = PersonFactory(
        municipality=world.municipality,
        postcode_area=world.person_a.postcode_area,
        area=world.village_a,
        given_name="Karim",
        family_name="El Idrissi",
        user=volunteer_user,
    )
    profile = services.volunteer_profile_save(
        person=person, skills=["shopping", "transport"], languages=["nl", "ar"], radius_km=8
    )
    request = services.help_request_create(
        municipality=world.municipality,
        requester=world.person_a,
        skill="shopping",
        description="Boodschappen doen bij de supermarkt",
        address="Kerkstraat 12",
        phone="06-98765432",
        language="ar",
    )
    return world, profile, request


def test_coordinator_proposes_and_volunteer_accepts_on_a_phone(page, browser, live_server, shot):
    world, profile, request = _setup()
    coordinator = world.users[Role.HUB_COORDINATOR]
    ui_login(page, live_server.url, coordinator.username, PASSWORD, give_totp(coordinator))
    page.goto(f"{live_server.url}/help/coordinate/")
    shot("help-coordinate")
    page.get_by_role("link", name=world.village_a.name).click()
    assert page.get_by_text("spreekt Arabisch").first.is_visible()
    shot("help-coordinate-village")
    page.get_by_role("button", name=f"Voorstellen {person_name(profile)}").first.click()
    assert page.get_by_text("Voorgesteld. De vrijwilliger krijgt een bericht.").is_visible()

    context = browser.new_context(locale="nl-NL", viewport=PHONE)
    phone = context.new_page()
    ui_login(phone, live_server.url, world.users[Role.VOLUNTEER].username, PASSWORD)
    phone.goto(f"{live_server.url}/help/tasks/")
    phone.screenshot(path="test-artifacts/help-tasks-phone.png", full_page=True)
    phone.get_by_role("link", name="Boodschappen").click()
    body = phone.locator("main").inner_text()
    assert "Boodschappen doen bij de supermarkt" in body
    assert world.village_a.name in body
    assert "Kerkstraat" not in body and "06-98765432" not in body
    assert world.person_a.family_name not in body
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.screenshot(path="test-artifacts/help-task-offered-phone.png", full_page=True)
    phone.get_by_role("button", name="Ja, ik help").click()
    assert phone.get_by_text("Bedankt! U ziet nu het adres en telefoonnummer.").is_visible()
    body = phone.locator("main").inner_text()
    assert "Kerkstraat 12" in body and "06-98765432" in body
    phone.screenshot(path="test-artifacts/help-task-accepted-phone.png", full_page=True)
    context.close()


def person_name(profile):
    return profile.person.full_name


def test_public_request_form_on_a_phone(browser, live_server, shot):
    world = make_world()
    context = browser.new_context(locale="nl-NL", viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/help/ask/")
    assert page.locator("h1").inner_text() == "Hulp vragen"
    # the honeypot: clipped to 1 px and hidden from screen readers, still in the form for bots
    wrapper = page.locator("#id_website").locator("..")
    assert wrapper.get_attribute("aria-hidden") == "true"
    assert wrapper.bounding_box()["width"] <= 1
    page.get_by_label("Voornaam").fill("Ans")
    page.get_by_label("Achternaam").fill("de Wit")
    page.get_by_label("Telefoon").fill("06-12312312")
    page.get_by_label("Postcode").fill(world.person_a.postcode)
    page.get_by_label("Straat en huisnummer").fill("Molenweg 3")
    page.get_by_label("Wat voor hulp?").select_option("transport")
    page.get_by_label("Waarmee kunnen we helpen?").fill("Vervoer naar het ziekenhuis")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path="test-artifacts/help-ask-phone.png", full_page=True)
    page.get_by_role("button", name="Mijn hulpvraag versturen").click()
    assert "we hebben uw hulpvraag ontvangen" in page.locator("h1").inner_text()
    context.close()
