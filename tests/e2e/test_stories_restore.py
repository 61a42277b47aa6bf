"""A team member reviews a story, sees what was replaced and why, restores a wrongly replaced
name of a farm with one click (no JavaScript needed), finds it on the keep-list, and the next
story of the municipality keeps it (#22). Screenshots on a desktop and a phone."""

import pytest
from django.utils import timezone

from zorgzaam.accounts.roles import Role
from zorgzaam.common.testing import PASSWORD, give_totp, make_world
from zorgzaam.stories import services
from zorgzaam.stories.models import Audience, KeepWord, Story
from zorgzaam.stories.periods import period_of
from zorgzaam.stories.selectors import domains_for

from .conftest import ui_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WORD = "Hollandse Kaasboerderij"
TEXT = (
    "Sinds Karim Bouzid elke dinsdag langskomt durf ik weer naar buiten. Via de "
    "Hollandse Kaasboerderij kreeg ik werk. Bel hem op 06-41234567."
)


@pytest.fixture(scope="session")
def deidentifier():
    """Built once, before the live server handles anything (never inside a request)."""
    from zorgzaam.stories.deid import get_deidentifier

    return get_deidentifier()


def _story(world, teller, deidentifier) -> Story:
    story = services.story_create(
        teller=teller,
        text=TEXT,
        title="Weer aan het werk",
        domain=domains_for(world.municipality).first(),
        area=world.village_a,
        period=period_of(timezone.localdate()),
        audience=Audience.MUNICIPALITY,
    )
    return services.story_deidentify(story=story, deidentifier=deidentifier)


@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_team_member_restores_a_word_and_the_next_story_keeps_it(
    browser, live_server, deidentifier, size
):
    width, height = size
    name = "desktop" if width > 400 else "phone"
    world = make_world()
    story = _story(world, world.users[Role.RESIDENT], deidentifier)
    assert WORD not in story.text
    professional = world.users[Role.PROFESSIONAL]
    context = browser.new_context(locale="nl-NL", viewport={"width": width, "height": height})
    page = context.new_page()
    ui_login(page, live_server.url, professional.username, PASSWORD, give_totp(professional))
    page.goto(f"{live_server.url}/stories/team/")
    page.get_by_role("link", name="Weer aan het werk").click()
    page.get_by_role("heading", name="Wat is vervangen en waarom").wait_for()
    redactions = page.locator("#redactions")
    assert "regel: een woord met een hoofdletter midden in een zin" in redactions.inner_text()
    assert "Blijft vervangen" in redactions.inner_text()  # the phone number
    assert page.get_by_role("button", name="“06-41234567” terugzetten").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=f"test-artifacts/stories-restore-before-{name}.png", full_page=True)

    page.get_by_role("button", name=f"“{WORD}” terugzetten").click()
    page.get_by_text("De passage staat weer in de tekst.").wait_for()
    text = page.get_by_label("Geanonimiseerde tekst").input_value()
    assert f"Via de {WORD} kreeg ik werk." in text
    assert "Karim" not in text and "41234567" not in text
    assert "teruggezet" in page.locator("#redactions").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=f"test-artifacts/stories-restore-after-{name}.png", full_page=True)

    page.get_by_role("link", name="De bewaarlijst van uw gemeente").click()
    page.get_by_role("heading", name="Bewaarlijst van de anonimisering").wait_for()
    assert page.locator(".keep-list strong").inner_text() == WORD
    page.screenshot(path=f"test-artifacts/stories-keep-list-{name}.png", full_page=True)

    later = _story(world, world.users[Role.VOLUNTEER], deidentifier)
    assert WORD in later.text and "Karim" not in later.text

    page.get_by_role("button", name=f"“{WORD}” weghalen").click()
    page.get_by_text("Van de bewaarlijst gehaald.").wait_for()
    assert not KeepWord.objects.exists()
    assert page.get_by_text("Nog geen bewaarde woorden.").count() == 1
    context.close()
