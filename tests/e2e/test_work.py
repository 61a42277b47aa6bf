"""Work in the browser: a coordinator goes from a job seeker to a proposed employer buddy with
reasons, records the placement and sees the contract's SROI balance change."""

import datetime as dt
import re
from decimal import Decimal

import pytest

from zorgzaam.accounts.roles import Role
from zorgzaam.common.testing import PASSWORD, give_totp, make_world
from zorgzaam.work import services
from zorgzaam.work.tests import factories as f

from .conftest import ui_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _setup():
    world = make_world()
    coord = world.users[Role.HUB_COORDINATOR]
    policy = world.users[Role.POLICY_OFFICER]
    today = dt.date.today()
    contract = f.contract(
        policy,
        reference="BR-2026-005",
        contractor_name="Bouwbedrijf Van Vliet",
        start=today - dt.timedelta(days=100),
        end=today + dt.timedelta(days=265),
    )
    services.fulfilment_add(actor=policy, contract=contract, kind="custom", hours="150")
    seeker = f.seeker(coord, world.person_a, work_goal="Betaald werk in de zorg")
    near = f.employer(coord, name="Zorginstelling De Vlietstede", skills=["caring"])
    f.employer(coord, name="Bouwbedrijf Van Vliet", sector="construction", lat=52.06, lon=4.75)
    return world, coord, policy, contract, seeker, near


def test_coordinator_places_a_job_seeker_and_sees_the_sroi_balance_change(page, live_server, shot):
    world, coord, _policy, contract, seeker, near = _setup()
    ui_login(page, live_server.url, coord.username, PASSWORD, give_totp(coord))
    page.goto(f"{live_server.url}/home/")
    page.get_by_role("link", name="Werkzoekenden en werkgever-buddy's").click()
    assert page.locator("h1").inner_text() == "Werkzoekenden"
    shot("work-jobseekers")
    page.get_by_role("link", name=world.person_a.full_name).click()
    proposal = page.locator(".proposal").first
    assert proposal.get_by_role("heading").inner_text() == "Zorginstelling De Vlietstede"
    reasons = proposal.inner_text()
    assert "0,6 km" in reasons and "vrij maandagochtend" in reasons
    assert "past bij: zorg en welzijn, zorgen voor anderen" in reasons
    shot("work-jobseeker-proposals")

    proposal.get_by_role(
        "link", name="Plaatsing vastleggen bij Zorginstelling De Vlietstede"
    ).click()
    assert page.get_by_label("Werkgever").input_value() == str(near.public_id)
    select = page.get_by_label("Telt mee voor SROI-contract")
    before = select.locator("option", has_text="BR-2026-005").inner_text()
    assert "€\xa015.000,00 van €\xa050.000,00 voldaan" in before
    select.select_option(value=str(contract.public_id))
    start = dt.date.today() - dt.timedelta(days=30)
    page.get_by_label("Start", exact=True).fill(start.isoformat())
    page.get_by_label("Uren per week", exact=True).fill("36")
    shot("work-placement-form")
    page.get_by_role("button", name="Plaatsing vastleggen").click()

    assert page.get_by_text("De plaatsing is vastgelegd.").is_visible()
    balance = page.locator("#sroi-balance")
    # 15,000 of custom effort + 40,000 x 31/365 for this placement
    assert balance.get_by_test_id("fulfilled").inner_text() == "€\xa018.397,26"
    assert balance.get_by_test_id("owed").inner_text() == "€\xa050.000,00"
    assert "tot nu toe €\xa03.397,26" in page.locator("main").inner_text()
    shot("work-placement-detail")
    placement = seeker.placements.get()
    assert placement.fulfilment.contract == contract
    assert placement.hours_per_week == Decimal(36)


