"""Benchmark of the council report (zorgzaam.reports): HTML page, PDF and CSV.

    .venv/bin/python bench/bench_report.py [--db sqlite|postgres] [--quick] [--profile]
    .venv/bin/python bench/bench_report.py --residents 35000 --events 100000 --stories 10000

Builds, in a throw-away database (a temporary SQLite file, or a PostgreSQL cluster started
with scripts/pg.sh and removed afterwards), the demo foundation (real geography of
Bodegraven-Reeuwijk, users, ZRM, MSC domains; ``demo_generate(size="small")``) and then
two municipalities with seeded synthetic data made with bulk_create:

* the big one (the demo municipality, topped up): 35,000 residents, 100,000 events and
  10,000 stories over the last eight quarters;
* the baseline: a second municipality with the same villages, ten times smaller
  (3,500 residents, 10,000 events, 1,000 stories).

"Events" are what the report counts: help requests (with their volunteers and buddy
pairings), social-team households, plan actions, referrals and ZRM measurements (one
score per ZRM domain each), and hub-activity sessions with their attendance. They follow
the villages' populations and grow over the quarters; help requests and cases are more
likely closed the older they are; about three in four done ones have volunteer hours, as in
the demo (from a generator of their own, so the rest of the data is unchanged). Stories:
approved, withdrawn or still in review, with the demo's audience mix, half of the approved
ones still with their (encrypted) original.

Then, for each municipality, as an authenticated policy officer through the Django test
client (all middleware, the view, ``report_build``, the templates), it times the report
page for the last completed quarter, the PDF and the CSV, and separately ``report_build``
alone and the PDF rendering alone. The PDF is the one that is served: the tagged PDF/UA-1
file of ``reports.pdf``, kept in the store (``pdf_cache``). "pdf (view)" empties the store
before each run, so the view builds the report and renders the file while the reader waits
(the worst case, judged against the target); "pdf (stored)" is the download from the store.
The annex (all other published stories) is a PDF of its own: "annex pdf (view)" the same
worst case for it, "annex render only" its rendering alone. "one file render only" renders
the report and the annex's stories as one document (the annex's sections appended to the
report's HTML), for the same-run comparison with the two files.
Prints the machine with its CPU calibration (at the start and again at the end), the sizes,
the timings (best and median of repetitions), the ratio big / baseline, and the targets of
issues #6 and #20 (HTML <= 2 s, PDF <= 10 s). ``--profile`` adds a cProfile of the big report's
HTML and PDF (top functions by cumulative and by own time).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime as dt
import io
import os
import pstats
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from _common import calibration_text, db_description, machine  # noqa: E402

HTML_TARGET, PDF_TARGET = 2.0, 10.0
QUARTERS = 8  # history the data covers, ending with the reported quarter
# Share of the events per kind (sums to 1).
EVENT_MIX = {
    "help_requests": 0.50,
    "households": 0.06,
    "actions": 0.20,
    "referrals": 0.06,
    "measurements": 0.08,
    "sessions": 0.10,
}
FIRST = [
    "Jan", "Marieke", "Fatima", "Mohammed", "Annelies", "Pieter", "Hiwet", "Ahmed", "Ria",
    "Kees", "Olena", "Mustafa", "Sanne", "Gerrit", "Aisha", "Bram", "Yusuf", "Wilma", "Dirk",
    "Nadia", "Henk", "Truus", "Samira", "Piotr", "Anouk", "Joost", "Meryem", "Greetje",
]  # fmt: skip
LAST = [
    ("", "Bakker"), ("van der", "Berg"), ("El", "Amrani"), ("de", "Vries"), ("", "Jansen"),
    ("van", "Leeuwen"), ("", "Yilmaz"), ("El", "Idrissi"), ("", "Kowalski"), ("de", "Graaf"),
    ("", "Tesfaye"), ("van den", "Heuvel"), ("", "Hoekstra"), ("", "Visser"), ("", "Mulder"),
]  # fmt: skip
# (domain slug, title, de-identified text with {dorp}, who helped)
TEXTS = [
    ("kwaliteit-van-leven", "Weer naar de markt",
     "Sinds mijn heup is vervangen kwam ik de deur niet meer uit. Een buurman uit {dorp} rijdt "
     "me nu elke donderdag naar de markt. Ik zie weer mensen en dat merk je aan alles.",
     ["informal"]),
    ("kwaliteit-van-leven", "Rust in huis",
     "Het sociaal team hielp ons met de schulden en een maatje helpt nu met de post. Er ligt "
     "geen stapel ongeopende brieven meer op tafel en ik slaap weer door.",
     ["formal", "informal"]),
    ("meedoen", "Ik ben nu zelf vrijwilliger",
     "Ik kwam bij de ontmoetingsplek omdat ik eenzaam was. Nu zet ik er elke woensdag de "
     "koffie en ken ik half {dorp}. Ik hoor er weer bij.",
     ["welfare", "own"]),
    ("meedoen", "Repair café",
     "Het repair café in {dorp} draait nu elke maand. Ik repareer er fietsen met twee jongens "
     "van de middelbare school. Zij leren van mij, ik van hen.",
     ["informal"]),
    ("duurzaamheid-dorpsnetwerk", "Samen de voedseltuin",
     "Wat begon met drie bakken achter het Huis van Alles in {dorp} is nu een voedseltuin "
     "met twintig vaste tuinders. De oogst gaat naar de voedselbank en naar de buren.",
     ["informal", "welfare"]),
    ("duurzaamheid-dorpsnetwerk", "Een appgroep voor de straat",
     "Na de storm hebben we een appgroep gemaakt. Nu weet iedereen wie er hulp nodig heeft "
     "als het glad is, en de oudste bewoner krijgt elke ochtend een berichtje.",
     ["own", "informal"]),
]  # fmt: skip
AUDIENCE_MIX = [("council", 0.45), ("public", 0.30), ("municipality", 0.20), ("team", 0.05)]
STREETS = ["Kerkstraat", "Molenweg", "Dorpsstraat", "Beukenlaan", "Goudseweg", "Wilhelminalaan"]


@contextlib.contextmanager
def database(db: str):
    """A DATABASE_URL for a throw-away database; removed afterwards."""
    if db == "postgres" and os.environ.get("DATABASE_URL", "").startswith("postgres"):
        yield os.environ["DATABASE_URL"]  # given by the caller (the tables are left filled)
        return
    if db == "postgres":
        pg_dir = tempfile.mkdtemp(prefix="zorgzaam-bench-pg-")
        url = subprocess.run(
            ["bash", str(ROOT / "scripts/pg.sh"), "start", pg_dir],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        try:
            yield url
        finally:
            subprocess.run(["bash", str(ROOT / "scripts/pg.sh"), "stop", pg_dir], check=False)
        return
    tmp = tempfile.mkdtemp(prefix="zorgzaam-bench-report-")
    try:
        yield f"sqlite:///{tmp}/bench.sqlite3"
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("ZORGZAAM_VAR_DIR", tempfile.mkdtemp(prefix="zorgzaam-bench-var-"))
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "zorgzaam.conf.test"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


@contextlib.contextmanager
def own_timestamps(*models):
    """Let bulk_create keep the created_at we set (history), instead of auto_now_add."""
    fields = [m._meta.get_field("created_at") for m in models]
    for f in fields:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f in fields:
            f.auto_now_add = True


def weighted(rng: random.Random, mix):
    return rng.choices([k for k, _ in mix], weights=[w for _, w in mix])[0]


class Calendar:
    """The QUARTERS quarters ending with the reported one, plus the running quarter; more
    activity in later quarters (+6 % a quarter) and a summer dip."""

    def __init__(self, period: str, today: dt.date):
        from zorgzaam.stories.periods import period_bounds, period_range, period_shift

        self.periods = period_range(period, QUARTERS) + [period_shift(period, 1)]
        self.bounds = {p: period_bounds(p) for p in self.periods}
        self.today = today
        weights = []
        for i, p in enumerate(self.periods):
            w = 1.06**i * (0.85 if p.endswith("Q3") else 1.0)
            if i == len(self.periods) - 1:  # the running quarter, up to today
                start, end = self.bounds[p]
                w *= max(0.05, (today - start).days / ((end - start).days + 1))
            weights.append(w)
        self.weights = weights

    def period(self, rng: random.Random) -> str:
        return rng.choices(self.periods, weights=self.weights)[0]

    def day(self, rng: random.Random, period: str | None = None) -> dt.date:
        start, end = self.bounds[period or self.period(rng)]
        end = min(end, self.today)
        return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))

    def moment(self, rng: random.Random, period: str | None = None) -> dt.datetime:
        day = self.day(rng, period)
        return dt.datetime(
            day.year, day.month, day.day, rng.randint(8, 20), rng.randint(0, 59), tzinfo=dt.UTC
        )


def clone_municipality(source, code: str, name: str, slug: str):
    """A second municipality with the same villages (outlines and centroids)."""
    from zorgzaam.accounts.models import SocialTeam
    from zorgzaam.tenancy.models import Area, Municipality

    muni = Municipality.objects.create(code=code, name=name, slug=slug, outline=source.outline)
    team = SocialTeam.objects.create(municipality=muni, name="Sociaal Team Kleingemeente")
    for n, area in enumerate(Area.objects.filter(municipality=source).order_by("name")):
        clone = Area.objects.create(
            municipality=muni,
            code=f"{code[2:]}{n:02d}X",
            name=area.name,
            kind=area.kind,
            geometry=area.geometry,
            latitude=area.latitude,
            longitude=area.longitude,
        )
        team.areas.add(clone)
    return muni


def populate(
    muni, *, residents: int, events: int, stories: int, cal: Calendar, rng, users, hours_rng
):
    """Seeded synthetic people, events and stories for ``muni`` (bulk_create). The
    volunteer hours come from ``hours_rng``, a generator of their own, so the rest of the
    data is the same as without them."""
    from django.db import transaction

    with transaction.atomic():
        return _populate(
            muni,
            residents=residents,
            events=events,
            stories=stories,
            cal=cal,
            rng=rng,
            users=users,
            hours_rng=hours_rng,
        )


def _practices(muni, hh, plan_of, cal, users) -> dict[str, int]:
    """Werkbrigade contacts (one to five per household, a third at home, a fifth at the
    community hub) and discretionary decisions (one in fifty households; approved, rejected,
    reviewed or waiting) for the report's #24 sections. A generator of their own, so the
    rest of the data are the same as before."""
    from zorgzaam.casework.models import DiscretionaryDecision, HouseholdContact

    rng = random.Random(f"practices/{muni.code}")
    worker, lead = users["professional"], users["teamleider"]
    places = [("home", 0.35), ("hub", 0.2), ("office", 0.3), ("remote", 0.15)]
    contacts, decisions = [], []
    for pk, opened, closed in hh:
        last = min(cal.today, closed or cal.today)
        for _ in range(rng.randint(1, 5)):
            held = opened + dt.timedelta(days=rng.randint(0, max(0, (last - opened).days)))
            place = weighted(rng, places)
            contacts.append(
                HouseholdContact(
                    household_id=pk,
                    held_on=held,
                    place=place,
                    hub_label="Huis van Alles" if place == "hub" else "",
                    professional=worker,
                )
            )
        if rng.random() < 0.02:
            asked = opened + dt.timedelta(days=rng.randint(0, max(0, (last - opened).days)))
            status = weighted(
                rng, [("approved", 0.45), ("reviewed", 0.3), ("rejected", 0.1), ("requested", 0.15)]
            )
            at = dt.datetime.combine(asked, dt.time(11), tzinfo=dt.UTC)
            decided = at + dt.timedelta(days=rng.randint(1, 10)) if status != "requested" else None
            reviewed = decided + dt.timedelta(days=90) if status == "reviewed" else None
            decisions.append(
                DiscretionaryDecision(
                    plan_id=plan_of[pk],
                    created_at=at,
                    legal_ground=rng.choice(["pw_16", "wmo", "housing", "debt"]),
                    reason="Buiten de standaardregels.",
                    expected_effect="Het gezin blijft bij elkaar.",
                    cost=Decimal(rng.choice([250, 480, 850, 1200, 2400])),
                    review_on=asked + dt.timedelta(days=90),
                    status=status,
                    requested_by=worker,
                    decided_by=lead if decided else None,
                    decided_at=decided,
                    reviewed_by=worker if reviewed else None,
                    reviewed_at=reviewed,
                    outcome="achieved" if reviewed else "",
                )
            )
    HouseholdContact.objects.bulk_create(contacts, batch_size=2000)
    with own_timestamps(DiscretionaryDecision):
        DiscretionaryDecision.objects.bulk_create(decisions, batch_size=500)
    return {"contacts": len(contacts), "decisions": len(decisions)}


def task_hours(rng: random.Random) -> Decimal | None:
    """Hours filled in when a one-off task is marked done, as in the demo
    (``zorgzaam.help.demo``): about three in four, mostly 1-3 hours, some half an hour."""
    from zorgzaam.help.demo import HOURS_FILLED_IN, ONE_OFF_HOURS

    if rng.random() >= HOURS_FILLED_IN:
        return None
    return Decimal(round(rng.choice(ONE_OFF_HOURS) * 4)) / 4


def pairing_hours(rng: random.Random, start: dt.date, ended: dt.date, rhythm) -> Decimal | None:
    """Hours filled in when a buddy pairing ends, as in the demo: about three in four, its
    meetings (by the rhythm) of 1-2.5 hours over its whole length, at most 999.75."""
    from zorgzaam.help.demo import HOURS_FILLED_IN, MEETINGS_PER_WEEK

    if rng.random() >= HOURS_FILLED_IN:
        return None
    weeks = max(1, (ended - start).days) / 7
    meetings = max(1.0, weeks * MEETINGS_PER_WEEK.get(rhythm, 1.0))
    hours = min(999.75, meetings * rng.choice([1, 1.5, 1.5, 2, 2.5]))
    return Decimal(round(hours * 4)) / 4


def _populate(muni, *, residents, events, stories, cal, rng, users, hours_rng):
    from zorgzaam.accounts.models import SocialTeam
    from zorgzaam.casework.models import (
        Action,
        Goal,
        Household,
        Measurement,
        MeasurementScore,
        Plan,
        Referral,
    )
    from zorgzaam.casework.services import current_zrm_version
    from zorgzaam.common.demo import VILLAGE_WEIGHTS
    from zorgzaam.help.constants import RequestKind, Skill
    from zorgzaam.help.models import BuddyPairing, HelpRequest, VolunteerProfile
    from zorgzaam.people.models import Person
    from zorgzaam.reports.models import BudgetEntry
    from zorgzaam.socialmap.models.hubs import Activity, Hub, Session
    from zorgzaam.stories.models import Level, Round, Selection, Story
    from zorgzaam.stories.selectors import domains_for
    from zorgzaam.tenancy.models import Area, PostcodeArea

    counts: dict[str, int] = {}
    areas = list(Area.objects.filter(municipality=muni).order_by("name"))
    weights = [VILLAGE_WEIGHTS.get(a.name, 0.05) for a in areas]
    pcs: dict[str, list] = {}
    for pc in PostcodeArea.objects.filter(area__isnull=False).select_related("area"):
        pcs.setdefault(pc.area.name, []).append(pc)
    any_pc = [pc for group in pcs.values() for pc in group]

    # --- people: residents (the existing ones count), one in seven volunteers
    have = Person.objects.filter(municipality=muni).count()
    people = []
    for _ in range(max(0, residents - have)):
        area = rng.choices(areas, weights=weights)[0]
        pc = rng.choice(pcs.get(area.name) or any_pc)
        infix, last = rng.choice(LAST)
        people.append(
            Person(
                municipality=muni,
                given_name=rng.choice(FIRST),
                infix=infix,
                family_name=last,
                date_of_birth=dt.date(rng.randint(1930, 2006), rng.randint(1, 12), 1),
                postcode=f"{pc.pc4} {rng.choice('ABCDEFGH')}{rng.choice('JKLMNPRS')}",
                postcode_area=pc,
                area=area,
                street_address=f"{rng.choice(STREETS)} {rng.randint(1, 180)}",
                phone=f"06-{rng.randint(10_000_000, 99_999_999)}",
                languages=["nl"],
                latitude=area.latitude,
                longitude=area.longitude,
            )
        )
    Person.objects.bulk_create(people, batch_size=2000)
    folks = list(
        Person.objects.filter(municipality=muni).values_list(
            "pk", "area_id", "postcode_area_id", "postcode", "latitude", "longitude"
        )
    )
    counts["residents"] = len(folks)
    with_profile = set(
        VolunteerProfile.objects.filter(municipality=muni).values_list("person_id", flat=True)
    )
    wanted = len(folks) // 7 - len(with_profile)
    free = [f[0] for f in folks if f[0] not in with_profile]
    VolunteerProfile.objects.bulk_create(
        [
            VolunteerProfile(
                municipality=muni,
                person_id=pk,
                skills=rng.sample(Skill.values, 3),
                languages=["nl"],
            )
            for pk in rng.sample(free, max(0, min(wanted, len(free))))
        ],
        batch_size=2000,
    )
    volunteers = list(
        VolunteerProfile.objects.filter(municipality=muni).values_list("pk", flat=True)
    )
    counts["volunteers"] = len(volunteers)

    n = {k: round(events * share) for k, share in EVENT_MIX.items()}

    # --- help requests (and buddy pairings)
    requests = []
    for _ in range(n["help_requests"]):
        pk, area_id, pc_id, postcode, lat, lon = rng.choice(folks)
        period = cal.period(rng)
        created = cal.moment(rng, period)
        age = (cal.today - created.date()).days
        if age > 45:
            status = weighted(rng, [("done", 0.62), ("cancelled", 0.18), ("expired", 0.20)])
        else:
            status = weighted(
                rng,
                [("new", 0.15), ("proposed", 0.12), ("accepted", 0.10), ("planned", 0.15),
                 ("done", 0.33), ("cancelled", 0.10), ("expired", 0.05)],
            )  # fmt: skip
        buddy = rng.random() < 0.07
        matched = status in ("accepted", "planned", "done")
        accepted = created + dt.timedelta(hours=rng.randint(3, 96)) if matched else None
        requests.append(
            HelpRequest(
                municipality=muni,
                created_at=created,
                requester_id=pk,
                skill=rng.choice(Skill.values),
                description="Hulp gevraagd",
                postcode=postcode,
                postcode_area_id=pc_id,
                area_id=area_id if rng.random() > 0.02 else None,
                latitude=lat if lat is not None else 52.06,
                longitude=lon if lon is not None else 4.75,
                address=f"{rng.choice(STREETS)} {rng.randint(1, 180)}",
                phone=f"06-{rng.randint(10_000_000, 99_999_999)}",
                recurring=buddy,
                kind=RequestKind.BUDDY if buddy else RequestKind.ONE_OFF,
                status=status,
                volunteer_id=rng.choice(volunteers) if matched else None,
                proposed_at=accepted - dt.timedelta(hours=2) if accepted else None,
                accepted_at=accepted,
                planned_at=accepted + dt.timedelta(hours=2) if accepted else None,
                done_at=accepted + dt.timedelta(days=3) if status == "done" else None,
                # a buddy request's hours are those of its pairing, filled in below
                hours_spent=task_hours(hours_rng) if status == "done" and not buddy else None,
                cancelled_at=created + dt.timedelta(days=2) if status == "cancelled" else None,
                expired_at=created + dt.timedelta(days=14) if status == "expired" else None,
            )
        )
    with own_timestamps(HelpRequest):
        HelpRequest.objects.bulk_create(requests, batch_size=1000)
    del requests
    counts["help_requests"] = n["help_requests"]
    pairings, with_hours = [], []
    for pk, requester, volunteer, status, accepted in HelpRequest.objects.filter(
        municipality=muni,
        kind=RequestKind.BUDDY,
        status__in=["planned", "done"],
        pairing__isnull=True,
        volunteer__isnull=False,
    ).values_list("pk", "requester_id", "volunteer_id", "status", "accepted_at"):
        start = accepted.date() + dt.timedelta(days=7)
        ended = status == "done" or rng.random() < 0.2
        pairing = BuddyPairing(
            municipality=muni,
            request_id=pk,
            volunteer_id=volunteer,
            requester_id=requester,
            start_date=start,
            next_checkin_on=start + dt.timedelta(weeks=6),
            status="ended" if ended else "active",
            ended_on=start + dt.timedelta(days=rng.randint(60, 300)) if ended else None,
        )
        pairings.append(pairing)
        if status == "done":  # the request is done when its pairing ended
            hours = pairing_hours(hours_rng, start, pairing.ended_on, pairing.rhythm)
            if hours is not None:
                with_hours.append(HelpRequest(pk=pk, hours_spent=hours))
    BuddyPairing.objects.bulk_create(pairings, batch_size=1000)
    HelpRequest.objects.bulk_update(with_hours, ["hours_spent"], batch_size=1000)
    counts["buddy_pairings"] = len(pairings)
    counts["done_with_hours"] = HelpRequest.objects.filter(
        municipality=muni, status="done", hours_spent__isnull=False
    ).count()
    counts["done"] = HelpRequest.objects.filter(municipality=muni, status="done").count()

    # --- social team: households, plans, goals, actions, referrals, ZRM measurements
    version = current_zrm_version()
    domains = list(version.domains.all())
    team_of = {}
    for team in SocialTeam.objects.filter(municipality=muni).prefetch_related("areas"):
        for area in team.areas.all():
            team_of[area.pk] = team.pk
    first_team = next(iter(team_of.values()))
    worker = users["professional"]
    coordinator = users["coordinator"]
    households = []
    for _ in range(n["households"]):
        pk, area_id, pc_id, postcode, _lat, _lon = rng.choice(folks)
        opened = cal.day(rng)
        age = (cal.today - opened).days
        closed = age > 60 and rng.random() < min(0.85, age / 500)
        households.append(
            Household(
                municipality=muni,
                name="Huishouden",
                postcode=postcode,
                postcode_area_id=pc_id,
                area_id=area_id,
                team_id=team_of.get(area_id, first_team),
                zrm_version=version,
                opened_on=opened,
                status="closed" if closed else "open",
                closed_on=opened + dt.timedelta(days=rng.randint(30, age)) if closed else None,
            )
        )
    Household.objects.bulk_create(households, batch_size=2000)
    hh = list(
        Household.objects.filter(municipality=muni).values_list("pk", "opened_on", "closed_on")
    )
    planned = set(
        Plan.objects.filter(household__municipality=muni).values_list("household_id", flat=True)
    )
    Plan.objects.bulk_create(
        [Plan(household_id=pk) for pk, _o, _c in hh if pk not in planned], batch_size=2000
    )
    plan_of = dict(
        Plan.objects.filter(household__municipality=muni).values_list("household_id", "pk")
    )
    goals = []
    for pk, _o, _c in hh:
        for domain in rng.sample(domains, rng.randint(1, 3)):
            goals.append(Goal(plan_id=plan_of[pk], domain=domain, description="Doel"))
    Goal.objects.bulk_create(goals, batch_size=2000)
    goal_rows = list(
        Goal.objects.filter(plan__household__municipality=muni).values_list(
            "pk", "plan__household__opened_on"
        )
    )
    actions = []
    for _ in range(n["actions"]):
        goal_id, opened = rng.choice(goal_rows)
        informal = rng.random() < 0.12
        created = min(cal.today, opened + dt.timedelta(days=rng.randint(0, 120)))
        actions.append(
            Action(
                goal_id=goal_id,
                created_at=dt.datetime.combine(created, dt.time(10), tzinfo=dt.UTC),
                kind="own_network" if informal else "formal",
                category="informal" if informal else "formal",
                description="Actie",
                status=weighted(rng, [("planned", 0.5), ("done", 0.4), ("cancelled", 0.1)]),
                created_by=worker,
            )
        )
    with own_timestamps(Action):
        Action.objects.bulk_create(actions, batch_size=2000)
    counts["households"], counts["actions"] = len(hh), len(actions)
    del actions
    counts.update(_practices(muni, hh, plan_of, cal, users))
    formal = list(
        Action.objects.filter(
            goal__plan__household__municipality=muni, category="formal", referral__isnull=True
        )
        .values_list("pk", "created_at")
        .order_by("?")[: n["referrals"]]
    )
    referrals = []
    for pk, created in formal:
        status = weighted(
            rng,
            [("sent", 0.1), ("accepted", 0.1), ("started", 0.15), ("finished", 0.5),
             ("declined", 0.15)],
        )  # fmt: skip
        referrals.append(
            Referral(
                municipality=muni,
                action_id=pk,
                created_at=created,
                receiver=coordinator,
                receiver_label="Huis van Alles",
                message="Graag contact opnemen",
                contact_name="Contactpersoon",
                status=status,
                status_changed_at=min(
                    created + dt.timedelta(days=rng.randint(2, 90)),
                    dt.datetime.combine(cal.today, dt.time(9), tzinfo=dt.UTC),
                ),
                sent_by=worker,
            )
        )
    with own_timestamps(Referral):
        Referral.objects.bulk_create(referrals, batch_size=2000)
    counts["referrals"] = len(referrals)
    measurements = []
    for _ in range(n["measurements"]):
        pk, opened, closed = rng.choice(hh)
        last = closed or cal.today
        day = opened + dt.timedelta(days=rng.randint(0, max(0, (last - opened).days)))
        measurements.append(
            Measurement(household_id=pk, moment="review", measured_on=day, recorded_by=worker)
        )
    Measurement.objects.bulk_create(measurements, batch_size=2000)
    scores = []
    for m_pk in Measurement.objects.filter(
        household__municipality=muni, scores__isnull=True
    ).values_list("pk", flat=True):
        for domain in domains:
            scores.append(
                MeasurementScore(measurement_id=m_pk, domain=domain, score=rng.randint(1, 5))
            )
    MeasurementScore.objects.bulk_create(scores, batch_size=5000)
    counts["measurements"], counts["zrm_scores"] = len(measurements), len(scores)
    del scores

    # --- hubs, activities, sessions with attendance
    if not Hub.objects.filter(municipality=muni).exists():
        for area in areas:
            hub = Hub.objects.create(
                municipality=muni, name=f"Huis van Alles {area.name}", area=area
            )
            for title in ("Koffieochtend", "Taalcafé", "Repair café", "Wandelgroep"):
                Activity.objects.create(
                    municipality=muni,
                    hub=hub,
                    title=title,
                    starts_at=dt.datetime(2024, 1, 1, 10, tzinfo=dt.UTC),
                    status="approved",
                )
    activities = list(Activity.objects.filter(municipality=muni).values_list("pk", flat=True))
    seen: set[tuple[int, dt.datetime]] = set()
    sessions = []
    while len(sessions) < n["sessions"]:
        key = (rng.choice(activities), cal.moment(rng).replace(second=0))
        if key in seen:
            continue
        seen.add(key)
        sessions.append(
            Session(
                municipality=muni,
                activity_id=key[0],
                starts_at=key[1],
                attendance=rng.randint(2, 25) if key[1].date() < cal.today else None,
            )
        )
    Session.objects.bulk_create(sessions, batch_size=2000)
    counts["sessions"] = len(sessions)

    # --- stories, an MSC round for the reported quarter, the budget table
    story_domains = list(domains_for(muni))
    by_slug = {d.slug: d for d in story_domains}
    tellers = [users[k] for k in ("bewoner", "vrijwilliger", "coordinator", "professional")]
    now = dt.datetime.combine(cal.today, dt.time(9), tzinfo=dt.UTC)
    rows = []
    for _ in range(stories):
        period = cal.period(rng)
        area = rng.choices(areas, weights=weights)[0]
        slug, title, text, helpers = rng.choice(TEXTS)
        status = weighted(
            rng, [("approved", 0.75), ("deidentified", 0.08), ("draft", 0.04), ("withdrawn", 0.13)]
        )
        keep_original = status != "approved" or rng.random() < 0.5
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)[1]}"
        rows.append(
            Story(
                municipality=muni,
                teller=rng.choice(tellers) if rng.random() < 0.3 else None,
                title=title,
                original_text=f"{name}: {text.format(dorp=area.name)}" if keep_original else "",
                text=text.format(dorp=area.name),
                status=status,
                audience=weighted(rng, AUDIENCE_MIX),
                domain=by_slug.get(slug) or rng.choice(story_domains),
                helpers=list(helpers),
                area=area,
                period=period,
                deid_summary={"PERSOON": 1},
                deidentified_at=now if status != "draft" else None,
                approved_at=now if status == "approved" else None,
            )
        )
    Story.objects.bulk_create(rows, batch_size=1000)
    counts["stories"] = len(rows)
    reported = cal.periods[-2]
    rnd, _ = Round.objects.get_or_create(
        municipality=muni, period=reported, defaults={"title": f"Ronde {reported}"}
    )
    chosen = []
    for domain in story_domains:
        candidates = list(
            Story.objects.filter(
                municipality=muni,
                period=reported,
                domain=domain,
                status="approved",
                audience__in=["council", "public"],
            )
            .exclude(selections__round=rnd)
            .values_list("pk", flat=True)[:40]
        )
        picks = rng.sample(candidates, min(5, len(candidates)))
        for i, pk in enumerate(picks):
            chosen.append(
                Selection(
                    municipality=muni,
                    round=rnd,
                    story_id=pk,
                    level=Level.MUNICIPALITY,
                    selector_label="Gemeente",
                    reason="Dit laat zien hoe buren elkaar vinden.",
                    reason_checked=True,
                )
            )
            if i < 2:
                chosen.append(
                    Selection(
                        municipality=muni,
                        round=rnd,
                        story_id=pk,
                        level=Level.COUNCIL,
                        selector_label="Raadscommissie",
                        reason="Een kleine verandering met een groot effect.",
                        reason_checked=True,
                    )
                )
    Selection.objects.bulk_create(chosen)
    counts["selections"] = len(chosen)
    for p in cal.periods[-5:-1]:
        for category, amount in (
            ("formal", 2_400_000),
            ("welfare", 900_000),
            ("informal", 150_000),
        ):
            BudgetEntry.objects.get_or_create(
                municipality=muni,
                period=p,
                category=category,
                defaults={"amount": amount * rng.uniform(0.9, 1.1)},
            )
    counts["events"] = (
        sum(
            counts[k]
            for k in ("help_requests", "households", "actions", "referrals", "measurements")
        )
        + counts["sessions"]
        + counts["buddy_pairings"]
    )
    return counts


def timed(fn, repeat: int) -> list[tuple[float, float]]:
    """(wall, CPU of this process) in seconds per run. CPU time is less disturbed by other
    jobs on a shared machine; it leaves out the PostgreSQL server's own work."""
    out = []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        out.append((time.perf_counter() - wall, time.process_time() - cpu))
    return out


