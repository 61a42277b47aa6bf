"""Debt help aimed at recovery: a debt-help track in a household plan.

Recovery, not bookkeeping, comes first: rest (no new debts, creditors on hold), a stable
income, a debt buddy beside the household and steps out of debt. Each recovery goal may be
linked to an informal-first resource, offered as cards on the track page:

* a debt buddy of the municipality's pool (``DebtBuddy``, such as SchuldHulpMaatje) with a
  free place, from the household's own village first;
* a food garden of the work part (``work.selectors.food_gardens``, read only when the work
  part is installed): work and company for people coming out of debt;
* the informal resources of the finance domain (``resources.suggestions_for``).

The ZRM finance domain over time comes from the household's measurements. Writes run in a
transaction with one audit line per person concerned (ids and field names only); the
situation and the goals are special-category free text, encrypted at rest.
"""

from __future__ import annotations

import importlib
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgzaam.common.errors import ApplicationError
from zorgzaam.common.updates import model_update

from .models import (
    DebtBuddy,
    DebtTrack,
    Household,
    MeasurementScore,
    Plan,
    RecoveryGoal,
    ZrmDomain,
)
from .resources import suggestions_for
from .services import _audit, _ensure_access, _save

FINANCE = "financien"
MIN_TEXT = 10
MAX_TARGET_DAYS = 366 * 5
BUDDY_KIND = "casework.debt_buddy"
GARDEN_KIND = "work.food_garden"


def _open(household: Household) -> None:
    if household.status != Household.Status.OPEN:
        raise ApplicationError(_("The household is closed."))


def _text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if len(value) < MIN_TEXT:
        raise ApplicationError(message, field=field)
    return value


# --- Reads ---------------------------------------------------------------------------------


def track_of(household: Household) -> DebtTrack | None:
    return (
        DebtTrack.objects.filter(plan__household=household)
        .select_related("buddy", "created_by")
        .first()
    )


def goals_of(track: DebtTrack) -> QuerySet[RecoveryGoal]:
    return track.goals.all()


def goal_get(track: DebtTrack, public_id) -> RecoveryGoal:
    return get_object_or_404(RecoveryGoal, track=track, public_id=public_id)


def buddy_pool(municipality) -> QuerySet:
    """The municipality's debt buddies with how many households each walks beside now."""
    return (
        DebtBuddy.objects.for_municipality(municipality)
        .select_related("area")
        .annotate(
            load=Count("tracks", filter=Q(tracks__status=DebtTrack.Status.ACTIVE), distinct=True)
        )
        .order_by("-active", "name")
    )


def buddies_free(household: Household) -> list:
    """Active buddies with a free place, the household's own village first."""
    free = [b for b in buddy_pool(household.municipality) if b.active and _free(b) > 0]
    return sorted(free, key=lambda b: (b.area_id != household.area_id, -_free(b), b.name))


def _free(buddy) -> int:
    return buddy.max_households - buddy.load


def buddy_get(municipality, public_id) -> DebtBuddy:
    return get_object_or_404(DebtBuddy.objects.for_municipality(municipality), public_id=public_id)


@dataclass(frozen=True)
class Card:
    """An informal-first resource offered for the track's recovery goals."""

    kind: str
    public_id: uuid.UUID
    title: str
    reason: str

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.public_id}"


def _food_gardens(household: Household) -> list[Card]:
    if "zorgzaam.work" not in settings.INSTALLED_APPS:
        return []
    try:
        gardens = importlib.import_module("zorgzaam.work.selectors").food_gardens
    except (ImportError, AttributeError):
        return []
    return [
        Card(
            kind=GARDEN_KIND,
            public_id=g["public_id"],
            title=g["name"],
            reason=_("Food garden: work and company while coming out of debt (%(place)s)")
            % {"place": g["place"]},
        )
        for g in gardens(household.municipality)
    ]


def finance_domain(household: Household) -> ZrmDomain | None:
    return ZrmDomain.objects.filter(version=household.zrm_version_id, code=FINANCE).first()


