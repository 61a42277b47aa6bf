"""Demo of the food garden (issue 24) in Bodegraven-Reeuwijk: Voedseltuin Bodegraven, run by
a foundation with four work-experience places (young people with a Wajong benefit and other
job seekers, one counted for the social return of the green-maintenance contract), its
volunteer shifts as activities of the village's Huis van Alles (when the social map has one
whose title names the garden), and a season of produce delivered to the food bank.
Called at the end of ``demo.generate``; bulk writes keep the demo fast.

The garden's public id is derived from the seed (``garden_public_id``) so that casework's
demo can refer to it by typed reference without importing this part."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from . import garden, selectors, services
from .models import JobSeeker, ProduceDelivery, TargetGroup

GARDEN_NAME = "Voedseltuin Bodegraven"
FOOD_BANK = "Voedselbank Bodegraven-Reeuwijk"
DESCRIPTION = (
    "Een halve hectare moestuin achter de volkstuinen. Jongeren met een Wajong-uitkering en "
    "andere werkzoekenden doen er werkervaring op; vrijwilligers en mensen die uit de schulden "
    "komen werken mee. De oogst gaat elke week naar de voedselbank."
)
# Typical kilograms per delivery and what is picked, per month (the season runs April to
# November; in winter a little leek and kale).
SEASON = {
    1: (4, "boerenkool, prei"),
    2: (0, ""),
    3: (0, ""),
    4: (6, "radijs, spinazie, rabarber"),
    5: (10, "sla, radijs, spinazie"),
    6: (18, "sla, aardbeien, tuinbonen, peultjes"),
    7: (32, "courgettes, sperziebonen, komkommers, sla"),
    8: (41, "tomaten, courgettes, sperziebonen, aardappelen"),
    9: (36, "aardappelen, pompoenen, tomaten, bieten"),
    10: (24, "pompoenen, bieten, wortels, prei"),
    11: (12, "prei, boerenkool, wortels"),
    12: (5, "boerenkool, prei, spruitjes"),
}
PLACES = 4
#: of the places taken in the demo, this many by young people with a Wajong benefit
WAJONG_PLACES = 2
WAJONG_GOAL = (
    "Werkervaring opdoen in de voedseltuin met een Wajong-uitkering; daarna een baan in het "
    "groen, met begeleiding op de werkplek."
)


def _age(person, today: dt.date) -> int:
    born = person.date_of_birth
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def garden_public_id(seed) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"zorgzaam-demo/{seed}/food-garden")


def _hub(municipality) -> dict | None:
    hubs = garden.hub_choices(municipality)
    return next((h for h in hubs if "Bodegraven" in h["name"]), hubs[0] if hubs else None)


def generate(ctx, contracts) -> dict[str, int]:
    rng, today = ctx.rng, ctx.today
    coordinator = ctx.users["coordinator"]
    employer = services.employer_create(
        actor=coordinator,
        name="Stichting Voedseltuin Bodegraven",
        sector="green",
        postcode="2411 AB",
        work_experience_places=PLACES,
        is_social_enterprise=True,
        skills=["planting", "physical_work", "teamwork"],
        availability=0,
    )
    hub = _hub(ctx.municipality)
    food_garden = garden.garden_create(
        actor=coordinator,
        name=GARDEN_NAME,
        employer=employer,
        place="Broekveldselaan, Bodegraven",
        food_bank=FOOD_BANK,
        hub_public_id=hub["public_id"] if hub else None,
        description=DESCRIPTION,
    )
    type(food_garden).objects.filter(pk=food_garden.pk).update(public_id=garden_public_id(ctx.seed))
    food_garden.refresh_from_db()

    # Work-experience places: Wajong youth first, then other job seekers without a placement.
    # The youngest job seekers (18 to 27) are the garden's Wajong youth: in the jobs-agreement
    # target group (banenafspraak, where Wajong belongs), their work goal naming the benefit.
    free = list(
        JobSeeker.objects.for_municipality(ctx.municipality)
        .filter(status=JobSeeker.Status.ACTIVE)
        .select_related("person")
        .order_by("pk")
    )
    young = sorted(
        (s for s in free if s.person.date_of_birth and 18 <= _age(s.person, today) <= 27),
        key=lambda s: (_age(s.person, today), s.pk),
    )[:WAJONG_PLACES]
    for seeker in young:
        seeker.target_group, seeker.work_goal = TargetGroup.BANENAFSPRAAK, WAJONG_GOAL
    JobSeeker.objects.bulk_update(young, ["target_group", "work_goal"])
    wajong = {s.pk for s in young}
    free.sort(key=lambda s: (s.pk not in wajong, s.target_group != TargetGroup.BANENAFSPRAAK))
    green = next(
        (c for c in contracts if c.title == "Onderhoud openbaar groen" and c.start <= today),
        None,
    )
    placed = 0
    for i, seeker in enumerate(free[: PLACES - 1]):
        start = today - dt.timedelta(days=rng.randint(20, 150))
        contract = green if i == 0 and green and green.start <= start <= green.end else None
        garden.garden_place(
            actor=coordinator,
            garden=food_garden,
            job_seeker=seeker,
            start=start,
            hours_per_week=Decimal(rng.choice([12, 16, 20])),
            contract=contract,
        )
        placed += 1

    # Volunteer shifts: the hub's activities that name the garden.
    shifts = 0
    if hub is not None:
        _rows, candidates = garden.shifts(food_garden)
        for activity in candidates:
            if "tuin" in activity["title"].lower():
                garden.shift_link(
                    actor=coordinator,
                    garden=food_garden,
                    activity_public_id=activity["public_id"],
                    task="Zaaien, wieden en oogsten; daarna koffie in de schuur.",
                )
                shifts += 1

    # Produce: a delivery every Friday of the last twelve months, by the season.
    deliveries = []
    day = today - dt.timedelta(days=(today.weekday() - 4) % 7)
    while day > today - dt.timedelta(days=364):
        kg, crops = SEASON[day.month]
        if kg:
            weight = Decimal(max(1.0, rng.gauss(kg, kg * 0.2))).quantize(Decimal("0.1"))
            deliveries.append(
                ProduceDelivery(
                    garden=food_garden,
                    delivered_on=day,
                    kg=weight,
                    produce=crops,
                    recorded_by=coordinator,
                )
            )
        day -= dt.timedelta(days=7)
    ProduceDelivery.objects.bulk_create(deliveries)
    return {
        "work_food_gardens": 1,
        "work_food_garden_wajong_places": len(wajong),
        "work_food_garden_places": placed,
        "work_food_garden_shifts": shifts,
        "work_produce_deliveries": len(deliveries),
        "work_food_gardens_listed": len(selectors.food_gardens(ctx.municipality)),
    }
