"""Demo of the werkbrigade and discretionary decisions (issue 24), for Bodegraven-Reeuwijk:
weekly presence of the demo professional and team lead at the Huizen van Alles, contacts with
households and where they were held, and discretionary decisions in every state. Called at
the end of ``demo.generate`` (bulk writes: the demo stays fast)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from .models import DiscretionaryDecision, Household, HouseholdContact, PresenceSlot
from .presence import HubChoice, hub_choices

# (user, weekday 0 = Monday, from, until, the village of the Huis van Alles or, when the social
# map has no hub there, the index of the hub in the list by name). Sanne (Sociaal Team Dorpen
# among her teams) holds the Tuesday-morning hour in Waarder that the demo's work visit
# there (reports.demo) heard about.
PRESENCE = [
    ("professional", 1, time(9), time(12), "Waarder", 0),
    ("professional", 3, time(13, 30), time(16), "", 1),
    ("teamleider", 0, time(9), time(11), "", 2),
    ("teamleider", 4, time(10), time(12), "", 0),
]
PLACE_WEIGHTS = [("hub", 35), ("home", 30), ("office", 20), ("remote", 15)]

DECISIONS = [
    (
        "pw_16",
        "Geen recht op bijstand door een vermogen dat vastzit in een auto die nodig is voor "
        "de mantelzorg; zonder steun lopen de vaste lasten op en dreigt uithuiszetting.",
        "De huur en energie zijn drie maanden betaald; er is rust om de auto te verkopen.",
        "1450.00",
    ),
    (
        "youth",
        "Een plek in de jeugdhulp heeft een wachttijd van vier maanden; de opa kan nu "
        "opvangen als hij een vergoeding voor reiskosten krijgt.",
        "De kinderen blijven thuis wonen en gaan elke dag naar school.",
        "600.00",
    ),
    (
        "housing",
        "Moeder en drie kinderen slapen na een scheiding bij familie; volgens de regels "
        "geen urgentie, maar het gezin valt zo uit elkaar.",
        "Binnen drie maanden een woning in Reeuwijk-Brug, de kinderen op dezelfde school.",
        "0.00",
    ),
    (
        "debt",
        "Schuldhulp past niet binnen de regels door een boete van het CJIB; zonder regeling "
        "loopt de beslaglegging op het loon door en gaat het werk verloren.",
        "Een betalingsregeling en rust: het loon blijft, er komen geen nieuwe schulden bij.",
        "2300.00",
    ),
    (
        "wmo",
        "De traplift past niet in het standaardpakket; zonder aanpassing moet meneer naar "
        "een verpleeghuis buiten het dorp.",
        "Meneer woont thuis in Nieuwerbrug, met hulp van de buren en de dagbesteding.",
        "5200.00",
    ),
    (
        "pw_35",
        "Een wasmachine en bed voor de kinderen na een brand; de bijzondere bijstand kent "
        "een drempel die dit gezin niet haalt.",
        "Het gezin heeft binnen een week weer de spullen die nodig zijn.",
        "890.00",
    ),
]
DECIDE_NOTES = ["Akkoord, goed onderbouwd.", "Akkoord; evalueer samen met het gezin."]
OUTCOMES = [
    ("achieved", "Het gezin woont nog samen en de vaste lasten worden weer betaald."),
    ("partly", "De rust is er, maar er is nog een betalingsachterstand bij de zorgverzekeraar."),
]


def _at(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def generate(ctx) -> dict[str, int]:
    rng, today = ctx.rng, ctx.today
    professional, lead = ctx.users["professional"], ctx.users["teamleider"]
    hubs = hub_choices(ctx.municipality)
    slots = []
    if hubs:
        by_village = {h.area_name: h for h in hubs}
        for username, weekday, starts, ends, village, index in PRESENCE:
            hub = by_village.get(village) or hubs[index % len(hubs)]
            slots.append(
                PresenceSlot(
                    municipality=ctx.municipality,
                    professional=ctx.users[username],
                    weekday=weekday,
                    starts=starts,
                    ends=ends,
                    hub_public_id=hub.public_id,
                    hub_label=hub.name,
                )
            )
        PresenceSlot.objects.bulk_create(slots)
    hub_of_area: dict[str, HubChoice] = {}
    for hub in hubs:
        hub_of_area.setdefault(hub.area_name, hub)
    households = list(
        Household.objects.for_municipality(ctx.municipality)
        .filter(status=Household.Status.OPEN, team=ctx.teams[0])
        .select_related("area", "plan")
        .order_by("pk")
    )
    places = [p for p, w in PLACE_WEIGHTS for _ in range(w)]
    contacts = []
    for household in households:
        start = max(household.opened_on, today - timedelta(days=270))
        span = (today - start).days
        for _n in range(rng.randint(2, 6)):
            place = rng.choice(places)
            at = hub_of_area.get(household.area.name if household.area else "")
            if place == "hub" and at is None:
                place = "home"
            contacts.append(
                HouseholdContact(
                    household=household,
                    held_on=start + timedelta(days=rng.randint(0, max(span, 0))),
                    place=place,
                    hub_public_id=at.public_id if at and place == "hub" else None,
                    hub_label=at.name if at and place == "hub" else "",
                    professional=professional,
                )
            )
    HouseholdContact.objects.bulk_create(contacts, batch_size=1000)

    decisions = []
    with_plan = [h for h in households if hasattr(h, "plan")]
    for i, household in enumerate(rng.sample(with_plan, min(len(with_plan), 18))):
        ground, reason, effect, cost = DECISIONS[i % len(DECISIONS)]
        requested = today - timedelta(days=rng.randint(3, 330))
        status = "requested" if i < 3 else "rejected" if i % 7 == 6 else "approved"
        review_on = requested + timedelta(days=90)
        if status == "approved" and review_on < today - timedelta(days=14):
            status = "reviewed"
        decided_at = _at(requested + timedelta(days=2)) if status != "requested" else None
        outcome, outcome_note = OUTCOMES[i % 2] if status == "reviewed" else ("", "")
        decisions.append(
            (
                DiscretionaryDecision(
                    plan=household.plan,
                    legal_ground=ground,
                    reason=reason,
                    expected_effect=effect,
                    cost=Decimal(cost),
                    review_on=review_on if status != "requested" else today + timedelta(60),
                    status=status,
                    requested_by=professional,
                    decided_by=lead if decided_at else None,
                    decided_at=decided_at,
                    decision_note=(
                        "Past binnen het beleid zonder afwijking; vraag eerst de "
                        "reguliere voorziening aan."
                        if status == "rejected"
                        else rng.choice(DECIDE_NOTES)
                        if decided_at
                        else ""
                    ),
                    reviewed_by=professional if status == "reviewed" else None,
                    reviewed_at=_at(review_on) if status == "reviewed" else None,
                    outcome=outcome,
                    outcome_note=outcome_note,
                ),
                _at(requested),
            )
        )
    DiscretionaryDecision.objects.bulk_create([d for d, _at_ in decisions])
    for decision, created in decisions:
        DiscretionaryDecision.objects.filter(pk=decision.pk).update(created_at=created)
    return {
        "casework_presence_slots": len(slots),
        "casework_contacts": len(contacts),
        "casework_decisions": len(decisions),
    }
