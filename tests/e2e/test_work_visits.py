"""Work visits and hearings (#24) in a browser, without JavaScript needs: the policy officer
plans a werkbezoek, chooses the brief's stories and figures, invites a council member,
downloads the one-page brief and records the outcome; the council member finds the
invitation from the home page; the next council report shows what came of it."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from pikepdf import Pdf

from zorgzaam.accounts.roles import Role
from zorgzaam.common.testing import PASSWORD, make_world
from zorgzaam.reports import visits
from zorgzaam.reports.models import WorkVisit
from zorgzaam.stories.models import Audience, Level, Round, Selection
from zorgzaam.stories.periods import period_of, period_shift
from zorgzaam.stories.tests.factories import approved_story

from .conftest import ui_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _both(page, shot, name):
    shot(name)
    page.set_viewport_size(PHONE)
    shot(f"{name}-phone")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name} scrolls sideways on a phone"
    page.set_viewport_size(DESKTOP)


def test_work_visit_journey(page, live_server, shot):
    world = make_world()
    page.set_viewport_size(DESKTOP)
    chosen = approved_story(
        world,
        title="Samen naar de markt",
        text="Een buurman rijdt me nu elke donderdag naar de markt.",
        audience=Audience.COUNCIL,
        period="2026-Q3",
    )
    approved_story(world, title="Nieuwe bankjes", audience=Audience.PUBLIC, period="2026-Q3")
    rnd = Round.objects.create(municipality=world.municipality, period="2026-Q3", title="R")
    Selection.objects.create(
        municipality=world.municipality,
        round=rnd,
        story=chosen,
        level=Level.COUNCIL,
        selector_label="Raadscommissie",
        reason="Vervoer maakt het verschil in de kleine kernen.",
        reason_checked=True,
    )
    officer = world.users[Role.POLICY_OFFICER]
    member = world.users[Role.COUNCIL_MEMBER]
    ui_login(page, live_server.url, officer.username, PASSWORD)
    page.goto(f"{live_server.url}/home/")
    page.get_by_role("link", name="Werkbezoeken en hoorzittingen").click()
    page.get_by_role("link", name="Werkbezoek of hoorzitting plannen").click()
    page.get_by_label("werkbezoek", exact=True).check()
    page.get_by_label("Titel").fill("Werkbezoek Noorddorp: burenhulp en vervoer")
    page.get_by_label("Datum").fill("2026-10-14")
    page.get_by_label("Begintijd").fill("14:00")
    page.get_by_label("Noorddorp").check()
    page.get_by_label("Wat de raad wil weten").fill("Waar loopt het vervoer vast?")
    page.get_by_label("Kwartaal van de verhalen en cijfers").select_option("2026-Q3")
    _both(page, shot, "visit-plan")
    page.get_by_role("button", name="Plannen").click()

    # the brief's stories (MSC-chosen first) and figures, as in the report
    assert page.locator("h1").inner_text() == "Verhalen en cijfers voor de briefing"
    labels = page.locator("fieldset.choice-list").first.locator("label").all_inner_texts()
    assert "Samen naar de markt" in labels[0] and "gekozen in de MSC-ronde" in labels[0]
    page.get_by_label("Samen naar de markt").check()
    figures = page.locator("input[name=figures]")
    figures.nth(0).check()
    figures.nth(1).check()
    _both(page, shot, "visit-content")
    page.get_by_role("button", name="Briefing opslaan").click()
    assert page.get_by_text("De verhalen en cijfers van de briefing zijn opgeslagen.").is_visible()

    page.get_by_role("link", name="Uitnodigen").click()
    page.get_by_label(member.display_name, exact=False).check()
    page.get_by_role("button", name="Uitnodigingen opslaan").click()
    assert page.get_by_text("1 uitgenodigd").is_visible()
    assert page.get_by_role("heading", name="Samen naar de markt").is_visible()
    _both(page, shot, "visit-detail")

    with page.expect_download() as info:
        page.get_by_role("link", name="Download de briefing (pdf, één pagina)").click()
    pdf = Pdf.open(io.BytesIO(info.value.path().read_bytes()))
    assert len(pdf.pages) == 1

    page.get_by_role("link", name="Vastleggen wat de raad hoorde en besloot").click()
    page.get_by_role("button", name="Uitkomst opslaan").click()  # empty: a clear error
    assert page.locator(".errorlist").first.is_visible()
    page.get_by_label("Wat de raad hoorde").fill("Vrijwilligers rijden bijna alle ritten zelf.")
    page.get_by_label("Wat de raad besloot").fill("Een vrijwilligersvergoeding voor vervoer.")
    page.get_by_label("Wat er nu gebeurt").fill("De wethouder komt in de commissie terug.")
    page.get_by_role("button", name="Uitkomst opslaan").click()
    assert page.get_by_role("heading", name="Wat de raad hoorde en besloot").is_visible()

    # the council member: the invitation from the home page, the outcome, the next report
    # a hearing still to come, to which the council member is invited as well
    hearing = visits.visit_create(
        actor=officer,
        kind=WorkVisit.Kind.HEARING,
        title="Hoorzitting mantelzorg",
        date=timezone.localdate() + dt.timedelta(days=10),
        start_time=dt.time(19, 30),
        hub_id=None,
        villages=[world.village_b],
        purpose="",
        period="2026-Q3",
    )
    visits.visit_invite(actor=officer, visit=hearing, user_ids=[str(member.public_id)])
    page.context.clear_cookies()
    ui_login(page, live_server.url, member.username, PASSWORD)
    page.goto(f"{live_server.url}/home/")
    # the start page says in plain Dutch what a council member can do here
    assert page.get_by_text("Als raadslid leest u hier").is_visible()
    quarter = period_shift(period_of(timezone.localdate()), -1)
    report_link = page.get_by_role("link", name="Lees de rapportage over kwartaal")
    assert report_link.get_attribute("href") == f"/report/?period={quarter}"
    assert page.get_by_role("link", name="Cijfers als CSV", exact=True).is_visible()
    assert page.get_by_role("link", name="Hoorzitting mantelzorg").is_visible()
    _both(page, shot, "home-council-member")
    page.get_by_role("link", name="Werkbezoeken en hoorzittingen", exact=True).click()
    assert page.get_by_text("u bent uitgenodigd").count() == 2
    _both(page, shot, "visit-list-council")
    page.get_by_role("link", name="Werkbezoek Noorddorp: burenhulp en vervoer").click()
    assert page.get_by_text("Een vrijwilligersvergoeding voor vervoer.").is_visible()
    assert page.get_by_role("link", name="Vastleggen wat de raad hoorde en besloot").count() == 0
    page.goto(f"{live_server.url}/report/?period=2026-Q4")
    section = page.locator("#werkbezoek")
    assert "Een vrijwilligersvergoeding voor vervoer." in section.inner_text()
    section.scroll_into_view_if_needed()
    _both(page, shot, "visit-in-report")
