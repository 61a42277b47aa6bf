"""Demo social map: the villages of Bodegraven-Reeuwijk with realistic (fictional) items of
all three kinds, written as HSDS 3.0 and loaded through the real importer, plus a community
hub ("Huis van Alles") per village with its programme council and activities.

Organisations and places are illustrative: names are typical of Dutch villages, not claims
about real opening hours. Ids are deterministic (uuid5 of the seed), so re-running updates.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, time, timedelta

from django.utils import timezone

from zorgzaam.tenancy import geo
from zorgzaam.tenancy.models import Area, PostcodeArea

from .hsds.reader import Dataset, read_json_document
from .models import Activity, CouncilMember, Hub, Kind, Session, SignUp
from .models.hsds import Location
from .services import hsds_import

PLACE = {
    "Bodegraven-Noord": ("Bodegraven", ["Raadhuisplein", "Kerkstraat", "Prins Hendrikstraat"]),
    "Bodegraven-Zuid": ("Bodegraven", ["Willem de Zwijgerlaan", "Goudseweg", "Spoorlaan"]),
    "Reeuwijk-Brug": ("Reeuwijk", ["Oudeweg", "Burgemeester Bruggemanstraat", "Dorpsweg"]),
    "Reeuwijk-Dorp": ("Reeuwijk", ["Kerkweg", "Raadhuisweg", "Middelburgseweg"]),
    "Nieuwerbrug aan den Rijn": ("Nieuwerbrug aan den Rijn", ["Hoofdweg", "Weijland"]),
    "Driebruggen": ("Driebruggen", ["Hoofdstraat", "Molenstraat", "Kerkstraat"]),
    "Waarder": ("Waarder", ["Dorpstraat", "Kerkweg", "Wagenmakerij"]),
}

TERMS = {
    "ontmoeting": ("Ontmoeting", "Samen koffie, eten, bewegen en elkaar leren kennen."),
    "praktisch": ("Praktische hulp", "Klussen, boodschappen, vervoer en reparaties."),
    "geld": ("Geld en administratie", "Post, formulieren, budget en schulden."),
    "gezondheid": ("Gezondheid en zorg", "Zorg thuis, huisarts, geestelijke gezondheid."),
    "mantelzorg": ("Mantelzorg", "Steun voor wie voor een naaste zorgt."),
    "jeugd": ("Jeugd en gezin", "Jongerenwerk, huiswerk en opvoeding."),
    "werk": ("Werk en meedoen", "Werkervaring, vrijwilligerswerk en dagbesteding."),
    "eten": ("Eten", "Voedselhulp, eettafels en moestuinen."),
    "taal": ("Taal", "Nederlands leren en oefenen."),
}

# (key, name template, kind, term, description, organisation, days, opens, closes, cost,
#  accessible, languages)
PER_VILLAGE = [
    (
        "koffie",
        "Koffieochtend in het Huis van Alles {v}",
        Kind.INFORMAL,
        "ontmoeting",
        "Elke week koffie en een praatje met dorpsgenoten. Binnenlopen mag altijd.",
        "Huis van Alles {v}",
        "TU",
        "10:00",
        "12:00",
        0,
        True,
        ["nl"],
    ),
    (
        "repair",
        "Repair Café {v}",
        Kind.INFORMAL,
        "praktisch",
        "Vrijwilligers repareren samen met u kapotte spullen: lampen, kleding, fietsen.",
        "Repair Café {v}",
        "SA",
        "10:00",
        "13:00",
        0,
        True,
        ["nl"],
    ),
    (
        "moestuin",
        "Buurtmoestuin {v}",
        Kind.INFORMAL,
        "eten",
        "Samen tuinieren en de oogst delen. Geen ervaring nodig.",
        "Stichting Groen Dorp {v}",
        "WE",
        "09:30",
        "12:00",
        0,
        False,
        ["nl"],
    ),
    (
        "maatjes",
        "Maatjesproject {v}",
        Kind.INFORMAL,
        "ontmoeting",
        "Een vrijwilliger als maatje voor wandelen, een kop koffie of een uitje.",
        "Vrijwilligerscentrale Bodegraven-Reeuwijk",
        "",
        "",
        "",
        0,
        False,
        ["nl", "en"],
    ),
    (
        "papier",
        "Papierwinkel {v}",
        Kind.INFORMAL,
        "geld",
        "Hulp bij brieven, formulieren en DigiD door getrainde vrijwilligers.",
        "Huis van Alles {v}",
        "TH",
        "13:30",
        "15:30",
        0,
        True,
        ["nl", "ar", "tr"],
    ),
    (
        "thuisadmin",
        "Thuisadministratie {v}",
        Kind.INFORMAL,
        "geld",
        "Een vrijwilliger helpt u thuis overzicht te krijgen in post en geldzaken.",
        "Humanitas Rijn en Gouwe",
        "",
        "",
        "",
        0,
        False,
        ["nl"],
    ),
    (
        "ouderenbond",
        "Ouderenbond KBO afdeling {v}",
        Kind.INFORMAL,
        "ontmoeting",
        "Ledenmiddagen, uitjes en belastingservice voor senioren.",
        "KBO {v}",
        "MO",
        "14:00",
        "16:00",
        15,
        True,
        ["nl"],
    ),
    (
        "brei",
        "Breicafé {v}",
        Kind.INFORMAL,
        "ontmoeting",
        "Breien, haken en bijpraten. Wol is er genoeg.",
        "Huis van Alles {v}",
        "TH",
        "14:00",
        "16:00",
        0,
        True,
        ["nl"],
    ),
    (
        "wandel",
        "Wandelgroep {v}",
        Kind.INFORMAL,
        "gezondheid",
        "Elke week een uur wandelen in het Groene Hart, in rustig tempo.",
        "Dorpsvereniging {v}",
        "FR",
        "09:30",
        "10:30",
        0,
        False,
        ["nl"],
    ),
    (
        "boodschap",
        "Boodschappenhulp {v}",
        Kind.INFORMAL,
        "praktisch",
        "Buren doen boodschappen voor wie even niet zelf kan.",
        "Burenhulp {v}",
        "",
        "",
        "",
        0,
        False,
        ["nl"],
    ),
    (
        "automaatje",
        "AutoMaatje {v}",
        Kind.INFORMAL,
        "praktisch",
        "Vrijwillige chauffeurs rijden u naar de huisarts, het ziekenhuis of familie.",
        "ANWB AutoMaatje Bodegraven-Reeuwijk",
        "",
        "",
        "",
        4,
        False,
        ["nl"],
    ),
    (
        "eettafel",
        "Eettafel {v}",
        Kind.INFORMAL,
        "eten",
        "Samen een warme maaltijd, gekookt door vrijwilligers.",
        "Huis van Alles {v}",
        "WE",
        "17:30",
        "19:30",
        7.5,
        True,
        ["nl"],
    ),
    (
        "klus",
        "Klusjesdienst {v}",
        Kind.INFORMAL,
        "praktisch",
        "Kleine klussen in en om het huis door handige buren.",
        "Burenhulp {v}",
        "",
        "",
        "",
        0,
        False,
        ["nl"],
    ),
    (
        "werkplek",
        "Werkervaringsplek bij {employer}",
        Kind.INFORMAL,
        "werk",
        "Een lokale werkgever biedt een plek om werkervaring op te doen, met begeleiding.",
        "{employer}",
        "MO,TU,WE,TH,FR",
        "09:00",
        "16:00",
        0,
        False,
        ["nl"],
    ),
    (
        "jongeren",
        "Jongerenwerk inloop {v}",
        Kind.WELFARE,
        "jeugd",
        "Inloop voor jongeren van 12 tot 23 jaar: chillen, gamen, praten met de jongerenwerker.",
        "Kwadraad Maatschappelijk Werk",
        "WE,FR",
        "15:00",
        "21:00",
        0,
        True,
        ["nl"],
    ),
    (
        "taal",
        "Taalcafé {v}",
        Kind.WELFARE,
        "taal",
        "Nederlands oefenen in een ontspannen sfeer met vrijwillige taalmaatjes.",
        "Bibliotheek Rijn en Venen",
        "MO",
        "19:00",
        "20:30",
        0,
        True,
        ["nl", "ar", "ti", "uk"],
    ),
    (
        "mantelzorg",
        "Mantelzorgcafé {v}",
        Kind.WELFARE,
        "mantelzorg",
        "Ervaringen delen met andere mantelzorgers, met een consulent mantelzorg erbij.",
        "Kwadraad Mantelzorg",
        "TU",
        "19:30",
        "21:00",
        0,
        True,
        ["nl"],
    ),
    (
        "ouderenadvies",
        "Spreekuur ouderenadviseur {v}",
        Kind.WELFARE,
        "gezondheid",
        "Vragen over wonen, zorg en welzijn? De ouderenadviseur denkt met u mee.",
        "Kwadraad Welzijn",
        "WE",
        "10:00",
        "11:30",
        0,
        True,
        ["nl"],
    ),
    (
        "huiswerk",
        "Huiswerkbegeleiding {v}",
        Kind.WELFARE,
        "jeugd",
        "Hulp bij huiswerk en plannen voor scholieren.",
        "Bibliotheek Rijn en Venen",
        "TU,TH",
        "15:30",
        "17:00",
        0,
        True,
        ["nl"],
    ),
    (
        "wijkverpleging",
        "Wijkverpleging {v}",
        Kind.FORMAL,
        "gezondheid",
        "Verpleging en verzorging thuis, via de huisarts of rechtstreeks.",
        "Zorgpartners Midden-Holland",
        "MO,TU,WE,TH,FR",
        "08:00",
        "17:00",
        None,
        True,
        ["nl"],
    ),
    (
        "fysio",
        "Fysiotherapie {v}",
        Kind.FORMAL,
        "gezondheid",
        "Fysiotherapie en beweegprogramma's voor ouderen.",
        "Fysiotherapie Groene Hart",
        "MO,TU,WE,TH,FR",
        "08:00",
        "18:00",
        40,
        True,
        ["nl"],
    ),
]

CENTRAL = [
    (
        "voedselbank",
        "Voedselbank Bodegraven-Reeuwijk",
        Kind.WELFARE,
        "eten",
        "Wekelijks een voedselpakket voor huishoudens die tijdelijk niet rondkomen.",
        "Stichting Voedselbank Bodegraven-Reeuwijk",
        "FR",
        "13:00",
        "15:00",
        0,
        True,
        ["nl", "ar", "pl"],
        "Bodegraven-Zuid",
    ),
    (
        "wmo",
        "Wmo-loket gemeente Bodegraven-Reeuwijk",
        Kind.FORMAL,
        "gezondheid",
        "Aanvragen voor hulp bij het huishouden, hulpmiddelen en woningaanpassingen.",
        "Gemeente Bodegraven-Reeuwijk",
        "MO,TU,WE,TH,FR",
        "09:00",
        "12:30",
        0,
        True,
        ["nl"],
        "Bodegraven-Noord",
    ),
    (
        "schuldhulp",
        "Schuldhulpverlening",
        Kind.FORMAL,
        "geld",
        "Hulp bij schulden en een plan om eruit te komen, vertrouwelijk en gratis.",
        "Gemeente Bodegraven-Reeuwijk",
        "TU,TH",
        "09:00",
        "12:00",
        0,
        True,
        ["nl", "tr"],
        "Bodegraven-Noord",
    ),
    (
        "ggz",
        "GGZ-inloop De Brug",
        Kind.WELFARE,
        "gezondheid",
        "Inloop bij psychische kwetsbaarheid: koffie, activiteiten, een luisterend oor.",
        "Kwadraad Maatschappelijk Werk",
        "MO,WE,FR",
        "10:00",
        "15:00",
        0,
        True,
        ["nl"],
        "Reeuwijk-Brug",
    ),
    (
        "sociaalteam",
        "Spreekuur Sociaal Team",
        Kind.FORMAL,
        "gezondheid",
        "Vragen over zorg, werk, inkomen of opvoeding: het sociaal team helpt verder.",
        "Sociaal Team Bodegraven-Reeuwijk",
        "TU",
        "13:00",
        "16:00",
        0,
        True,
        ["nl"],
        "Reeuwijk-Brug",
    ),
    (
        "kledingbank",
        "Kledingbank Groene Hart",
        Kind.INFORMAL,
        "praktisch",
        "Gratis kleding voor volwassenen en kinderen, uitgezocht door vrijwilligers.",
        "Stichting Kledingbank Groene Hart",
        "SA",
        "10:00",
        "12:00",
        0,
        False,
        ["nl"],
        "Bodegraven-Zuid",
    ),
    (
        "thuiszorg",
        "Huishoudelijke hulp (Wmo)",
        Kind.FORMAL,
        "praktisch",
        "Hulp bij het huishouden na een indicatie van het Wmo-loket.",
        "Thuiszorg Midden-Holland",
        "MO,TU,WE,TH,FR",
        "08:30",
        "17:00",
        21,
        False,
        ["nl"],
        "Bodegraven-Noord",
    ),
]

EMPLOYERS = {
    "Bodegraven-Noord": "Kaasmakerij Bodegraven",
    "Bodegraven-Zuid": "Bouwbedrijf Van Vliet",
    "Reeuwijk-Brug": "Tuincentrum De Plassen",
    "Reeuwijk-Dorp": "Zorgboerderij De Reeuwijkse Hoeve",
    "Nieuwerbrug aan den Rijn": "Fietsenmaker Nieuwerbrug",
    "Driebruggen": "Melkveebedrijf Hoogendoorn",
    "Waarder": "Dorpswinkel Waarder",
}
LANGUAGE_NAMES = {
    "nl": "Nederlands",
    "en": "Engels",
    "ar": "Arabisch",
    "tr": "Turks",
    "pl": "Pools",
    "ti": "Tigrinya",
    "uk": "Oekraïens",
}


def _id(seed: int, key: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"https://zorgzaam.example/demo/{seed}/{key}"))


def _hub_phone(index: int) -> str:
    """A made-up landline in the municipality's area code, one per hub."""
    return f"0172 52 {10 + index:02d} 00"


