"""Demo data of the work part: local employers of Bodegraven-Reeuwijk (fictional businesses
with made-up KvK numbers), job seekers drawn from the demo residents, placements found with
the matching engine, peer groups with sessions, and SROI contracts in various states.

Everything goes through the services, so the demo obeys the same rules as the screens.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal

from zorgzaam.common.errors import ApplicationError
from zorgzaam.help.matching import slot_mask

from . import matching, selectors, services, sroi, vocab
from .models import Employer, FollowUp, OfferKind, Placement, TargetGroup

WEEKDAY_DAYTIME = [(d, p) for d in range(5) for p in (0, 1)]

# name, sector, pc4, skills taught, (buddy, work-experience, jobs), peer-group host, social ent.
EMPLOYERS = [
    (
        "Kaasboerderij De Hoeve",
        "agriculture",
        "2811",
        ["animals", "physical_work"],
        (1, 2, 0),
        False,
        False,
    ),
    (
        "Kaasboerderij Vlisthoeve",
        "agriculture",
        "3465",
        ["animals", "teamwork"],
        (1, 1, 1),
        False,
        False,
    ),
    ("Kaashandel Van der Wal", "retail", "2411", ["customer_contact"], (1, 1, 1), False, False),
    (
        "Bouwbedrijf Van Vliet",
        "construction",
        "2412",
        ["technical", "physical_work"],
        (2, 2, 2),
        True,
        False,
    ),
    (
        "Aannemersbedrijf Driebruggen",
        "construction",
        "3465",
        ["technical", "driving_licence"],
        (1, 1, 1),
        False,
        False,
    ),
    (
        "Zorginstelling De Vlietstede",
        "care",
        "2411",
        ["caring", "teamwork"],
        (2, 3, 3),
        True,
        False,
    ),
    ("Zorgcentrum Reeuwijkse Hof", "care", "2811", ["caring", "cooking"], (2, 2, 2), False, False),
    ("Thuiszorg Rijnhart", "care", "2412", ["caring", "driving_licence"], (1, 1, 2), False, False),
    (
        "Supermarkt Bodegraven Centrum",
        "retail",
        "2411",
        ["customer_contact", "teamwork"],
        (2, 3, 2),
        False,
        False,
    ),
    ("Supermarkt Reeuwijk-Brug", "retail", "2811", ["customer_contact"], (1, 2, 1), False, False),
    (
        "Hoveniersbedrijf Groen Waarder",
        "green",
        "3466",
        ["planting", "physical_work"],
        (1, 2, 1),
        False,
        False,
    ),
    ("Hovenier De Reeuwijkse Plassen", "green", "2811", ["planting"], (1, 1, 1), False, False),
    ("Garage Nieuwerbrug", "automotive", "2415", ["technical"], (1, 1, 1), False, False),
    (
        "Autobedrijf Bodegraven-Noord",
        "automotive",
        "2411",
        ["technical", "customer_contact"],
        (1, 1, 1),
        False,
        False,
    ),
    (
        "Transportbedrijf Rijnstreek",
        "logistics",
        "2412",
        ["driving_licence", "forklift"],
        (1, 2, 2),
        True,
        False,
    ),
    (
        "Distributiecentrum A12",
        "logistics",
        "2412",
        ["forklift", "physical_work"],
        (2, 3, 3),
        False,
        False,
    ),
    (
        "Restaurant De Molen",
        "hospitality",
        "2811",
        ["cooking", "customer_contact"],
        (1, 2, 1),
        False,
        False,
    ),
    ("Eetcafé Het Dorpshart", "hospitality", "3466", ["cooking"], (1, 1, 0), False, False),
    ("Kinderopvang 't Kwetternest", "education", "2412", ["caring"], (1, 1, 1), False, False),
    (
        "Basisschool De Regenboog",
        "education",
        "2811",
        ["caring", "administration"],
        (1, 1, 0),
        False,
        False,
    ),
    (
        "Schoonmaakbedrijf Rijnland",
        "cleaning",
        "2411",
        ["cleaning", "teamwork"],
        (2, 2, 3),
        False,
        True,
    ),
    (
        "Kringloopwinkel Bodegraven",
        "retail",
        "2412",
        ["customer_contact", "physical_work"],
        (2, 4, 1),
        True,
        True,
    ),
    (
        "Metaalbewerking Driebruggen",
        "manufacturing",
        "3465",
        ["technical"],
        (1, 1, 1),
        False,
        False,
    ),
    (
        "Administratiekantoor Reeuwijk",
        "office",
        "2811",
        ["administration", "computer"],
        (1, 1, 1),
        False,
        False,
    ),
    (
        "Gemeentewerf Bodegraven-Reeuwijk",
        "public",
        "2411",
        ["planting", "driving_licence"],
        (2, 2, 1),
        True,
        False,
    ),
    (
        "Bakkerij Nieuwerbrug",
        "retail",
        "2415",
        ["customer_contact", "cooking"],
        (1, 1, 0),
        False,
        False,
    ),
    (
        "Bloemenkwekerij Waarder",
        "agriculture",
        "3466",
        ["planting", "physical_work"],
        (1, 2, 1),
        False,
        False,
    ),
    ("Fietsenmaker Reeuwijk", "automotive", "2811", ["technical"], (1, 1, 0), False, False),
    (
        "Sociale Werkplaats Rijnstreek",
        "manufacturing",
        "2412",
        ["teamwork", "physical_work"],
        (2, 4, 2),
        True,
        True,
    ),
]

# reference, subject, contractor (an employer above, or an outside firm), value, obligation %,
# start offset and length in days (relative to today), target fulfilment vs expected
CONTRACTS = [
    (
        "BR-2024-011",
        "Onderhoud openbaar groen",
        "Hoveniersbedrijf Groen Waarder",
        1_200_000,
        5,
        -700,
        730,
        1.15,
    ),
    (
        "BR-2024-017",
        "Reconstructie Overtocht",
        "Bouwbedrijf Van Vliet",
        4_800_000,
        5,
        -640,
        540,
        0.55,
    ),
    (
        "BR-2024-023",
        "Leerlingenvervoer",
        "Transportbedrijf Rijnstreek",
        950_000,
        5,
        -600,
        1095,
        1.0,
    ),
    (
        "BR-2024-031",
        "Schoonmaak gemeentelijke gebouwen",
        "Schoonmaakbedrijf Rijnland",
        680_000,
        7,
        -500,
        1095,
        1.3,
    ),
    (
        "BR-2025-002",
        "ICT-werkplekken",
        "ICT-Diensten Midden-Holland BV",
        2_100_000,
        4,
        -420,
        1460,
        0.2,
    ),
    (
        "BR-2025-008",
        "Riolering Reeuwijk-Dorp",
        "Infrabedrijf Groene Hart BV",
        3_300_000,
        5,
        -380,
        730,
        0.75,
    ),
    ("BR-2025-014", "Catering gemeentehuis", "Restaurant De Molen", 240_000, 5, -300, 730, 1.05),
    ("BR-2025-019", "Wmo-vervoer", "Transportbedrijf Rijnstreek", 1_750_000, 5, -260, 1095, 0.95),
    (
        "BR-2025-027",
        "Huishoudelijke ondersteuning",
        "Thuiszorg Rijnhart",
        5_200_000,
        5,
        -230,
        1460,
        0.6,
    ),
    (
        "BR-2025-033",
        "Onderhoud sportvelden",
        "Hovenier De Reeuwijkse Plassen",
        420_000,
        5,
        -200,
        730,
        1.2,
    ),
    (
        "BR-2025-041",
        "Renovatie Dorpshuis Waarder",
        "Aannemersbedrijf Driebruggen",
        1_050_000,
        5,
        -150,
        400,
        0.0,
    ),
    (
        "BR-2025-046",
        "Inzameling grof afval",
        "Gemeentewerf Bodegraven-Reeuwijk",
        890_000,
        5,
        -120,
        1095,
        1.0,
    ),
    ("BR-2026-003", "Kantoorartikelen", "Administratiekantoor Reeuwijk", 160_000, 3, -60, 730, 0.4),
    (
        "BR-2026-005",
        "Fietsenstalling station Bodegraven",
        "Bouwbedrijf Van Vliet",
        640_000,
        5,
        -30,
        365,
        1.0,
    ),
    ("BR-2026-009", "Beheer zwembad", "Recreatiebeheer Rijnstreek BV", 2_600_000, 5, 20, 1825, 0.0),
    (
        "BR-2026-012",
        "Energiebesparing scholen",
        "Installatiebedrijf Het Groene Hart BV",
        1_900_000,
        5,
        45,
        730,
        0.0,
    ),
]

PEER_GROUPS = [
    ("Werkvinden Bodegraven", "Kringloopwinkel Bodegraven", "Kringloopwinkel, ontmoetingsruimte"),
    ("Werkvinden Reeuwijk", "Gemeentewerf Bodegraven-Reeuwijk", "Dorpshuis Reeuwijk-Brug"),
    ("Werkvinden Dorpen", "Sociale Werkplaats Rijnstreek", "Dorpshuis Waarder"),
    ("Werkvinden Jongeren", "Bouwbedrijf Van Vliet", "Bouwkeet Van Vliet"),
]
SESSION_TOPICS = [
    "Kennismaken en je werkdoel",
    "Je talenten en vaardigheden",
    "Je netwerk in kaart",
    "Een sterke cv",
    "Solliciteren: het gesprek oefenen",
    "Op bezoek bij een werkgever",
    "Omgaan met afwijzing",
    "Werk en uitkering: wat verandert er?",
    "Terugblik en volgende stappen",
]


def _age(person, today: dt.date) -> int:
    born = person.date_of_birth
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _target_group(rng, person, age: int) -> str:
    if age <= 23 and rng.random() < 0.6:
        return TargetGroup.SCHOOL_LEAVER
    if person.languages and person.languages[0] in ("ar", "ti", "uk") and rng.random() < 0.7:
        return TargetGroup.STATUS_HOLDER
    if age >= 50 and rng.random() < 0.35:
        return TargetGroup.OVER_50
    return rng.choices(
        [
            TargetGroup.PARTICIPATIEWET,
            TargetGroup.WW,
            TargetGroup.BANENAFSPRAAK,
            TargetGroup.WIA_WAO,
        ],
        weights=[0.6, 0.18, 0.12, 0.1],
    )[0]


def _employers(ctx, actor) -> list[Employer]:
    rng = ctx.rng
    out = []
    for name, sector, pc4, skills, (buddy, places, jobs), host, social in EMPLOYERS:
        slots = list(WEEKDAY_DAYTIME)
        if sector in ("retail", "hospitality", "care"):
            slots += [(5, 0), (5, 1)]
        if sector in ("hospitality", "care"):
            slots += [(d, 2) for d in range(5)]
        given, last = ctx.faker.first_name(), ctx.faker.last_name()
        ascii_name = unicodedata.normalize("NFKD", f"{given}.{last}").encode("ascii", "ignore")
        slug = re.sub(r"[^a-z.]", "", ascii_name.decode().lower())
        out.append(
            services.employer_create(
                actor=actor,
                name=name,
                sector=sector,
                postcode=f"{pc4} {rng.choice('ABCDEGHJKLMNPRST')}{rng.choice('ABCDEGHJKLMNPRST')}",
                kvk_number=f"{rng.randint(10_000_000, 99_999_999)}",
                buddy_capacity=buddy,
                work_experience_places=places,
                job_openings=jobs,
                hosts_peer_group=host,
                is_social_enterprise=social,
                skills=skills,
                languages=["nl"]
                + (["en"] if rng.random() < 0.4 else [])
                + (["pl"] if sector == "logistics" else [])
                + (["ar"] if rng.random() < 0.1 else []),
                availability=slot_mask(slots),
                contacts=[
                    {
                        "name": f"{given} {last}",
                        "job_title": rng.choice(
                            ["eigenaar", "bedrijfsleider", "HR-adviseur", "teamleider"]
                        ),
                        "phone": f"0172-{rng.randint(100000, 999999)}",
                        "email": f"{slug}@example.nl",
                    }
                ],
            )
        )
    return out


def _seekers(ctx, actor, n: int):
    rng, today = ctx.rng, ctx.today
    candidates = [p for p in ctx.residents[1:] if 17 <= _age(p, today) <= 66]
    rng.shuffle(candidates)
    seekers = []
    sectors, skills = list(vocab.SECTORS), list(vocab.SKILLS)
    for person in candidates[:n]:
        age = _age(person, today)
        group = _target_group(rng, person, age)
        wanted = rng.sample(sectors, rng.randint(1, 3))
        slots = rng.sample(WEEKDAY_DAYTIME, rng.randint(4, 10))
        goal = rng.choice(
            [
                "Betaald werk, minimaal 24 uur",
                "Werkervaring opdoen en daarna een baan",
                "Een vaste baan dicht bij huis",
                "Stap voor stap terug naar werk",
                "Een leer-werkplek",
                "Parttime werk naast de zorg voor de kinderen",
            ]
        )
        seekers.append(
            services.job_seeker_register(
                actor=actor,
                person=person,
                target_group=group,
                work_goal=goal,
                wishes=rng.choice(
                    [
                        "",
                        "Graag met mensen werken",
                        "Liever buiten werken",
                        "Vaste werktijden",
                        "Dicht bij huis",
                    ]
                ),
                limits=rng.choice(
                    ["", "", "Geen zwaar tilwerk", "Alleen onder schooltijd", "Geen avonddiensten"]
                ),
                sectors=wanted,
                skills=rng.sample(skills, rng.randint(1, 3)),
                availability=slot_mask(slots),
                hours_per_week=Decimal(rng.choice([8, 12, 16, 20, 24, 28, 32, 36])),
                max_travel_km=Decimal(rng.choice([5, 8, 10, 15, 20])),
                registered_on=today - dt.timedelta(days=rng.randint(10, 540)),
            )
        )
    return seekers


def _placements(ctx, actor, seekers, employers, contracts) -> int:
    rng, today = ctx.rng, ctx.today
    made = 0
    running = [c for c in contracts if c.start <= today]
    for seeker in seekers[: int(len(seekers) * 0.7)]:
        kind = rng.choices(list(OfferKind.values), weights=[0.45, 0.35, 0.2])[0]
        proposals, _why = matching.propose(seeker, employers, kind, k=3)
        if not proposals:
            continue
        employer = proposals[0].employer if rng.random() < 0.7 else rng.choice(proposals).employer
        start = max(seeker.registered_on, today - dt.timedelta(days=rng.randint(5, 420)))
        hours = min(seeker.hours_per_week, Decimal(rng.choice([8, 16, 20, 24, 32, 36])))
        contract_type = Placement.ContractType.NONE
        if kind == OfferKind.JOB:
            contract_type = rng.choice(
                [Placement.ContractType.TEMPORARY, Placement.ContractType.PERMANENT]
            )
        fitting = [c for c in running if c.start <= start <= c.end]
        contract = rng.choice(fitting) if fitting and rng.random() < 0.6 else None
        try:
            placement = services.placement_record(
                actor=actor,
                job_seeker=seeker,
                employer=employer,
                kind=kind,
                start=start,
                hours_per_week=hours,
                contract_type=contract_type,
                contract=contract,
            )
        except ApplicationError:
            continue
        made += 1
        age_days = (today - start).days
        if age_days > 120 and rng.random() < 0.65:
            end = start + dt.timedelta(days=rng.randint(60, age_days - 1))
            working = kind == OfferKind.JOB or rng.random() < 0.45
            if working:
                outcome = (
                    Placement.Outcome.PAID_JOB if hours >= 12 else Placement.Outcome.WORK_FOUND
                )
            else:
                outcome = rng.choice(
                    [
                        Placement.Outcome.EDUCATION,
                        Placement.Outcome.DROPPED_OUT,
                        Placement.Outcome.WORK_FOUND,
                    ]
                )
            services.placement_end(actor=actor, placement=placement, end=end, outcome=outcome)
        for fu in FollowUp.objects.filter(placement=placement, due_on__lt=today):
            if rng.random() < 0.8:
                still = (
                    placement.outcome
                    in (
                        Placement.Outcome.OPEN,
                        Placement.Outcome.PAID_JOB,
                        Placement.Outcome.WORK_FOUND,
                    )
                    and rng.random() < 0.85
                )
                services.follow_up_record(
                    actor=actor,
                    follow_up=fu,
                    done_on=min(today, fu.due_on + dt.timedelta(days=rng.randint(0, 14))),
                    still_working=still,
                    hours_per_week=hours if still else None,
                )
    return made


def _contracts(ctx, policy, by_name):
    today = ctx.today
    table = services.table_create(
        actor=policy,
        name="Bouwblokken Bodegraven-Reeuwijk 2024",
        valid_from=dt.date(2024, 1, 1),
        data=sroi.DEFAULT_TABLE,
    )
    contracts = []
    for ref, subject, contractor, value, pct, offset, length, _target in CONTRACTS:
        start = today + dt.timedelta(days=offset)
        contracts.append(
            services.contract_create(
                actor=policy,
                reference=ref,
                title=subject,
                contractor_name=contractor,
                contractor=by_name.get(contractor),
                contract_value=Decimal(value),
                obligation_percentage=Decimal(pct),
                start=start,
                end=start + dt.timedelta(days=length - 1),
                table=table,
            )
        )
    return contracts


def _top_up(ctx, policy, contracts) -> int:
    """Bring each contract near its target state with the contractor's own reports."""
    rng, today = ctx.rng, ctx.today
    added = 0
    for contract, spec in zip(contracts, CONTRACTS, strict=True):
        target = Decimal(str(spec[-1]))
        if contract.start > today or target == 0:
            continue
        if rng.random() < 0.4:
            services.fulfilment_add(
                actor=policy,
                contract=contract,
                kind="pso",
                pso_level=rng.choice(["step_1", "step_2", "step_3"]),
                start=contract.start,
            )
            added += 1
        b = selectors.contract_balance(contract, today).balance
        gap = b.expected * target - b.fulfilled
        if gap <= 0:
            continue
        hours = (gap * Decimal("0.15") / 100).quantize(Decimal(1))
        if hours > 0:
            services.fulfilment_add(
                actor=policy,
                contract=contract,
                kind="custom",
                hours=hours,
                description="Gastlessen en stages voor het mbo",
            )
            added += 1
        b = selectors.contract_balance(contract, today).balance
        gap = (b.expected * target - b.fulfilled).quantize(Decimal("0.01"))
        if gap > 0:
            services.fulfilment_add(
                actor=policy,
                contract=contract,
                kind="purchase",
                invoice_value=gap,
                description=rng.choice(
                    [
                        "Catering Kringloopwinkel Bodegraven",
                        "Groenonderhoud Sociale Werkplaats Rijnstreek",
                        "Drukwerk sociale onderneming",
                    ]
                ),
            )
            added += 1
    return added


