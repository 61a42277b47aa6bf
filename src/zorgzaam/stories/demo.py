"""Demo stories (lichtpuntjes): fictional, realistic Dutch stories across the villages,
domains and the last four quarters, plus two completed Most Significant Change rounds.

Honest note: the demo texts are *written without personal data* (no names, addresses or
phone numbers), so they are stored as approved with ``origin = demo`` instead of running
the de-identifier at demo time (which would load deduce, ~1.1 GB and seconds, into the
``demo-data`` process). Real stories always pass de-identification and review.
"""

from __future__ import annotations

from django.utils import timezone, translation

from .models import Audience, Domain, Helper, Level, Message, Round, Selection, Story
from .periods import period_recent
from .selectors import domains_for

# (domain slug, title, text with {dorp}, helpers)
STORIES = [
    (
        "kwaliteit-van-leven",
        "Weer naar de markt",
        "Sinds mijn heup is vervangen kwam ik de deur niet meer uit. Een buurman uit {dorp} "
        "rijdt me nu elke donderdag naar de markt. Ik zie weer mensen en dat merk je aan alles.",
        ["informal"],
    ),
    (
        "kwaliteit-van-leven",
        "Een warme maaltijd",
        "Via de dorpskamer in {dorp} eten we twee keer per week samen. Voor mij, alleen sinds "
        "vorig jaar, is dat het lichtpunt van de week. Ik kook nu zelf soms mee.",
        ["welfare", "informal"],
    ),
    (
        "kwaliteit-van-leven",
        "Rust in huis",
        "Het sociaal team hielp ons met de schulden en een maatje helpt nu met de post. Er ligt "
        "geen stapel ongeopende brieven meer op tafel en ik slaap weer door.",
        ["formal", "informal"],
    ),
    (
        "kwaliteit-van-leven",
        "Tuin weer op orde",
        "Mijn tuin was een wildernis geworden. Drie jongeren uit {dorp} hebben hem in een "
        "zaterdag opgeknapt. Nu zit ik er weer elke ochtend met koffie.",
        ["informal"],
    ),
    (
        "kwaliteit-van-leven",
        "Samen wandelen",
        "De wandelgroep vanuit het Huis van Alles loopt elke dinsdag een rondje langs de Wiericke. "
        "Mijn conditie is beter en ik heb er vriendinnen aan overgehouden.",
        ["welfare", "own"],
    ),
    (
        "kwaliteit-van-leven",
        "Mantelzorg even los",
        "Als mantelzorger voor mijn man had ik nooit meer tijd voor mezelf. Een vrijwilliger "
        "komt nu elke week een middag. Dan ga ik zwemmen. Dat houdt me overeind.",
        ["informal", "welfare"],
    ),
    (
        "kwaliteit-van-leven",
        "Licht in de gang",
        "Een klusvrijwilliger heeft in een uur de lampen en een beugel bij de trap gemaakt. "
        "Ik durf 's avonds weer naar beneden zonder bang te zijn om te vallen.",
        ["informal"],
    ),
    (
        "kwaliteit-van-leven",
        "Beter met de taal",
        "Bij het taalcafé in {dorp} oefen ik elke week Nederlands. Nu bel ik zelf met de "
        "huisarts en hoef ik mijn dochter niet meer mee te nemen.",
        ["welfare", "informal"],
    ),
    (
        "meedoen",
        "Ik ben nu zelf vrijwilliger",
        "Ik kwam bij de ontmoetingsplek omdat ik eenzaam was. Nu zet ik er elke woensdag de "
        "koffie en ken ik half {dorp}. Ik hoor er weer bij.",
        ["welfare", "own"],
    ),
    (
        "meedoen",
        "Repair café",
        "Het repair café in {dorp} draait nu elke maand. Ik repareer er fietsen met twee "
        "jongens van de middelbare school. Zij leren van mij, ik van hen.",
        ["informal"],
    ),
    (
        "meedoen",
        "Terug aan het werk",
        "Na jaren thuis zitten ben ik via een werkervaringsplek in de kantine van de sportclub "
        "begonnen. Sinds kort heb ik een contract voor twintig uur.",
        ["formal", "welfare"],
    ),
    (
        "meedoen",
        "Voorlezen op school",
        "Ik ben gepensioneerd en lees nu elke vrijdag voor op de basisschool in {dorp}. De "
        "kinderen noemen me opa, ook al ben ik dat niet.",
        ["informal"],
    ),
    (
        "meedoen",
        "Buurtbus",
        "Ik ben chauffeur geworden op de buurtbus. Ouderen uit de kleine kernen komen zo naar "
        "de dokter en de winkel. Ik voel me nuttig en de mensen zijn dankbaar.",
        ["informal", "welfare"],
    ),
    (
        "meedoen",
        "Koor in de kerk",
        "Met het nieuwe buurtkoor zingen we elke maand in het verzorgingshuis. Mensen met "
        "dementie zingen de oude liedjes mee. Dat is elke keer kippenvel.",
        ["informal", "own"],
    ),
    (
        "meedoen",
        "Nieuw in het dorp",
        "We kwamen twee jaar geleden naar {dorp} en kenden niemand. Via de buurtapp en het "
        "burenfeest hebben we nu mensen om op terug te vallen.",
        ["own", "informal"],
    ),
    (
        "meedoen",
        "Sporten met een beperking",
        "Dankzij het aangepaste sportaanbod in de gymzaal doe ik weer mee met de anderen. De "
        "begeleider van welzijn haalde me over om het te proberen.",
        ["welfare"],
    ),
    (
        "duurzaamheid-dorpsnetwerk",
        "Het dorpshuis blijft open",
        "Het dorpshuis van {dorp} zou dichtgaan. Nu draaien twintig vrijwilligers samen de "
        "bardiensten en is er elke dag iets te doen.",
        ["informal"],
    ),
    (
        "duurzaamheid-dorpsnetwerk",
        "Burenhulp groeit",
        "We begonnen met vijf mensen die boodschappen deden. Nu heeft de burenhulp in {dorp} "
        "een vaste groep en een telefoon die altijd iemand opneemt.",
        ["informal"],
    ),
    (
        "duurzaamheid-dorpsnetwerk",
        "Samen met de huisarts",
        "De praktijkondersteuner verwijst nu mensen naar de dorpskamer in plaats van alleen "
        "naar zorg. Er zijn lijntjes ontstaan die er eerst niet waren.",
        ["formal", "welfare", "informal"],
    ),
    (
        "duurzaamheid-dorpsnetwerk",
        "Warme overdracht",
        "Toen de vrijwilliger stopte, heeft ze haar maatje zelf voorgesteld aan haar opvolger. "
        "Niemand viel tussen wal en schip.",
        ["informal", "welfare"],
    ),
    (
        "duurzaamheid-dorpsnetwerk",
        "Jong en oud",
        "Scholieren uit {dorp} helpen ouderen met hun telefoon. De ouderen helpen de "
        "scholieren met hun sollicitatiebrief. Het loopt nu zonder dat iemand het regelt.",
        ["informal"],
    ),
    (
        "duurzaamheid-dorpsnetwerk",
        "Een vaste plek",
        "De ontmoetingsplek heeft nu een vaste ruimte in de oude bibliotheek. Verenigingen, "
        "het sociaal team en de kerk plannen er samen hun activiteiten.",
        ["welfare", "informal", "formal"],
    ),
    (
        "duurzaamheid-dorpsnetwerk",
        "Klussendienst",
        "De klussendienst heeft een eigen gereedschapskist gekregen van de bouwmarkt. Nieuwe "
        "vrijwilligers leren het vak van de oude rotten.",
        ["informal"],
    ),
    (
        "duurzaamheid-dorpsnetwerk",
        "Dorpsagenda",
        "Alles wat er in {dorp} te doen is, staat nu op één plek. Mensen weten elkaar te vinden "
        "en de verenigingen werken samen in plaats van naast elkaar.",
        ["informal", "welfare"],
    ),
]

