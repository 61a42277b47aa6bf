"""Discretion with accountability: decisions for support outside the standard rules.

A professional with need-to-know of a household requests a decision in its plan: a legal
ground that allows it (article 16 Participatiewet, "bijstand in afwijking", among them),
the reason, the expected effect, the cost and a review date. A team lead of the team holding
the household approves or rejects it, and is never the requester (four eyes). At the review
date the outcome is recorded. Every step is audited (ids and field names only); the free text
is special-category data and encrypted at rest (EncryptedTextField).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgzaam.accounts.models import TeamMembership
from zorgzaam.accounts.roles import Role
from zorgzaam.common.errors import ApplicationError

from . import permissions
from .models import DiscretionaryDecision, Household, Plan
from .services import _audit, _ensure_access, _save

Decision = DiscretionaryDecision
MIN_TEXT = 10
MAX_REVIEW_DAYS = 366 * 2


def _plan(household: Household) -> Plan:
    plan, _created = Plan.objects.get_or_create(household=household)
    return plan


def _text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if len(value) < MIN_TEXT:
        raise ApplicationError(message, field=field)
    return value


def is_lead_of(actor, household: Household) -> bool:
    """A team lead of the team that holds the household, in its municipality."""
    return (
        getattr(actor, "is_authenticated", False)
        and actor.role == Role.TEAM_LEAD
        and actor.municipality_id == household.municipality_id
        and TeamMembership.objects.filter(user=actor, team=household.team, is_lead=True).exists()
    )


def can_decide(actor, decision: Decision) -> bool:
    return (
        decision.status == Decision.Status.REQUESTED
        and decision.requested_by_id != actor.pk
        and is_lead_of(actor, decision.plan.household)
    )


# --- Writes -------------------------------------------------------------------------------


@transaction.atomic
def decision_request(
    *,
    actor,
    household: Household,
    legal_ground: str,
    reason: str,
    expected_effect: str,
    cost: Decimal,
    review_on: date,
    request=None,
) -> Decision:
    """Request a discretionary decision in the household's plan."""
    _ensure_access(actor, household)
    if household.status != Household.Status.OPEN:
        raise ApplicationError(_("The household is closed."))
    if legal_ground not in Decision.Ground.values:
        raise ApplicationError(_("Choose a legal ground from the list."), field="legal_ground")
    reason = _text(reason, "reason", _("Explain in a sentence why the standard rules fall short."))
    expected_effect = _text(
        expected_effect, "expected_effect", _("Describe in a sentence the effect you expect.")
    )
    if cost is None or cost < 0:
        raise ApplicationError(_("Give the cost in euros (0 or more)."), field="cost")
    today = timezone.localdate()
    if review_on <= today or review_on > today + timedelta(days=MAX_REVIEW_DAYS):
        raise ApplicationError(
            _("The review date lies after today and within two years."), field="review_on"
        )
    decision = Decision(
        plan=_plan(household),
        legal_ground=legal_ground,
        reason=reason,
        expected_effect=expected_effect,
        cost=cost,
        review_on=review_on,
        requested_by=actor,
    )
    _save(decision)
    _audit(
        actor,
        "case.decision_request",
        household,
        request=request,
        fields=["decision"],
        target=decision,
    )
    return decision


@transaction.atomic
def decision_decide(
    *, actor, decision: Decision, approve: bool, note: str = "", request=None
) -> Decision:
    """The team lead approves or rejects a requested decision (never their own request)."""
    decision = (
        Decision.objects.select_for_update().select_related("plan__household").get(pk=decision.pk)
    )
    household = decision.plan.household
    if decision.status != Decision.Status.REQUESTED:
        raise ApplicationError(_("This decision has already been taken."))
    if not is_lead_of(actor, household):
        raise PermissionDenied("not a team lead of the holding team")
    if decision.requested_by_id == actor.pk:
        raise ApplicationError(
            _("Four eyes: another team lead approves or rejects your own request.")
        )
    note = (note or "").strip()
    if not approve and len(note) < MIN_TEXT:
        raise ApplicationError(_("Explain the rejection in a sentence."), field="note")
    decision.status = Decision.Status.APPROVED if approve else Decision.Status.REJECTED
    decision.decided_by, decision.decided_at = actor, timezone.now()
    decision.decision_note = note
    _save(decision)
    _audit(
        actor,
        "case.decision_decide",
        household,
        request=request,
        fields=["decision.status", "decision.decision_note"],
        target=decision,
    )
    return decision


@transaction.atomic
def decision_review(
    *, actor, decision: Decision, outcome: str, note: str, request=None
) -> Decision:
    """Record what came of an approved decision (at or after its review date)."""
    decision = (
        Decision.objects.select_for_update().select_related("plan__household").get(pk=decision.pk)
    )
    household = decision.plan.household
    _ensure_access(actor, household)
    if decision.status != Decision.Status.APPROVED:
        raise ApplicationError(_("Only an approved decision is reviewed."))
    if outcome not in Decision.Outcome.values:
        raise ApplicationError(_("Choose what came of it."), field="outcome")
    note = _text(note, "note", _("Describe in a sentence what came of it."))
    decision.status = Decision.Status.REVIEWED
    decision.outcome, decision.outcome_note = outcome, note
    decision.reviewed_by, decision.reviewed_at = actor, timezone.now()
    _save(decision)
    _audit(
        actor,
        "case.decision_review",
        household,
        request=request,
        fields=["decision.outcome", "decision.outcome_note"],
        target=decision,
    )
    return decision


# --- Reads (need-to-know as for the plan) -------------------------------------------------


def decisions_of(household: Household) -> QuerySet[Decision]:
    return Decision.objects.filter(plan__household=household).select_related(
        "requested_by", "decided_by", "reviewed_by"
    )


def decision_get(household: Household, public_id) -> Decision:
    return get_object_or_404(
        Decision.objects.select_related("plan__household", "requested_by"),
        plan__household=household,
        public_id=public_id,
    )


def decisions_for_actor(actor) -> QuerySet[Decision]:
    """Decisions in the households the actor may see (need-to-know as for the plan)."""
    return Decision.objects.filter(
        plan__household__in=permissions.households_for_actor(actor, include_break_glass=False)
    ).select_related("plan__household", "requested_by")


def awaiting_approval(actor) -> QuerySet[Decision]:
    """Requests for the team lead: households of the teams they lead, not their own."""
    if getattr(actor, "role", None) != Role.TEAM_LEAD:
        return Decision.objects.none()
    led = TeamMembership.objects.filter(user=actor, is_lead=True).values("team")
    return (
        decisions_for_actor(actor)
        .filter(status=Decision.Status.REQUESTED, plan__household__team__in=led)
        .exclude(requested_by=actor)
        .order_by("created_at")
    )


def due_for_review(actor, today: date | None = None) -> QuerySet[Decision]:
    """Approved decisions whose review date has come, in the actor's households."""
    today = today or timezone.localdate()
    return (
        decisions_for_actor(actor)
        .filter(status=Decision.Status.APPROVED, review_on__lte=today)
        .order_by("review_on")
    )
