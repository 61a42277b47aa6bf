"""Views of the plan: goals, their actions and referring an action to an organisation."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.accounts.permissions import requires
from zorgzaam.common.errors import ApplicationError, add_form_error
from zorgzaam.common.http import post_action, post_form

from .. import forms, permissions, selectors, services
from ..models import (
    Action,
    Goal,
)
from ..resources import suggestions_for
from .base import EDIT, VIEW, _household

# --- Plan --------------------------------------------------------------------------------


@requires(VIEW, person_level=True)
def plan(request, household_id):
    household = _household(request, household_id)
    goals = list(selectors.plan_goals(household))
    domains = list(selectors.domains_of(household))
    by_domain = {d.pk: [] for d in domains}
    for goal in goals:
        by_domain.setdefault(goal.domain_id, []).append(goal)
    return render(
        request,
        "casework/plan.html",
        {
            "household": household,
            "sections": [(d, by_domain[d.pk]) for d in domains],
        },
    )


def _goal(household, goal_id) -> Goal:
    return get_object_or_404(
        Goal.objects.select_related("domain", "plan"), plan__household=household, public_id=goal_id
    )


@requires(EDIT, person_level=True)
def goal_new(request, household_id):
    household = _household(request, household_id)
    domain = selectors.domains_of(household).filter(code=request.GET.get("domain", "")).first()
    if domain is None:
        return render(
            request,
            "casework/goal_domain.html",
            {"household": household, "domains": selectors.domains_of(household)},
        )
    form = forms.GoalForm(request.POST or None)
    if request.method == "POST":
        key = request.POST.get("link", "")
        try:
            if key:
                suggestion = next(
                    (s for s in suggestions_for(household, domain) if s.key == key), None
                )
                title = suggestion.title if suggestion else ""
                goal = services.goal_create(
                    actor=request.user,
                    household=household,
                    domain=domain,
                    description=(request.POST.get("description") or "").strip()
                    or _("%(domain)s: with %(resource)s")
                    % {"domain": domain.name, "resource": title},
                    request=request,
                )
                services.action_link_suggestion(
                    actor=request.user, goal=goal, key=key, request=request
                )
                messages.success(request, _("Goal added and resource linked."))
                return redirect("casework:goal_edit", household.public_id, goal.public_id)
            if form.is_valid():
                goal = services.goal_create(
                    actor=request.user,
                    household=household,
                    domain=domain,
                    description=form.cleaned_data["description"],
                    request=request,
                )
                messages.success(request, _("Goal added."))
                return redirect("casework:goal_edit", household.public_id, goal.public_id)
        except ApplicationError as exc:
            add_form_error(form, exc)
    return render(
        request,
        "casework/goal_form.html",
        {
            "household": household,
            "domain": domain,
            "form": form,
            "suggestions": suggestions_for(household, domain),
            "goal": None,
        },
    )


@requires(EDIT, person_level=True)
def goal_edit(request, household_id, goal_id):
    household = _household(request, household_id, event=None)
    goal = _goal(household, goal_id)
    form = forms.GoalForm(
        request.POST or None, initial={"description": goal.description, "status": goal.status}
    )
    formal_form = forms.FormalActionForm()

    def save(f):
        services.goal_update(
            actor=request.user,
            goal=goal,
            description=f.cleaned_data["description"],
            status=f.cleaned_data["status"] or goal.status,
            request=request,
        )

    if request.method == "POST" and post_form(request, form, save, _("Goal saved.")) is None:
        return redirect("casework:goal_edit", household.public_id, goal.public_id)
    return _goal_page(request, household, goal, form, formal_form)


def _goal_page(request, household, goal, form, formal_form, status=200):
    """The goal page, with its ``case.view`` lines (also when a form comes back with errors)."""
    permissions.audit_case(request, "case.view", household)
    linked = {(a.ref_kind, str(a.ref_public_id)) for a in goal.actions.all()}
    suggestions = [
        s
        for s in suggestions_for(household, goal.domain)
        if (s.kind, str(s.public_id)) not in linked
    ]
    return render(
        request,
        "casework/goal_form.html",
        {
            "household": household,
            "domain": goal.domain,
            "goal": goal,
            "form": form,
            "formal_form": formal_form,
            "suggestions": suggestions,
            "actions": goal.actions.select_related("referral"),
            "informal_in_domain": services.domain_has_informal_action(household, goal.domain),
        },
        status=status,
    )


@requires(EDIT, person_level=True)
@require_POST
def goal_link(request, household_id, goal_id):
    household = _household(request, household_id, event=None)
    goal = _goal(household, goal_id)
    post_action(
        request,
        lambda: services.action_link_suggestion(
            actor=request.user, goal=goal, key=request.POST.get("link", ""), request=request
        ),
        _("Resource linked."),
    )
    return redirect("casework:goal_edit", household.public_id, goal.public_id)


@requires(EDIT, person_level=True)
@require_POST
def action_formal(request, household_id, goal_id):
    household = _household(request, household_id, event=None)
    goal = _goal(household, goal_id)
    formal_form = forms.FormalActionForm(request.POST)
    failed = post_form(
        request,
        formal_form,
        lambda f: services.action_create_formal(
            actor=request.user,
            goal=goal,
            description=f.cleaned_data["description"],
            provision=f.cleaned_data["provision"],
            reason=f.cleaned_data["formal_reason"],
            due_on=f.cleaned_data["due_on"],
            request=request,
        ),
        _("Action added."),
    )
    if failed is None:
        return redirect("casework:goal_edit", household.public_id, goal.public_id)
    form = forms.GoalForm(initial={"description": goal.description, "status": goal.status})
    return _goal_page(request, household, goal, form, formal_form, status=400)


def _action(household, action_id) -> Action:
    return get_object_or_404(
        Action.objects.select_related("goal__domain", "goal__plan"),
        goal__plan__household=household,
        public_id=action_id,
    )


@requires(EDIT, person_level=True)
@require_POST
def action_status(request, household_id, action_id):
    household = _household(request, household_id, event=None)
    action = _action(household, action_id)
    post_action(
        request,
        lambda: services.action_set_status(
            actor=request.user,
            action=action,
            status=request.POST.get("status", ""),
            request=request,
        ),
    )
    return redirect("casework:goal_edit", household.public_id, action.goal.public_id)


@requires(EDIT, person_level=True)
def refer(request, household_id, action_id):
    household = _household(request, household_id)
    action = _action(household, action_id)
    members = list(household.members.select_related("person"))
    form = forms.ReferralForm(
        request.POST or None,
        municipality=household.municipality,
        members=members,
        initial={"receiver_label": action.ref_label, "message": action.description},
    )
    social_map = action.kind == Action.Kind.SOCIAL_MAP

    def send(f):
        services.referral_send(
            actor=request.user,
            action=action,
            receiver=f.cleaned_data["receiver"],
            receiver_label=f.cleaned_data["receiver_label"],
            message=f.cleaned_data["message"],
            contact_member=f.member_objects[f.cleaned_data["contact_member"]],
            contact_phone=f.cleaned_data["contact_phone"],
            receiver_ref_kind=action.ref_kind if social_map else "",
            receiver_ref_public_id=action.ref_public_id if social_map else None,
            request=request,
        )

    if (
        request.method == "POST"
        and post_form(request, form, send, _("The referral is sent.")) is None
    ):
        return redirect("casework:goal_edit", household.public_id, action.goal.public_id)
    return render(
        request,
        "casework/refer.html",
        {"household": household, "action": action, "form": form},
    )