def _short(village: str) -> str:
    return village


def build_hsds(seed: int, villages: list[Area], postcodes: list[PostcodeArea], rng, today):
    """The demo as a list of HSDS compiled service objects (plus the taxonomy)."""
    taxonomy = {
        "id": _id(seed, "taxonomy"),
        "name": "Zorgzaam levensdomeinen",
        "description": "Categorieën van de sociale kaart van Zorgzaam.",
        "version": "1",
    }
    terms = {
        code: {
            "id": _id(seed, f"term/{code}"),
            "code": code,
            "name": name,
            "description": description,
            "taxonomy_id": taxonomy["id"],
            "language": "nl",
            "taxonomy_detail": taxonomy,
        }
        for code, (name, description) in TERMS.items()
    }
    services = []
    kinds = {}
    by_name = {v.name: v for v in villages}
    items: list[tuple[Area, tuple]] = []
    for village in villages:
        for entry in PER_VILLAGE:
            items.append((village, entry))
    for *central, village_name in CENTRAL:
        if village_name in by_name:
            items.append((by_name[village_name], tuple(central)))
    for village, entry in items:
        key, name, kind, term, description, org, days, opens, closes, cost, accessible, langs = (
            entry
        )
        v = _short(village.name)
        employer = EMPLOYERS.get(village.name, "Lokale ondernemer")
        name = name.format(v=v, employer=employer)
        org_name = org.format(v=v, employer=employer)
        city, streets = PLACE.get(village.name, (village.name, ["Dorpsstraat"]))
        pcs = postcodes
        if not pcs:
            continue
        base = f"{village.code}/{key}"
        org_id = _id(seed, f"org/{org_name}")
        loc_id = _id(seed, f"loc/{base}")
        hub_location = org_name.startswith("Huis van Alles")
        # The hub is one place: the same point and address for all its items.
        spot = random.Random(f"{seed}/{village.code}/hub") if hub_location else rng
        if hub_location:
            loc_id = _id(seed, f"loc/{village.code}/hub")
        if village.geometry:
            lat, lon = geo.random_point_in(village.geometry, spot)
        else:
            pc = pcs[spot.randrange(len(pcs))]
            lat, lon = pc.latitude + spot.uniform(-0.004, 0.004), pc.longitude
        lat, lon = round(lat, 5), round(lon, 5)
        pc = min(pcs, key=lambda p: geo.haversine_km(lat, lon, p.latitude, p.longitude))
        letters = "".join(spot.choice("ABCDEGHJKLMNPRSTVWXZ") for _ in range(2))
        street = f"{spot.choice(streets)} {spot.randint(1, 120)}"
        verified = today - timedelta(days=rng.choice([20, 60, 120, 200, 300, 400, 500, 700]))
        service = {
            "id": _id(seed, f"service/{base}"),
            "name": name,
            "description": description,
            "status": "active",
            "assured_date": verified.isoformat(),
            "organization": {
                "id": org_id,
                "name": org_name,
                "description": f"{org_name} in de gemeente Bodegraven-Reeuwijk.",
            },
            "languages": [
                {
                    "id": _id(seed, f"lang/{base}/{code}"),
                    "code": code,
                    "name": LANGUAGE_NAMES.get(code, code),
                }
                for code in langs
            ],
            "attributes": [
                {
                    "id": _id(seed, f"attr/{base}"),
                    "link_type": "category",
                    "taxonomy_term": terms[term],
                }
            ],
            "service_at_locations": [
                {
                    "id": _id(seed, f"sal/{base}"),
                    "location": {
                        "id": loc_id,
                        "location_type": "physical",
                        "name": f"Huis van Alles {v}" if hub_location else org_name,
                        "latitude": lat,
                        "longitude": lon,
                        "addresses": [
                            {
                                "id": _id(seed, f"addr/{loc_id}"),
                                "address_1": street,
                                "city": city,
                                "state_province": "Zuid-Holland",
                                "postal_code": f"{pc.pc4} {letters}",
                                "country": "NL",
                                "address_type": "physical",
                            }
                        ],
                        **(
                            {
                                # The hub's own phone and opening hours (hubs.hub_contact).
                                "phones": [
                                    {
                                        "id": _id(seed, f"phone/{village.code}/hub"),
                                        "number": _hub_phone(villages.index(village)),
                                        "type": "voice",
                                    }
                                ],
                                "schedules": [
                                    {
                                        "id": _id(seed, f"sched/{village.code}/hub"),
                                        "freq": "WEEKLY",
                                        "byday": "MO,TU,WE,TH,FR",
                                        "opens_at": "09:00",
                                        "closes_at": "17:00",
                                    }
                                ],
                            }
                            if hub_location
                            else {}
                        ),
                        **(
                            {
                                "accessibility": [
                                    {
                                        "id": _id(seed, f"acc/{loc_id}"),
                                        "description": "Rolstoeltoegankelijk, "
                                        "invalidentoilet aanwezig",
                                    }
                                ]
                            }
                            if accessible
                            else {}
                        ),
                    },
                }
            ],
        }
        if days:
            service["schedules"] = [
                {
                    "id": _id(seed, f"sched/{base}"),
                    "freq": "WEEKLY",
                    "byday": days,
                    "opens_at": opens,
                    "closes_at": closes,
                }
            ]
        if cost is not None:
            service["cost_options"] = [
                {
                    "id": _id(seed, f"cost/{base}"),
                    "currency": "EUR",
                    "amount": cost,
                    "option": "gratis" if cost == 0 else "per keer",
                }
            ]
            if cost:
                service["fees_description"] = f"€ {cost:.2f} per keer".replace(".", ",")
        if kind == Kind.FORMAL:
            service["phones"] = [{"id": _id(seed, f"phone/{base}"), "number": "0172 522 522"}]
        services.append(service)
        kinds[service["id"]] = kind
    return services, kinds


