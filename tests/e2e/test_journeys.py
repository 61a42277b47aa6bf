"""Journeys of #18 in a real browser, at phone (375 px) and desktop (1280 px) width, with
screenshots in test-artifacts/: a resident finds the Huis van Alles of a map item, its phone
number, address and opening hours (schedules in words), and signs up for an activity."""

import pytest

from zorgzaam.common.testing import PASSWORD, UserFactory

from .conftest import ui_login
from .test_socialmap import demo_map  # noqa: F401 - the demo social map and hubs

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 900}}
RAW_RULES = ("FREQ=", "BYDAY", " TU ", " FR ", "MO,TU")


def _no_raw_rules(page) -> None:
    text = page.locator("main").inner_text()
    assert not any(raw in text for raw in RAW_RULES), text


@pytest.mark.parametrize("size", VIEWPORTS)
def test_resident_finds_hub_from_map_and_signs_up(page, live_server, shot, demo_map, size):  # noqa: F811
    from zorgzaam.socialmap.models import Hub

    page.set_viewport_size(VIEWPORTS[size])
    # The landing page leads to the hubs, with each hub's phone number.
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Vind uw Huis van Alles").click()
    assert page.locator("h1").inner_text() == "Huizen van Alles"
    waarder = page.locator(".card").filter(has_text="Huis van Alles Waarder")
    assert "Telefoon: 0172 52" in waarder.inner_text()
    shot(f"journey-hubs-{size}")

    # From a map item to its Huis van Alles.
    page.goto(f"{live_server.url}/map/")
    assert page.get_by_role("link", name="Het Huis van Alles van elk dorp").is_visible()
    page.get_by_label("Waar zoekt u naar?").fill("koffieochtend")
    page.get_by_label("Postcode").fill("3466")
    page.get_by_role("button", name="Zoek", exact=True).click()
    page.locator(".result-list li h3 a", has_text="Huis van Alles Waarder").first.click()
    assert page.locator("h1").inner_text() == "Koffieochtend in het Huis van Alles Waarder"
    assert "elke dinsdag 10:00–12:00" in page.locator("main").inner_text()
    _no_raw_rules(page)
    shot(f"journey-map-item-{size}")
    page.get_by_role("link", name="Naar Huis van Alles Waarder").click()

    # The hub page: phone, address and opening hours in words.
    assert page.locator("h1").inner_text() == "Huis van Alles Waarder"
    facts = page.locator("dl.facts").inner_text()
    assert "Telefoon" in facts and "0172 52" in facts
    assert "Adres" in facts and "Waarder" in facts
    assert "elke maandag t/m vrijdag 09:00–17:00" in facts
    phone = page.locator("dl.facts a[href^='tel:']")
    assert phone.get_attribute("href").startswith("tel:017252")
    _no_raw_rules(page)
    shot(f"journey-hub-{size}")
    hub = Hub.objects.get(area__name="Waarder")

    # A resident logs in, finds the hubs from the home page and signs up.
    resident = UserFactory(
        username=f"resident-{size}", role="resident", municipality=demo_map.municipality
    )
    ui_login(page, live_server.url, resident.username, PASSWORD)
    page.goto(f"{live_server.url}/home/")
    page.get_by_role("link", name="Vind uw Huis van Alles").click()
    page.get_by_role("link", name="Huis van Alles Waarder").click()
    assert page.url.endswith(f"/hubs/{hub.public_id}/")
    page.locator(".programme li").filter(has_text="Koffieochtend").first.get_by_role(
        "button", name="Aanmelden"
    ).click()
    assert page.get_by_text("U bent aangemeld. Tot dan!").is_visible()
    shot(f"journey-hub-signed-up-{size}")


@pytest.mark.parametrize("size", VIEWPORTS)
def test_resident_asks_for_help_with_clear_dutch_errors(page, live_server, shot, demo_map, size):  # noqa: F811
    page.set_viewport_size(VIEWPORTS[size])
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Hulp vragen zonder account").click()
    assert page.locator("h1").inner_text() == "Hulp vragen"
    # "Bel uw dorpshuis": the numbers are there.
    page.get_by_text("Telefoonnummers van de Huizen van Alles").click()
    assert page.get_by_role("link", name="0172 52").first.is_visible()
    page.get_by_label("Voornaam").fill("Ans")
    page.get_by_label("Achternaam").fill("de Wit")
    page.get_by_label("Telefoon", exact=True).fill("12ab")
    page.get_by_label("Postcode").fill("99999")
    page.get_by_label("Straat en huisnummer").fill("Dorpstraat 3")
    page.get_by_label("Waarmee kunnen we helpen?").fill("Een lift naar de huisarts")
    page.get_by_role("button", name="Mijn hulpvraag versturen").click()
    assert page.get_by_text("Vul een Nederlands telefoonnummer in").is_visible()
    shot(f"journey-ask-bad-phone-{size}")
    page.get_by_label("Telefoon", exact=True).fill("06 12 34 56 78")
    page.get_by_role("button", name="Mijn hulpvraag versturen").click()
    assert page.get_by_text("“99999” is geen Nederlandse postcode").is_visible()
    assert "not a Dutch postcode" not in page.locator("main").inner_text()
    shot(f"journey-ask-bad-postcode-{size}")
    page.get_by_label("Postcode").fill("3466 AB")
    page.get_by_role("button", name="Mijn hulpvraag versturen").click()
    assert page.locator("h1").inner_text() == "Bedankt, we hebben uw hulpvraag ontvangen"
    # The thanks page names the phone number of the village's own hub.
    call = page.get_by_text("Bel Huis van Alles Waarder:")
    assert call.is_visible() and "0172 52" in call.inner_text()
    shot(f"journey-ask-thanks-{size}")


