"""Views of the werkbrigade (presence, household contacts) and discretionary decisions.
Thin: parse, call one service or selector, render. Household pages go through
``permissions.household_get_for_actor`` (need-to-know, second factor)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.accounts.permissions import actor_can, requires
from zorgzaam.audit.services import audit_record
from zorgzaam.common.http import post_form

from . import decisions, forms_practices, permissions, presence

VIEW = "casework.view"
EDIT = "casework.edit"


# --- Werkbrigade --------------------------------------------------------------------------


def _presence_page(request, form=None, status=200):
    user = request.user
    can_edit = actor_can(user, "casework.presence_edit")
    hubs = presence.hub_choices(user.municipality)
    if can_edit and form is None:
        form = forms_practices.PresenceForm(
            professionals=presence.managed_professionals(user), hubs=hubs
        )
    return render(
        request,
        "casework/presence.html",
        {
            "schedule": presence.brigade_schedule(user.municipality),
            "mine": presence.presence_slots_managed(user) if can_edit else [],
            "form": form,
        },
        status=status,
    )


@requires("casework.presence_view", person_level=True)
def presence_schedule(request):
    return _presence_page(request)


@requires("casework.presence_edit", person_level=True)
@require_POST
def presence_add(request):
    user = request.user
    form = forms_practices.PresenceForm(
        request.POST,
        professionals=presence.managed_professionals(user),
        hubs=presence.hub_choices(user.municipality),
    )
    failed = post_form(
        request,
        form,
        lambda f: presence.presence_slot_add(
            actor=user,
            professional=f.cleaned_data["professional"],
            weekday=f.cleaned_data["weekday"],
            starts=f.cleaned_data["starts"],
            ends=f.cleaned_data["ends"],
            hub_public_id=f.cleaned_data["hub"],
        ),
        _("The presence is added to the schedule."),
    )
    if failed is not None:
        return _presence_page(request, form=failed, status=400)
    return redirect("casework:presence")


@requires("casework.presence_edit", person_level=True)
@require_POST
def presence_remove(request, slot_id):
    slot = presence.presence_slot_get_for_manager(request, slot_id)
    presence.presence_slot_remove(actor=request.user, slot=slot)
    messages.success(request, _("The presence is removed from the schedule."))
    return redirect("casework:presence")


# --- Household contacts -------------------------------------------------------------------


def _contacts_page(request, household, form=None, status=200):
    permissions.audit_case(request, "case.view", household)
    form = form or forms_practices.ContactForm(hubs=presence.hub_choices(household.municipality))
    return render(
        request,
        "casework/contacts.html",
        {"household": household, "contacts": presence.contacts_of(household), "form": form},
        status=status,
    )


@requires(VIEW, person_level=True)
def contacts(request, household_id):
    household = permissions.household_get_for_actor(request, household_id, event=None)
    return _contacts_page(request, household)


@requires(EDIT, person_level=True)
@require_POST
def contact_add(request, household_id):
    household = permissions.household_get_for_actor(request, household_id, event=None)
    form = forms_practices.ContactForm(
        request.POST, hubs=presence.hub_choices(household.municipality)
    )
    failed = post_form(
        request,
        form,
        lambda f: presence.contact_record(
            actor=request.user,
            household=household,
            place=f.cleaned_data["place"],
            held_on=f.cleaned_data["held_on"],
            hub_public_id=f.cleaned_data["hub"] or None,
            request=request,
        ),
        _("The contact is recorded."),
    )
    if failed is not None:
        return _contacts_page(request, household, form=failed, status=400)
    return redirect("casework:contacts", household_id=household.public_id)


# --- Discretionary decisions --------------------------------------------------------------


def _decisions_page(request, household, status=200, **forms):
    permissions.audit_case(request, "case.view", household)
    items = [(d, decisions.can_decide(request.user, d)) for d in decisions.decisions_of(household)]
    context = {
        "household": household,
        "items": items,
        "form": forms_practices.DecisionForm(),
        "decide_form": forms_practices.DecideForm(),
        "review_form": forms_practices.ReviewForm(),
        "failed_id": None,
    }
    context.update(forms)
    return render(request, "casework/decisions.html", context, status=status)


@requires(VIEW, person_level=True)
def household_decisions(request, household_id):
    household = permissions.household_get_for_actor(request, household_id, event=None)
    return _decisions_page(request, household)


def _back(household):
    return redirect("casework:household_decisions", household_id=household.public_id)


@requires(EDIT, person_level=True)
@require_POST
def decision_add(request, household_id):
    household = permissions.household_get_for_actor(request, household_id, event=None)
    form = forms_practices.DecisionForm(request.POST)
    failed = post_form(
        request,
        form,
        lambda f: decisions.decision_request(
            actor=request.user,
            household=household,
            request=request,
            **f.cleaned_data,
        ),
        _("The decision is requested; a team lead approves or rejects it."),
    )
    if failed is not None:
        return _decisions_page(request, household, status=400, form=failed)
    return _back(household)


@requires(EDIT, person_level=True)
@require_POST
def decision_decide(request, household_id, decision_id):
    """Only a team lead of the holding team (``casework.decision_approve``); anyone else with
    need-to-know of the household gets an audited 403."""
    household = permissions.household_get_for_actor(request, household_id, event=None)
    decision = decisions.decision_get(household, decision_id)
    if not (
        actor_can(request.user, "casework.decision_approve")
        and decisions.is_lead_of(request.user, household)
    ):
        permissions.deny(request, target=decision, reason="not a lead of the holding team")
    form = forms_practices.DecideForm(request.POST)
    failed = post_form(
        request,
        form,
        lambda f: decisions.decision_decide(
            actor=request.user,
            decision=decision,
            approve=f.cleaned_data["approve"],
            note=f.cleaned_data["note"],
            request=request,
        ),
        _("The decision is recorded."),
    )
    if failed is not None:
        return _decisions_page(
            request, household, status=400, decide_form=failed, failed_id=decision.pk
        )
    return _back(household)


@requires(EDIT, person_level=True)
@require_POST
def decision_review(request, household_id, decision_id):
    household = permissions.household_get_for_actor(request, household_id, event=None)
    decision = decisions.decision_get(household, decision_id)
    form = forms_practices.ReviewForm(request.POST)
    failed = post_form(
        request,
        form,
        lambda f: decisions.decision_review(
            actor=request.user,
            decision=decision,
            outcome=f.cleaned_data["outcome"],
            note=f.cleaned_data["note"],
            request=request,
        ),
        _("The review is recorded."),
    )
    if failed is not None:
        return _decisions_page(
            request, household, status=400, review_form=failed, failed_id=decision.pk
        )
    return _back(household)


@requires(VIEW, person_level=True)
def decision_overview(request):
    """Requests awaiting the team lead's approval and decisions due for review."""
    audit_record(event="case.decision_list", request=request, target=("casework.decision", "list"))
    return render(
        request,
        "casework/decision_overview.html",
        {
            "awaiting": decisions.awaiting_approval(request.user)[:100],
            "due": decisions.due_for_review(request.user)[:100],
        },
    )
