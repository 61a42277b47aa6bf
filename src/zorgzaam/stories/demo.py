"""Demo stories (lichtpuntjes): over 300 fictional, realistic Dutch stories across the
villages, the three domains of change and the last six quarters, plus two completed Most
Significant Change rounds.

The stories are composed from parts (a situation, who helped and how, what changed, now and
then a closing line), so they vary like real ones. About one in four also names people:
a volunteer of the demo (a linked person, so the record-aware part of the de-identifier has
work to do), invented neighbours with difficult names ("El Amrani", "van der Heijden"),
street addresses, phone numbers ("+31 6 ...") and e-mail addresses, all fictional. Those
stories go through the real de-identifier (``services.story_deidentify``, one engine for
the whole run) and are then approved as their teller would after reading the result; a
story in which a name, street, phone number or e-mail address would survive is left for
review instead. Without deduce they stay drafts (``zorgzaam stories process-drafts``).
The other stories are written without personal data and stored as approved directly.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta

from django.db import transaction
from django.utils import timezone, translation

from zorgzaam.common.demo_data import DemoDataError, NonEmpty, OneOf, load

from .models import Audience, Domain, Helper, Level, Message, Round, Selection, Story
from .periods import period_recent
from .selectors import domains_for
from .services import domains_ensure_defaults

log = logging.getLogger(__name__)

STORY_COUNT = 330
PERSONAL_SHARE = 0.27
QUARTERS = 6
# Share of the stories per quarter, oldest first: more lights every quarter; the current
# quarter is still under way.
QUARTER_WEIGHTS = [0.09, 0.12, 0.15, 0.19, 0.24, 0.21]

# The texts: stories/demo_data/scenarios.toml and texts.toml (see the comments there).
_HELPERS = OneOf(*Helper.values)
SCENARIO_SCHEMA = {
    "scenario": NonEmpty(
        [
            {
                "domain": NonEmpty(str),
                "titles": NonEmpty([NonEmpty(str)]),
                "situations": NonEmpty([NonEmpty(str)]),
                "changes": NonEmpty([NonEmpty(str)]),
                "help": NonEmpty(
                    [{"sentence": NonEmpty(str), "helpers": [_HELPERS], "who": str, "role": str}]
                ),
            }
        ]
    )
}
_LINES = NonEmpty([NonEmpty(str)])
TEXTS_SCHEMA = {
    "closers": _LINES,
    "salutations": _LINES,
    "personal_lines": _LINES,
    "reasons": {"team": _LINES, "municipality": _LINES, "council": _LINES},
    "msc": {
        "round_title": NonEmpty(str),
        "municipality_label": NonEmpty(str),
        "council_label": NonEmpty(str),
        "message": NonEmpty(str),
    },
    "invented": NonEmpty(
        [
            {
                "first": NonEmpty(str),
                "infix": str,
                "last": NonEmpty(str),
                "phone": NonEmpty(str),
                "street": NonEmpty(str),
            }
        ]
    ),
}
# The placeholders each template may use.
_FIELDS = {
    "personal_lines": ("first", "name", "last", "phone", "street", "email", "salutation", "age"),
    "msc.round_title": ("period",),
    "msc.message": ("domain", "label", "level", "round", "reason"),
}


def _placeholders(template: str, allowed: tuple[str, ...], where: str) -> None:
    try:
        template.format(**dict.fromkeys(allowed, ""))
    except (KeyError, IndexError, ValueError) as exc:
        raise DemoDataError(
            f"{where}: unknown or malformed placeholder {exc} (allowed: {', '.join(allowed)})"
        ) from None


def _load() -> tuple[list[tuple], dict]:
    scenarios = load(__package__, "scenarios.toml", SCENARIO_SCHEMA)["scenario"]
    texts = load(__package__, "texts.toml", TEXTS_SCHEMA)
    where = "zorgzaam/stories/demo_data/texts.toml"
    for i, line in enumerate(texts["personal_lines"]):
        _placeholders(line, _FIELDS["personal_lines"], f"{where}: personal_lines[{i}]")
    for key in ("round_title", "message"):
        _placeholders(texts["msc"][key], _FIELDS[f"msc.{key}"], f"{where}: msc.{key}")
    as_tuples = [
        (
            s["domain"],
            s["titles"],
            s["situations"],
            [(h["sentence"], h["helpers"], h["who"], h["role"]) for h in s["help"]],
            s["changes"],
        )
        for s in scenarios
    ]
    return as_tuples, texts


# (domain slug, titles, situations, [(sentence, helpers, who, role)], changes)
SCENARIOS, _TEXTS = _load()
CLOSERS: list[str] = _TEXTS["closers"]
REASONS_TEAM: list[str] = _TEXTS["reasons"]["team"]
REASONS_MUNICIPALITY: list[str] = _TEXTS["reasons"]["municipality"]
REASONS_COUNCIL: list[str] = _TEXTS["reasons"]["council"]
MSC: dict[str, str] = _TEXTS["msc"]
# Invented people who are not in the system: the de-identifier must find them on its own.
INVENTED = [
    (p["first"], p["infix"], p["last"], p["phone"], p["street"]) for p in _TEXTS["invented"]
]
SALUTATIONS: list[str] = _TEXTS["salutations"]
PERSONAL_LINES: list[str] = _TEXTS["personal_lines"]

AUDIENCE_MIX = [
    (Audience.COUNCIL, 0.45),
    (Audience.PUBLIC, 0.30),
    (Audience.MUNICIPALITY, 0.20),
    (Audience.TEAM, 0.05),
]
TELLERS = ["bewoner", "vrijwilliger", "coordinator", "professional", "teamleider"]


def _weighted(rng, mix):
    r = rng.random()
    acc = 0.0
    for value, weight in mix:
        acc += weight
        if r <= acc:
            return value
    return mix[-1][0]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _full(first, infix, last) -> str:
    return " ".join(p for p in (first, infix, last) if p)


def _person_facts(person) -> dict:
    """The fields a sentence may name, from a Person row or an invented tuple."""
    if isinstance(person, tuple):
        first, infix, last, phone, street = person
        slug = re.sub(r"[^a-z]", "", f"{first}.{last}".lower())
        return {
            "first": first,
            "name": _full(first, infix, last),
            "last": _cap(_full("", infix, last)),
            "phone": phone,
            "street": street,
            "email": f"{slug}@example.nl",
            "person": None,
        }
    return {
        "first": person.given_name,
        "name": _full(person.given_name, person.infix, person.family_name),
        "last": _cap(_full("", person.infix, person.family_name)),
        "phone": person.phone or "06-12345678",
        "street": person.street_address or "Dorpsstraat 1",
        "email": person.email or "buur@example.nl",
        "person": person,
    }


def _secrets(facts: dict) -> list[str]:
    """What must not survive de-identification (the review check of the demo)."""
    street = re.sub(r"\s*\d.*$", "", facts["street"]).strip()
    digits = re.sub(r"\D", "", facts["phone"])
    found = [facts["first"], facts["last"].split()[-1], street, facts["email"]]
    if len(digits) >= 6:
        found.append(digits[-6:])
    return [s for s in found if len(s) >= 3]


def _leaks(text: str, secrets: list[str]) -> bool:
    flat = re.sub(r"\D", "", text)
    for secret in secrets:
        if secret.isdigit():
            if secret in flat:
                return True
        elif re.search(r"(?<!\w)" + re.escape(secret) + r"(?!\w)", text):
            return True
    return False


def compose(rng, area_name: str, *, people=()) -> dict:
    """One story from parts. ``people``: facts of the people it may name (empty: none)."""
    slug, titles, situations, helps, changes = SCENARIOS[rng.randrange(len(SCENARIOS))]
    sentence, helpers, generic, role = helps[rng.randrange(len(helps))]
    named = people[0] if people and role else None
    if named is not None:
        who = f"{role} {named['name']}" if rng.random() < 0.6 else named["name"]
    else:
        who = generic
    parts = [
        rng.choice(situations),
        sentence.replace("{Wie}", _cap(who)).replace("{wie}", who),
        rng.choice(changes),
    ]
    if rng.random() < 0.35:
        parts.append(rng.choice(CLOSERS))
    secrets: list[str] = []
    for facts in people:
        line = rng.choice(PERSONAL_LINES)
        parts.insert(
            rng.randint(2, len(parts)),
            line.format(salutation=rng.choice(SALUTATIONS), age=rng.randint(68, 93), **facts),
        )
        secrets += _secrets(facts)
    if named is not None:
        secrets += _secrets(named)
    text = " ".join(parts).replace("{dorp}", area_name)
    return {
        "domain": slug,
        "title": rng.choice(titles),
        "text": text,
        "helpers": sorted({h for h in helpers if h in Helper.values}),
        "secrets": secrets,
        "linked": [f["person"] for f in people if f["person"] is not None],
    }


def generate(ctx) -> dict[str, int]:
    with translation.override("nl"):
        return _generate(ctx)


def _generate(ctx) -> dict[str, int]:
    municipality = ctx.municipality
    domains_ensure_defaults(municipality)  # a no-op when the municipality has its domains
    domains = {d.slug: d for d in domains_for(municipality)}
    for index, scenario in enumerate(SCENARIOS):
        if scenario[0] not in domains:
            raise DemoDataError(
                f"zorgzaam/stories/demo_data/scenarios.toml: scenario[{index}]: domain "
                f"{scenario[0]!r} is not one of {', '.join(domains)}"
            )
    areas = list(municipality.areas.order_by("name"))
    periods = period_recent(ctx.today, QUARTERS)  # newest first
    oldest_first = list(reversed(periods))
    rng = ctx.rng
    now = timezone.now()
    known_people = list(getattr(ctx, "volunteer_people", None) or [])[:200]
    known_people += list(getattr(ctx, "residents", None) or [])[:200]
    people_by_area: dict = {}
    for person in known_people:
        people_by_area.setdefault(person.area_id, []).append(person)
    stories, personal = [], []
    for n in range(STORY_COUNT):
        area = areas[(n * 3 + n // len(areas)) % len(areas)]
        period = _weighted(rng, list(zip(oldest_first, QUARTER_WEIGHTS, strict=True)))
        teller = ctx.users.get(TELLERS[n % len(TELLERS)])
        people = []
        if rng.random() < PERSONAL_SHARE:
            local = people_by_area.get(area.pk) or known_people
            if local and rng.random() < 0.6:
                people.append(_person_facts(local[rng.randrange(len(local))]))
            if not people or rng.random() < 0.4:
                people.append(_person_facts(INVENTED[rng.randrange(len(INVENTED))]))
        part = compose(rng, area.name, people=people)
        story = Story(
            municipality=municipality,
            teller=teller,
            teller_person=getattr(teller, "person", None) if teller is not None else None,
            title=part["title"],
            domain=domains[part["domain"]],
            helpers=part["helpers"],
            area=area,
            period=period,
            origin=Story.Origin.DEMO,
            audience=_weighted(rng, AUDIENCE_MIX),
        )
        if people:
            story.original_text = part["text"]
            story.text = ""
            story.status = Story.Status.DRAFT
            personal.append((story, part))
        else:
            story.original_text = ""
            story.text = part["text"]
            story.status = Story.Status.APPROVED
            story.deidentified_at = now
            story.approved_at = now
            story.approved_by = teller
        stories.append(story)
    Story.objects.bulk_create(stories)
    links = [
        Story.linked_persons.through(story_id=story.pk, person_id=p.pk)
        for story, part in personal
        for p in {p.pk: p for p in part["linked"]}.values()
    ]
    Story.linked_persons.through.objects.bulk_create(links)
    counts = _deidentify(ctx, personal, current=periods[0])
    rounds = _rounds(ctx, periods[1:3], domains)
    return {"stories": len(stories), **counts, "msc_rounds": rounds}


def _deidentify(ctx, personal, *, current: str) -> dict[str, int]:
    """The stories that name people: through the real de-identifier, then approved as the
    teller would after reading the result, unless something personal survived. A few of
    this quarter's wait for the teller's review, so the review queue has work."""
    from .deid import DeduceUnavailableError, get_deidentifier
    from .services import retention_days, story_deidentify

    if not personal:
        return {}
    try:
        engine = get_deidentifier()
    except DeduceUnavailableError:
        log.warning("deduce is not available: %d demo stories stay drafts", len(personal))
        return {"stories_draft": len(personal)}
    approved = held = 0
    today = timezone.localdate()
    with transaction.atomic():
        for index, (story, part) in enumerate(personal):
            story = story_deidentify(story=story, deidentifier=engine)
            leaked = _leaks(story.text, part["secrets"]) or _leaks(story.title, part["secrets"])
            if leaked or (story.period == current and index % 4 == 0):
                held += 1  # the teller or the team reads (and corrects) it in the review
                continue
            story.status = Story.Status.APPROVED
            story.approved_at = timezone.now()
            story.approved_by = story.teller
            story.original_retain_until = today + timedelta(days=retention_days())
            story.save(
                update_fields=[
                    "status",
                    "approved_at",
                    "approved_by",
                    "original_retain_until",
                    "updated_at",
                ]
            )
            story.redactions.all().delete()  # as at approval: the review is over
            approved += 1
    return {"stories_deidentified": len(personal), "stories_awaiting_review": held}


def _team_for(ctx, area, cache: dict):
    if area.pk not in cache:
        cache[area.pk] = next(
            (team for team in ctx.teams if team.areas.filter(pk=area.pk).exists()), None
        )
    return cache[area.pk]


def _rounds(ctx, periods, domains: dict[str, Domain]) -> int:
    """Two completed rounds (the two quarters before the current one): per domain a team
    choice per team, the municipality's choice, and the council committee's choice."""
    municipality = ctx.municipality
    officer = ctx.users.get("beleid")
    lead = ctx.users.get("teamleider")
    count = 0
    teams: dict = {}
    for period in periods:
        rnd = Round.objects.create(
            municipality=municipality,
            period=period,
            title=MSC["round_title"].format(period=period),
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
            team_choices: list[Selection] = []
            seen_teams = set()
            for story in pool:
                team = _team_for(ctx, story.area, teams)
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
                    MSC["municipality_label"],
                    REASONS_MUNICIPALITY[(k + d_index) % len(REASONS_MUNICIPALITY)],
                    officer,
                )
            council = [s for s in muni if s.story.audience in (Audience.COUNCIL, Audience.PUBLIC)]
            if council:
                _select(
                    rnd,
                    council[0].story,
                    Level.COUNCIL,
                    MSC["council_label"],
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
        body=MSC["message"].format(
            domain=story.domain.name,
            label=label,
            level=Level(level).label,
            round=rnd.title,
            reason=reason,
        ),
    )
    return selection