def cards_for(household: Household) -> list[Card]:
    """Informal-first cards for the recovery goals: debt buddies (pool), food gardens, then
    the informal resources of the finance domain."""
    cards = [
        Card(
            kind=BUDDY_KIND,
            public_id=b.public_id,
            title=b.name,
            reason=_("Debt buddy%(org)s, %(village)s: %(free)s free place(s)")
            % {
                "org": f" ({b.organisation})" if b.organisation else "",
                "village": b.area.name if b.area else _("the whole municipality"),
                "free": _free(b),
            },
        )
        for b in buddies_free(household)
    ]
    cards += _food_gardens(household)
    domain = finance_domain(household)
    if domain is not None:
        cards += [
            Card(kind=s.kind, public_id=s.public_id, title=s.title, reason=s.reason)
            for s in suggestions_for(household, domain)
            if s.category == "informal"
        ]
    return cards


@dataclass(frozen=True)
class FinancePoint:
    measured_on: date
    moment: str
    score: int


def finance_over_time(household: Household) -> list[FinancePoint]:
    """The ZRM finance domain score of every measurement, oldest first."""
    rows = (
        MeasurementScore.objects.filter(measurement__household=household, domain__code=FINANCE)
        .select_related("measurement")
        .order_by("measurement__measured_on", "measurement_id")
    )
    return [
        FinancePoint(r.measurement.measured_on, r.measurement.get_moment_display(), r.score)
        for r in rows
    ]


# --- Writes --------------------------------------------------------------------------------


def _plan(household: Household) -> Plan:
    plan, _created = Plan.objects.get_or_create(household=household)
    return plan


def _amounts(creditors, debt_total) -> None:
    if creditors is not None and creditors < 0:
        raise ApplicationError(_("Give the number of creditors (0 or more)."), field="creditors")
    if debt_total is not None and debt_total < 0:
        raise ApplicationError(_("Give the total debt in euros (0 or more)."), field="debt_total")


@transaction.atomic
def track_start(
    *,
    actor,
    household: Household,
    situation: str = "",
    creditors: int | None = None,
    debt_total: Decimal | None = None,
    request=None,
) -> DebtTrack:
    """Start the household's debt-help track (one per plan)."""
    _ensure_access(actor, household)
    _open(household)
    plan = Plan.objects.select_for_update().get(pk=_plan(household).pk)
    if DebtTrack.objects.filter(plan=plan).exists():
        raise ApplicationError(_("This household already has a debt-help track."))
    _amounts(creditors, debt_total)
    track = DebtTrack(
        plan=plan,
        situation=(situation or "").strip(),
        creditors=creditors,
        debt_total=debt_total,
        created_by=actor,
    )
    _save(track)
    _audit(
        actor, "case.debt_change", household, request=request, fields=["debt_track"], target=track
    )
    return track


@transaction.atomic
def track_update(
    *,
    actor,
    track: DebtTrack,
    situation: str,
    creditors: int | None,
    debt_total: Decimal | None,
    status: str,
    request=None,
) -> DebtTrack:
    track = DebtTrack.objects.select_for_update().select_related("plan__household").get(pk=track.pk)
    household = track.plan.household
    _ensure_access(actor, household)
    _open(household)
    if status not in DebtTrack.Status.values:
        raise ApplicationError(_("Choose how the track stands."), field="status")
    _amounts(creditors, debt_total)
    data = {
        "situation": (situation or "").strip(),
        "creditors": creditors,
        "debt_total": debt_total,
        "status": status,
    }
    changed = model_update(track, data, clean=False, save=False)
    if "status" in changed:
        # A closed track frees the buddy's place (the load counts active tracks only).
        track.closed_on = None if status == DebtTrack.Status.ACTIVE else timezone.localdate()
    _save(track)
    _audit(
        actor,
        "case.debt_change",
        household,
        request=request,
        fields=[f"debt_track.{n}" for n in changed],
        target=track,
    )
    return track


