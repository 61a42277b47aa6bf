"""A resident tells a story on a phone, sees the de-identified version and approves it."""

import pytest

from zorgzaam.accounts.roles import Role
from zorgzaam.common.testing import PASSWORD, PersonFactory, make_world
from zorgzaam.stories.models import Story

from .conftest import ui_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="session")
def deidentifier():
    """Built once for the session, before the live server handles the story (never inside
    a request)."""
    from zorgzaam.stories.deid import get_deidentifier

    return get_deidentifier()


def test_resident_tells_and_approves_a_story_on_a_phone(browser, live_server, deidentifier):
    world = make_world()
    resident = world.users[Role.RESIDENT]
    PersonFactory(
        municipality=world.municipality,
        user=resident,
        given_name="Henk",
        family_name="Brouwer",
        postcode_area=world.person_a.postcode_area,
        area=world.village_a,
    )
    context = browser.new_context(locale="nl-NL", viewport={"width": 375, "height": 740})
    page = context.new_page()
    ui_login(page, live_server.url, resident.username, PASSWORD)
    page.goto(f"{live_server.url}/stories/new/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_label("Uw verhaal").fill(
        "Ik ben Henk Brouwer. Sinds buurvrouw Annie Verschuren elke week komt, durf ik weer "
        "naar de dorpskamer. Ze belt eerst even op 06-12345678. Dankzij het Huis van Alles."
    )
    page.get_by_label("Titel (niet verplicht)").fill("Weer naar de dorpskamer")
    page.get_by_label("informele hulp (buren, vrijwilligers)").check()
    page.get_by_label("de gemeenteraad").check()
    page.screenshot(path="test-artifacts/stories-tell-phone.png", full_page=True)
    page.get_by_role("button", name="Verstuur mijn verhaal").click()
    page.get_by_role("heading", name="Controleer de geanonimiseerde tekst").wait_for()
    text = page.get_by_label("Geanonimiseerde tekst").input_value()
    for leak in ("Henk", "Brouwer", "Annie", "Verschuren", "12345678"):
        assert leak not in text, leak
    assert "[PERSOON-1]" in text and "Huis van Alles" in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # Issue #20: the reviewer sees how the placeholders read and can choose another word
    preview = page.locator(".story-preview")
    assert "[PERSOON-" not in preview.inner_text()
    assert "[telefoonnummer weggelaten]" in preview.inner_text()
    page.get_by_label("[PERSOON-1]").select_option("een dorpsgenoot")
    page.screenshot(path="test-artifacts/stories-review-phone.png", full_page=True)
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    page.locator(".story-preview").get_by_text("dorpsgenoot").first.wait_for()
    page.get_by_role("button", name="Goedkeuren").click()
    page.get_by_text("Goedgekeurd. Dank u wel!").wait_for()
    assert page.get_by_text("Uw verhaal is goedgekeurd").count() >= 1
    page.screenshot(path="test-artifacts/stories-approved-phone.png", full_page=True)
    story = Story.objects.get()
    assert story.status == Story.Status.APPROVED and "Brouwer" not in story.text
    context.close()


def test_team_lead_selects_a_story_with_a_reason(page, live_server, shot, deidentifier):
    from zorgzaam.stories.models import Audience, Round
    from zorgzaam.stories.tests.factories import approved_story

    world = make_world()
    teller = world.users[Role.RESIDENT]
    story = approved_story(
        world, teller=teller, title="Het dorpshuis blijft open", audience=Audience.COUNCIL
    )
    Round.objects.create(
        municipality=world.municipality, period=story.period, title="Ronde " + story.period
    )
    ui_login(page, live_server.url, world.users[Role.TEAM_LEAD].username, PASSWORD)
    page.goto(f"{live_server.url}/stories/rounds/")
    page.get_by_role("link", name="Ronde " + story.period).click()
    page.get_by_label("Waarom is dit de meest significante verandering?").fill(
        "Twintig vrijwilligers houden samen het dorpshuis open."
    )
    page.get_by_role("button", name="Kies dit verhaal").click()
    page.get_by_text("Gekozen. De verteller krijgt uw reden te zien.").wait_for()
    shot("stories-round")
    page.context.clear_cookies()
    ui_login(page, live_server.url, teller.username, PASSWORD)
    page.goto(f"{live_server.url}/stories/{story.public_id}/")
    assert page.get_by_text("Twintig vrijwilligers houden samen het dorpshuis open.").count() >= 1
    shot("stories-teller-feedback")
