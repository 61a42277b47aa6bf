"""The hub coordinator's programme pages: change or cancel an activity, and who signed up."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.accounts.permissions import deny, requires
from zorgzaam.common.http import post_action, post_form
from zorgzaam.common.recurrence import describe_rule

from . import activities, hubs
from .models import Activity
from .views_hubs import ProposeForm


class ActivityForm(ProposeForm):
    """The proposal form's fields, filled with the activity as it is: its first session (which
    may stay in the past) and its own repetition, also one the proposal form does not offer
    (the demo's and imported activities say on which weekday: "elke dinsdag")."""

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].widget.format = "%Y-%m-%dT%H:%M"
        rrule = self.fields["rrule"]
        assert isinstance(rrule, forms.ChoiceField)
        choices = list(rrule.choices)  # type: ignore[arg-type]  # a plain list here
        if activity.rrule and activity.rrule not in {value for value, _label in choices}:
            label = describe_rule(activity.rrule, activity.starts_at, None)
            choices.insert(1, (activity.rrule, label or activity.rrule))
            rrule.choices = choices

    def clean_starts_at(self):
        value = self.cleaned_data["starts_at"]
        initial = self.initial.get("starts_at")
        if initial is not None and value == initial:
            return value
        if value < timezone.now():
            raise forms.ValidationError(_("Choose a moment in the future."))
        return value


def _managed(request, public_id) -> Activity:
    activity = hubs.activity_get(public_id)
    if not activities.can_manage(request.user, activity):
        deny(request, target=activity, reason="not the hub coordinator of this municipality")
    return activity


def _initial(activity: Activity) -> dict:
    return {
        "title": activity.title,
        "description": activity.description,
        "starts_at": timezone.localtime(activity.starts_at).replace(second=0, microsecond=0),
        "duration_minutes": activity.duration_minutes,
        "rrule": activity.rrule,
        "capacity": activity.capacity,
    }


@requires("socialmap.edit", person_level=True)
def activity_manage(request, public_id):
    """Change the activity (POST) and see every coming session with who holds a place and
    who waits (names and phone numbers, for the coordinator only)."""
    activity = _managed(request, public_id)
    form = ActivityForm(request.POST or None, initial=_initial(activity), activity=activity)
    editable = activity.status in (Activity.Status.PROPOSED, Activity.Status.APPROVED)
    if request.method == "POST" and editable:
        outcome = post_form(
            request,
            form,
            lambda f: activities.activity_update(
                actor=request.user, activity=activity, data=f.cleaned_data, request=request
            ),
            _("The activity has been changed."),
            redirect_to=reverse("socialmap:activity-manage", args=[activity.public_id]),
        )
        if isinstance(outcome, HttpResponseRedirect):
            return outcome
    sessions = activities.signups_by_session(activity)
    activities.signups_view_record(actor=request.user, activity=activity, request=request)
    return render(
        request,
        "socialmap/activity_manage.html",
        {
            "activity": activity,
            "hub": activity.hub,
            "form": form,
            "editable": editable,
            "sessions": sessions,
            "signed_up": sum(len(s.confirmed) + len(s.waiting) for s in sessions),
        },
        status=400 if request.method == "POST" else 200,
    )


@requires("socialmap.edit", person_level=True)
@require_POST
def activity_cancel(request, public_id):
    activity = _managed(request, public_id)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that the activity is cancelled."))
        return redirect("socialmap:activity-manage", activity.public_id)
    cancelled = post_action(
        request,
        lambda: activities.activity_cancel(actor=request.user, activity=activity, request=request),
        lambda told: (
            _("The activity has been cancelled. %(n)s people who signed up are told.") % {"n": told}
            if told
            else _("The activity has been cancelled.")
        ),
    )
    if not cancelled:
        return redirect("socialmap:activity-manage", activity.public_id)
    return redirect("socialmap:proposals", activity.hub.public_id)
