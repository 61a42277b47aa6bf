"""Demo of debt help aimed at recovery (issue 24) in Bodegraven-Reeuwijk: a pool of
SchuldHulpMaatje volunteers across the villages and debt-help tracks in households whose
finances scored low at intake, with recovery goals in every state, buddies beside most of
them and the food garden linked where work and company help. Called at the end of
``demo.generate`` (bulk writes: the demo stays fast).

The food garden is the work part's demo garden, named by typed reference: its public id is
derived from the seed the same way ``work.demo_garden.garden_public_id`` does."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal

from django.conf import settings

from zorgzaam.tenancy.models import Area

from .debt import BUDDY_KIND, FINANCE, GARDEN_KIND
from .models import (
    DebtBuddy,
    DebtTrack,
    Household,
    MeasurementScore,
    RecoveryGoal,
)

ORGANISATION = "SchuldHulpMaatje Bodegraven-Reeuwijk"
BUDDIES = [
    ("Henk de Vries", "Bodegraven", "0172-61 42 18", 2),
    ("Marian Bos", "Bodegraven", "", 2),
    ("Ellen Verhoef", "Reeuwijk", "0182-39 11 07", 2),
    ("Kees van Dam", "Waarder", "", 1),
    ("Fatma Yilmaz", "Bodegraven", "", 2),
    ("Jan-Willem Kok", "Nieuwerbrug", "", 1),
    ("Gerda Hoogendoorn", "Driebruggen", "0348-50 12 96", 2),
    ("Peter Stam", "Reeuwijk", "", 3),
]
SITUATIONS = [
    (
        "Huurachterstand van vier maanden, een energierekening en twee telefoonabonnementen. "
        "De post bleef maandenlang dicht.",
        4,
        "6800.00",
    ),
    (
        "Na het verlies van werk schulden bij de zorgverzekeraar, het CJIB en een webwinkel; "
        "er ligt beslag op de uitkering.",
        6,
        "14250.00",
    ),
    (
        "Terugvordering van toeslagen en een achterstand bij de waterschapsbelasting; het gezin "
        "durft de brievenbus niet meer open te doen.",
        3,
        "9100.00",
    ),
    (
        "Creditcardschuld en een persoonlijke lening na een scheiding; de vaste lasten zijn "
        "hoger dan het inkomen.",
        5,
        "21600.00",
    ),
]
GOALS = [
    ("rest", "Beslagvrije voet hersteld en drie maanden geen nieuwe incasso's of deurwaarders."),
    (
        "income",
        "Toeslagen en uitkering op orde; elke week hetzelfde leefgeld op een eigen rekening.",
    ),
    ("buddy", "Een schuldhulpmaatje dat elke week samen de post opent en meegaat naar afspraken."),
    (
        "steps",
        "Aanmelding bij de schuldhulpverlening en een minnelijke regeling met alle schuldeisers.",
    ),
]
GARDEN_GOAL = (
    "income",
    "Twee ochtenden per week meewerken in de voedseltuin: structuur, gezelschap en een opstap "
    "naar werk.",
)
MAX_TRACKS = 14


def _garden_id(seed) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"zorgzaam-demo/{seed}/food-garden")


def _low_finance(households) -> list[Household]:
    """Households whose first finance score was 3 or lower."""
    first: dict[int, int] = {}
    for household_id, score in (
        MeasurementScore.objects.filter(measurement__household__in=households, domain__code=FINANCE)
        .order_by("measurement__measured_on", "measurement_id")
        .values_list("measurement__household_id", "score")
    ):
        first.setdefault(household_id, score)
    return [h for h in households if first.get(h.pk, 5) <= 3]


def generate(ctx) -> dict[str, int]:
    rng, today = ctx.rng, ctx.today
    professional = ctx.users["professional"]
    villages = {a.name: a for a in Area.objects.filter(municipality=ctx.municipality)}

    def village(name):
        return next((a for n, a in villages.items() if n.startswith(name)), None)

    buddies = DebtBuddy.objects.bulk_create(
        DebtBuddy(
            municipality=ctx.municipality,
            name=name,
            area=village(place),
            organisation=ORGANISATION,
            phone=phone,
            max_households=places,
        )
        for name, place, phone, places in BUDDIES
    )
    households = list(
        Household.objects.for_municipality(ctx.municipality)
        .filter(status=Household.Status.OPEN, team=ctx.teams[0], plan__isnull=False)
        .select_related("plan")
        .order_by("pk")
    )
    chosen = _low_finance(households)[:MAX_TRACKS]
    with_garden = "zorgzaam.work" in settings.ZORGZAAM_PART_APPS  # the parts the demo runs
    load = {b.pk: 0 for b in buddies}
    tracks, goals = [], []
    for i, household in enumerate(chosen):
        situation, creditors, total = SITUATIONS[i % len(SITUATIONS)]
        started = max(household.opened_on, today - timedelta(days=rng.randint(20, 300)))
        age = (today - started).days
        status = "debt_free" if i in (4, 9) and age > 120 else "stopped" if i == 7 else "active"
        same = [
            b for b in buddies if b.area_id == household.area_id and load[b.pk] < b.max_households
        ]
        others = [b for b in buddies if load[b.pk] < b.max_households]
        candidates = same or others
        buddy = candidates[0] if candidates and i % 5 != 3 else None
        if buddy is not None:
            load[buddy.pk] += 1 if status == "active" else 0
        track = DebtTrack(
            plan=household.plan,
            started_on=started,
            situation=situation,
            creditors=0 if status == "debt_free" else creditors,
            debt_total=Decimal(0) if status == "debt_free" else Decimal(total),
            buddy=buddy,
            status=status,
            closed_on=(
                today - timedelta(days=rng.randint(1, max(1, min(30, age))))
                if status != "active"
                else None
            ),
            created_by=professional,
        )
        tracks.append(track)
        for k, (kind, text) in enumerate(GOALS):
            if kind == "buddy" and buddy is None:
                continue
            done = status == "debt_free" or (k < 2 and age > 90) or (kind == "buddy" and age > 30)
            ref = (BUDDY_KIND, buddy.public_id, buddy.name) if kind == "buddy" and buddy else None
            goals.append(
                RecoveryGoal(
                    track=track,
                    kind=kind,
                    description=text,
                    target_on=started + timedelta(days=90 * (k + 1)),
                    status="achieved" if done else "stopped" if status == "stopped" else "active",
                    achieved_on=min(today, started + timedelta(days=30 * (k + 1)))
                    if done
                    else None,
                    ref_kind=ref[0] if ref else "",
                    ref_public_id=ref[1] if ref else None,
                    ref_label=ref[2] if ref else "",
                )
            )
        if with_garden and i % 3 == 0:
            goals.append(
                RecoveryGoal(
                    track=track,
                    kind=GARDEN_GOAL[0],
                    description=GARDEN_GOAL[1],
                    status="active" if status == "active" else "achieved",
                    ref_kind=GARDEN_KIND,
                    ref_public_id=_garden_id(ctx.seed),
                    ref_label="Voedseltuin Bodegraven",
                )
            )
    DebtTrack.objects.bulk_create(tracks)
    RecoveryGoal.objects.bulk_create(goals)
    return {
        "casework_debt_buddies": len(buddies),
        "casework_debt_tracks": len(tracks),
        "casework_recovery_goals": len(goals),
    }
