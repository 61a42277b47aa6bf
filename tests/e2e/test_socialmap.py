"""The social map in a real browser: search without and with JavaScript (clustered Leaflet
map, no tiles in tests), an item, a community hub with sign-up, the editor's pages."""

import random
from datetime import date
from types import SimpleNamespace

import pytest

from zorgzaam.common.testing import PASSWORD, PersonFactory, UserFactory, give_totp
from zorgzaam.tenancy.models import Area, PostcodeArea
from zorgzaam.tenancy.services import DEMO_GEOJSON, DEMO_PC4, municipality_load_geojson, pc4_import

from .conftest import ui_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_map(settings):
    settings.MAP_TILE_URL = ""  # tests run without tiles
    from zorgzaam.socialmap import demo

    pc4_import(DEMO_PC4.read_text(encoding="utf-8"), source=DEMO_PC4.name)
    municipality = municipality_load_geojson(DEMO_GEOJSON)
    coordinator = UserFactory(
        username="coordinator-e2e", role="hub_coordinator", municipality=municipality
    )
    volunteer = UserFactory(username="volunteer-e2e", role="volunteer", municipality=municipality)
    residents = []
    for area in Area.objects.filter(municipality=municipality):
        pc = PostcodeArea.objects.filter(municipality=municipality).first()
        residents += [
            PersonFactory(municipality=municipality, area=area, postcode_area=pc) for _ in range(3)
        ]
    ctx = SimpleNamespace(
        seed=1,
        rng=random.Random(1),
        municipality=municipality,
        residents=residents,
        volunteer_people=residents[:1],
        users={"coordinator": coordinator},
        today=date.today(),
    )
    counts = demo.generate(ctx)
    assert counts["socialmap_services"] >= 150
    return SimpleNamespace(municipality=municipality, coordinator=coordinator, volunteer=volunteer)


def test_search_list_first_then_map(page, live_server, shot, demo_map):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{live_server.url}/map/")
    assert page.locator("h1").inner_text() == "Sociale kaart van Bodegraven-Reeuwijk"
    page.get_by_label("Waar zoekt u naar?").fill("koffieochtend")
    page.get_by_label("Postcode").fill("3466")
    page.get_by_role("button", name="Zoek", exact=True).click()
    first = page.locator(".result-list li").first
    assert "Koffieochtend in het Huis van Alles Waarder" in first.inner_text()
    # The map script drew clustered markers for the results (no tiles in tests).
    page.wait_for_selector("#socialmap-map[data-marker-count]")
    assert errors == []
    assert int(page.locator("#socialmap-map").get_attribute("data-marker-count")) > 0
    assert page.locator(".leaflet-container").count() == 1
    assert "Bron: CBS / Kadaster" in page.locator(".map-credits").inner_text()
    shot("socialmap-search")
    page.goto(f"{live_server.url}/map/")
    page.wait_for_selector(".marker-cluster")
    shot("socialmap-map-clusters")
    first_link = page.locator(".result-list li h3 a").first
    name = first_link.inner_text()
    first_link.click()
    assert page.locator("h1").inner_text() == name
    shot("socialmap-item")


def test_search_works_without_javascript(browser, live_server, shot, demo_map):
    context = browser.new_context(
        locale="nl-NL", java_script_enabled=False, viewport={"width": 375, "height": 740}
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/map/?q=papierwinkel&searched=1&informal_first=on")
    assert page.locator(".result-list li").count() == 7
    assert page.get_by_text("De kaart heeft JavaScript nodig").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "the map page scrolls sideways on a phone"
    page.screenshot(path="test-artifacts/socialmap-phone-nojs.png", full_page=True)
    context.close()


def test_hub_sign_up_and_editor_pages(page, live_server, shot, demo_map):
    from zorgzaam.socialmap.models import Hub

    hub = Hub.objects.get(area__name="Waarder")
    ui_login(page, live_server.url, demo_map.volunteer.username, PASSWORD)
    page.goto(f"{live_server.url}/hubs/{hub.public_id}/")
    assert page.locator("h1").inner_text() == "Huis van Alles Waarder"
    page.locator(".programme li").filter(has_text="Koffieochtend").first.get_by_role(
        "button", name="Aanmelden"
    ).click()
    assert page.get_by_text("U bent aangemeld. Tot dan!").is_visible()
    shot("socialmap-hub")
    page.goto(f"{live_server.url}/hubs/mine/")
    assert page.get_by_text("Koffieochtend").first.is_visible()
    page.get_by_role("button", name="Uitloggen").click()
    coordinator = demo_map.coordinator
    ui_login(page, live_server.url, coordinator.username, PASSWORD, give_totp(coordinator))
    page.goto(f"{live_server.url}/map/manage/")
    assert page.locator("h1").inner_text() == "Sociale kaart beheren"
    shot("socialmap-manage")
    page.goto(f"{live_server.url}/hubs/{hub.public_id}/proposals/")
    assert page.get_by_text("Jeu de boules op het dorpsplein").is_visible()
    page.get_by_role("button", name="Goedkeuren").first.click()
    assert page.get_by_text("Goedgekeurd.").is_visible()
    shot("socialmap-proposals")