@transaction.atomic
def goal_add(
    *,
    actor,
    track: DebtTrack,
    kind: str,
    description: str,
    target_on: date | None = None,
    request=None,
) -> RecoveryGoal:
    household = track.plan.household
    _ensure_access(actor, household)
    _open(household)
    if kind not in RecoveryGoal.Kind.values:
        raise ApplicationError(_("Choose the kind of recovery goal."), field="kind")
    description = _text(description, "description", _("Describe the goal in a sentence."))
    today = timezone.localdate()
    if target_on is not None and not (today <= target_on <= today + timedelta(MAX_TARGET_DAYS)):
        raise ApplicationError(
            _("The target date lies between today and five years from now."), field="target_on"
        )
    goal = RecoveryGoal(track=track, kind=kind, description=description, target_on=target_on)
    _save(goal)
    _audit(
        actor, "case.debt_change", household, request=request, fields=["recovery_goal"], target=goal
    )
    return goal


@transaction.atomic
def goal_set_status(*, actor, goal: RecoveryGoal, status: str, request=None) -> RecoveryGoal:
    goal = (
        RecoveryGoal.objects.select_for_update()
        .select_related("track__plan__household")
        .get(pk=goal.pk)
    )
    household = goal.track.plan.household
    _ensure_access(actor, household)
    _open(household)
    if status not in RecoveryGoal.Status.values:
        raise ApplicationError(_("Choose a status."), field="status")
    goal.status = status
    goal.achieved_on = timezone.localdate() if status == RecoveryGoal.Status.ACHIEVED else None
    _save(goal)
    _audit(
        actor,
        "case.debt_change",
        household,
        request=request,
        fields=["recovery_goal.status"],
        target=goal,
    )
    return goal


@transaction.atomic
def card_link(*, actor, goal: RecoveryGoal, key: str, request=None) -> RecoveryGoal:
    """Link an informal-first card to a recovery goal. The card must be offered now; a debt
    buddy becomes the track's buddy (a place of theirs is taken)."""
    goal = (
        RecoveryGoal.objects.select_for_update()
        .select_related("track__plan__household")
        .get(pk=goal.pk)
    )
    track = goal.track
    household = track.plan.household
    _ensure_access(actor, household)
    _open(household)
    if track.status != DebtTrack.Status.ACTIVE:
        raise ApplicationError(_("The track is closed."))
    card = next((c for c in cards_for(household) if c.key == key), None)
    if card is None:
        raise ApplicationError(_("This resource is no longer offered; refresh the page."))
    fields = ["recovery_goal.resource"]
    if card.kind == BUDDY_KIND:
        buddy = DebtBuddy.objects.select_for_update().get(
            municipality=household.municipality, public_id=card.public_id
        )
        load = buddy.tracks.filter(status=DebtTrack.Status.ACTIVE).exclude(pk=track.pk).count()
        if not buddy.active or load >= buddy.max_households:
            raise ApplicationError(_("This debt buddy has no free place any more."))
        track.buddy = buddy
        _save(track)
        fields.append("debt_track.buddy")
    goal.ref_kind, goal.ref_public_id, goal.ref_label = card.kind, card.public_id, card.title[:200]
    _save(goal)
    _audit(actor, "case.debt_change", household, request=request, fields=fields, target=goal)
    return goal


@transaction.atomic
def buddy_add(
    *,
    actor,
    name: str,
    area=None,
    organisation: str = "",
    phone: str = "",
    max_households: int = 2,
) -> DebtBuddy:
    """Add a trained volunteer to the municipality's debt-buddy pool."""
    from zorgzaam.audit.services import audit_record

    municipality = actor.municipality
    if municipality is None:
        raise ApplicationError(_("You are not linked to a municipality."))
    if area is not None and area.municipality_id != municipality.pk:
        raise ApplicationError(_("Choose a village of your municipality."), field="area")
    name = (name or "").strip()
    if len(name) < 2:
        raise ApplicationError(_("Give the buddy's name."), field="name")
    buddy = DebtBuddy(
        municipality=municipality,
        name=name,
        area=area,
        organisation=(organisation or "").strip(),
        phone=(phone or "").strip(),
        max_households=max_households,
    )
    _save(buddy)
    audit_record(
        event="case.debt_buddy_change",
        actor=actor,
        target=buddy,
        fields=["name", "area", "organisation", "phone", "max_households"],
    )
    return buddy
