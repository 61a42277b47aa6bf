"""Debt help aimed at recovery and the food garden in a real browser (#24): a professional
starts a debt-help track, adds a recovery goal and links a debt buddy of the pool, with the
ZRM finance domain over time; a hub coordinator places a job seeker on the food garden, links
a hub activity as a volunteer shift and records produce for the food bank."""

from datetime import timedelta

import pytest
from django.utils import timezone

from zorgzaam.casework.models import DebtBuddy, DebtTrack
from zorgzaam.casework.tests.conftest import make_case
from zorgzaam.common.testing import PASSWORD, give_totp, make_world
from zorgzaam.socialmap.models import Activity, Hub
from zorgzaam.work import garden
from zorgzaam.work.models import Placement, ProduceDelivery
from zorgzaam.work.tests import factories

from .conftest import ui_login
from .test_casework_practices import _both_sizes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_debt_track_with_a_buddy(page, live_server, shot):
    world = make_world()
    base = live_server.url
    prof = world.users["professional"]
    case = make_case(world)
    DebtBuddy.objects.create(
        municipality=world.municipality,
        name="Henk de Vries",
        area=case.area,
        organisation="SchuldHulpMaatje",
        max_households=2,
    )
    ui_login(page, base, prof.username, PASSWORD, give_totp(prof))
    page.goto(f"{base}/cases/{case.public_id}/debt/")
    assert page.locator("h1").inner_text().startswith("Schuldhulp gericht op herstel")
    page.get_by_label("Situatie (schulden, schuldeisers, wat het meest knelt)").fill(
        "Huurachterstand en een energierekening; de post bleef dicht."
    )
    page.get_by_label("Aantal schuldeisers").fill("4")
    page.get_by_role("button", name="Traject starten").click()
    assert page.get_by_text("Het schuldhulptraject is gestart.").is_visible()
    page.get_by_label("Soort doel").select_option("buddy")
    page.get_by_label("Doel", exact=True).fill("Een maatje dat elke week meekijkt met de post.")
    page.get_by_role("button", name="Doel toevoegen").click()
    assert page.get_by_text("Het hersteldoel is toegevoegd.").is_visible()
    card = page.locator("li.suggestion", has_text="Henk de Vries")
    card.get_by_role("button").click()
    assert page.get_by_text("De inzet is aan het hersteldoel gekoppeld.").is_visible()
    assert DebtTrack.objects.get().buddy.name == "Henk de Vries"
    assert page.locator("svg.zrm-domain-chart").is_visible()
    _both_sizes(page, shot, "debt-track")


def test_food_garden_places_shifts_and_produce(page, live_server, shot):
    world = make_world()
    base = live_server.url
    coord = world.users["hub_coordinator"]
    hub = Hub.objects.create(
        municipality=world.municipality, area=world.village_a, name="Huis van Alles Noorddorp"
    )
    Activity.objects.create(
        municipality=world.municipality,
        hub=hub,
        title="Tuindienst in de voedseltuin",
        starts_at=timezone.now() + timedelta(days=2),
        duration_minutes=180,
        rrule="FREQ=WEEKLY",
        capacity=8,
        status=Activity.Status.APPROVED,
    )
    employer = factories.employer(
        coord, name="Stichting Voedseltuin", sector="green", work_experience_places=3
    )
    food_garden = garden.garden_create(
        actor=coord,
        name="Voedseltuin Noorddorp",
        employer=employer,
        place="Achter de kerk",
        food_bank="Voedselbank Zorgdorp",
        hub_public_id=hub.public_id,
    )
    seeker = factories.seeker(coord, world.person_b, target_group="banenafspraak")
    ui_login(page, base, coord.username, PASSWORD, give_totp(coord))
    page.goto(f"{base}/work/gardens/")
    page.get_by_role("link", name="Voedseltuin Noorddorp").click()

    page.get_by_text("Een werkzoekende plaatsen").click()
    page.get_by_label("Werkzoekende").select_option(str(seeker.public_id))
    page.get_by_label("Uren per week").fill("16")
    page.get_by_role("button", name="Plaatsen in de tuin").click()
    assert page.get_by_text("De werkzoekende is geplaatst").is_visible()
    assert Placement.objects.get().employer == employer

    page.get_by_text("Een activiteit van het Huis van Alles als dienst koppelen").click()
    page.get_by_label("Wat vrijwilligers doen").fill("Zaaien, wieden en oogsten")
    page.get_by_role("button", name="Als dienst koppelen").click()
    assert page.get_by_text("De activiteit is een vrijwilligersdienst van de tuin.").is_visible()

    page.get_by_label("Kilo").fill("18.5")
    page.get_by_label("Wat", exact=True).fill("courgettes en sperziebonen")
    page.get_by_role("button", name="Levering vastleggen").click()
    assert page.get_by_text("De levering aan de voedselbank is vastgelegd.").is_visible()
    assert ProduceDelivery.objects.get(garden=food_garden).kg == 18.5
    _both_sizes(page, shot, "food-garden")