def test_policy_officer_sees_contracts_falling_behind(page, live_server, shot):
    world, _coord, policy, contract, _seeker, _near = _setup()
    f.contract(
        policy,
        reference="BR-2025-027",
        contractor_name="Thuiszorg Rijnhart",
        tbl=contract.table,
        start=dt.date.today() - dt.timedelta(days=300),
        end=dt.date.today() + dt.timedelta(days=400),
    )
    ui_login(page, live_server.url, policy.username, PASSWORD)
    page.goto(f"{live_server.url}/home/")
    page.get_by_role("link", name="Social return (SROI)").click()
    rows = page.locator("tbody tr")
    assert rows.count() == 2
    assert "loopt achter" in rows.filter(has_text="BR-2025-027").inner_text()
    shot("work-sroi-contracts")
    page.get_by_role("link", name="Alleen contracten tonen die achterlopen").click()
    assert page.locator("tbody tr").count() == 1
    page.get_by_role("link", name="BR-2025-027").click()
    page.get_by_label("Soort", exact=True).select_option("purchase")
    page.get_by_label("Factuurwaarde (EUR)").fill("12500")
    page.get_by_label("Beschrijving").fill("Catering sociale onderneming")
    page.get_by_role("button", name="Invulling toevoegen").click()
    assert page.locator("#sroi-balance").get_by_test_id("fulfilled").inner_text() == (
        "€\xa012.500,00"
    )
    shot("work-sroi-contract-detail")
    admin = world.users[Role.ADMINISTRATOR]
    page.context.clear_cookies()
    ui_login(page, live_server.url, admin.username, PASSWORD, give_totp(admin))
    page.goto(f"{live_server.url}/work/sroi/tables/")
    assert page.locator("textarea").count() == 0  # no raw JSON any more
    page.get_by_label("Naam").fill("Bouwstenen 2027")
    page.get_by_label("WW-uitkering").fill("-1")
    page.get_by_label("50-plusser").first.fill("veel")
    page.get_by_role("button", name="Tabel toevoegen").click()
    alert = page.get_by_role("alert")
    assert alert.get_by_text("Een bedrag kan niet negatief zijn.").count()
    assert alert.get_by_text(re.compile("bijvoorbeeld 40.000")).count()
    shot("work-sroi-table-refused")
    page.get_by_label("WW-uitkering").fill("22.500")
    page.get_by_label("50-plusser").first.fill("5.000,50")
    page.get_by_role("button", name="Tabel toevoegen").click()
    assert page.get_by_role("heading", name=re.compile("Bouwstenen 2027")).count()
    assert page.get_by_text("€\xa022.500,00").count()
    shot("work-sroi-table-added")


def test_table_form_on_a_phone(browser, live_server):
    world = make_world()
    admin = world.users[Role.ADMINISTRATOR]
    context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844})
    page = context.new_page()
    ui_login(page, live_server.url, admin.username, PASSWORD, give_totp(admin))
    page.goto(f"{live_server.url}/work/sroi/tables/")
    page.get_by_label("Participatiewet (bijstand)").fill("41.000")
    page.get_by_role("button", name="Tabel toevoegen").click()
    assert page.get_by_text("€\xa041.000,00").count()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path="test-artifacts/work-sroi-table-phone.png", full_page=True)
    context.close()


def test_job_seeker_page_on_a_phone(browser, live_server):
    world, coord, *_ = _setup()
    context = browser.new_context(locale="nl-NL", viewport={"width": 375, "height": 740})
    page = context.new_page()
    ui_login(page, live_server.url, coord.username, PASSWORD, give_totp(coord))
    page.goto(f"{live_server.url}/work/jobseekers/{world.person_a.job_seeker.public_id}/")
    assert page.locator(".proposal").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path="test-artifacts/work-jobseeker-phone.png", full_page=True)
    context.close()


def test_coordinator_registers_a_job_seeker_and_runs_a_peer_group(page, live_server, shot):
    world, coord, *_ = _setup()
    host = f.employer(
        coord, name="Kringloopwinkel Bodegraven", sector="retail", hosts_peer_group=True
    )
    ui_login(page, live_server.url, coord.username, PASSWORD, give_totp(coord))
    page.goto(f"{live_server.url}/work/")
    page.get_by_role("link", name="Werkzoekende aanmelden").click()
    page.get_by_label("Achternaam").fill(world.person_b.family_name)
    page.get_by_role("button", name="Zoek", exact=True).click()
    page.get_by_role("link", name=world.person_b.full_name).click()
    page.get_by_label("Doelgroep").select_option("ww")
    page.get_by_label("Werkdoel").fill("Chauffeur in de regio")
    page.get_by_label("logistiek").check()
    page.get_by_label("maandagochtend").check()
    page.get_by_label("dinsdagochtend").check()
    shot("work-jobseeker-register")
    page.get_by_role("button", name="Aanmelden").click()
    assert page.get_by_text("De werkzoekende is aangemeld.").is_visible()

    page.get_by_role("link", name="Werkvindgroepen").click()
    page.get_by_label("Naam").fill("Werkvinden Bodegraven")
    page.get_by_label("Start op").fill(dt.date.today().isoformat())
    page.get_by_label("Gastheer").select_option(label=host.name)
    page.get_by_role("button", name="Groep starten").click()
    page.get_by_label("Werkzoekende", exact=True).select_option(label=world.person_b.full_name)
    page.get_by_role("button", name="Toevoegen").click()
    page.get_by_label("Onderwerp").fill("Je netwerk in kaart")
    page.get_by_role("button", name="Plannen").click()
    page.get_by_label(world.person_b.full_name).check()
    shot("work-session-attendance")
    page.get_by_role("button", name="Aanwezigheid opslaan").click()
    assert page.locator("tbody").filter(has_text="Je netwerk in kaart").inner_text().endswith("1")
    shot("work-peergroup")
    page.get_by_role("link", name="Werkgevers").click()
    page.get_by_role("link", name="Kringloopwinkel Bodegraven").click()
    shot("work-employer")
