"""Demo casework: households across the villages of the demo teams with plans, goals,
actions (a realistic minority informal), referrals in every state, ZRM scores over time,
Positive Health for some, consent and short synthetic notes. No BSNs: a made-up number
could belong to a real person."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from .models import (
    Action,
    CaseNote,
    Consent,
    Goal,
    Household,
    HouseholdMember,
    Measurement,
    MeasurementScore,
    NetworkMember,
    Plan,
    PositiveHealth,
    Referral,
    ReferralUpdate,
    UrgencyRequest,
)
from .services import current_zrm_version

HOUSEHOLDS = {"small": 130, "medium": 300, "large": 900}

GOALS = {
    "financien": ["Overzicht in de post en rekeningen", "Schulden op een rij en een regeling"],
    "werk-opleiding": ["Een passende baan of opleiding vinden", "Taalcursus afronden"],
    "tijdsbesteding": ["Een vaste dagbesteding hebben", "Iets doen wat energie geeft"],
    "huisvesting": ["Een passende woning", "Huis opgeruimd en veilig"],
    "huiselijke-relaties": ["Minder ruzie thuis", "Goede afspraken over de kinderen"],
    "geestelijke-gezondheid": ["Beter slapen en minder piekeren", "Grip op somberheid"],
    "lichamelijke-gezondheid": ["Weer veilig kunnen lopen", "Regelmatig naar de huisarts"],
    "middelengebruik": ["Minder drinken", "Stoppen met blowen"],
    "basale-adl": ["Zelf kunnen douchen en aankleden"],
    "instrumentele-adl": ["Zelf boodschappen doen", "Zelf koken, een paar keer per week"],
    "sociaal-netwerk": ["Minder alleen zijn", "Contact met de buren"],
    "maatschappelijke-participatie": ["Meedoen in het dorp", "Vrijwilligerswerk vinden"],
    "justitie": ["Boete afbetalen", "Afspraken met de reclassering nakomen"],
}
FORMAL = {
    "financien": ("debt", "Aanmelding schuldhulpverlening"),
    "werk-opleiding": ("work", "Traject naar werk via het werkplein"),
    "tijdsbesteding": ("wmo", "Dagbesteding via de Wmo"),
    "huisvesting": ("housing", "Aanvraag urgentie bij de woningcorporatie"),
    "huiselijke-relaties": ("youth", "Gezinsbegeleiding jeugdhulp"),
    "geestelijke-gezondheid": ("mental_health", "Verwijzing naar de praktijkondersteuner GGZ"),
    "lichamelijke-gezondheid": ("wmo", "Hulpmiddel via de Wmo"),
    "middelengebruik": ("addiction", "Gesprek bij de verslavingszorg"),
    "basale-adl": ("wmo", "Thuiszorg voor persoonlijke verzorging"),
    "instrumentele-adl": ("wmo", "Huishoudelijke hulp via de Wmo"),
    "sociaal-netwerk": ("other", "Maatjesproject van de welzijnsorganisatie"),
    "maatschappelijke-participatie": ("work", "Participatieplek via het werkplein"),
    "justitie": ("other", "Contact met de reclassering"),
}
REASONS = [
    "Acute situatie, geen uitstel mogelijk",
    "Specialistische hulp nodig",
    "Netwerk is overbelast",
    "Geen netwerk in de buurt",
    "Wettelijke taak van de gemeente",
]
RELATIONS = [
    ("buurvrouw", "boodschappen en een praatje", "sociaal-netwerk"),
    ("buurman", "klusjes in huis", "instrumentele-adl"),
    ("dochter", "post en administratie", "financien"),
    ("zoon", "vervoer naar afspraken", "lichamelijke-gezondheid"),
    ("vriendin", "samen wandelen", "tijdsbesteding"),
    ("zus", "oppassen op de kinderen", "huiselijke-relaties"),
    ("kerkgenoot", "meegaan naar de koffieochtend", "maatschappelijke-participatie"),
]
NOTES = [
    "Huisbezoek gehad; sfeer was open. Afspraak over de volgende stap gemaakt.",
    "Telefonisch contact. Het gaat iets beter, de post is bijgehouden.",
    "Samen met de buurvrouw gesproken over wat zij kan doen.",
    "Keukentafelgesprek: wat gaat goed, wat moet anders. Doelen samen opgesteld.",
    "Afspraak verzet op verzoek van de inwoner.",
    "Korte evaluatie: twee doelen lopen, één afgerond.",
]
HUBS = ["Dorpshuis De Kroon", "Huiskamer van het dorp", "Welzijnspunt", "Buurtkamer De Brug"]


def _at(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


class _Rows:
    """The demo's rows, collected in the order the generator makes them and then written per
    table with bulk_create (parents first, so every foreign key has its id). The same rows
    in the same order as one create() each: ~2,500 inserts became ~20 statements."""

    ORDER = (
        Household,
        HouseholdMember,
        NetworkMember,
        Consent,
        Plan,
        Goal,
        Action,
        Referral,
        ReferralUpdate,
        UrgencyRequest,
        Measurement,
        MeasurementScore,
        PositiveHealth,
        CaseNote,
    )

    def __init__(self) -> None:
        self.rows: dict[type, list] = {model: [] for model in self.ORDER}
        self.professionals: list[tuple[Household, object]] = []
        self.network_domains: list[tuple[NetworkMember, object]] = []
        self.note_domains: list[tuple[CaseNote, list]] = []
        self.created_at: list[tuple[Any, datetime]] = []  # auto_now_add, set afterwards

    def add(self, obj, created_at: datetime | None = None):
        self.rows[type(obj)].append(obj)
        if created_at is not None:
            self.created_at.append((obj, created_at))
        return obj

    def write(self) -> None:
        for model in self.ORDER:
            # bulk_create takes each parent's id now that the parent is saved
            model.objects.bulk_create(self.rows[model], batch_size=500)
        _link(Household.professionals, self.professionals)
        _link(NetworkMember.domains, self.network_domains)
        _link(CaseNote.domains, [(n, d) for n, ds in self.note_domains for d in ds])
        by_model: dict[Any, list] = {}
        for obj, at in self.created_at:
            obj.created_at = at
            by_model.setdefault(type(obj), []).append(obj)
        for model, objs in by_model.items():  # Action, Referral, CaseNote
            fields = ["created_at", "status_changed_at"] if model is Referral else ["created_at"]
            model.objects.bulk_update(objs, fields, batch_size=500)


def _link(descriptor, pairs) -> None:
    """Many-to-many rows (owner, target) in one statement, in the order given."""
    field = descriptor.field
    through = descriptor.through
    owner, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    through.objects.bulk_create(
        [through(**{f"{owner}_id": a.pk, f"{target}_id": b.pk}) for a, b in pairs]
    )


def generate(ctx) -> dict[str, int]:
    rng, today = ctx.rng, ctx.today
    version = current_zrm_version()
    domains = list(version.domains.all())
    by_code = {d.code: d for d in domains}
    professional = ctx.users["professional"]
    lead = ctx.users["teamleider"]
    coordinator = ctx.users["coordinator"]
    team_of_area = {}
    for team in ctx.teams:
        for area in team.areas.all():
            team_of_area[area.pk] = team
    candidates = [p for p in ctx.residents[1:] if p.area_id in team_of_area]
    rng.shuffle(candidates)
    n_households = min(HOUSEHOLDS.get(ctx.size, 130), len(candidates) // 2)
    used: set[int] = set()
    counts = dict.fromkeys(
        ["households", "goals", "actions", "informal_actions", "referrals", "measurements"], 0
    )
    rows = _Rows()
    pool = iter(candidates)
    for _i in range(n_households):
        applicant = next(p for p in pool if p.pk not in used)
        used.add(applicant.pk)
        team = team_of_area[applicant.area_id]
        opened = today - timedelta(days=rng.randint(20, 540))
        closed = rng.random() < 0.15 and (today - opened).days > 120
        family = " ".join(x for x in (applicant.infix, applicant.family_name) if x)
        household = rows.add(
            Household(
                municipality=ctx.municipality,
                name=f"Huishouden {family}",
                postcode=applicant.postcode,
                postcode_area=applicant.postcode_area,
                area=applicant.area,
                team=team,
                zrm_version=version,
                opened_on=opened,
                status=Household.Status.CLOSED if closed else Household.Status.OPEN,
                closed_on=opened + timedelta(days=rng.randint(90, (today - opened).days))
                if closed
                else None,
            )
        )
        counts["households"] += 1
        if team in (ctx.teams[0], ctx.teams[2]):
            rows.professionals.append((household, professional))
        elif rng.random() < 0.5:
            rows.professionals.append((household, lead))
        worker = professional if team != ctx.teams[1] else lead
        members = [
            rows.add(
                HouseholdMember(
                    household=household,
                    person=applicant,
                    role=HouseholdMember.Role.APPLICANT,
                    date_of_birth=applicant.date_of_birth,
                )
            )
        ]
        if rng.random() < 0.4:
            partner = next(p for p in pool if p.pk not in used)
            used.add(partner.pk)
            members.append(
                rows.add(
                    HouseholdMember(
                        household=household,
                        person=partner,
                        role=HouseholdMember.Role.PARTNER,
                        date_of_birth=partner.date_of_birth,
                    )
                )
            )
        network = []
        if rng.random() < 0.55:
            for relation, helps, domain_code in rng.sample(RELATIONS, rng.randint(1, 2)):
                nm = rows.add(
                    NetworkMember(
                        household=household,
                        name=ctx.faker.first_name(),
                        relation=relation,
                        can_help_with=helps,
                    )
                )
                rows.network_domains.append((nm, by_code[domain_code]))
                network.append((nm, domain_code))
        consent = rows.add(
            Consent(
                household=household,
                member=members[0],
                what="naam, telefoonnummer en hulpvraag",
                with_whom="dorpshuis en welzijnsorganisatie",
                method=rng.choice([Consent.Method.VERBAL, Consent.Method.WRITTEN]),
                given_on=opened,
                recorded_by=worker,
            )
        )
        if rng.random() < 0.05:
            consent.withdrawn_on = opened + timedelta(days=30)
        plan = rows.add(Plan(household=household))
        chosen = rng.sample(domains, rng.randint(1, 4))
        # Informal first, realistically: about four in ten plans use the own network.
        use_network = bool(network) and rng.random() < 0.7
        if use_network:
            chosen = [by_code[network[0][1]]] + [d for d in chosen if d.code != network[0][1]]
        for k, domain in enumerate(chosen):
            goal = rows.add(
                Goal(
                    plan=plan,
                    domain=domain,
                    description=rng.choice(GOALS[domain.code]),
                    status=rng.choice([Goal.Status.ACTIVE] * 3 + [Goal.Status.ACHIEVED]),
                )
            )
            counts["goals"] += 1
            created = opened + timedelta(days=rng.randint(0, 20))
            informal = False
            if use_network and k == 0:
                nm = network[0][0]
                rows.add(
                    Action(
                        goal=goal,
                        kind=Action.Kind.OWN_NETWORK,
                        category=Action.Category.INFORMAL,
                        description=f"{nm.name} ({nm.relation}) helpt met {nm.can_help_with}",
                        ref_kind="casework.network",
                        ref_public_id=nm.public_id,
                        ref_label=f"{nm.name} ({nm.relation})",
                        created_by=worker,
                        due_on=today + timedelta(days=rng.randint(-3, 30)),
                    ),
                    created_at=_at(created),
                )
                counts["informal_actions"] += 1
                counts["actions"] += 1
                informal = True
            if not informal or rng.random() < 0.3:
                provision, text = FORMAL[domain.code]
                action = rows.add(
                    Action(
                        goal=goal,
                        kind=Action.Kind.FORMAL,
                        category=Action.Category.FORMAL,
                        description=text,
                        provision=provision,
                        formal_reason="" if informal else rng.choice(REASONS),
                        created_by=worker,
                        due_on=today + timedelta(days=rng.randint(-5, 40)),
                        status=rng.choice([Action.Status.PLANNED] * 3 + [Action.Status.DONE]),
                    ),
                    created_at=_at(created),
                )
                counts["actions"] += 1
                if rng.random() < 0.45 and consent.withdrawn_on is None:
                    _referral(ctx, rng, rows, action, members[0], coordinator, worker, created)
                    counts["referrals"] += 1
        if any(d.code == "huisvesting" for d in chosen) and rng.random() < 0.3:
            decision = rng.choice(list(UrgencyRequest.Decision.values))
            rows.add(
                UrgencyRequest(
                    household=household,
                    reason="Woning past niet meer bij de situatie; veiligheid in het geding.",
                    requested_on=opened + timedelta(days=14),
                    requested_by=worker,
                    decision=decision,
                    decided_on=None if decision == "pending" else opened + timedelta(days=45),
                    decision_note="" if decision == "pending" else "Besluit van de corporatie",
                )
            )
        counts["measurements"] += _measurements(
            rng, rows, household, members, chosen, domains, worker, opened, today
        )
        for _n in range(rng.randint(1, 3)):
            note = CaseNote(household=household, text=rng.choice(NOTES), author=worker)
            rows.note_domains.append((note, rng.sample(chosen, 1)))
            rows.add(
                note,
                created_at=_at(opened + timedelta(days=rng.randint(0, (today - opened).days))),
            )
    rows.write()
    from . import demo_debt, demo_practices

    return (
        {f"casework_{k}": v for k, v in counts.items()}
        | demo_practices.generate(ctx)
        | demo_debt.generate(ctx)
    )


def _referral(ctx, rng, rows, action, member, coordinator, worker, created):
    path = rng.choice(
        [
            ["sent"],
            ["sent", "accepted"],
            ["sent", "accepted", "started"],
            ["sent", "accepted", "started", "finished"],
            ["sent", "accepted", "started", "finished"],
            ["sent", "declined"],
        ]
    )
    referral = Referral(
        municipality=ctx.municipality,
        action=action,
        receiver=coordinator,
        receiver_label=rng.choice(HUBS),
        message=f"{action.description}: graag contact opnemen voor een kennismaking.",
        contact_member=member,
        contact_name=member.person.full_name,
        contact_phone=member.person.phone,
        status=path[-1],
        decline_reason="Geen plek tot na de zomer" if path[-1] == "declined" else "",
        sent_by=worker,
    )
    at = _at(created)
    for status in path:
        rows.add(ReferralUpdate(referral=referral, status=status, at=at, by=coordinator))
        last = at
        at = at + timedelta(days=rng.randint(2, 25))
    # Some open referrals went quiet: they show as stale.
    if path[-1] in ("sent", "accepted", "started") and rng.random() < 0.5:
        last = timezone.now() - timedelta(days=rng.randint(20, 60))
    referral.status_changed_at = min(last, timezone.now())
    rows.add(referral, created_at=_at(created))


def _measurements(rng, rows, household, members, chosen, domains, worker, opened, today) -> int:
    scores = {
        d.pk: rng.choice([1, 2, 2, 3, 3, 4]) if d in chosen else rng.choice([3, 4, 4, 5])
        for d in domains
    }
    moments = [("intake", opened)]
    day = opened + timedelta(days=90)
    while day < (household.closed_on or today):
        moments.append(("review", day))
        day += timedelta(days=rng.randint(80, 120))
    if household.closed_on:
        moments.append(("exit", household.closed_on))
    for i, (moment, day) in enumerate(moments):
        m = rows.add(
            Measurement(household=household, moment=moment, measured_on=day, recorded_by=worker)
        )
        if i:
            for d in chosen:
                scores[d.pk] = max(1, min(5, scores[d.pk] + rng.choice([-1, 0, 1, 1])))
        for pk, score in scores.items():
            rows.add(MeasurementScore(measurement=m, domain_id=pk, score=score))
        if rng.random() < 0.25:
            rows.add(
                PositiveHealth(
                    household=household,
                    member=members[0],
                    measurement=m,
                    recorded_on=day,
                    **{
                        k: rng.randint(3, 9)
                        for k in ("body", "mental", "meaning", "quality", "participation", "daily")
                    },
                )
            )
    return len(moments)
