"""Community hubs ("Huis van Alles"): programme, iCalendar feed, proposals and decisions,
sign-ups with waiting list, attendance."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zorgzaam.accounts.permissions import actor_can, deny, public, requires
from zorgzaam.common.errors import ApplicationError
from zorgzaam.common.http import post_action, post_form

from . import hubs
from .forms import CouncilMemberForm, HubForm
from .models import Activity, Hub, SignUp
from .views import _municipality


class ProposeForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("What"), max_length=120)
    description = forms.CharField(
        label=gettext_lazy("Description"), widget=forms.Textarea, required=False, max_length=2000
    )
    starts_at = forms.DateTimeField(
        label=gettext_lazy("First time (date and time)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    duration_minutes = forms.IntegerField(
        label=gettext_lazy("Duration (minutes)"), min_value=15, max_value=720, initial=90
    )
    rrule = forms.ChoiceField(
        label=gettext_lazy("Repeats"),
        required=False,
        choices=[
            ("", gettext_lazy("once")),
            ("FREQ=WEEKLY", gettext_lazy("every week")),
            ("FREQ=WEEKLY;INTERVAL=2", gettext_lazy("every two weeks")),
            ("FREQ=MONTHLY", gettext_lazy("every month")),
        ],
    )
    capacity = forms.IntegerField(
        label=gettext_lazy("Places"),
        min_value=1,
        max_value=1000,
        required=False,
        help_text=gettext_lazy("empty: no limit"),
    )

    def clean_starts_at(self):
        value = self.cleaned_data["starts_at"]
        if value < timezone.now():
            raise forms.ValidationError(_("Choose a moment in the future."))
        return value


@public
def hub_list(request):
    municipality = _municipality(request)
    return render(
        request,
        "socialmap/hub_list.html",
        {"hubs": hubs.hub_list_with_contact(municipality), "municipality": municipality},
    )


@public
def hub_detail(request, public_id):
    hub = hubs.hub_get(public_id)
    user = request.user
    my_signups = {}
    if getattr(user, "is_authenticated", False):
        for signup in (
            SignUp.objects.filter(user=user, session__activity__hub=hub)
            .exclude(status=SignUp.Status.CANCELLED)
            .select_related("session")
        ):
            my_signups[(signup.session.activity_id, signup.session.starts_at)] = signup
    items = hubs.programme(hub)
    for item in items:
        item["mine"] = my_signups.get((item["activity"].pk, item["starts_at"]))
    return render(
        request,
        "socialmap/hub_detail.html",
        {
            "hub": hub,
            "contact": hubs.hub_contact(hub),
            "programme": items,
            "council": hub.council.select_related("person").order_by("role", "pk"),
            "can_signup": actor_can(user, "socialmap.signup")
            and user.municipality_id == hub.municipality_id,
            "can_propose": actor_can(user, "socialmap.propose")
            and user.municipality_id == hub.municipality_id,
            "can_decide": hubs.can_decide(user, hub),
            "can_manage": actor_can(user, "socialmap.edit")
            and user.municipality_id == hub.municipality_id,
        },
    )


@public
def hub_ical(request, public_id):
    hub = hubs.hub_get(public_id)
    response = HttpResponse(hubs.hub_ical(hub), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="huis-van-alles-{hub.public_id}.ics"'
    return response


@requires("socialmap.propose")
def activity_propose(request, public_id):
    hub = hubs.hub_get(public_id)
    if request.user.municipality_id != hub.municipality_id:
        deny(request, target=hub, reason="hub of another municipality")
    form = ProposeForm(request.POST or None)
    if (
        request.method == "POST"
        and post_form(
            request,
            form,
            lambda f: hubs.activity_propose(actor=request.user, hub=hub, data=f.cleaned_data),
            _("Thank you! The programme council will look at it."),
        )
        is None
    ):
        return redirect("socialmap:hub", hub.public_id)
    return render(request, "socialmap/activity_propose.html", {"hub": hub, "form": form})


@requires("socialmap.propose")
def proposals(request, public_id):
    hub = hubs.hub_get(public_id)
    if not hubs.can_decide(request.user, hub):
        deny(request, target=hub, reason="not in the programme council")
    pending = hub.activities.filter(status=Activity.Status.PROPOSED).select_related("organiser")
    past = hubs.past_sessions(hub)
    running = (
        hub.activities.filter(status=Activity.Status.APPROVED).order_by("title")
        if actor_can(request.user, "socialmap.edit")
        else None
    )
    return render(
        request,
        "socialmap/proposals.html",
        {"hub": hub, "pending": pending, "past": past, "running": running},
    )


def _decider_activity(request, public_id) -> Activity:
    activity = hubs.activity_get(public_id)
    if not hubs.can_decide(request.user, activity.hub):
        deny(request, target=activity, reason="not in the programme council")
    return activity


@requires("socialmap.propose")
@require_POST
def activity_decide(request, public_id):
    activity = _decider_activity(request, public_id)
    approve = request.POST.get("decision") == "approve"
    post_action(
        request,
        lambda: hubs.activity_decide(actor=request.user, activity=activity, approve=approve),
        _("Approved.") if approve else _("Declined."),
    )
    return redirect("socialmap:proposals", activity.hub.public_id)


def _moment(request) -> datetime:
    try:
        moment = datetime.fromisoformat(request.POST.get("starts_at", ""))
    except ValueError as exc:
        raise Http404 from exc
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


@requires("socialmap.propose")
@require_POST
def attendance(request, public_id):
    activity = _decider_activity(request, public_id)
    try:
        count = int(request.POST.get("attendance", ""))
    except ValueError:
        messages.error(request, _("Attendance is a whole number."))
    else:
        post_action(
            request,
            lambda: hubs.attendance_record(
                actor=request.user, activity=activity, starts_at=_moment(request), count=count
            ),
            _("Attendance saved."),
        )
    return redirect("socialmap:proposals", activity.hub.public_id)


@requires("socialmap.signup")
@require_POST
def signup(request, public_id):
    activity = hubs.activity_get(public_id)
    if activity.municipality_id != request.user.municipality_id:
        deny(request, target=activity, reason="activity of another municipality")
    try:
        result = hubs.signup_create(
            actor=request.user, activity=activity, starts_at=_moment(request)
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        if result.status == SignUp.Status.CONFIRMED:
            messages.success(request, _("You are signed up. See you there!"))
        else:
            messages.warning(request, _("It is full: you are on the waiting list."))
    return redirect("socialmap:hub", activity.hub.public_id)


@requires("socialmap.signup")
@require_POST
def signup_cancel(request, public_id):
    found = SignUp.objects.filter(public_id=public_id).select_related("session__activity__hub")
    found = found.first()
    if found is None:
        raise Http404
    if found.user_id != request.user.pk:
        deny(request, target=found, reason="not your sign-up")
    hubs.signup_cancel(actor=request.user, signup=found)
    messages.success(request, _("Your sign-up is cancelled."))
    return redirect("socialmap:hub", found.session.activity.hub.public_id)


@requires("socialmap.signup")
def my_signups(request):
    items = (
        SignUp.objects.filter(user=request.user, session__starts_at__gte=timezone.now())
        .exclude(status=SignUp.Status.CANCELLED)
        .select_related("session__activity__hub")
        .order_by("session__starts_at")
    )
    return render(request, "socialmap/my_signups.html", {"signups": items})


# --- managing hubs and programme councils (socialmap.edit; object access in hubs.*_get_for_*)
# The council pages show residents' full names and take their e-mail addresses (the public hub
# page shows first names only), so they are person-level: a second factor for the MFA roles.
@requires("socialmap.edit")
def hub_manage(request):
    return render(
        request,
        "socialmap/hub_manage.html",
        {"hubs": hubs.hub_list(request.user.municipality).annotate(n_council=Count("council"))},
    )


def _hub_save(request, hub):
    form = HubForm(request.POST or None, municipality=request.user.municipality, hub=hub)
    if request.method == "POST":
        outcome = post_form(
            request,
            form,
            lambda f: hubs.hub_save(actor=request.user, hub=hub, data=f.cleaned_data),
            _("Saved."),
            # A new hub goes on to its programme council; an edited one back to the list.
            redirect_to=lambda saved: (
                reverse("socialmap:hub-council", args=[saved.public_id])
                if hub is None
                else reverse("socialmap:hub-manage")
            ),
        )
        if isinstance(outcome, HttpResponseRedirect):
            return outcome
    return render(
        request,
        "socialmap/hub_form.html",
        {
            "form": form,
            "hub": hub,
            "versions": hubs.hub_versions(hub)[:20] if hub is not None else [],
        },
    )


@requires("socialmap.edit")
def hub_create(request):
    return _hub_save(request, None)


@requires("socialmap.edit")
def hub_edit(request, public_id):
    return _hub_save(request, hubs.hub_get_for_manager(request, public_id))


@requires("socialmap.edit", person_level=True)
def hub_council(request, public_id):
    hub = hubs.hub_get_for_manager(request, public_id)
    form = CouncilMemberForm(request.POST or None)
    if (
        request.method == "POST"
        and post_form(
            request,
            form,
            lambda f: hubs.council_member_add(actor=request.user, hub=hub, **f.cleaned_data),
            _("Added to the programme council."),
        )
        is None
    ):
        return redirect("socialmap:hub-council", hub.public_id)
    return render(
        request,
        "socialmap/hub_council.html",
        {
            "hub": hub,
            "form": form,
            "council": hubs.council_for_manager(request, hub),
        },
    )


@requires("socialmap.edit", person_level=True)
@require_POST
def hub_council_remove(request, public_id):
    member = hubs.council_member_get_for_manager(request, public_id)
    post_action(
        request,
        lambda: hubs.council_member_remove(actor=request.user, member=member),
        _("Removed from the programme council."),
    )
    return redirect("socialmap:hub-council", member.hub.public_id)


__all__ = ["Hub"]