def breakdown(muni, period: str) -> list[tuple[str, float, float]]:
    """Where report_build's time goes: each selector it calls, timed on its own."""
    from zorgzaam.casework import selectors as casework
    from zorgzaam.help import selectors as help_
    from zorgzaam.reports.selectors import _story_sections
    from zorgzaam.socialmap import selectors as socialmap
    from zorgzaam.stories.models import Audience
    from zorgzaam.stories.periods import period_bounds, period_range
    from zorgzaam.tenancy.models import Area
    from zorgzaam.work import selectors as work

    start, end = period_bounds(period)
    quarters = [period_bounds(p) for p in period_range(period, 4)]
    areas = list(Area.objects.filter(municipality=muni).order_by("name"))
    parts = [
        (
            # what report_build does with the stories: the reported quarter's as objects,
            # the earlier quarters counted per village in SQL, the trend and the SVG maps
            "stories (_story_sections)",
            lambda: _story_sections(muni, period, Audience.COUNCIL, areas),
        ),
        ("help_counts_by_village", lambda: help_.help_counts_by_village(muni, (start, end))),
        (
            "casework_counts_by_village",
            lambda: casework.casework_counts_by_village(muni, (start, end)),
        ),
        ("informal_share x4", lambda: [casework.informal_share(muni, q) for q in quarters]),
        ("zrm_progress", lambda: casework.zrm_progress(muni, (start, end))),
        (  # report_build reads it twice: services per kind, and hubs and activities
            "socialmap_counts x2",
            lambda: [socialmap.socialmap_counts_by_village(muni) for _ in range(2)],
        ),
        ("work_counts", lambda: work.work_counts(muni, start, end)),
        (  # the report's #24 sections: its last four quarters in one call each
            "contacts + decisions (4 q)",
            lambda: [
                casework.village_contact_share_by_quarter(muni, (quarters[0][0], end)),
                casework.discretionary_decisions_by_quarter(muni, (quarters[0][0], end)),
            ],
        ),
    ]
    if hasattr(socialmap, "hub_attendance_by_village"):
        parts.append(
            (
                "hub_attendance_by_village",
                lambda: socialmap.hub_attendance_by_village(muni, (start, end)),
            )
        )
    out = []
    for label, fn in parts:
        runs = timed(fn, 3)
        out.append(
            (label, statistics.median(w for w, _c in runs), statistics.median(c for _w, c in runs))
        )
    return out


