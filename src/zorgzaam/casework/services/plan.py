"""Writes of the plan: goals and their (informal-first) actions."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from zorgzaam.common.errors import ApplicationError
from zorgzaam.common.updates import model_update

from ..models import (
    Action,
    Goal,
    Household,
    ZrmDomain,
)
from ..resources import action_kind_for, suggestions_for
from .base import _audit, _ensure_access, _save


def _domain_of(household: Household, domain) -> ZrmDomain:
    if isinstance(domain, str):
        found = household.zrm_version.domains.filter(code=domain).first()
    else:
        found = domain if domain.version_id == household.zrm_version_id else None
    if found is None:
        raise ApplicationError(_("Choose a life domain of the household's ZRM version."))
    return found


@transaction.atomic
def goal_create(*, actor, household: Household, domain, description: str, request=None) -> Goal:
    _ensure_access(actor, household)
    domain = _domain_of(household, domain)
    if not description.strip():
        raise ApplicationError(_("Describe the goal in a few words."), field="description")
    goal = Goal(plan=household.plan, domain=domain, description=description.strip())
    _save(goal)
    _audit(actor, "case.plan_change", household, request=request, fields=["goal"], target=goal)
    return goal


@transaction.atomic
def goal_update(*, actor, goal: Goal, description: str, status: str, request=None) -> Goal:
    household = goal.plan.household
    _ensure_access(actor, household)
    if not description.strip():
        raise ApplicationError(_("Describe the goal in a few words."), field="description")
    changed = model_update(
        goal, {"description": description.strip(), "status": status}, clean=False, save=False
    )
    _save(goal)
    if changed:
        _audit(actor, "case.plan_change", household, request=request, fields=changed, target=goal)
    return goal


@transaction.atomic
def action_link_suggestion(*, actor, goal: Goal, key: str, request=None) -> Action:
    """Link a resource offered by a provider for the goal's domain (checked again here: the
    link is made only to what a provider offers now)."""
    household = goal.plan.household
    _ensure_access(actor, household)
    offered = {s.key: s for s in suggestions_for(household, goal.domain)}
    suggestion = offered.get(key)
    if suggestion is None:
        raise ApplicationError(_("This resource is no longer offered; refresh the page."))
    if goal.actions.filter(ref_kind=suggestion.kind, ref_public_id=suggestion.public_id).exists():
        raise ApplicationError(_("This resource is already linked to the goal."))
    action = Action(
        goal=goal,
        kind=action_kind_for(suggestion.kind),
        category=suggestion.category,
        description=suggestion.title[:300],
        ref_kind=suggestion.kind,
        ref_public_id=suggestion.public_id,
        ref_label=suggestion.title[:200],
        created_by=actor,
    )
    _save(action)
    _audit(actor, "case.plan_change", household, request=request, fields=["action"], target=goal)
    return action


def domain_has_informal_action(household: Household, domain: ZrmDomain) -> bool:
    return (
        Action.objects.filter(
            goal__plan__household=household,
            goal__domain=domain,
            category=Action.Category.INFORMAL,
        )
        .exclude(status=Action.Status.CANCELLED)
        .exists()
    )


@transaction.atomic
def action_create_formal(
    *,
    actor,
    goal: Goal,
    description: str,
    provision: str,
    reason: str = "",
    due_on: date | None = None,
    request=None,
) -> Action:
    """A formal provision. Without an informal action in the same domain it needs a
    one-line reason why no informal resource fits (informal first)."""
    household = goal.plan.household
    _ensure_access(actor, household)
    if not description.strip():
        raise ApplicationError(_("Describe the action."), field="description")
    if provision not in Action.Provision.values:
        raise ApplicationError(_("Choose the kind of provision."), field="provision")
    reason = (reason or "").strip()
    if "\n" in reason or "\r" in reason:
        raise ApplicationError(_("The reason is one line."), field="formal_reason")
    if not reason and not domain_has_informal_action(household, goal.domain):
        raise ApplicationError(
            _(
                "No informal resource is linked in %(domain)s yet. Say in one line why a "
                "formal provision is needed instead."
            )
            % {"domain": goal.domain.name},
            field="formal_reason",
        )
    action = Action(
        goal=goal,
        kind=Action.Kind.FORMAL,
        category=Action.Category.FORMAL,
        description=description.strip(),
        provision=provision,
        formal_reason=reason,
        due_on=due_on,
        created_by=actor,
    )
    _save(action)
    _audit(actor, "case.plan_change", household, request=request, fields=["action"], target=goal)
    return action


@transaction.atomic
def action_set_status(*, actor, action: Action, status: str, request=None) -> Action:
    household = action.goal.plan.household
    _ensure_access(actor, household)
    if status not in Action.Status.values:
        raise ApplicationError(_("Unknown status."))
    action.status = status
    action.save(update_fields=["status", "updated_at"])
    _audit(actor, "case.plan_change", household, request=request, fields=["action.status"])
    return action
