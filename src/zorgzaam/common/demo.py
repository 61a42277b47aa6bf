"""The demo municipality: real geography of Bodegraven-Reeuwijk (CBS/Kadaster 2024, GeoNames
PC4 centroids) with synthetic, clearly fictional people (Faker nl_NL, e-mail at example.nl).

Deterministic with a seed. Mission parts add their own demo data: a module ``<app>/demo.py``
with ``generate(ctx: DemoContext) -> dict[str, int]`` is called after the foundation, in the
order of ``settings.ZORGZAAM_PART_APPS``.
"""

from __future__ import annotations

import base64
import hashlib
import importlib
import random
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice
from faker import Faker

from zorgzaam.accounts.models import SocialTeam, TeamMembership, User
from zorgzaam.accounts.roles import MFA_ROLES, Role
from zorgzaam.people.models import Person
from zorgzaam.tenancy import geo
from zorgzaam.tenancy.models import Area, Municipality, PostcodeArea
from zorgzaam.tenancy.services import DEMO_GEOJSON, DEMO_PC4, municipality_load_geojson, pc4_import

DEMO_PASSWORD = "zorgzaam-demo"  # noqa: S105 - the demo's published password

# Share of the residents per village (CBS 2024 populations, rounded).
VILLAGE_WEIGHTS = {
    "Bodegraven-Noord": 0.30,
    "Bodegraven-Zuid": 0.28,
    "Reeuwijk-Brug": 0.22,
    "Reeuwijk-Dorp": 0.04,
    "Nieuwerbrug aan den Rijn": 0.05,
    "Driebruggen": 0.06,
    "Waarder": 0.05,
}
# Volunteers: a hamlet-sized cluster (Waarder) is unusually active; more elsewhere.
VOLUNTEER_CLUSTER = "Waarder"

SIZES = {
    "small": {"residents": 1500, "volunteers": 450},
    "medium": {"residents": 8000, "volunteers": 1200},
    "large": {"residents": 35000, "volunteers": 5000},
}

TEAMS = {
    "Sociaal Team Bodegraven": ["Bodegraven-Noord", "Bodegraven-Zuid"],
    "Sociaal Team Reeuwijk": ["Reeuwijk-Brug", "Reeuwijk-Dorp"],
    "Sociaal Team Dorpen": ["Nieuwerbrug aan den Rijn", "Driebruggen", "Waarder"],
}

# One login per role (and two in the neighbouring municipality, for tenancy).
DEMO_USERS = [
    ("bewoner", Role.RESIDENT, "Bodegraven-Reeuwijk", "Ria", "Verhoef"),
    ("vrijwilliger", Role.VOLUNTEER, "Bodegraven-Reeuwijk", "Karim", "El Idrissi"),
    ("coordinator", Role.HUB_COORDINATOR, "Bodegraven-Reeuwijk", "Anouk", "de Graaf"),
    ("professional", Role.PROFESSIONAL, "Bodegraven-Reeuwijk", "Sanne", "Bakker"),
    ("teamleider", Role.TEAM_LEAD, "Bodegraven-Reeuwijk", "Joost", "van Leeuwen"),
    ("beleid", Role.POLICY_OFFICER, "Bodegraven-Reeuwijk", "Eva", "Mulder"),
    ("beheerder", Role.ADMINISTRATOR, "Bodegraven-Reeuwijk", "Tom", "Jansen"),
    ("raadslid", Role.COUNCIL_MEMBER, "Bodegraven-Reeuwijk", "Henk", "Verkerk"),
    ("professional-gouda", Role.PROFESSIONAL, "Gouda", "Lotte", "Visser"),
    ("beheerder-gouda", Role.ADMINISTRATOR, "Gouda", "Pieter", "Smit"),
]

LANGUAGE_MIX = [
    ("nl", 0.80),
    ("ar", 0.04),
    ("tr", 0.04),
    ("pl", 0.03),
    ("ti", 0.02),
    ("en", 0.04),
    ("uk", 0.02),
    ("de", 0.01),
]


@dataclass
class DemoContext:
    seed: int
    rng: random.Random
    faker: Faker
    municipality: Municipality
    other_municipality: Municipality
    residents: list[Person]
    volunteer_people: list[Person]
    users: dict[str, User]
    teams: list[SocialTeam]
    size: str
    counts: dict[str, int] = field(default_factory=dict)
    today: date = field(default_factory=date.today)


