"""The volunteer's tasks, profile and hours; a buddy's check-in."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.accounts.permissions import requires
from zorgzaam.audit.services import audit_record
from zorgzaam.common.http import post_form

from .. import selectors, services
from ..forms import (
    CheckInForm,
    DeclineForm,
    DoneForm,
    VolunteerProfileForm,
    slots_mask,
)
from ..models import BuddyPairing, HelpRequest, Proposal
from .base import (
    _change,
    _profile_values,
    _submit,
    skill_label,
)


# --------------------------------------------------------------------------- volunteer
@requires("help.volunteer")
def tasks(request):
    profile = selectors.volunteer_profile_of(request.user)
    proposals = selectors.proposal_list_for_volunteer(request.user)
    offered = proposals.filter(status=Proposal.Status.OFFERED, request__status="proposed")
    mine = proposals.filter(status=Proposal.Status.ACCEPTED, request__status__in=HelpRequest.ACTIVE)
    pairings = (
        BuddyPairing.objects.filter(
            volunteer=profile, status=BuddyPairing.Status.ACTIVE
        ).select_related("request", "requester")
        if profile
        else []
    )
    return render(
        request,
        "help/tasks.html",
        {
            "profile": profile,
            "offered": offered,
            "mine": mine,
            "pairings": pairings,
            "hours": selectors.volunteer_hours(profile) if profile else None,
            "skill_label": skill_label,
        },
    )


@requires("help.volunteer")
def task(request, public_id):
    proposal = selectors.proposal_get_for_volunteer(request, public_id)
    return _task_page(request, proposal)


def _task_page(request, proposal, *, done_form=None):
    show_contact = selectors.contact_visible(proposal)
    if show_contact:
        audit_record(
            event="help.contact.view",
            request=request,
            target=proposal.request,
            subject_id=proposal.request.requester.public_id,
            fields=["address", "phone"],
        )
    return render(
        request,
        "help/task.html",
        {
            "proposal": proposal,
            "obj": proposal.request,
            "show_contact": show_contact,
            "decline_form": DeclineForm(),
            "done_form": done_form if done_form is not None else DoneForm(),
            "pairing": BuddyPairing.objects.filter(request=proposal.request).first(),
            "skill_label": skill_label,
        },
    )


@requires("help.volunteer")
@require_POST
def task_accept(request, public_id):
    proposal = selectors.proposal_get_for_volunteer(request, public_id)
    _change(
        request,
        services.proposal_accept,
        proposal=proposal,
        done=_("Thank you! You can now see the address and phone number."),
    )
    return redirect("help:task", public_id=proposal.public_id)


@requires("help.volunteer")
@require_POST
def task_decline(request, public_id):
    proposal = selectors.proposal_get_for_volunteer(request, public_id)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose why you decline."))
        return redirect("help:task", public_id=proposal.public_id)
    _change(
        request,
        services.proposal_decline,
        proposal=proposal,
        reason=form.cleaned_data["reason"],
        done=_("Thank you for letting us know."),
    )
    return redirect("help:tasks")


@requires("help.volunteer")
@require_POST
def task_done(request, public_id):
    proposal = selectors.proposal_get_for_volunteer(request, public_id)
    if not selectors.contact_visible(proposal):
        raise Http404
    form = DoneForm(request.POST)
    outcome = _submit(
        request,
        form,
        services.help_request_complete,
        help_request=proposal.request,
        done=_("Marked as done. Thank you for helping!"),
    )
    if outcome == "invalid":
        messages.error(request, _("Check the hours."))
        return _task_page(request, proposal, done_form=form)
    return redirect("help:tasks")


@requires("help.volunteer")
def volunteer_profile(request):
    """The volunteer's own profile: skills, languages, times, radius, load, pause."""
    person = getattr(request.user, "person", None)
    if person is None:
        messages.error(
            request, _("Your account is not linked to a person yet; ask your coordinator.")
        )
        return redirect("help:tasks")
    profile = selectors.volunteer_profile_of(request.user)
    initial = (
        VolunteerProfileForm.initial_of(profile)
        if profile
        else {"radius_km": 5, "max_active_tasks": 2, "languages": ["nl"]}
    )
    form = VolunteerProfileForm(request.POST or None, initial=initial)

    def save(form):
        data = form.cleaned_data
        changes = {
            "skills": data["skills"],
            "languages": data["languages"],
            "availability": slots_mask(data["availability"]),
            "radius_km": data["radius_km"],
            "max_active_tasks": data["max_active_tasks"],
            "paused": data["paused"],
            "paused_until": data["paused_until"],
            "preferences": data["preferences"],
        }
        base = _profile_values(profile) if profile else {}
        services.volunteer_profile_save(person=person, actor=request.user, **{**base, **changes})

    done = _("Your volunteer profile has been saved.")
    if request.method == "POST" and post_form(request, form, save, done) is None:
        return redirect("help:tasks")
    return render(request, "help/volunteer_profile.html", {"form": form, "profile": profile})


@requires("help.volunteer")
def volunteer_hours(request):
    """The volunteer's own hours: totals per year and per month, and every task done."""
    profile = selectors.volunteer_profile_of(request.user)
    if profile is None:
        messages.error(request, _("You have no volunteer profile yet."))
        return redirect("help:tasks")
    return render(
        request,
        "help/volunteer_hours.html",
        {"summary": selectors.volunteer_hours(profile), "skill_label": skill_label},
    )


# --------------------------------------------------------------------------- buddies
@requires("help.buddy")
def buddy_checkin(request, public_id):
    pairing = selectors.pairing_get_for_actor(request, public_id)
    form = CheckInForm(request.POST or None)

    def record(form):
        services.buddy_checkin_record(
            pairing=pairing,
            actor=request.user,
            going_well=form.cleaned_data["going_well"],
            note=form.cleaned_data["note"],
            request=request,
        )

    done = _("Check-in recorded. Thank you.")
    if request.method == "POST" and post_form(request, form, record, done) is None:
        return redirect("web:home")
    # The pairing (names, earlier check-in notes) is shown: also when the form comes back.
    audit_record(
        event="help.request.view",
        request=request,
        target=pairing.request,
        subject_id=pairing.requester.public_id,
    )
    return render(
        request,
        "help/buddy_checkin.html",
        {"form": form, "pairing": pairing, "earlier": pairing.checkins.all()[:5]},
    )
