"""Demo data for neighbour help: a volunteer profile for every demo volunteer, over 300 help
requests in every state (proposals chosen and explained by the real matching engine) and over
40 lasting buddy pairings. Deterministic with the demo seed; all people are fictional."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Hashable
from decimal import Decimal

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from . import matching
from .constants import LANGUAGE_CODES, VOG_SKILLS, RequestKind, Rhythm, Skill, SubmittedVia
from .engine import help_need, reasons_json
from .models import BuddyCheckIn, BuddyPairing, HelpRequest, Proposal, VolunteerProfile
from .pool import pool_forget, volunteer_pool

DESCRIPTIONS = {
    "odd_jobs": [
        "Lamp ophangen in de woonkamer",
        "Kastje in elkaar zetten",
        "Gordijnrail vastzetten",
    ],
    "shopping": ["Wekelijkse boodschappen bij de supermarkt", "Medicijnen ophalen bij de apotheek"],
    "transport": [
        "Lift naar de huisarts",
        "Vervoer naar het ziekenhuis in Gouda",
        "Naar de kapper",
    ],
    "company": ["Samen koffie drinken en een praatje", "Wandelen in het dorp"],
    "paperwork": ["Hulp bij post van de belastingdienst", "Formulier huurtoeslag invullen"],
    "digital": ["Hulp met DigiD op de telefoon", "Videobellen met de kleinkinderen instellen"],
    "language_buddy": ["Nederlands oefenen in gesprek", "Samen brieven lezen in het Nederlands"],
    "garden": ["Heg snoeien", "Bladeren ruimen in de tuin", "Moestuin winterklaar maken"],
    "dementia_buddy": ["Wekelijks wandelen met mijn man met dementie", "Samen muziek luisteren"],
    "work_buddy": [
        "Meelopen op de werkvloer bij een lokale werkgever",
        "Steun bij de eerste werkweken",
    ],
    "childcare": ["Kinderen van school halen op woensdag", "Oppas tijdens een ziekenhuisafspraak"],
}
BUDDY_SKILLS = ["dementia_buddy", "language_buddy", "company", "work_buddy", "paperwork"]
EVALUATIONS = [
    "Fijn contact gehad; mevrouw gaat nu zelf naar de ontmoetingsochtend.",
    "Goede match, afgerond omdat de vrijwilliger verhuist.",
    "Doelen bereikt: de administratie is weer op orde.",
]

# state -> number of one-off requests (buddy requests come on top)
ONE_OFF_STATES = {
    "new": 60,
    "proposed": 40,
    "accepted": 25,
    "planned": 25,
    "done": 90,
    "cancelled": 25,
    "expired": 25,
}
BUDDIES_ACTIVE = 42
BUDDIES_ENDED = 6


def _slots(rng, n):
    mask = 0
    for bit in rng.sample(range(21), n):
        mask |= 1 << bit
    return mask


def _profiles(ctx) -> list[VolunteerProfile]:
    rng = ctx.rng
    today = ctx.today
    profiles = []
    for person in ctx.volunteer_people:
        skills = rng.sample(Skill.values, rng.randint(2, 4))
        languages = sorted({"nl", *[la for la in person.languages if la in LANGUAGE_CODES]})
        vog = rng.random() < 0.45 or bool(set(skills) & VOG_SKILLS)
        vog_until = today + dt.timedelta(days=rng.randint(-60, 900)) if vog else None
        work = "work_buddy" in skills
        profiles.append(
            VolunteerProfile(
                municipality=ctx.municipality,
                person=person,
                skills=skills,
                languages=languages,
                availability=_slots(rng, rng.randint(6, 14)),
                radius_km=float(rng.choice([2, 3, 5, 5, 8, 10])),
                max_active_tasks=rng.choice([1, 2, 2, 3]),
                vog_status="valid" if vog else rng.choice(["none", "none", "requested"]),
                vog_expires_on=vog_until,
                paused=rng.random() < 0.05,
                work_buddy_role=rng.choice(["employer", "employee"]) if work else "",
                employer_name=rng.choice(["Kaasboerderij Verhoef", "Bakkerij De Rijn"])
                if work
                else "",
            )
        )
    if profiles:  # the demo volunteer "vrijwilliger": broad, reachable, with a valid VOG
        me = profiles[0]
        me.skills = ["shopping", "transport", "digital", "company", "dementia_buddy"]
        me.languages = ["nl", "ar", "en"]
        me.availability = matching.ALL_SLOTS
        me.radius_km = 10.0
        me.max_active_tasks = 4
        me.vog_status, me.vog_expires_on = "valid", today + dt.timedelta(days=700)
        me.paused = False
    VolunteerProfile.objects.bulk_create(profiles, batch_size=1000)
    return profiles


def _request(ctx, resident, *, skill, kind, status, created, recurring=False):
    rng = ctx.rng
    pc = resident.postcode_area
    if recurring:
        slots, start, end = _slots(rng, rng.randint(3, 8)), None, None
    else:
        if status in ("new", "proposed", "accepted", "planned"):
            base = timezone.now() + dt.timedelta(days=rng.randint(1, 12))
        else:
            base = created + dt.timedelta(days=rng.randint(1, 10))
        base = base.replace(hour=rng.choice([9, 10, 13, 14, 19]), minute=0, second=0)
        start, end = base, base + dt.timedelta(hours=rng.choice([2, 3, 4, 48]))
        naive = (timezone.localtime(start).replace(tzinfo=None), None)
        slots = matching.window_to_slots(naive[0], timezone.localtime(end).replace(tzinfo=None))
    language = resident.languages[0] if resident.languages else "nl"
    return HelpRequest(
        municipality=ctx.municipality,
        requester=resident,
        submitted_via=rng.choice(
            [SubmittedVia.SELF, SubmittedVia.PUBLIC_FORM, SubmittedVia.PHONE, SubmittedVia.PHONE]
        ),
        skill=skill,
        description=rng.choice(DESCRIPTIONS[skill]),
        postcode=resident.postcode,
        postcode_area=pc,
        area=resident.area or pc.area,
        address=resident.street_address,
        phone=resident.phone,
        latitude=round(resident.latitude if resident.latitude is not None else pc.latitude, 3),
        longitude=round(resident.longitude if resident.longitude is not None else pc.longitude, 3),
        recurring=recurring,
        window_start=start,
        window_end=end,
        slots=slots,
        urgency=rng.choice(["low", "normal", "normal", "high", "urgent"]),
        language=language if language in LANGUAGE_CODES else "nl",
        requires_vog=skill in VOG_SKILLS,
        kind=kind,
        status="new",
    )


@transaction.atomic
def generate(ctx) -> dict[str, int]:
    rng = ctx.rng
    if not ctx.volunteer_people or not ctx.residents:
        return {}
    profiles = _profiles(ctx)
    by_id: dict[Hashable, VolunteerProfile] = {str(p.public_id): p for p in profiles}
    load = {p.pk: 0 for p in profiles}
    now = timezone.now()
    residents = [r for r in ctx.residents if (r.area_id or r.postcode_area.area_id)]
    waarder = [r for r in residents if r.area and r.area.name == "Waarder"]

    plan = [(s, RequestKind.ONE_OFF, False) for s, n in ONE_OFF_STATES.items() for _ in range(n)]
    plan += [("planned", RequestKind.BUDDY, True)] * BUDDIES_ACTIVE
    plan += [("done", RequestKind.BUDDY, True)] * BUDDIES_ENDED
    rows = []
    for i, (status, kind, recurring) in enumerate(plan):
        # the first new and proposed requests sit in the volunteer-rich Waarder cluster
        pool_people = (
            waarder if (status in ("new", "proposed") and i % 3 == 0 and waarder) else residents
        )
        resident = pool_people[rng.randrange(len(pool_people))]
        skill = rng.choice(BUDDY_SKILLS) if kind == RequestKind.BUDDY else rng.choice(Skill.values)
        age = rng.randint(0, 6) if status in ("new", "proposed") else rng.randint(10, 150)
        created = now - dt.timedelta(days=age, hours=rng.randint(0, 20))
        req = _request(
            ctx,
            resident,
            skill=skill,
            kind=kind,
            status=status,
            created=created,
            recurring=recurring,
        )
        rows.append((req, status, created))
    HelpRequest.objects.bulk_create([r for r, _, _ in rows], batch_size=500)
    for req, _, created in rows:
        req.created_at = created
    HelpRequest.objects.bulk_update([r for r, _, _ in rows], ["created_at"], batch_size=500)

    pool_forget(ctx.municipality)
    # Time to match varies (for the council report): most requests find a volunteer within a
    # day, some wait days or weeks. A separate generator, so the rest of the demo stays as it was.
    waits = random.Random(f"{getattr(ctx, 'seed', 0)}/help/time-to-match")
    proposals: list[Proposal] = []
    pairings: list[BuddyPairing] = []
    me = profiles[0]
    offers_for_me = 0
    with volunteer_pool(ctx.municipality) as pool:
        for req, status, created in rows:
            req.municipality = ctx.municipality
            if status in ("new", "expired") or (status == "cancelled" and rng.random() < 0.6):
                if status == "expired":
                    req.status, req.expired_at = "expired", req.window_end or created
                elif status == "cancelled":
                    req.status, req.cancelled_at = "cancelled", created + dt.timedelta(days=1)
                continue
            found = matching.rank(pool, help_need(req), k=6)
            found = [p for p in found if by_id[p.volunteer_id].person_id != req.requester_id]
            if status in ("accepted", "planned") or (status == "done" and req.kind == "buddy"):
                found = [
                    p
                    for p in found
                    if load[by_id[p.volunteer_id].pk] < by_id[p.volunteer_id].max_active_tasks
                ]
            if not found:
                continue  # nobody fits: the request stays new, as it would in reality
            # the demo volunteer gets a few offers and tasks of their own
            chosen = found[0] if rng.random() < 0.7 else found[min(1, len(found) - 1)]
            volunteer = by_id[chosen.volunteer_id]
            req.proposed_at = created + dt.timedelta(hours=rng.randint(2, 30))
            req.proposed_at += _waiting(waits, req, created, now)
            if status == "proposed":
                req.status = "proposed"
                for p in found[:2]:
                    proposals.append(_proposal(ctx, req, by_id[p.volunteer_id], p, "offered"))
                continue
            if len(found) > 1 and rng.random() < 0.3:  # someone declined first
                decl = found[1] if found[1] is not chosen else found[0]
                if decl is not chosen:
                    proposals.append(
                        _proposal(
                            ctx,
                            req,
                            by_id[decl.volunteer_id],
                            decl,
                            "declined",
                            reason=rng.choice(["too_far", "no_time", "skill", "other"]),
                            at=req.proposed_at + dt.timedelta(hours=3),
                        )
                    )
            if status == "cancelled":
                req.status, req.cancelled_at = "cancelled", req.proposed_at + dt.timedelta(days=1)
                proposals.append(
                    _proposal(ctx, req, volunteer, chosen, "withdrawn", at=req.cancelled_at)
                )
                continue
            req.volunteer = volunteer
            req.accepted_at = req.proposed_at + dt.timedelta(hours=rng.randint(1, 24))
            proposals.append(_proposal(ctx, req, volunteer, chosen, "accepted", at=req.accepted_at))
            req.status = status
            if status in ("planned", "done"):
                req.planned_at = req.accepted_at + dt.timedelta(hours=2)
                req.planned_for = req.window_start or req.accepted_at + dt.timedelta(days=3)
            if status == "done":
                req.done_at = (req.planned_for or req.accepted_at) + dt.timedelta(hours=2)
            if req.status in ("accepted", "planned"):
                load[volunteer.pk] += 1
                pool.set_load(chosen.volunteer_id, load[volunteer.pk])
            if req.kind == RequestKind.BUDDY and status in ("planned", "done"):
                pairings.append(_pairing(ctx, req, volunteer, ended=status == "done"))
    _hours(random.Random(f"{getattr(ctx, 'seed', 0)}/help/hours"), rows, pairings)
    # the demo volunteer has offers waiting on their phone
    from .constants import LANGUAGES_VOCABULARY, SKILLS_VOCABULARY
    from .engine import volunteer_of

    me.active_tasks = load[me.pk]
    mine = matching.VolunteerPool.from_volunteers(
        [volunteer_of(me)], SKILLS_VOCABULARY, LANGUAGES_VOCABULARY, capacity=16
    )
    asked = {(p.request.public_id, p.volunteer_id) for p in proposals}
    for req, _, _ in rows:
        if offers_for_me >= 4:
            break
        if req.status != "proposed" or (req.public_id, me.pk) in asked:
            continue
        found = matching.rank(mine, help_need(req), k=1)
        if found:
            proposals.append(_proposal(ctx, req, me, found[0], "offered"))
            offers_for_me += 1
    HelpRequest.objects.bulk_update(
        [r for r, _, _ in rows],
        [
            "status",
            "volunteer",
            "proposed_at",
            "accepted_at",
            "planned_at",
            "planned_for",
            "done_at",
            "hours_spent",
            "cancelled_at",
            "expired_at",
        ],
        batch_size=500,
    )
    Proposal.objects.bulk_create(proposals, batch_size=1000)
    BuddyPairing.objects.bulk_create(pairings, batch_size=500)
    checkins = []
    for pairing in pairings:
        day = pairing.start_date + dt.timedelta(weeks=pairing.checkin_every_weeks)
        while day < ctx.today and (pairing.ended_on is None or day < pairing.ended_on):
            checkins.append(
                BuddyCheckIn(
                    municipality=ctx.municipality,
                    pairing=pairing,
                    on=day,
                    going_well=rng.random() < 0.85,
                )
            )
            day += dt.timedelta(weeks=pairing.checkin_every_weeks)
    BuddyCheckIn.objects.bulk_create(checkins, batch_size=1000)
    for profile in profiles:
        profile.active_tasks = load[profile.pk]
    VolunteerProfile.objects.bulk_update(profiles, ["active_tasks"], batch_size=1000)
    pool_forget(ctx.municipality)
    counts = {}
    for status, n in (
        HelpRequest.objects.for_municipality(ctx.municipality)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[f"help_requests_{status}"] = n
    counts.update(
        {
            "volunteer_profiles": len(profiles),
            "help_requests": len(rows),
            "help_proposals": len(proposals),
            "buddy_pairings": len(pairings),
            "buddy_checkins": len(checkins),
        }
    )
    return counts


def _waiting(rng, req, created, now) -> dt.timedelta:
    """Extra days before the first proposal: none for most requests, a few days for some,
    weeks for a few (buddies are harder to find). Never past the start of the request's
    time window, nor so late that the rest of its history would lie in the future."""
    r = rng.random()
    if req.kind == RequestKind.BUDDY:
        days = rng.uniform(2, 30) if r < 0.7 else rng.uniform(0, 2)
    elif r < 0.55:
        return dt.timedelta(0)
    elif r < 0.85:
        days = rng.uniform(0.5, 3)
    elif r < 0.97:
        days = rng.uniform(3, 8)
    else:
        days = rng.uniform(8, 20)
    limit = (now - created).total_seconds() / 86400 - (14 if req.kind == RequestKind.BUDDY else 4)
    if req.window_start is not None:
        limit = min(limit, (req.window_start - created).total_seconds() / 86400 - 2)
    return dt.timedelta(days=max(0.0, min(days, limit)))


#: hours of a one-off task, and how often each is filled in: mostly 1 to 3 hours, some half
#: an hour, now and then an afternoon in the garden
ONE_OFF_HOURS = [0.5, 0.5, 0.75, 1, 1, 1, 1.25, 1.5, 1.5, 1.5, 2, 2, 2, 2.5, 3, 3, 4]
HOURS_FILLED_IN = 0.75
#: meetings per week of a buddy pairing's rhythm
MEETINGS_PER_WEEK = {Rhythm.WEEKLY: 1.0, Rhythm.FORTNIGHTLY: 0.5, Rhythm.MONTHLY: 0.25}


def _hours(rng, rows, pairings) -> None:
    """Hours on done requests, as volunteers would fill them in: not always (about three in
    four), one-off tasks mostly 1-3 hours, an ended buddy pairing its meetings of 1-2.5
    hours over its whole length. A generator of its own (from the demo seed), so the rest of
    the demo stays as it was."""
    buddies = {p.request.public_id: p for p in pairings if p.ended_on is not None}
    for req, _, _ in rows:
        if req.status != "done" or rng.random() >= HOURS_FILLED_IN:
            continue
        pairing = buddies.get(req.public_id)
        if pairing is None:
            hours = rng.choice(ONE_OFF_HOURS)
        else:
            weeks = max(1, (pairing.ended_on - pairing.start_date).days) / 7
            meetings = max(1.0, weeks * MEETINGS_PER_WEEK.get(pairing.rhythm, 1.0))
            hours = min(999.75, meetings * rng.choice([1, 1.5, 1.5, 2, 2.5]))
        req.hours_spent = Decimal(round(hours * 4)) / 4


def _proposal(ctx, req, volunteer, engine, status, *, reason="", at=None):
    return Proposal(
        municipality=ctx.municipality,
        request=req,
        volunteer=volunteer,
        score=round(engine.score, 4),
        distance_km=round(engine.distance_km, 2),
        reasons=reasons_json(engine),
        status=status,
        decline_reason=reason,
        responded_at=at,
    )


def _pairing(ctx, req, volunteer, *, ended: bool) -> BuddyPairing:
    rng = ctx.rng
    start = timezone.localtime(req.accepted_at).date() + dt.timedelta(days=rng.randint(3, 10))
    weeks = rng.choice([4, 6, 6, 8])
    next_on = start + dt.timedelta(weeks=weeks)
    while next_on < ctx.today - dt.timedelta(days=rng.randint(0, 10)):
        next_on += dt.timedelta(weeks=weeks)
    ended_on = ctx.today - dt.timedelta(days=rng.randint(1, 20)) if ended else None
    return BuddyPairing(
        municipality=ctx.municipality,
        request=req,
        volunteer=volunteer,
        requester=req.requester,
        start_date=start,
        rhythm=rng.choice(Rhythm.values),
        checkin_every_weeks=weeks,
        next_checkin_on=next_on,
        status="ended" if ended else "active",
        ended_on=ended_on,
        evaluation=rng.choice(EVALUATIONS) if ended else "",
        evaluation_score=rng.randint(3, 5) if ended else None,
    )
