"""Adapters that feed other parts' public selectors into the informal-first nudge, through
the provider protocol of ``resources.py`` (typed references only, no foreign keys).

* Social map: ``zorgzaam.socialmap.selectors.informal_resources_near(municipality, lat, lon,
  text, limit)`` -> published informal services with ``public_id``, ``name`` and
  ``distance_km``; searched with a few Dutch keywords per ZRM domain (the search matches all
  words, so one keyword per call).

* Neighbour help: ``zorgzaam.help.selectors.volunteers_near(municipality, lat, lon, skill,
  limit)`` -> volunteers who could help there now (no names: public id, distance, skills and
  the engine's reasons); one skill per ZRM domain. The suggestion offers to ask for help on
  the household's behalf.

An adapter is registered only when its part is installed, and returns nothing while the
part's function is not there; if the part registers a provider of its own with the same
``kind``, suggestions are de-duplicated by ``kind`` + ``public_id``.
"""

from __future__ import annotations

import importlib
import uuid

from django.conf import settings
from django.utils.translation import gettext as _

from .resources import Suggestion, register_provider

DOMAIN_KEYWORDS = {
    "financien": ["administratie", "geld", "schulden"],
    "werk-opleiding": ["werk", "taal"],
    "tijdsbesteding": ["activiteit", "dagbesteding", "hobby"],
    "dagbesteding": ["activiteit", "dagbesteding"],
    "huisvesting": ["klussen", "wonen"],
    "huiselijke-relaties": ["opvoeding", "gezin", "mantelzorg"],
    "geestelijke-gezondheid": ["eenzaamheid", "luisteren", "rouw"],
    "lichamelijke-gezondheid": ["bewegen", "wandelen", "vervoer"],
    "middelengebruik": ["verslaving"],
    "verslaving": ["verslaving"],
    "basale-adl": ["mantelzorg", "verzorging"],
    "instrumentele-adl": ["boodschappen", "koken", "vervoer", "klussen"],
    "adl-vaardigheden": ["boodschappen", "mantelzorg"],
    "sociaal-netwerk": ["ontmoeting", "koffie", "eenzaamheid", "maatje"],
    "maatschappelijke-participatie": ["vrijwilligerswerk", "ontmoeting", "dorpshuis"],
    "justitie": ["juridisch", "rechtshulp"],
}
PER_KEYWORD = 5


def _function(module: str, name: str):
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None


def socialmap_provider(household, domain) -> list[Suggestion]:
    near = _function("zorgzaam.socialmap.selectors", "informal_resources_near")
    point = household.postcode_area
    if near is None or point is None:
        return []
    found: dict[str, Suggestion] = {}
    for keyword in DOMAIN_KEYWORDS.get(domain.code, []):
        for service in near(
            household.municipality, point.latitude, point.longitude, keyword, limit=PER_KEYWORD
        ):
            key = str(service.public_id)
            if key in found:
                continue
            distance = getattr(service, "distance_km", None)
            found[key] = Suggestion(
                kind="socialmap.service",
                public_id=service.public_id,
                title=str(service.name),
                distance_km=round(distance, 1) if distance is not None else None,
                reason=_("Social map, informal: %(keyword)s") % {"keyword": keyword},
                category="informal",
            )
    return list(found.values())


# The kind of neighbour help that fits a ZRM domain best (help.constants.Skill values).
DOMAIN_SKILLS = {
    "financien": "paperwork",
    "werk-opleiding": "work_buddy",
    "tijdsbesteding": "company",
    "dagbesteding": "company",
    "huisvesting": "odd_jobs",
    "huiselijke-relaties": "childcare",
    "geestelijke-gezondheid": "company",
    "lichamelijke-gezondheid": "transport",
    "basale-adl": "shopping",
    "instrumentele-adl": "shopping",
    "adl-vaardigheden": "shopping",
    "sociaal-netwerk": "company",
    "maatschappelijke-participatie": "digital",
    "justitie": "paperwork",
}
VOLUNTEERS_PER_DOMAIN = 3


def help_provider(household, domain) -> list[Suggestion]:
    near = _function("zorgzaam.help.selectors", "volunteers_near")
    skill = DOMAIN_SKILLS.get(domain.code)
    point = household.postcode_area
    if near is None or point is None or skill is None:
        return []
    found = near(
        household.municipality, point.latitude, point.longitude, skill, limit=VOLUNTEERS_PER_DOMAIN
    )
    action_url = ""
    member = household.members.select_related("person").filter(person__isnull=False).first()
    if member is not None:
        from django.urls import NoReverseMatch, reverse

        try:
            action_url = reverse("help:on_behalf", args=[member.person.public_id])
        except NoReverseMatch:
            action_url = ""
    return [
        Suggestion(
            kind="help.volunteer",
            public_id=uuid.UUID(str(volunteer.public_id)),
            title=_("Volunteer nearby (%(skill)s)") % {"skill": _skill_label(skill)},
            distance_km=volunteer.distance_km,
            reason=str(volunteer.explanation),
            category="informal",
            action_url=action_url,
            action_label=_("Ask for neighbour help") if action_url else "",
        )
        for volunteer in found
    ]


def _skill_label(skill: str) -> str:
    constants = _function("zorgzaam.help.constants", "Skill")
    if constants is None:
        return skill
    try:
        return str(constants(skill).label)
    except ValueError:
        return skill


def register_part_providers() -> None:
    if "zorgzaam.socialmap" in settings.INSTALLED_APPS:
        register_provider(socialmap_provider)
    if "zorgzaam.help" in settings.INSTALLED_APPS:
        register_provider(help_provider)