def generate(ctx) -> dict[str, int]:
    municipality = ctx.municipality
    villages = list(Area.objects.filter(municipality=municipality).order_by("name"))
    postcodes = list(PostcodeArea.objects.filter(municipality=municipality).order_by("pc4"))
    services, kinds = build_hsds(ctx.seed, villages, postcodes, ctx.rng, ctx.today)
    dataset = Dataset()
    read_json_document(services, "demo", dataset)
    hsds_import(dataset=dataset, municipality=municipality, kind=Kind.WELFARE)
    from .models import Service

    for kind in Kind.values:
        ids = [uuid.UUID(i) for i, k in kinds.items() if k == kind]
        Service.objects.filter(public_id__in=ids).update(
            kind=kind, informal_rank={"informal": 0, "welfare": 1, "formal": 2}[kind]
        )
    hubs, activities, sessions = _hubs(ctx, villages, postcodes)
    return {
        "socialmap_services": len(services),
        "hubs": hubs,
        "hub_activities": activities,
        "hub_sessions_counted": sessions,
    }


ACTIVITIES = [
    (
        "Koffieochtend",
        "Koffie, thee en een praatje. Iedereen welkom.",
        "FREQ=WEEKLY;BYDAY=TU",
        time(10, 0),
        120,
        None,
    ),
    (
        "Repair Café",
        "Samen repareren in plaats van weggooien.",
        "FREQ=MONTHLY;BYDAY=1SA",
        time(10, 0),
        180,
        20,
    ),
    ("Breicafé", "Breien en haken met dorpsgenoten.", "FREQ=WEEKLY;BYDAY=TH", time(14, 0), 120, 12),
    (
        "Samen eten",
        "Een warme maaltijd voor € 7,50, opgeven tot maandag.",
        "FREQ=WEEKLY;BYDAY=WE",
        time(17, 30),
        120,
        24,
    ),
]


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


def _hubs(ctx, villages, postcodes) -> tuple[int, int, int]:
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
                "name": f"Huis van Alles {village.name}",
                "description": "Ontmoeten, meedoen en elkaar helpen: het huis van het dorp.",
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
            title="Burendag",
            defaults={
                "municipality": municipality,
                "description": "Het hele dorp helpt een middag mee: opruimen, schilderen, "
                "soep eten.",
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
            title="Jeu de boules op het dorpsplein",
            defaults={
                "municipality": municipality,
                "description": "Voorstel van een bewoner: elke vrijdagmiddag boules.",
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
                title="Tuindienst in de voedseltuin",
                defaults={
                    "municipality": municipality,
                    "description": "Zaaien, wieden en oogsten voor de voedselbank. Handschoenen "
                    "en koffie zijn er; geen ervaring nodig.",
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
        coffee = Activity.objects.filter(hub__area_id=area_id, title="Koffieochtend").first()
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
