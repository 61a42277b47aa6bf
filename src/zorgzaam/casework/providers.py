"""Adapters that feed other parts' public selectors into the informal-first nudge, through
the provider protocol of ``resources.py`` (typed references only, no foreign keys).

* Social map: ``zorgzaam.socialmap.selectors.informal_resources_near(municipality, lat, lon,
  text, limit)`` -> published informal services with ``public_id``, ``name`` and
  ``distance_km``; searched with a few Dutch keywords per ZRM domain (the search matches all
  words, so one keyword per call).

An adapter is registered only when its part is installed, and returns nothing while the
part's function is not there; if the part registers a provider of its own with the same
``kind``, suggestions are de-duplicated by ``kind`` + ``public_id``.
"""

from __future__ import annotations

import importlib

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


def register_part_providers() -> None:
    if "zorgzaam.socialmap" in settings.INSTALLED_APPS:
        register_provider(socialmap_provider)