def _peer_groups(ctx, actor, seekers, by_name) -> tuple[int, int]:
    rng, today = ctx.rng, ctx.today
    n_sessions = 0
    pool = list(seekers)
    rng.shuffle(pool)
    for i, (name, host, place) in enumerate(PEER_GROUPS):
        started = today - dt.timedelta(days=rng.randint(40, 200))
        group = services.peer_group_create(
            actor=actor, name=name, started_on=started, host=by_name[host], location=place
        )
        members = pool[i * 9 : i * 9 + rng.randint(6, 9)]
        for s in members:
            services.peer_group_add_member(
                actor=actor, group=group, job_seeker=s, joined_on=started
            )
        for j, topic in enumerate(SESSION_TOPICS):
            day = started + dt.timedelta(days=14 * j)
            session = services.session_add(actor=actor, group=group, date=day, topic=topic)
            n_sessions += 1
            if day <= today:
                present = [s for s in members if rng.random() < 0.78]
                services.attendance_record(actor=actor, session=session, present=present)
        for membership in group.memberships.select_related("job_seeker"):
            if rng.random() < 0.4:
                outcome = rng.choice(["work_found", "work_found", "education", "dropped_out"])
                services.peer_group_set_outcome(actor=actor, membership=membership, outcome=outcome)
    return len(PEER_GROUPS), n_sessions


def generate(ctx) -> dict[str, int]:
    coordinator = ctx.users["coordinator"]
    policy = ctx.users["beleid"]
    employers = _employers(ctx, coordinator)
    by_name = {e.name: e for e in employers}
    n_seekers = max(80, min(300, len(ctx.residents) // 15))
    seekers = _seekers(ctx, coordinator, n_seekers)
    contracts = _contracts(ctx, policy, by_name)
    placements = _placements(ctx, coordinator, seekers, employers, contracts)
    entries = _top_up(ctx, policy, contracts)
    groups, sessions = _peer_groups(ctx, coordinator, seekers, by_name)
    from . import demo_garden

    return demo_garden.generate(ctx, contracts) | {
        "work_employers": Employer.objects.for_municipality(ctx.municipality).count(),
        "work_job_seekers": len(seekers),
        "work_placements": placements,
        "work_sroi_contracts": len(contracts),
        "work_sroi_entries_reported": entries,
        "work_peer_groups": groups,
        "work_peer_group_sessions": sessions,
    }