def measure(client, muni, period: str, repeat: int) -> dict[str, Any]:
    from zorgzaam.reports.models import ReportPdf
    from zorgzaam.reports.opendata import tidy_csv
    from zorgzaam.reports.pdf import annex_pdf, annex_pdf_html, pdf_from_html, report_pdf_html
    from zorgzaam.reports.pdf import report_pdf as tagged_pdf
    from zorgzaam.reports.selectors import annex_build, report_build

    def get(url):
        def run():
            response = client.get(url, {"period": period})
            assert response.status_code == 200, (url, response.status_code)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            sizes[url] = len(body)

        return run

    def rendered_on_demand(url="/report/pdf/", document="report"):
        # The served PDF comes from the store (``pdf_cache``); an empty store makes the view
        # build the report and render the tagged PDF/UA-1 file (``reports.pdf``) while the
        # reader waits: the worst case a reader meets, and what the PDF target is about.
        def run():
            ReportPdf.objects.filter(municipality=muni, period=period, document=document).delete()
            get(url)()

        return run

    annex_on_demand = rendered_on_demand("/report/pdf/annex/", "annex")
    sizes: dict[str, int] = {}
    get("/report/")()  # warm-up: templates, translations, imports, the DB's caches
    rendered_on_demand()()  # and WeasyPrint's fonts and stylesheets
    annex_on_demand()
    results: dict[str, Any] = {
        "html (view)": timed(get("/report/"), repeat),
        "pdf (view)": timed(rendered_on_demand(), max(1, repeat // 2)),
        "annex pdf (view)": timed(annex_on_demand, max(1, repeat // 2)),
        "pdf (stored)": timed(get("/report/pdf/"), repeat),
        "csv (view)": timed(get("/report/csv/"), repeat),
        "report_build": timed(lambda: report_build(muni, period), repeat),
    }
    report = report_build(muni, period)
    annex = annex_build(muni, period)
    results["pdf render only"] = timed(lambda: tagged_pdf(report), max(1, repeat // 2))
    results["annex render only"] = timed(lambda: annex_pdf(annex, "council"), max(1, repeat // 2))
    one_file = _one_file(report_pdf_html(report), annex_pdf_html(annex, "council"))
    results["one file render only"] = timed(lambda: pdf_from_html(one_file), max(1, repeat // 2))
    annex_tagged = _is_tagged(annex_pdf(annex, "council"))
    results["_tagged"] = f"{_is_tagged(tagged_pdf(report))}; the annex PDF is {annex_tagged}"
    results["_annex"] = len(annex.annex)
    results["csv render only"] = timed(lambda: tidy_csv(report), repeat)
    results["_sizes"] = sizes
    results["_stories"] = len(report.stories)
    help_section = next(s for s in report.sections if s.key == "help")
    table = help_section.table
    results["_hours"] = (
        table.column_totals[table.columns.index("volunteer_hours")].display()
        if table is not None and "volunteer_hours" in table.columns
        else "no column: "
        + "; ".join(str(v.display()) for _l, v in help_section.figures if hasattr(v, "display"))
    )
    results["_breakdown"] = breakdown(muni, period)
    return results


def _one_file(report_html: str, annex_html: str) -> str:
    """The report and its annex's stories as one document: the annex's village sections
    (flowing text) appended to the report's body, the annex's few rules to its styles."""
    body = annex_html[annex_html.index("<body>") + len("<body>") : annex_html.index("</body>")]
    if "</nav>" not in body:  # no other stories
        return report_html
    villages = body[body.index("<section aria-labelledby=", body.index("</nav>")) :]
    villages = villages.replace('id="', 'id="one-').replace('labelledby="', 'labelledby="one-')
    style = annex_html[annex_html.index("<style>") + 7 : annex_html.index("</style>")]
    rules = [r for r in style.split("\n") if r.startswith(("h3 {", "p {"))]
    css = "\n".join(
        r.replace("h3 {", ".annex-one h3 {").replace("p {", ".annex-one p {") for r in rules
    )
    html = report_html.replace("</style>", css + "\n</style>", 1)
    return html.replace("</body>", f'<div class="annex-one">{villages}</div></body>', 1)


def _is_tagged(data: bytes) -> str:
    """What the served file is: PDF/UA-1 tagged (structure tree, marked, language) or not."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as doc:
        root = doc.Root
        marked = bool(root.get("/MarkInfo", {}).get("/Marked", False))
        tree = "/StructTreeRoot" in root
        lang = str(root.get("/Lang", ""))
    return f"tagged {tree and marked}, language {lang or '-'}"


def profile(client, period: str, url: str, top: int = 22) -> str:
    prof = cProfile.Profile()
    prof.enable()
    client.get(url, {"period": period})
    prof.disable()
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out).strip_dirs()
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--residents", type=int, default=35_000)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="a tenth of the sizes, 2 repeats")
    parser.add_argument("--profile", action="store_true", help="cProfile of the big report")
    parser.add_argument("--seed", type=int, default=20261201)
    args = parser.parse_args(argv)
    if args.quick:
        args.residents, args.events, args.stories = (
            args.residents // 10,
            args.events // 10,
            args.stories // 10,
        )
        args.repeat = 2
    with database(args.db) as url:
        return run(args, url)


def run(args, url: str) -> int:
    setup_django(url)
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from zorgzaam.accounts.models import User
    from zorgzaam.accounts.roles import Role
    from zorgzaam.common.demo import demo_generate
    from zorgzaam.stories.periods import period_of, period_shift

    print(machine(lines=True))
    print(f"database  {db_description(connection)}")
    print("note      the machine may be shared with other jobs: compare ratios, not absolutes")
    rng = random.Random(args.seed)
    start = time.perf_counter()
    ctx = demo_generate(seed=1, size="small")
    today = timezone.localdate()
    period = period_shift(period_of(today), -1)  # the page's default: last completed quarter
    cal = Calendar(period, today)
    big = ctx.municipality
    small = clone_municipality(big, "GM9901", "Kleingemeente", "kleingemeente")
    users = dict(ctx.users)
    small_officer = User.objects.create(
        username="beleid-klein", role=Role.POLICY_OFFICER, municipality=small
    )
    sizes = {}
    for name, muni, scale in (("big", big, 1), ("baseline", small, 10)):
        t0 = time.perf_counter()
        sizes[name] = populate(
            muni,
            residents=args.residents // scale,
            events=args.events // scale,
            stories=args.stories // scale,
            cal=cal,
            rng=rng,
            users=users,
            hours_rng=random.Random(f"{args.seed}/hours/{name}"),
        )
        c = sizes[name]
        print(
            f"built     {name:<8} {muni.name}: {c['residents']:,} residents, "
            f"{c['volunteers']:,} volunteers, {c['events']:,} events (help requests "
            f"{c['help_requests']:,}, buddy pairings {c['buddy_pairings']:,}, households "
            f"{c['households']:,}, actions {c['actions']:,}, referrals {c['referrals']:,}, ZRM "
            f"measurements {c['measurements']:,} with {c['zrm_scores']:,} scores, werkbrigade "
            f"contacts {c['contacts']:,}, discretionary decisions {c['decisions']:,}, hub sessions "
            f"{c['sessions']:,}; {c['done_with_hours']:,} of the {c['done']:,} done help "
            f"requests with volunteer hours), {c['stories']:,} stories, {c['selections']} "
            "MSC selections "
            f"in {time.perf_counter() - t0:.1f} s"
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"setup     {time.perf_counter() - start:.1f} s in all; reported quarter {period}")

    results = {}
    for name, officer in (("big", users["beleid"]), ("baseline", small_officer)):
        client = Client()
        client.force_login(officer)
        municipality = officer.municipality
        assert municipality is not None, "a policy officer works for a municipality"
        results[name] = measure(client, municipality, period, args.repeat)
        r = results[name]
        print(
            f"\n{name} ({municipality.name}): {r['_stories']} stories in the report "
            f"({r['_annex']} of them in the annex); "
            f"HTML {r['_sizes'].get('/report/', 0) / 1024:.0f} KB, PDF "
            f"{r['_sizes'].get('/report/pdf/', 0) / 1024:.0f} KB, CSV "
            f"{r['_sizes'].get('/report/csv/', 0) / 1024:.0f} KB; volunteer hours of the "
            f"municipality {r['_hours']}; the PDF is {r['_tagged']}"
        )
        for key, values in r.items():
            if key.startswith("_"):
                continue
            walls, cpus = [w for w, _c in values], [c for _w, c in values]
            print(
                f"  {key:>20}: wall best {min(walls):6.3f} s  median "
                f"{statistics.median(walls):6.3f} s | CPU median "
                f"{statistics.median(cpus):6.3f} s  ({len(values)} runs)"
            )
        print("  report_build by selector (medians of 3):")
        for label, wall, cpu in r["_breakdown"]:
            print(f"  {label:>28}: wall {wall:6.3f} s | CPU {cpu:6.3f} s")
    print("\nratio big / baseline (medians; the data are 10x):")
    for key in results["big"]:
        if key.startswith("_"):
            continue
        ratios = []
        for i in (0, 1):
            b = statistics.median(v[i] for v in results["big"][key])
            s = statistics.median(v[i] for v in results["baseline"][key])
            ratios.append(b / max(s, 1e-9))
        print(f"  {key:>20}: wall {ratios[0]:5.1f}x  CPU {ratios[1]:5.1f}x")
    for label, key, target in (
        ("HTML", "html (view)", HTML_TARGET),
        ("PDF", "pdf (view)", PDF_TARGET),
        ("annex PDF", "annex pdf (view)", PDF_TARGET),
    ):
        wall = statistics.median(w for w, _c in results["big"][key])
        cpu = statistics.median(c for _w, c in results["big"][key])
        verdict = "meets" if wall <= target else "MISSES"
        print(
            f"target    {label} <= {target:.0f} s: {verdict} (wall {wall:.2f} s, CPU {cpu:.2f} s)"
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"max RSS of the benchmark process {rss:.0f} MB")
    print(f"load      {os.getloadavg()[0]:.1f} (1-minute average) at the end")
    print(calibration_text())
    if args.profile:
        client = Client()
        client.force_login(users["beleid"])
        from zorgzaam.reports.models import ReportPdf

        for url_ in ("/report/", "/report/pdf/"):
            # the PDF rendered on demand (an empty store), not the download from the store
            ReportPdf.objects.all().delete()
            print(f"\n==== cProfile of GET {url_} (big)\n")
            print(profile(client, period, url_))
    return 0


if __name__ == "__main__":
    sys.exit(main())