def demo_totp_key(seed: int, username: str) -> str:
    """Deterministic hex key for a demo user's TOTP device (demo only)."""
    return hashlib.sha256(f"zorgzaam-demo-{seed}-{username}".encode()).hexdigest()[:40]


def totp_secret_base32(hex_key: str) -> str:
    return base64.b32encode(bytes.fromhex(hex_key)).decode().rstrip("=")


def _gouda() -> Municipality:
    municipality, _ = Municipality.objects.update_or_create(
        code="GM0513", defaults={"name": "Gouda", "slug": "gouda"}
    )
    pcs = list(PostcodeArea.objects.filter(municipality_code="GM0513"))
    lat = sum(p.latitude for p in pcs) / len(pcs)
    lon = sum(p.longitude for p in pcs) / len(pcs)
    area, _ = Area.objects.update_or_create(
        code="WK051300",
        defaults={
            "municipality": municipality,
            "name": "Gouda-Centrum",
            "latitude": lat,
            "longitude": lon,
            "kind": Area.Kind.NEIGHBOURHOOD,
        },
    )
    PostcodeArea.objects.filter(municipality_code="GM0513").update(
        municipality=municipality, area=area
    )
    return municipality


def _pick_language(rng: random.Random) -> str:
    x, acc = rng.random(), 0.0
    for code, share in LANGUAGE_MIX:
        acc += share
        if x < acc:
            return code
    return "nl"


def _split_name(faker: Faker, rng: random.Random) -> tuple[str, str, str]:
    given = faker.first_name()
    last = faker.last_name()
    infix = ""
    for particle in ("van der ", "van den ", "van de ", "de ", "van ", "ten ", "ter ", "'t "):
        if last.lower().startswith(particle):
            infix, last = particle.strip(), last[len(particle) :]
            break
    return given, infix, last


def _people(
    ctx_rng: random.Random,
    faker: Faker,
    municipality: Municipality,
    n: int,
    weights: dict[str, float],
) -> list[Person]:
    areas = {a.name: a for a in municipality.areas.all()}
    postcodes = list(PostcodeArea.objects.filter(municipality=municipality))
    names = list(weights)
    w = [weights[a] for a in names]
    people = []
    for _ in range(n):
        area = areas[ctx_rng.choices(names, weights=w)[0]]
        if area.geometry:
            lat, lon = geo.random_point_in(area.geometry, ctx_rng)
        else:
            lat, lon = area.latitude or 0.0, area.longitude or 0.0
        pc = min(postcodes, key=lambda p: geo.haversine_km(lat, lon, p.latitude, p.longitude))
        given, infix, last = _split_name(faker, ctx_rng)
        letters = "".join(ctx_rng.choice("ABCDEFGHJKLMNPRTVWXZ") for _ in range(2))
        age = ctx_rng.choices(
            [ctx_rng.randint(18, 40), ctx_rng.randint(41, 66), ctx_rng.randint(67, 95)],
            weights=[0.35, 0.4, 0.25],
        )[0]
        born = date(date.today().year - age, ctx_rng.randint(1, 12), ctx_rng.randint(1, 28))
        lang = _pick_language(ctx_rng)
        languages = ["nl"] if lang == "nl" else [lang, "nl"] if ctx_rng.random() < 0.6 else [lang]
        slug = f"{given}.{last}".lower().replace(" ", "").replace("'", "")
        people.append(
            Person(
                municipality=municipality,
                given_name=given,
                infix=infix,
                family_name=last,
                date_of_birth=born,
                postcode=f"{pc.pc4} {letters}",
                postcode_area=pc,
                area=area,
                street_address=f"{faker.street_name()} {ctx_rng.randint(1, 180)}",
                phone=f"06-{ctx_rng.randint(10000000, 99999999)}",
                email=f"{slug}{ctx_rng.randint(1, 999)}@example.nl",
                languages=languages,
                latitude=round(lat, 3),
                longitude=round(lon, 3),
            )
        )
    return people


