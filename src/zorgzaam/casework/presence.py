"""Werkbrigade: professionals working in the villages themselves.

* A presence schedule per professional: every week on a day, from - until, at a community
  hub (Huis van Alles) of the social map, named by a typed reference (public id + name
  snapshot), never a foreign key into the social map (which may not be installed).
* Managed by the professional for themselves and by a team lead for the members of the teams
  they lead. Shown to residents on the hub's public page with the first name only, and to
  hub coordinators and the team on the brigade page.
* Household contacts record where a conversation was held; those in the village (at the hub
  or at home) give the figure "share of contacts held in the village"
  (``selectors.village_contact_share``).

Staff schedules are not person-level case data; a household contact is, and goes through the
household's need-to-know like every other case write.
"""

from __future__ import annotations

import importlib
import uuid
from dataclasses import dataclass
from datetime import date, time

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgzaam.accounts.access import get_for_actor
from zorgzaam.accounts.models import TeamMembership, User
from zorgzaam.accounts.roles import TEAM_ROLES, Role
from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError

from .models import Household, HouseholdContact, PresenceSlot, Weekday
from .services import _audit, _ensure_access, _save


@dataclass(frozen=True)
class HubChoice:
    public_id: uuid.UUID
    name: str
    area_name: str


def hub_choices(municipality) -> list[HubChoice]:
    """The community hubs of the municipality from the social map; none when the social map
    is not installed."""
    try:
        module = importlib.import_module("zorgzaam.socialmap.selectors")
    except ImportError:
        return []
    rows: list[dict] = getattr(module, "hub_choices", lambda m: [])(municipality)
    return [HubChoice(r["public_id"], r["name"], r["area_name"]) for r in rows]


def _hub(municipality, hub_public_id) -> HubChoice:
    for hub in hub_choices(municipality):
        if str(hub.public_id) == str(hub_public_id):
            return hub
    raise ApplicationError(_("Choose a community hub of your municipality."), field="hub")


# --- Who manages whose schedule -----------------------------------------------------------


def _is_team_actor(actor) -> bool:
    return (
        getattr(actor, "is_authenticated", False)
        and getattr(actor, "municipality_id", None) is not None
        and actor.role in TEAM_ROLES
    )


def managed_professionals(actor) -> QuerySet[User]:
    """The professionals whose presence the actor manages: themselves, and for a team lead
    the active members of the teams they lead."""
    if not _is_team_actor(actor):
        return User.objects.none()
    ids = {actor.pk}
    if actor.role == Role.TEAM_LEAD:
        led = TeamMembership.objects.filter(user=actor, is_lead=True).values("team")
        ids.update(TeamMembership.objects.filter(team__in=led).values_list("user_id", flat=True))
    return User.objects.filter(
        pk__in=ids, municipality=actor.municipality, is_active=True, role__in=TEAM_ROLES
    ).order_by("first_name", "last_name")


def can_manage(actor, professional) -> bool:
    return managed_professionals(actor).filter(pk=professional.pk).exists()


# --- Presence: writes ---------------------------------------------------------------------


@transaction.atomic
def presence_slot_add(
    *, actor, professional, weekday: int, starts: time, ends: time, hub_public_id
) -> PresenceSlot:
    """Add a weekly presence of ``professional`` at a hub."""
    if not can_manage(actor, professional):
        raise PermissionDenied("not the professional or their team lead")
    if weekday not in Weekday.values:
        raise ApplicationError(_("Choose a day of the week."), field="weekday")
    if ends <= starts:
        raise ApplicationError(_("The end time lies after the start time."), field="ends")
    hub = _hub(actor.municipality, hub_public_id)
    overlap = PresenceSlot.objects.filter(
        professional=professional, weekday=weekday, starts__lt=ends, ends__gt=starts
    )
    if overlap.exists():
        raise ApplicationError(_("This overlaps with another presence on that day."))
    slot = PresenceSlot(
        municipality=actor.municipality,
        professional=professional,
        weekday=weekday,
        starts=starts,
        ends=ends,
        hub_public_id=hub.public_id,
        hub_label=hub.name,
    )
    _save(slot)
    audit_record(event="presence.change", actor=actor, target=slot, fields=["presence"])
    return slot


@transaction.atomic
def presence_slot_remove(*, actor, slot: PresenceSlot) -> None:
    if not can_manage(actor, slot.professional):
        raise PermissionDenied("not the professional or their team lead")
    audit_record(event="presence.change", actor=actor, target=slot, fields=["presence.removed"])
    slot.delete()


# --- Presence: reads ----------------------------------------------------------------------


def presence_slots_managed(actor) -> QuerySet[PresenceSlot]:
    return PresenceSlot.objects.filter(
        professional__in=managed_professionals(actor)
    ).select_related("professional")


def presence_slot_get_for_manager(request, public_id) -> PresenceSlot:
    reason = "not the professional or their lead"
    return get_for_actor(
        request,
        PresenceSlot.objects.select_related("professional"),
        public_id,
        visible=presence_slots_managed(request.user),
        reason=reason,
        visible_reason=reason,
    )


def brigade_schedule(municipality) -> QuerySet[PresenceSlot]:
    """The whole werkbrigade of a municipality (active professionals), by hub and day."""
    return (
        PresenceSlot.objects.for_municipality(municipality)
        .filter(professional__is_active=True)
        .select_related("professional")
        .order_by("hub_label", "weekday", "starts", "professional__first_name")
    )


@dataclass(frozen=True)
class PublicPresence:
    """What a resident sees: a first name, the day and the hours. Nothing else."""

    first_name: str
    weekday: int
    weekday_label: str
    starts: time
    ends: time


def presence_at_hub(hub) -> list[PublicPresence]:
    """The weekly presence of the werkbrigade at a hub, for its public page (first names)."""
    slots = brigade_schedule(hub.municipality).filter(hub_public_id=hub.public_id)
    return [
        PublicPresence(
            first_name=slot.professional.first_name or _("a professional"),
            weekday=slot.weekday,
            weekday_label=slot.get_weekday_display(),
            starts=slot.starts,
            ends=slot.ends,
        )
        for slot in slots
    ]


# --- Household contacts -------------------------------------------------------------------


@transaction.atomic
def contact_record(
    *,
    actor,
    household: Household,
    place: str,
    held_on: date | None = None,
    hub_public_id=None,
    request=None,
) -> HouseholdContact:
    """Record a conversation with a household and where it was held."""
    _ensure_access(actor, household)
    held_on = held_on or timezone.localdate()
    if held_on > timezone.localdate():
        raise ApplicationError(_("A contact is recorded after it was held."), field="held_on")
    if held_on < household.opened_on:
        raise ApplicationError(
            _("The date lies before the household was registered."), field="held_on"
        )
    contact = HouseholdContact(
        household=household, held_on=held_on, place=place, professional=actor
    )
    if place == HouseholdContact.Place.HUB:
        if not hub_public_id:
            raise ApplicationError(_("Choose the community hub."), field="hub")
        hub = _hub(household.municipality, hub_public_id)
        contact.hub_public_id, contact.hub_label = hub.public_id, hub.name
    _save(contact)
    _audit(actor, "case.contact", household, request=request, fields=["contact"])
    return contact


def contacts_of(household: Household) -> QuerySet[HouseholdContact]:
    return household.contacts.select_related("professional")