@pytest.mark.parametrize("size", VIEWPORTS)
def test_resident_asks_and_sees_date_status_and_helpers_first_name(page, live_server, shot, size):
    import datetime as dt

    from django.utils import timezone

    from zorgzaam.common.testing import make_world
    from zorgzaam.help import services
    from zorgzaam.help.models import HelpRequest
    from zorgzaam.help.pool import pool_forget
    from zorgzaam.help.tests.factories import make_volunteer

    pool_forget()
    world = make_world()
    resident = world.users["resident"]
    world.person_b.user = resident
    world.person_b.save()
    profile = make_volunteer(world)
    profile.person.given_name, profile.person.family_name = "Karim", "El Idrissi"
    profile.person.save()
    day = timezone.localdate() + dt.timedelta(days=4)

    page.set_viewport_size(VIEWPORTS[size])
    ui_login(page, live_server.url, resident.username, PASSWORD)
    page.goto(f"{live_server.url}/help/my/new/")
    page.get_by_label("Wat voor hulp?").select_option("shopping")
    page.get_by_label("Waarmee kunnen we helpen?").fill("Boodschappen voor het weekend")
    page.get_by_label("Op welke dag?").fill(day.isoformat())
    page.get_by_label("Dagdeel").select_option("0")
    page.get_by_role("button", name="Mijn hulpvraag versturen").click()
    assert "We zoeken een vrijwilliger" in page.locator("main").inner_text()
    page.locator(".card h2 a").first.click()
    facts = page.locator("dl.facts").inner_text()
    assert "We zoeken een vrijwilliger" in facts
    assert f"{day.day} " in facts and "06:00–12:00" in facts
    assert "nieuw" not in facts
    shot(f"journey-my-request-new-{size}")

    req = HelpRequest.objects.get(requester=world.person_b)
    proposal = services.help_request_propose(
        help_request=req, volunteer=profile, actor=world.users["hub_coordinator"]
    )
    page.reload()
    assert "We hebben een vrijwilliger gevraagd" in page.locator("dl.facts").inner_text()
    assert "Karim" not in page.locator("main").inner_text()
    services.proposal_accept(proposal=proposal, actor=None)
    page.reload()
    facts = page.locator("dl.facts").inner_text()
    assert "Er is een vrijwilliger gevonden" in facts
    assert "Wie helpt u" in facts and "Karim" in facts
    assert "El Idrissi" not in page.locator("main").inner_text()
    shot(f"journey-my-request-accepted-{size}")


@pytest.mark.parametrize("size", VIEWPORTS)
def test_buddy_volunteer_checks_in_and_sees_whom_for(page, live_server, shot, size):
    import datetime as dt

    from django.utils import timezone

    from zorgzaam.accounts.roles import Role
    from zorgzaam.common.testing import make_world
    from zorgzaam.help import services
    from zorgzaam.help.pool import pool_forget
    from zorgzaam.help.tests.factories import make_request, make_volunteer

    pool_forget()
    world = make_world()
    volunteer = world.users[Role.VOLUNTEER]
    profile = make_volunteer(world, user=volunteer)
    req = make_request(world, kind="buddy", recurring=True, slots=0b111)
    proposal = services.help_request_propose(help_request=req, volunteer=profile, actor=None)
    services.proposal_accept(proposal=proposal, actor=None)
    req.refresh_from_db()
    pairing = services.buddy_pairing_start(
        help_request=req,
        actor=world.users[Role.HUB_COORDINATOR],
        start_date=timezone.localdate() - dt.timedelta(weeks=7),
    )
    page.set_viewport_size(VIEWPORTS[size])
    ui_login(page, live_server.url, volunteer.username, PASSWORD)
    page.goto(f"{live_server.url}/help/buddies/{pairing.public_id}/checkin/")
    buddy = world.person_a.given_name
    assert page.locator("h1").inner_text() == f"Contactmoment: u en {buddy}"
    assert page.locator("label[for=id_note]").inner_text() == "Opmerking (niet verplicht)"
    shot(f"journey-buddy-checkin-{size}")
    page.get_by_label("gaat goed").check()
    page.get_by_label("Opmerking").fill("Samen koffie gedronken")
    page.get_by_role("button", name="Opslaan").click()
    assert page.get_by_text("Contactmoment vastgelegd").is_visible()
