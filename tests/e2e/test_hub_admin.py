"""Managing community hubs in a real browser: a hub coordinator adds a hub and its programme
council (no JavaScript needed), and the item editor's contact, price and language rows."""

import pytest

from zorgzaam.common.testing import PASSWORD, give_totp
from zorgzaam.socialmap.models import CouncilMember, Hub, Service

from .conftest import ARTIFACTS, ui_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_coordinator_creates_a_hub_with_its_council(page, live_server, shot, world):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    world.person_a.email = "ans@example.org"
    world.person_a.save(update_fields=["email"])
    coordinator = world.users["hub_coordinator"]
    ui_login(page, live_server.url, coordinator.username, PASSWORD, give_totp(coordinator))
    page.goto(f"{live_server.url}/map/manage/")
    page.get_by_role("link", name="Huizen van Alles beheren").click()
    assert page.locator("h1").inner_text() == "Huizen van Alles beheren"
    page.get_by_role("link", name="Huis toevoegen").click()
    assert page.locator("h1").count() == 1
    # A mistake first: nothing typed is lost, the error sits at its field.
    page.get_by_label("Naam").fill("Huis van Alles Zuiddorp")
    page.get_by_label("Beschrijving").fill("Ontmoeten, meedoen en elkaar helpen.")
    page.get_by_label("Postcode").fill("9999")
    page.get_by_role("button", name="Opslaan").click()
    postcode = page.get_by_label("Postcode")
    assert postcode.get_attribute("aria-invalid") == "true"
    assert "onbekend" in page.locator("#id_postcode_error").inner_text()
    assert page.get_by_label("Beschrijving").input_value() == (
        "Ontmoeten, meedoen en elkaar helpen."
    )
    shot("hub-form-error")
    postcode.fill("")
    page.get_by_label("Dorp").select_option(label=world.village_b.name)
    page.get_by_label("Adres").fill("Kerkstraat 1")
    page.get_by_role("button", name="Opslaan").click()
    hub = Hub.objects.get(name="Huis van Alles Zuiddorp")
    assert hub.area == world.village_b and hub.municipality == world.municipality
    # Straight on to the programme council.
    assert page.locator("h1").inner_text() == "Programmaraad van Huis van Alles Zuiddorp"
    page.get_by_label("E-mailadres van de inwoner").fill("ans@example.org")
    page.get_by_label("Rol in de programmaraad").select_option("chair")
    page.get_by_role("button", name="Toevoegen aan de programmaraad").click()
    assert "Toegevoegd aan de programmaraad." in page.locator("main").inner_text()
    row = page.locator("tbody tr").first
    assert world.person_a.family_name in row.inner_text() and "voorzitter" in row.inner_text()
    assert CouncilMember.objects.get(hub=hub).person == world.person_a
    shot("hub-council")
    # The public page shows the first name only.
    page.get_by_role("link", name="Openbare pagina").click()
    council = page.locator("dl.facts").inner_text()
    assert world.person_a.given_name in council and world.person_a.family_name not in council
    page.get_by_role("link", name="Huis bewerken").click()
    assert "Geschiedenis" in page.locator("main").inner_text()
    shot("hub-edit")
    assert errors == []


def test_item_editor_rows_without_javascript(browser, live_server, world):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    coordinator = world.users["hub_coordinator"]
    ui_login(page, live_server.url, coordinator.username, PASSWORD, give_totp(coordinator))
    page.goto(f"{live_server.url}/map/new/")
    page.locator("#id_name").fill("Taalcafé")
    page.locator("#id_contacts-0-name").fill("Fatima")
    page.get_by_role("button", name="Contactpersoon toevoegen").click()
    # One more empty row, the input kept, nothing saved yet.
    assert page.locator("#id_contacts-0-name").input_value() == "Fatima"
    assert page.locator("#id_contacts-1-name").count() == 1
    assert not Service.objects.exists()
    page.locator("#id_contacts-1-email").fill("kees@example.org")
    page.locator("#id_cost_options-0-amount").fill("2,50")
    page.locator("#id_languages-0-code").select_option("ar")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "item-form-rows.png"), full_page=True)
    page.get_by_role("button", name="Opslaan", exact=True).click()
    service = Service.objects.get(name="Taalcafé")
    assert service.contact_set.count() == 2
    assert service.costoption_set.get().amount == 2.5
    context.close()
