"""Demo social map: the villages of Bodegraven-Reeuwijk with realistic (fictional) items of
all three kinds, written as HSDS 3.0 and loaded through the real importer, plus a community
hub ("Huis van Alles") per village with its programme council and activities
(``demo_hubs``).

The items, categories, places and languages are data: ``demo_data/services.toml`` (the
comments there say what each field means). Organisations and places are illustrative: names
are typical of Dutch villages, not claims about real opening hours. Ids are deterministic
(uuid5 of the seed), so re-running updates.
"""

from __future__ import annotations

import random
import uuid
from datetime import timedelta

from zorgzaam.common.demo_data import DemoDataError, Mapping, NonEmpty, OneOf, Opt, load
from zorgzaam.tenancy import geo
from zorgzaam.tenancy.models import Area, PostcodeArea

from .hsds.reader import Dataset, read_json_document
from .models import Kind
from .services import hsds_import

_TEXT = NonEmpty(str)
_SERVICE = {
    "key": _TEXT,
    "name": _TEXT,
    "kind": OneOf(*Kind.values),
    "term": _TEXT,
    "description": _TEXT,
    "organisation": _TEXT,
    "days": str,
    "opens": str,
    "closes": str,
    "cost": Opt((int, float)),
    "accessible": bool,
    "languages": [_TEXT],
}
SERVICES_SCHEMA = {
    "terms": NonEmpty(Mapping({"name": _TEXT, "description": _TEXT})),
    "language_names": Mapping(_TEXT),
    "places": Mapping({"city": _TEXT, "streets": NonEmpty([_TEXT])}),
    "employers": Mapping(_TEXT),
    "per_village": NonEmpty([_SERVICE]),
    "central": [{**_SERVICE, "village": _TEXT}],
}
_FIELDS = (
    *("key", "name", "kind", "term", "description", "organisation"),
    *("days", "opens", "closes", "cost", "accessible", "languages"),
)


def _load() -> dict:
    data = load(__package__, "services.toml", SERVICES_SCHEMA)
    for table in ("per_village", "central"):
        for index, entry in enumerate(data[table]):
            if entry["term"] not in data["terms"]:
                raise DemoDataError(
                    f"zorgzaam/socialmap/demo_data/services.toml: {table}[{index}] "
                    f'"{entry["key"]}".term: {entry["term"]!r} is not one of the terms'
                )
    return data


_DATA = _load()
# village -> (place name, streets)
PLACE = {v: (p["city"], p["streets"]) for v, p in _DATA["places"].items()}
# code -> (name, description)
TERMS = {code: (t["name"], t["description"]) for code, t in _DATA["terms"].items()}
# (key, name template, kind, term, description, organisation, days, opens, closes, cost,
#  accessible, languages); CENTRAL adds the village.
PER_VILLAGE = [tuple(e[f] for f in _FIELDS) for e in _DATA["per_village"]]
CENTRAL = [(*(e[f] for f in _FIELDS), e["village"]) for e in _DATA["central"]]
EMPLOYERS: dict[str, str] = _DATA["employers"]
LANGUAGE_NAMES: dict[str, str] = _DATA["language_names"]


def _id(seed: int, key: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"https://zorgzaam.example/demo/{seed}/{key}"))


def _hub_phone(index: int) -> str:
    """A made-up landline in the municipality's area code, one per hub."""
    return f"0172 52 {10 + index:02d} 00"


def _short(village: str) -> str:
    return village


def build_hsds(seed: int, villages: list[Area], postcodes: list[PostcodeArea], rng, today):
    """The demo as a list of HSDS compiled service objects (plus the taxonomy)."""
    from .demo_hubs import hub_name

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
        hub_location = org_name == hub_name(v)
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
                        "name": hub_name(v) if hub_location else org_name,
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
    from .demo_hubs import hubs_generate

    hubs, activities, sessions = hubs_generate(ctx, villages)
    return {
        "socialmap_services": len(services),
        "hubs": hubs,
        "hub_activities": activities,
        "hub_sessions_counted": sessions,
    }
