"""Practices of caring villages in a real browser (#24): the professional sets a village
presence and residents see it on the hub page; a professional requests a discretionary
decision, the team lead approves it and the review is recorded."""

from datetime import timedelta

import pytest
from django.utils import timezone

from zorgzaam.casework.models import DiscretionaryDecision
from zorgzaam.casework.tests.conftest import make_case
from zorgzaam.common.testing import PASSWORD, give_totp, make_world
from zorgzaam.socialmap.models import Hub

from .conftest import ARTIFACTS, ui_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _both_sizes(page, shot, name):
    """Full-page screenshots of ``page`` (any page, not only the ``shot`` fixture's) at phone
    and desktop size."""
    ARTIFACTS.mkdir(exist_ok=True)
    for size, viewport in (("phone", (390, 844)), ("desktop", (1280, 900))):
        page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
        page.screenshot(path=str(ARTIFACTS / f"{name}-{size}.png"), full_page=True)


def test_presence_and_discretionary_decision(page, browser, live_server, shot):
    world = make_world()
    base = live_server.url
    prof, lead = world.users["professional"], world.users["team_lead"]
    prof.first_name, prof.last_name = "Sanne", "Bakker"
    prof.save()
    hub = Hub.objects.create(
        municipality=world.municipality, area=world.village_a, name="Huis van Alles Noorddorp"
    )
    case = make_case(world)

    # The professional puts herself in the village on Tuesday morning.
    ui_login(page, base, prof.username, PASSWORD, give_totp(prof))
    page.goto(f"{base}/cases/presence/")
    assert page.locator("h1").inner_text() == "Werkbrigade"
    page.get_by_label("Dag", exact=True).select_option("1")
    page.locator("#id_starts").fill("09:00")
    page.locator("#id_ends").fill("12:00")
    page.get_by_label("Huis van Alles", exact=True).select_option(str(hub.public_id))
    page.get_by_role("button", name="Toevoegen aan het rooster").click()
    assert page.get_by_text("De aanwezigheid staat in het rooster.").is_visible()
    _both_sizes(page, shot, "werkbrigade-schedule")

    # Residents see it on the public hub page, with her first name only.
    resident = browser.new_context(locale="nl-NL").new_page()
    resident.goto(f"{base}/hubs/{hub.public_id}/")
    line = "Elke dinsdag 9:00–12:00 is Sanne van het sociaal team in Huis van Alles Noorddorp."
    assert resident.get_by_text(line).is_visible()
    assert "Bakker" not in resident.content()
    _both_sizes(resident, shot, "werkbrigade-hub-page")

    # A discretionary decision: article 16, requested by the professional.
    page.goto(f"{base}/cases/{case.public_id}/decisions/")
    page.get_by_label("Wettelijke grondslag").select_option("pw_16")
    page.get_by_label("Waarom buiten de standaardregels").fill(
        "Geen recht op bijstand, maar zonder steun dreigt uithuiszetting van het gezin."
    )
    page.get_by_label("Verwacht effect").fill("De huur is betaald en de kinderen blijven thuis.")
    page.get_by_label("Kosten in euro").fill("850")
    review_on = timezone.localdate() + timedelta(days=90)
    page.get_by_label("Evaluatiedatum").fill(review_on.isoformat())
    page.get_by_role("button", name="Besluit aanvragen").click()
    assert page.get_by_text("wacht op goedkeuring").is_visible()
    _both_sizes(page, shot, "decision-requested")

    # The team lead approves it (four eyes).
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    lead_page = context.new_page()
    ui_login(lead_page, base, lead.username, PASSWORD, give_totp(lead))
    lead_page.goto(f"{base}/cases/decisions/")
    lead_page.get_by_role("link", name=case.name).click()
    lead_page.get_by_label("Goedkeuren").check()
    lead_page.get_by_role("button", name="Besluit vastleggen").click()
    assert lead_page.get_by_text("goedgekeurd", exact=True).is_visible()
    decision = DiscretionaryDecision.objects.get()
    assert decision.decided_by == lead and decision.status == "approved"

    # At the review date the professional records what came of it.
    page.reload()
    page.get_by_label("Uitkomst").select_option("achieved")
    page.get_by_label("Wat het heeft opgeleverd").fill(
        "Het gezin woont nog samen en de huurachterstand is ingelopen."
    )
    page.get_by_role("button", name="Evaluatie vastleggen").click()
    assert page.get_by_text("De evaluatie is vastgelegd.").is_visible()
    _both_sizes(page, shot, "decision-reviewed")
    decision.refresh_from_db()
    assert decision.status == "reviewed" and decision.outcome == "achieved"