AUDIENCE_MIX = [
    (Audience.COUNCIL, 0.45),
    (Audience.PUBLIC, 0.30),
    (Audience.MUNICIPALITY, 0.20),
    (Audience.TEAM, 0.05),
]
TELLERS = ["bewoner", "vrijwilliger", "coordinator", "professional", "teamleider"]
REASONS_TEAM = [
    "Dit laat zien hoe buren elkaar vinden zonder dat er zorg aan te pas komt.",
    "Een kleine verandering met een groot effect op iemands dag.",
    "Hier is het netwerk in het dorp sterker geworden, niet alleen één persoon geholpen.",
]
REASONS_MUNICIPALITY = [
    "Past precies bij de beweging van zorg naar welzijn die we als gemeente willen.",
    "Dit verhaal komt uit een kleine kern waar we weinig van horen.",
]
REASONS_COUNCIL = [
    "De commissie koos dit verhaal omdat het laat zien wat informele hulp oplevert.",
]


def _weighted(rng, mix):
    r = rng.random()
    acc = 0.0
    for value, weight in mix:
        acc += weight
        if r <= acc:
            return value
    return mix[-1][0]


def generate(ctx) -> dict[str, int]:
    with translation.override("nl"):
        return _generate(ctx)


def _generate(ctx) -> dict[str, int]:
    municipality = ctx.municipality
    domains = {d.slug: d for d in domains_for(municipality)}
    areas = list(municipality.areas.order_by("name"))
    periods = period_recent(ctx.today, 4)  # newest first
    rng = ctx.rng
    now = timezone.now()
    stories = []
    # Every base story once per village-period combination, spread over the villages.
    for round_no in range(3):
        for n, (slug, title, text, helpers) in enumerate(STORIES):
            area = areas[(n * 3 + round_no * 5) % len(areas)]
            period = periods[(n + round_no) % len(periods)]
            teller = ctx.users.get(TELLERS[(n + round_no) % len(TELLERS)])
            stories.append(
                Story(
                    municipality=municipality,
                    teller=teller,
                    title=title,
                    original_text="",
                    text=text.format(dorp=area.name),
                    status=Story.Status.APPROVED,
                    origin=Story.Origin.DEMO,
                    audience=_weighted(rng, AUDIENCE_MIX),
                    domain=domains[slug],
                    helpers=sorted(h for h in helpers if h in Helper.values),
                    area=area,
                    period=period,
                    deidentified_at=now,
                    approved_at=now,
                    approved_by=teller,
                )
            )
    Story.objects.bulk_create(stories)
    rounds = _rounds(ctx, periods[1:3], domains)
    return {"stories": len(stories), "msc_rounds": rounds}


