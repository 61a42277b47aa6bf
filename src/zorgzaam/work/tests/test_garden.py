"""The food garden as a hub with work places (#24): work-experience places with SROI,
volunteer shifts as hub activities, produce delivered to the food bank."""

import datetime as dt
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.testing import login
from zorgzaam.socialmap.models import Activity, Hub
from zorgzaam.work import garden, selectors
from zorgzaam.work.models import FoodGarden, Placement, ProduceDelivery
from zorgzaam.work.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub(world):
    hub = Hub.objects.create(
        municipality=world.municipality, area=world.village_a, name="Huis van Alles Noorddorp"
    )
    Activity.objects.create(
        municipality=world.municipality,
        hub=hub,
        title="Tuindienst in de voedseltuin",
        starts_at=timezone.now() + timedelta(days=1),
        duration_minutes=180,
        rrule="FREQ=WEEKLY",
        capacity=8,
        status=Activity.Status.APPROVED,
    )
    return hub


def test_garden_journey(world, client, hub):
    coord = world.users["hub_coordinator"]
    employer = factories.employer(
        coord, name="Stichting De Tuin", sector="green", work_experience_places=2
    )
    contract = factories.contract(world.users["policy_officer"])
    seeker = factories.seeker(coord, world.person_b, target_group="banenafspraak")
    login(client, coord)
    new = reverse("work:garden_new")
    data = {
        "name": "Voedseltuin Noorddorp",
        "employer": str(employer.public_id),
        "place": "Achter de kerk",
        "food_bank": "Voedselbank Zorgdorp",
        "hub": str(hub.public_id),
    }
    assert client.post(new, {**data, "name": ""}).status_code == 400
    assert client.post(new, data).status_code == 302
    food_garden = FoodGarden.objects.get()
    assert food_garden.hub_label == "Huis van Alles Noorddorp"
    assert client.post(new, data).status_code == 400  # one garden per employer
    page = reverse("work:garden_detail", args=[food_garden.public_id])

    place = reverse("work:garden_place", args=[food_garden.public_id])
    today = timezone.localdate()
    assert (
        client.post(
            place,
            {
                "job_seeker": str(seeker.public_id),
                "start": today.isoformat(),
                "hours_per_week": "16",
                "contract": str(contract.public_id),
            },
        ).status_code
        == 302
    )
    placement = Placement.objects.get()
    assert placement.kind == "work_experience" and placement.employer == employer
    assert placement.fulfilment.contract == contract

    shift = reverse("work:garden_shift", args=[food_garden.public_id])
    (activity,) = garden.shifts(food_garden)[1]
    assert (
        client.post(shift, {"activity": str(activity["public_id"]), "task": ""}).status_code == 400
    )
    assert (
        client.post(
            shift, {"activity": str(activity["public_id"]), "task": "Oogsten en wieden"}
        ).status_code
        == 302
    )
    rows, candidates = garden.shifts(food_garden)
    assert candidates == [] and rows[0].sessions and rows[0].sessions[0]["free_places"] == 8

    produce = reverse("work:garden_produce", args=[food_garden.public_id])
    future = (today + timedelta(days=1)).isoformat()
    bad = client.post(produce, {"delivered_on": future, "kg": "12", "produce": "Sla"})
    assert bad.status_code == 400 and not ProduceDelivery.objects.exists()
    for kg in ("12.5", "7"):
        ok = {"delivered_on": today.isoformat(), "kg": kg, "produce": "Sla en bonen"}
        assert client.post(produce, ok).status_code == 302
    assert garden.produce_this_year(food_garden) == Decimal("19.5")
    assert garden.produce_by_month(food_garden)[0].deliveries == 2

    html = client.get(page).content.decode()
    assert str(world.person_b) in html and contract.reference in html
    assert "Tuindienst in de voedseltuin" in html and "19,5" in html
    assert AuditEvent.objects.filter(
        event="work.garden.view", subject_id=world.person_b.public_id
    ).exists()
    # For casework's debt-help track: the garden by typed reference, no people.
    assert selectors.food_gardens(world.municipality) == [
        {
            "public_id": food_garden.public_id,
            "name": "Voedseltuin Noorddorp",
            "place": "Achter de kerk",
        }
    ]

    # Another municipality: an audited 403 on every garden route; a resident: no capability.
    login(client, world.other_professional)
    assert client.get(page).status_code == 403
    assert client.post(produce, ok).status_code == 403
    assert ProduceDelivery.objects.count() == 2
    login(client, world.users["resident"])
    assert client.get(reverse("work:garden_list")).status_code == 403


def test_garden_rules(world, hub):
    coord = world.users["hub_coordinator"]
    employer = factories.employer(coord, sector="green", work_experience_places=1)
    food_garden = garden.garden_create(
        actor=coord,
        name="Voedseltuin",
        employer=employer,
        place="Dorp",
        food_bank="Voedselbank",
        hub_public_id=hub.public_id,
    )
    from zorgzaam.common.errors import ApplicationError

    with pytest.raises(ApplicationError):  # not an activity of the garden's hub
        garden.shift_link(
            actor=coord, garden=food_garden, activity_public_id=hub.public_id, task="Wieden"
        )
    with pytest.raises(ApplicationError):  # too heavy
        garden.produce_record(
            actor=coord,
            garden=food_garden,
            delivered_on=dt.date.today(),
            kg=Decimal(6000),
            produce="Pompoenen",
        )
    with pytest.raises(ApplicationError):  # another municipality's actor
        garden.produce_record(
            actor=world.other_professional,
            garden=food_garden,
            delivered_on=dt.date.today(),
            kg=Decimal(5),
            produce="Pompoenen",
        )
    first = factories.seeker(coord, world.person_a)
    second = factories.seeker(coord, world.person_b)
    garden.garden_place(
        actor=coord,
        garden=food_garden,
        job_seeker=first,
        start=dt.date.today(),
        hours_per_week=Decimal(12),
    )
    with pytest.raises(ApplicationError):  # the one place is taken
        garden.garden_place(
            actor=coord,
            garden=food_garden,
            job_seeker=second,
            start=dt.date.today(),
            hours_per_week=Decimal(12),
        )