@transaction.atomic
def demo_generate(
    *,
    seed: int = 1,
    size: str = "small",
    residents: int | None = None,
    volunteers: int | None = None,
    stdout=None,
) -> DemoContext:
    if size not in SIZES:
        raise ValueError(f"Unknown size {size!r}; choose one of {', '.join(SIZES)}.")
    n_res = residents if residents is not None else SIZES[size]["residents"]
    n_vol = volunteers if volunteers is not None else SIZES[size]["volunteers"]
    if n_res < 0 or n_vol < 0:
        raise ValueError("Counts must not be negative.")
    rng = random.Random(seed)
    faker = Faker("nl_NL")
    faker.seed_instance(seed)

    pc4_import(DEMO_PC4.read_text(encoding="utf-8"), source=DEMO_PC4.name)
    municipality = municipality_load_geojson(DEMO_GEOJSON)
    gouda = _gouda()

    residents_list = _people(rng, faker, municipality, n_res, VILLAGE_WEIGHTS)
    vol_weights = dict.fromkeys(VILLAGE_WEIGHTS, 1.0)
    vol_weights.update({k: v * 3 for k, v in VILLAGE_WEIGHTS.items()})
    # ~200 of the volunteers in the small cluster, the rest spread by population.
    cluster = min(200, n_vol // 2)
    vol_people = _people(rng, faker, municipality, cluster, {VOLUNTEER_CLUSTER: 1.0})
    vol_people += _people(rng, faker, municipality, n_vol - cluster, VILLAGE_WEIGHTS)
    gouda_people = _people(rng, faker, gouda, max(20, n_res // 50), {"Gouda-Centrum": 1.0})
    Person.objects.bulk_create(residents_list + vol_people + gouda_people, batch_size=2000)

    teams = []
    areas = {a.name: a for a in municipality.areas.all()}
    for name, villages in TEAMS.items():
        team, _ = SocialTeam.objects.get_or_create(municipality=municipality, name=name)
        team.areas.set([areas[v] for v in villages])
        teams.append(team)
    gouda_team, _ = SocialTeam.objects.get_or_create(municipality=gouda, name="Wijkteam Gouda")
    gouda_team.areas.set(gouda.areas.all())

    users: dict[str, User] = {}
    # One hash for the one published demo password (a salted hash costs ~0.3 s; nine of them
    # were a tenth of the demo's time).
    password = make_password(DEMO_PASSWORD)
    for username, role, mun_name, first, last in DEMO_USERS:
        mun = municipality if mun_name == municipality.name else gouda
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "role": role,
                "municipality": mun,
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.nl",
            },
        )
        user.password = password
        user.save(update_fields=["password"])
        users[username] = user
        if role in MFA_ROLES:
            TOTPDevice.objects.update_or_create(
                user=user,
                name="demo",
                defaults={"key": demo_totp_key(seed, username), "confirmed": True},
            )
    TeamMembership.objects.get_or_create(team=teams[0], user=users["professional"])
    TeamMembership.objects.get_or_create(team=teams[2], user=users["professional"])
    TeamMembership.objects.get_or_create(
        team=teams[0], user=users["teamleider"], defaults={"is_lead": True}
    )
    TeamMembership.objects.get_or_create(team=gouda_team, user=users["professional-gouda"])
    # The demo resident and volunteer are people too.
    residents_list[0].user = users["bewoner"]
    residents_list[0].given_name, residents_list[0].family_name = "Ria", "Verhoef"
    residents_list[0].save(update_fields=["user", "given_name", "family_name"])
    vol_people[0].user = users["vrijwilliger"]
    vol_people[0].given_name, vol_people[0].infix, vol_people[0].family_name = (
        "Karim",
        "",
        "El Idrissi",
    )
    vol_people[0].save(update_fields=["user", "given_name", "infix", "family_name"])

    ctx = DemoContext(
        seed=seed,
        rng=rng,
        faker=faker,
        municipality=municipality,
        other_municipality=gouda,
        residents=residents_list,
        volunteer_people=vol_people,
        users=users,
        teams=teams,
        size=size,
    )
    ctx.counts = {
        "residents": len(residents_list),
        "volunteer_people": len(vol_people),
        "other_municipality_people": len(gouda_people),
        "users": len(users),
        "teams": len(teams) + 1,
    }
    for app in settings.ZORGZAAM_PART_APPS:
        try:
            module = importlib.import_module(f"{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.demo":
                raise
            continue
        ctx.counts.update(module.generate(ctx) or {})
    return ctx


def demo_loaded() -> bool:
    return User.objects.filter(username="beheerder").exists()


def demo_logins_text(seed: int = 1) -> str:
    lines = [f"Demo logins (password for all: {DEMO_PASSWORD}):"]
    for username, role, mun_name, *_ in DEMO_USERS:
        line = f"  {username:<20} {Role(role).label:<28} {mun_name}"
        if role in MFA_ROLES:
            line += f"  TOTP key {totp_secret_base32(demo_totp_key(seed, username))}"
        lines.append(line)
    lines.append(
        "  Second factor: add the TOTP key to an authenticator app, or run "
        "`make totp USER=<username>` for the current code."
    )
    return "\n".join(lines)