def _team_for(ctx, area):
    for team in ctx.teams:
        if team.areas.filter(pk=area.pk).exists():
            return team
    return None


def _rounds(ctx, periods, domains: dict[str, Domain]) -> int:
    """Two completed rounds (the two quarters before the current one): per domain a team
    choice per team, the municipality's choice, and the council committee's choice."""
    municipality = ctx.municipality
    officer = ctx.users.get("beleid")
    lead = ctx.users.get("teamleider")
    count = 0
    for period in periods:
        rnd = Round.objects.create(
            municipality=municipality,
            period=period,
            title=f"Meest significante verandering {period}",
            created_by=officer,
        )
        count += 1
        for d_index, domain in enumerate(domains.values()):
            pool = list(
                Story.objects.filter(
                    municipality=municipality,
                    period=period,
                    domain=domain,
                    status=Story.Status.APPROVED,
                    audience__in=[Audience.MUNICIPALITY, Audience.COUNCIL, Audience.PUBLIC],
                ).select_related("area")
            )
            team_choices = []
            seen_teams = set()
            for story in pool:
                team = _team_for(ctx, story.area)
                if team is None or team.pk in seen_teams:
                    continue
                seen_teams.add(team.pk)
                team_choices.append(
                    _select(
                        rnd,
                        story,
                        Level.TEAM,
                        team.name,
                        REASONS_TEAM[len(team_choices) % len(REASONS_TEAM)],
                        lead,
                    )
                )
            if not team_choices:
                continue
            muni = team_choices[:2]
            for k, sel in enumerate(muni):
                _select(
                    rnd,
                    sel.story,
                    Level.MUNICIPALITY,
                    "Gemeente",
                    REASONS_MUNICIPALITY[(k + d_index) % len(REASONS_MUNICIPALITY)],
                    officer,
                )
            council = [s for s in muni if s.story.audience in (Audience.COUNCIL, Audience.PUBLIC)]
            if council:
                _select(
                    rnd,
                    council[0].story,
                    Level.COUNCIL,
                    "Raadscommissie Samenleving",
                    REASONS_COUNCIL[0],
                    officer,
                )
    return count


def _select(rnd, story, level, label, reason, actor) -> Selection:
    selection = Selection.objects.create(
        municipality=rnd.municipality,
        round=rnd,
        story=story,
        level=level,
        selector_label=label,
        reason=reason,
        reason_checked=True,  # demo reasons are written without personal data
        selected_by=actor,
    )
    Message.objects.create(
        municipality=rnd.municipality,
        story=story,
        body=(
            f"Uw verhaal is gekozen als meest significant ({story.domain.name}) door {label} "
            f"(niveau: {Level(level).label}) in de ronde {rnd.title}. Hun reden: {reason}"
        ),
    )
    return selection
