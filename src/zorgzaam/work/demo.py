"""Demo data of the work part: local employers of Bodegraven-Reeuwijk (fictional businesses
with made-up KvK numbers), job seekers drawn from the demo residents, placements found with
the matching engine, peer groups with sessions, and SROI contracts in various states.

Everything goes through the services, so the demo obeys the same rules as the screens. The
employers, contracts and texts are data: ``demo_data/employers.toml`` and ``texts.toml``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal

from zorgzaam.common.demo_data import DemoDataError, NonEmpty, OneOf, load
from zorgzaam.common.errors import ApplicationError
from zorgzaam.help.matching import slot_mask

from . import matching, selectors, services, sroi, vocab
from .models import Employer, FollowUp, OfferKind, Placement, TargetGroup

WEEKDAY_DAYTIME = [(d, p) for d in range(5) for p in (0, 1)]

# The data: work/demo_data/employers.toml and texts.toml (see the comments there).
_TEXT = NonEmpty(str)
EMPLOYERS_SCHEMA = {
    "employer": NonEmpty(
        [
            {
                "name": _TEXT,
                "sector": OneOf(*vocab.SECTORS),
                "pc4": _TEXT,
                "skills": [OneOf(*vocab.SKILLS)],
                "buddy_capacity": int,
                "work_experience_places": int,
                "job_openings": int,
                "hosts_peer_group": bool,
                "social_enterprise": bool,
            }
        ]
    ),
    "contract": NonEmpty(
        [
            {
                "reference": _TEXT,
                "subject": _TEXT,
                "contractor": _TEXT,
                "value": int,
                "obligation_percentage": int,
                "start_offset_days": int,
                "length_days": int,
                "target": float,
            }
        ]
    ),
}
_CHOICES = NonEmpty([str])
TEXTS_SCHEMA = {
    "sroi_table": _TEXT,
    "session_topics": NonEmpty([_TEXT]),
    "work_goals": _CHOICES,
    "wishes": _CHOICES,
    "limits": _CHOICES,
    "contact_job_titles": NonEmpty([_TEXT]),
    "custom_fulfilment": _TEXT,
    "purchases": NonEmpty([_TEXT]),
    "peer_group": NonEmpty([{"name": _TEXT, "host": _TEXT, "location": _TEXT}]),
}


def _load() -> tuple[dict, dict]:
    data = load(__package__, "employers.toml", EMPLOYERS_SCHEMA)
    texts = load(__package__, "texts.toml", TEXTS_SCHEMA)
    names = {e["name"] for e in data["employer"]}
    for index, group in enumerate(texts["peer_group"]):
        if group["host"] not in names:
            raise DemoDataError(
                f'zorgzaam/work/demo_data/texts.toml: peer_group[{index}] "{group["name"]}".host: '
                f"{group['host']!r} is no employer of employers.toml"
            )
    return data, texts


_DATA, TEXTS = _load()
# name, sector, pc4, skills taught, (buddy, work-experience, jobs), peer-group host, social ent.
EMPLOYERS = [
    (
        e["name"],
        e["sector"],
        e["pc4"],
        e["skills"],
        (e["buddy_capacity"], e["work_experience_places"], e["job_openings"]),
        e["hosts_peer_group"],
        e["social_enterprise"],
    )
    for e in _DATA["employer"]
]
# reference, subject, contractor (an employer above, or an outside firm), value, obligation %,
# start offset and length in days (relative to today), target fulfilment vs expected
CONTRACTS = [
    (
        c["reference"],
        c["subject"],
        c["contractor"],
        c["value"],
        c["obligation_percentage"],
        c["start_offset_days"],
        c["length_days"],
        c["target"],
    )
    for c in _DATA["contract"]
]
PEER_GROUPS = [(g["name"], g["host"], g["location"]) for g in TEXTS["peer_group"]]
SESSION_TOPICS: list[str] = TEXTS["session_topics"]


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
                        "job_title": rng.choice(TEXTS["contact_job_titles"]),
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
        goal = rng.choice(TEXTS["work_goals"])
        seekers.append(
            services.job_seeker_register(
                actor=actor,
                person=person,
                target_group=group,
                work_goal=goal,
                wishes=rng.choice(TEXTS["wishes"]),
                limits=rng.choice(TEXTS["limits"]),
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
        name=TEXTS["sroi_table"],
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
                description=TEXTS["custom_fulfilment"],
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
                description=rng.choice(TEXTS["purchases"]),
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
