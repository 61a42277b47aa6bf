"""Demo casework: households across the villages of the demo teams with plans, goals,
actions (a realistic minority informal), referrals in every state, ZRM scores over time,
Positive Health for some, consent and short synthetic notes. No BSNs: a made-up number
could belong to a real person."""

from __future__ import annotations

from datetime import datetime, time, timedelta

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
    pool = iter(candidates)
    for _i in range(n_households):
        applicant = next(p for p in pool if p.pk not in used)
        used.add(applicant.pk)
        team = team_of_area[applicant.area_id]
        opened = today - timedelta(days=rng.randint(20, 540))
        closed = rng.random() < 0.15 and (today - opened).days > 120
        household = Household.objects.create(
            municipality=ctx.municipality,
            name=f"Huishouden {' '.join(x for x in (applicant.infix, applicant.family_name) if x)}",
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
        counts["households"] += 1
        if team in (ctx.teams[0], ctx.teams[2]):
            household.professionals.add(professional)
        elif rng.random() < 0.5:
            household.professionals.add(lead)
        worker = professional if team != ctx.teams[1] else lead
        members = [
            HouseholdMember.objects.create(
                household=household,
                person=applicant,
                role=HouseholdMember.Role.APPLICANT,
                date_of_birth=applicant.date_of_birth,
            )
        ]
        if rng.random() < 0.4:
            partner = next(p for p in pool if p.pk not in used)
            used.add(partner.pk)
            members.append(
                HouseholdMember.objects.create(
                    household=household,
                    person=partner,
                    role=HouseholdMember.Role.PARTNER,
                    date_of_birth=partner.date_of_birth,
                )
            )
        network = []
        if rng.random() < 0.55:
            for relation, helps, domain_code in rng.sample(RELATIONS, rng.randint(1, 2)):
                nm = NetworkMember.objects.create(
                    household=household,
                    name=ctx.faker.first_name(),
                    relation=relation,
                    can_help_with=helps,
                )
                nm.domains.set([by_code[domain_code]])
                network.append((nm, domain_code))
        consent = Consent.objects.create(
            household=household,
            member=members[0],
            what="naam, telefoonnummer en hulpvraag",
            with_whom="dorpshuis en welzijnsorganisatie",
            method=rng.choice([Consent.Method.VERBAL, Consent.Method.WRITTEN]),
            given_on=opened,
            recorded_by=worker,
        )
        if rng.random() < 0.05:
            consent.withdrawn_on = opened + timedelta(days=30)
            consent.save(update_fields=["withdrawn_on"])
        plan = Plan.objects.create(household=household)
        chosen = rng.sample(domains, rng.randint(1, 4))
        # Informal first, realistically: about four in ten plans use the own network.
        use_network = bool(network) and rng.random() < 0.7
        if use_network:
            chosen = [by_code[network[0][1]]] + [d for d in chosen if d.code != network[0][1]]
        for k, domain in enumerate(chosen):
            goal = Goal.objects.create(
                plan=plan,
                domain=domain,
                description=rng.choice(GOALS[domain.code]),
                status=rng.choice([Goal.Status.ACTIVE] * 3 + [Goal.Status.ACHIEVED]),
            )
            counts["goals"] += 1
            created = opened + timedelta(days=rng.randint(0, 20))
            informal = False
            if use_network and k == 0:
                nm = network[0][0]
                action = Action.objects.create(
                    goal=goal,
                    kind=Action.Kind.OWN_NETWORK,
                    category=Action.Category.INFORMAL,
                    description=f"{nm.name} ({nm.relation}) helpt met {nm.can_help_with}",
                    ref_kind="casework.network",
                    ref_public_id=nm.public_id,
                    ref_label=f"{nm.name} ({nm.relation})",
                    created_by=worker,
                    due_on=today + timedelta(days=rng.randint(-3, 30)),
                )
                Action.objects.filter(pk=action.pk).update(created_at=_at(created))
                counts["informal_actions"] += 1
                counts["actions"] += 1
                informal = True
            if not informal or rng.random() < 0.3:
                provision, text = FORMAL[domain.code]
                action = Action.objects.create(
                    goal=goal,
                    kind=Action.Kind.FORMAL,
                    category=Action.Category.FORMAL,
                    description=text,
                    provision=provision,
                    formal_reason="" if informal else rng.choice(REASONS),
                    created_by=worker,
                    due_on=today + timedelta(days=rng.randint(-5, 40)),
                    status=rng.choice([Action.Status.PLANNED] * 3 + [Action.Status.DONE]),
                )
                Action.objects.filter(pk=action.pk).update(created_at=_at(created))
                counts["actions"] += 1
                if rng.random() < 0.45 and consent.withdrawn_on is None:
                    _referral(ctx, rng, action, members[0], coordinator, worker, created, today)
                    counts["referrals"] += 1
        if any(d.code == "huisvesting" for d in chosen) and rng.random() < 0.3:
            decision = rng.choice(list(UrgencyRequest.Decision.values))
            UrgencyRequest.objects.create(
                household=household,
                reason="Woning past niet meer bij de situatie; veiligheid in het geding.",
                requested_on=opened + timedelta(days=14),
                requested_by=worker,
                decision=decision,
                decided_on=None if decision == "pending" else opened + timedelta(days=45),
                decision_note="" if decision == "pending" else "Besluit van de corporatie",
            )
        counts["measurements"] += _measurements(
            rng, household, members, chosen, domains, worker, opened, today
        )
        for _n in range(rng.randint(1, 3)):
            note = CaseNote.objects.create(
                household=household, text=rng.choice(NOTES), author=worker
            )
            note.domains.set(rng.sample(chosen, 1))
            CaseNote.objects.filter(pk=note.pk).update(
                created_at=_at(opened + timedelta(days=rng.randint(0, (today - opened).days)))
            )
    return {f"casework_{k}": v for k, v in counts.items()}


def _referral(ctx, rng, action, member, coordinator, worker, created, today):
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
    referral = Referral.objects.create(
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
        ReferralUpdate.objects.create(referral=referral, status=status, at=at, by=coordinator)
        last = at
        at = at + timedelta(days=rng.randint(2, 25))
    # Some open referrals went quiet: they show as stale.
    if path[-1] in ("sent", "accepted", "started") and rng.random() < 0.5:
        last = timezone.now() - timedelta(days=rng.randint(20, 60))
    Referral.objects.filter(pk=referral.pk).update(
        status_changed_at=min(last, timezone.now()), created_at=_at(created)
    )


def _measurements(rng, household, members, chosen, domains, worker, opened, today) -> int:
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
        m = Measurement.objects.create(
            household=household, moment=moment, measured_on=day, recorded_by=worker
        )
        if i:
            for d in chosen:
                scores[d.pk] = max(1, min(5, scores[d.pk] + rng.choice([-1, 0, 1, 1])))
        MeasurementScore.objects.bulk_create(
            [MeasurementScore(measurement=m, domain_id=pk, score=s) for pk, s in scores.items()]
        )
        if rng.random() < 0.25:
            PositiveHealth.objects.create(
                household=household,
                member=members[0],
                measurement=m,
                recorded_on=day,
                **{
                    k: rng.randint(3, 9)
                    for k in ("body", "mental", "meaning", "quality", "participation", "daily")
                },
            )
    return len(moments)
