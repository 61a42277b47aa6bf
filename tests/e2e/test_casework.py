"""Casework in a real browser: intake -> plan -> informal suggestion linked -> referral
accepted by the hub coordinator -> review with new ZRM scores."""

import re

import pytest

from zorgzaam.casework.models import Household, Referral
from zorgzaam.common.testing import PASSWORD, give_totp, make_world

from .conftest import ui_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_casework_flow(page, browser, live_server, shot):
    world = make_world()
    prof = world.users["professional"]
    base = live_server.url
    ui_login(page, base, prof.username, PASSWORD, give_totp(prof))

    # Intake on one page.
    page.goto(f"{base}/cases/intake/")
    assert page.locator("h1").inner_text() == "Nieuwe intake"
    page.get_by_label("Naam van het huishouden").fill("Huishouden Bos")
    page.get_by_label("Postcode").fill(f"{world.person_a.postcode_area.pc4} AB")
    page.locator("#id_m0_given_name").fill("Marja")
    page.locator("#id_m0_family_name").fill("Bos")
    page.locator("#id_m1_role").select_option("child")
    page.locator("#id_m1_given_name").fill("Daan")
    page.locator("#id_m1_family_name").fill("Bos")
    page.locator("#id_network_name").fill("Anja")
    page.locator("#id_network_relation").fill("buurvrouw")
    page.locator("#id_network_can_help_with").fill("boodschappen en een praatje")
    page.locator("#id_zrm_financien").select_option("2")
    page.locator("#id_zrm_sociaal-netwerk").select_option("2")
    shot("casework-intake")
    page.get_by_role("button", name="Huishouden registreren").click()
    assert re.search(r"/cases/[0-9a-f-]{36}/plan/$", page.url)
    household = Household.objects.get(name="Huishouden Bos")
    hid = household.public_id
    assert page.get_by_text("Het huishouden is geregistreerd.").is_visible()
    shot("casework-plan-empty")

    # Plan: a goal in Sociaal netwerk; the informal suggestion comes first, one click links it.
    page.get_by_role("link", name="Een doel toevoegen voor Sociaal netwerk").click()
    informal = page.locator(".informal-first")
    assert informal.get_by_role("heading", name="Anja (buurvrouw)").is_visible()
    shot("casework-goal-informal-first")
    informal.get_by_role("button", name="Koppelen Anja (buurvrouw)").click()
    assert page.get_by_text("Doel toegevoegd en inzet gekoppeld.").is_visible()
    assert page.locator("table").get_by_text("eigen netwerk").is_visible()

    # A formal provision in Financiën without informal help needs a one-line reason.
    page.goto(f"{base}/cases/{hid}/plan/goals/new/?domain=financien")
    page.get_by_label("Doel", exact=True).fill("Rust in de financiën")
    page.get_by_role("button", name="Doel toevoegen zonder inzet").click()
    page.get_by_text("Een formele voorziening toevoegen").click()
    page.locator("#id_description").last.fill("Budgetcursus bij het dorpshuis")
    page.locator("#id_provision").select_option("debt")
    page.get_by_role("button", name="Voorziening toevoegen").click()
    assert page.get_by_text("Geef in één regel aan waarom").first.is_visible()
    page.locator("#id_formal_reason").fill("Beslag op het loon, snel handelen")
    page.get_by_role("button", name="Voorziening toevoegen").click()
    assert page.get_by_text("Actie toegevoegd.").is_visible()
    goal_url = page.url

    # Consent of the contact person, then the referral to the hub coordinator.
    page.goto(f"{base}/cases/{hid}/")
    page.get_by_text("Toestemming vastleggen").click()
    page.get_by_label("Wat wordt gedeeld").fill("naam, telefoon en hulpvraag")
    page.get_by_label("Met wie").fill("dorpshuis")
    page.get_by_role("button", name="Vastleggen").click()
    assert page.get_by_text("De toestemming is vastgelegd.").is_visible()
    page.goto(goal_url)
    page.get_by_role("link", name="Doorverwijzen Budgetcursus bij het dorpshuis").click()
    page.locator("#id_receiver").select_option(str(world.users["hub_coordinator"].pk))
    page.get_by_label("Organisatie of ontmoetingsplek").fill("Dorpshuis Noord")
    page.get_by_label("Telefoon contactpersoon").fill("06-12345678")
    shot("casework-refer")
    page.get_by_role("button", name="Verwijzing versturen").click()
    assert page.get_by_text("De verwijzing is verstuurd.").is_visible()
    assert Referral.objects.get().status == "sent"

    # The hub coordinator accepts it from their own screen (own browser session).
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    hub = context.new_page()
    coordinator = world.users["hub_coordinator"]
    ui_login(hub, base, coordinator.username, PASSWORD, give_totp(coordinator))
    hub.goto(f"{base}/home/")
    hub.get_by_role("link", name="Verwijzingen").click()
    shot_page(hub, "casework-referral-inbox")
    hub.get_by_role("link", name="Budgetcursus bij het dorpshuis").click()
    assert hub.get_by_text("Marja Bos").is_visible()
    assert hub.get_by_text("Huishouden Bos").count() == 0  # not the household file
    shot_page(hub, "casework-referral-detail")
    hub.get_by_label("Nieuwe status").select_option("accepted")
    hub.get_by_role("button", name="Bijwerken").click()
    assert hub.get_by_text("De verwijzing is bijgewerkt.").is_visible()
    assert hub.locator("table").get_by_text("geaccepteerd").is_visible()
    context.close()

    # Back with the professional: the loop is closed, and a review with new ZRM scores.
    page.goto(goal_url)
    assert page.locator("table").get_by_text("geaccepteerd").is_visible()
    page.get_by_role("link", name="ZRM-evaluatie").click()
    assert page.locator("#id_zrm_financien").input_value() == "2"  # last scores prefilled
    page.locator("#id_zrm_financien").select_option("3")
    page.locator("#id_zrm_sociaal-netwerk").select_option("4")
    page.get_by_text("Positieve Gezondheid (optioneel").click()
    page.locator("#id_spider_member").select_option(index=1)
    for key, value in [
        ("body", 6),
        ("mental", 5),
        ("meaning", 7),
        ("quality", 6),
        ("participation", 4),
        ("daily", 7),
    ]:
        page.locator(f"#id_ph_{key}").fill(str(value))
    shot("casework-measure")
    page.get_by_role("button", name="Meting opslaan").click()
    assert page.get_by_text("De meting is opgeslagen.").is_visible()
    chart = page.locator("svg.zrm-chart")
    assert chart.is_visible()
    assert chart.get_attribute("role") == "img"
    page.get_by_text("Scores als tabel").click()
    row = page.locator("table tr", has=page.locator("th", has_text="Sociaal netwerk"))
    assert row.locator("td").all_inner_texts() == ["2", "4"]
    shot("casework-household")
    page.goto(f"{base}/cases/")
    shot("casework-list")


def shot_page(page, name):
    from .conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_casework_goal_screen_on_a_phone(browser, live_server):
    from zorgzaam.casework.tests.conftest import make_case

    world = make_world()
    prof = world.users["professional"]
    household = make_case(world)
    context = browser.new_context(locale="nl-NL", viewport={"width": 375, "height": 740})
    page = context.new_page()
    ui_login(page, live_server.url, prof.username, PASSWORD, give_totp(prof))
    page.goto(
        f"{live_server.url}/cases/{household.public_id}/plan/goals/new/?domain=sociaal-netwerk"
    )
    assert page.locator(".informal-first").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "goal screen scrolls sideways on a phone"
    shot_page(page, "casework-goal-phone")
    page.goto(f"{live_server.url}/cases/{household.public_id}/")
    shot_page(page, "casework-household-phone")
    context.close()
