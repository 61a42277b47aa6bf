"""Informal-first: resources that can serve a household's goal in a life domain.

Other parts plug in without casework importing their models:

* ``register_provider(fn)``: ``fn(household, domain) -> list[Suggestion]``. ``household`` is a
  ``casework.models.Household`` (use ``household.municipality``, ``household.area``,
  ``household.postcode_area.latitude/longitude`` for distance; never its members), ``domain``
  a ``casework.models.ZrmDomain`` (``domain.code`` such as ``"sociaal-netwerk"``, see
  ``zrm.DOMAINS_2017``). Return suggestions nearest first; return ``[]`` when nothing fits.
* ``register_receiver_resolver(fn)``: ``fn(user) -> list[(ref_kind, public_id)]``: the hubs or
  organisations (typed references) a hub coordinator receives referrals for. Casework always
  routes a referral to its ``receiver`` user as well.

A suggestion's ``kind`` names the part and type, and decides the action kind when linked:
``"socialmap.<type>"`` -> social-map action, ``"help.<type>"`` -> neighbour-help action
(``help.request``, ``help.buddy``, ``help.volunteer``), ``"casework.network"`` -> own network.
``category`` is ``"informal"`` (counts for the informal-first share), ``"welfare"`` or
``"formal"``. A provider may offer an action of its own (``action_url`` + ``action_label``,
e.g. "create a help request"); casework renders it as a link.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass

logger = logging.getLogger(__name__)

KIND_PREFIXES = {
    "socialmap.": "social_map",
    "help.": "help",
    "casework.network": "own_network",
}
CATEGORIES = ("informal", "welfare", "formal")


@dataclass(frozen=True)
class Suggestion:
    kind: str
    public_id: uuid.UUID
    title: str
    distance_km: float | None
    reason: str
    category: str = "informal"
    action_url: str = ""
    action_label: str = ""

    def __post_init__(self):
        action_kind_for(self.kind)  # a ValueError for a kind without a known prefix
        if self.category not in CATEGORIES:
            raise ValueError(f"Suggestion category {self.category!r} is not one of {CATEGORIES}.")

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.public_id}"


Provider = Callable[[object, object], list[Suggestion]]
PROVIDERS: list[Provider] = []
RECEIVER_RESOLVERS: list[Callable[[object], list[tuple[str, uuid.UUID]]]] = []


def action_kind_for(kind: str) -> str:
    """The plan action kind of a suggestion kind; ValueError for a kind without a known
    prefix."""
    for prefix, action_kind in KIND_PREFIXES.items():
        if kind == prefix or (prefix.endswith(".") and kind.startswith(prefix)):
            return action_kind
    raise ValueError(f"Suggestion kind {kind!r} has no known prefix.")


def register_provider(fn: Provider) -> Provider:
    """Add a suggestion provider (idempotent; usable as a decorator)."""
    if fn not in PROVIDERS:
        PROVIDERS.append(fn)
    return fn


def register_receiver_resolver(fn):
    if fn not in RECEIVER_RESOLVERS:
        RECEIVER_RESOLVERS.append(fn)
    return fn


def suggestions_for(household, domain) -> list[Suggestion]:
    """All providers' suggestions, informal first, then nearest. A provider that fails is
    skipped (and logged without personal data) so the goal screen keeps working."""
    found: list[Suggestion] = []
    for provider in PROVIDERS:
        try:
            found.extend(provider(household, domain))
        except Exception:
            logger.exception("casework suggestion provider %s failed", provider.__qualname__)
    order = {c: i for i, c in enumerate(CATEGORIES)}
    seen: set[str] = set()
    unique = []
    for s in sorted(
        found,
        key=lambda s: (order[s.category], s.distance_km is None, s.distance_km or 0.0, s.title),
    ):
        if s.key not in seen:
            seen.add(s.key)
            unique.append(s)
    return unique


def receiver_refs_for(user) -> list[tuple[str, uuid.UUID]]:
    refs: list[tuple[str, uuid.UUID]] = []
    for resolver in RECEIVER_RESOLVERS:
        try:
            refs.extend(resolver(user))
        except Exception:
            logger.exception("casework receiver resolver %s failed", resolver.__qualname__)
    return refs


def own_network_provider(household, domain) -> list[Suggestion]:
    """Built in: the people registered as the household's own network. Those tagged with
    the domain come with that reason; the others are offered too (a neighbour who does the
    shopping may also be company), after them."""
    from django.utils.translation import gettext as _

    result = []
    for member in household.network.prefetch_related("domains"):
        tagged = any(d.pk == domain.pk for d in member.domains.all())
        if tagged:
            reason = _("Own network, helps with %(domain)s") % {"domain": domain.name}
        else:
            reason = _("Own network")
        if member.can_help_with:
            reason = f"{reason}: {member.can_help_with}"
        result.append(
            Suggestion(
                kind="casework.network",
                public_id=member.public_id,
                title=f"{member.name} ({member.relation})",
                distance_km=0.0 if tagged else None,
                reason=reason,
                category="informal",
            )
        )
    return result


def register_builtin_providers() -> None:
    register_provider(own_network_provider)
