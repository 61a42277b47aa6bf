"""Demo community hubs: a "Huis van Alles" per village with its programme council, a weekly
programme with counted attendance of past sessions, a one-off, a resident's proposal and
(in one village) the food garden's shifts. The texts are data: ``demo_data/hubs.toml``.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, time, timedelta

from django.utils import timezone

from zorgzaam.common.demo_data import NonEmpty, Opt, load
from zorgzaam.tenancy import geo

from .demo import PLACE, _id
from .models import Activity, CouncilMember, Hub, Session, SignUp
from .models.hsds import Location

_TEXT = NonEmpty(str)
_NAMED = {"title": _TEXT, "description": _TEXT}
HUBS_SCHEMA = {
    "hub": {"name": _TEXT, "description": _TEXT},
    "one_off": _NAMED,
    "proposal": _NAMED,
    "garden": _NAMED,
    "activity": NonEmpty(
        [
            {
                **_NAMED,
                "rrule": _TEXT,
                "starts_at": time,
                "minutes": int,
                "capacity": Opt(int),
            }
        ]
    ),
}
HUBS = load(__package__, "hubs.toml", HUBS_SCHEMA)
# (title, description, rrule, time of day, minutes, capacity or None)
ACTIVITIES = [
    (a["title"], a["description"], a["rrule"], a["starts_at"], a["minutes"], a["capacity"])
    for a in HUBS["activity"]
]


def hub_name(village_name: str) -> str:
    return HUBS["hub"]["name"].format(v=village_name)


def _older_attendance(ctx, activity, moments, village, capacity) -> int:
    """Counted attendance of earlier sessions (bulk, for speed): around a usual number per
    activity, a few sessions not counted (nobody wrote it down), busier in winter."""
    rng = random.Random(f"{ctx.seed}/{village.code}/{activity.title}/attendance")
    usual = rng.randint(8, 22)
    sessions = []
    for moment in moments:
        if rng.random() < 0.08:
            continue
        season = 1.15 if moment.month in (1, 2, 11, 12) else 0.9 if moment.month in (7, 8) else 1
        count = max(0, round(rng.gauss(usual * season, 3)))
        if capacity:
            count = min(count, capacity)
        sessions.append(
            Session(
                municipality=activity.municipality,
                activity=activity,
                starts_at=moment,
                attendance=count,
            )
        )
    Session.objects.bulk_create(sessions, ignore_conflicts=True)
    return len(sessions)


def hubs_generate(ctx, villages) -> tuple[int, int, int]:
    municipality = ctx.municipality
    coordinator = ctx.users.get("coordinator")
    residents_by_area: dict[int, list] = {}
    for person in ctx.residents:
        residents_by_area.setdefault(person.area_id, []).append(person)
    volunteers_by_area: dict[int, list] = {}
    for person in ctx.volunteer_people:
        volunteers_by_area.setdefault(person.area_id, []).append(person)
    tz = timezone.get_current_timezone()
    # The programme runs for 30 weeks now (a whole weeks' multiple, so the weekdays stay),
    # so the council report of the last completed quarter has sessions and attendance.
    start_day = ctx.today - timedelta(weeks=30)
    n_activities = 0
    n_sessions = 0
    garden_village = next(
        (v for v in villages if v.name.startswith("Bodegraven")), villages[0] if villages else None
    )
    for index, village in enumerate(villages):
        hub_spot = random.Random(f"{ctx.seed}/{village.code}/hub")
        if village.geometry:
            hub_lat, hub_lon = geo.random_point_in(village.geometry, hub_spot)
        else:
            hub_lat, hub_lon = village.latitude, village.longitude
        hub, _ = Hub.objects.update_or_create(
            municipality=municipality,
            area=village,
            defaults={
                "name": hub_name(village.name),
                "description": HUBS["hub"]["description"],
                "address": f"{PLACE.get(village.name, ('', ['Dorpsstraat']))[1][0]} 1",
                "latitude": hub_lat,
                "longitude": hub_lon,
                "coordinator": coordinator,
                "location": Location.objects.filter(
                    municipality=municipality,
                    public_id=uuid.UUID(_id(ctx.seed, f"loc/{village.code}/hub")),
                ).first(),
            },
        )
        council = residents_by_area.get(village.pk, [])[:3]
        if ctx.residents and ctx.residents[0].area_id == village.pk:
            council = [ctx.residents[0], *[p for p in council if p.pk != ctx.residents[0].pk]][:3]
        for position, person in enumerate(council):
            CouncilMember.objects.update_or_create(
                hub=hub,
                person=person,
                defaults={
                    "municipality": municipality,
                    "role": CouncilMember.Role.CHAIR
                    if position == 0
                    else CouncilMember.Role.MEMBER,
                    "since": ctx.today - timedelta(days=365),
                },
            )
        organisers = volunteers_by_area.get(village.pk, []) or council
        for a_index, (title, description, rule, at, minutes, capacity) in enumerate(ACTIVITIES):
            first = start_day + timedelta(days=(a_index + index) % 7)
            activity, _ = Activity.objects.update_or_create(
                hub=hub,
                title=title,
                defaults={
                    "municipality": municipality,
                    "description": description,
                    "organiser": organisers[a_index % len(organisers)] if organisers else None,
                    "starts_at": datetime.combine(first, at, tzinfo=tz),
                    "duration_minutes": minutes,
                    "rrule": rule,
                    "capacity": capacity,
                    "status": Activity.Status.APPROVED,
                    "decided_by": coordinator,
                    "decided_at": timezone.now(),
                },
            )
            n_activities += 1
            # Attendance of the past sessions: the last four from the shared generator (as
            # before), the older ones from their own, so the rest of the demo is unchanged.
            from .hubs import occurrences

            now = timezone.localtime()
            past = occurrences(activity, datetime.combine(start_day, time(0), tzinfo=tz), now)
            recent = [m for m in past if m >= now - timedelta(days=42)][-4:]
            for moment in recent:
                Session.objects.update_or_create(
                    activity=activity,
                    starts_at=moment,
                    defaults={
                        "municipality": municipality,
                        "attendance": ctx.rng.randint(6, 28),
                    },
                )
            older = [m for m in past if m not in recent]
            n_sessions += len(recent) + _older_attendance(ctx, activity, older, village, capacity)
        # A one-off and a resident's proposal awaiting the council.
        burendag = ctx.today + timedelta(days=21 + index)
        Activity.objects.update_or_create(
            hub=hub,
            title=HUBS["one_off"]["title"],
            defaults={
                "municipality": municipality,
                "description": HUBS["one_off"]["description"],
                "starts_at": datetime.combine(burendag, time(13, 0), tzinfo=tz),
                "duration_minutes": 240,
                "rrule": "",
                "status": Activity.Status.APPROVED,
                "organiser": council[0] if council else None,
            },
        )
        proposer = council[-1] if council else None
        Activity.objects.update_or_create(
            hub=hub,
            title=HUBS["proposal"]["title"],
            defaults={
                "municipality": municipality,
                "description": HUBS["proposal"]["description"],
                "starts_at": datetime.combine(
                    ctx.today + timedelta(days=10), time(15, 0), tzinfo=tz
                ),
                "duration_minutes": 120,
                "rrule": "FREQ=WEEKLY;BYDAY=FR",
                "status": Activity.Status.PROPOSED,
                "organiser": proposer,
                "proposed_by": getattr(proposer, "user", None) if proposer else None,
            },
        )
        n_activities += 2
        if village == garden_village:
            # The village's food garden (the work part's Voedseltuin) runs its volunteer
            # shifts as an activity of this hub (#24).
            Activity.objects.update_or_create(
                hub=hub,
                title=HUBS["garden"]["title"],
                defaults={
                    "municipality": municipality,
                    "description": HUBS["garden"]["description"],
                    "starts_at": datetime.combine(
                        ctx.today + timedelta(days=(5 - ctx.today.weekday()) % 7 or 7),
                        time(9, 30),
                        tzinfo=tz,
                    ),
                    "duration_minutes": 180,
                    "rrule": "FREQ=WEEKLY;BYDAY=SA",
                    "capacity": 10,
                    "status": Activity.Status.APPROVED,
                    "organiser": council[0] if council else None,
                    "decided_by": coordinator,
                    "decided_at": timezone.now(),
                },
            )
            n_activities += 1
    # The demo volunteer has signed up for the next coffee morning of their village.
    volunteer = ctx.users.get("vrijwilliger")
    if volunteer is not None and ctx.volunteer_people:
        area_id = ctx.volunteer_people[0].area_id
        coffee = Activity.objects.filter(hub__area_id=area_id, title=ACTIVITIES[0][0]).first()
        if coffee is not None:
            from .hubs import occurrences

            now = timezone.localtime()
            upcoming = occurrences(coffee, now, now + timedelta(days=14))
            if upcoming:
                session, _ = Session.objects.get_or_create(
                    activity=coffee,
                    starts_at=upcoming[0],
                    defaults={"municipality": municipality},
                )
                SignUp.objects.get_or_create(
                    session=session,
                    user=volunteer,
                    defaults={"municipality": municipality, "status": SignUp.Status.CONFIRMED},
                )
    return len(villages), n_activities, n_sessions
