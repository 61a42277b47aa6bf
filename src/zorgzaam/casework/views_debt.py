"""Views of the debt-help track (household routes: need-to-know and the second factor, as
every case view) and of the debt-buddy pool. Thin: parse, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.accounts.permissions import actor_can, requires
from zorgzaam.audit.services import audit_record
from zorgzaam.common.http import post_action, post_form
from zorgzaam.tenancy.models import Area

from . import charts, debt, forms_debt, permissions

VIEW = "casework.view"
EDIT = "casework.edit"


def _page(request, household, status=200, **forms):
    permissions.audit_case(request, "case.view", household)
    track = debt.track_of(household)
    points = debt.finance_over_time(household)
    context = {
        "household": household,
        "track": track,
        "can_edit": actor_can(request.user, EDIT) and household.status == household.Status.OPEN,
        "points": points,
        "chart": charts.domain_over_time_svg(
            points,
            title=_("ZRM finance domain over time"),
            description=_("The finance score of every ZRM measurement, oldest first, 1 to 5."),
        ),
        "start_form": forms_debt.TrackForm(),
        "goal_form": forms_debt.RecoveryGoalForm(),
        "status_form": forms_debt.GoalStatusForm(),
    }
    if track is not None:
        goals = list(debt.goals_of(track))
        context["goals"] = goals
        context["cards"] = debt.cards_for(household) if track.status == "active" else []
        context["update_form"] = forms_debt.TrackUpdateForm(
            initial={
                "situation": track.situation,
                "creditors": track.creditors,
                "debt_total": track.debt_total,
                "status": track.status,
            }
        )
    context.update(forms)
    return render(request, "casework/debt.html", context, status=status)


def _household(request, household_id):
    return permissions.household_get_for_actor(request, household_id, event=None)


def _back(household, anchor=""):
    return redirect(reverse("casework:debt", args=[household.public_id]) + anchor)


@requires(VIEW, person_level=True)
def debt_track(request, household_id):
    return _page(request, _household(request, household_id))


@requires(EDIT, person_level=True)
@require_POST
def debt_start(request, household_id):
    household = _household(request, household_id)
    form = forms_debt.TrackForm(request.POST)
    failed = post_form(
        request,
        form,
        lambda f: debt.track_start(
            actor=request.user, household=household, request=request, **f.cleaned_data
        ),
        _("The debt-help track is started. Add the recovery goals."),
    )
    if failed is not None:
        return _page(request, household, status=400, start_form=failed)
    return _back(household, "#goals")


def _track(household):
    track = debt.track_of(household)
    if track is None:
        raise Http404
    return track


@requires(EDIT, person_level=True)
@require_POST
def debt_update(request, household_id):
    household = _household(request, household_id)
    track = _track(household)
    form = forms_debt.TrackUpdateForm(request.POST)
    failed = post_form(
        request,
        form,
        lambda f: debt.track_update(
            actor=request.user, track=track, request=request, **f.cleaned_data
        ),
        _("The debt-help track is saved."),
    )
    if failed is not None:
        return _page(request, household, status=400, update_form=failed)
    return _back(household)


@requires(EDIT, person_level=True)
@require_POST
def debt_goal_add(request, household_id):
    household = _household(request, household_id)
    track = _track(household)
    form = forms_debt.RecoveryGoalForm(request.POST)
    failed = post_form(
        request,
        form,
        lambda f: debt.goal_add(actor=request.user, track=track, request=request, **f.cleaned_data),
        _("The recovery goal is added."),
    )
    if failed is not None:
        return _page(request, household, status=400, goal_form=failed)
    return _back(household, "#goals")


@requires(EDIT, person_level=True)
@require_POST
def debt_goal_status(request, household_id, goal_id):
    household = _household(request, household_id)
    goal = debt.goal_get(_track(household), goal_id)
    form = forms_debt.GoalStatusForm(request.POST)
    failed = post_form(
        request,
        form,
        lambda f: debt.goal_set_status(
            actor=request.user, goal=goal, status=f.cleaned_data["status"], request=request
        ),
        _("The recovery goal is saved."),
    )
    if failed is not None:
        return _page(request, household, status=400, status_form=failed)
    return _back(household, "#goals")


@requires(EDIT, person_level=True)
@require_POST
def debt_link(request, household_id):
    household = _household(request, household_id)
    track = _track(household)
    form = forms_debt.LinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a recovery goal for this resource."))
        return _back(household, "#cards")
    goal = debt.goal_get(track, form.cleaned_data["goal"])
    linked = post_action(
        request,
        lambda: debt.card_link(
            actor=request.user, goal=goal, key=form.cleaned_data["key"], request=request
        ),
        _("The resource is linked to the recovery goal."),
    )
    return _back(household, "#goals" if linked else "#cards")


# --- The debt-buddy pool -----------------------------------------------------------------


def _villages(municipality):
    return Area.objects.filter(municipality=municipality).order_by("name")


def _pool_page(request, form=None, status=200):
    municipality = request.user.municipality
    audit_record(
        event="case.debt_buddy_list", request=request, target=("casework.debtbuddy", "list")
    )
    can_edit = actor_can(request.user, EDIT)
    if can_edit and form is None:
        form = forms_debt.BuddyForm(areas=_villages(municipality))
    return render(
        request,
        "casework/debt_buddies.html",
        {"buddies": debt.buddy_pool(municipality), "form": form if can_edit else None},
        status=status,
    )


@requires(VIEW, person_level=True)
def debt_buddies(request):
    return _pool_page(request)


@requires(EDIT, person_level=True)
@require_POST
def debt_buddy_add(request):
    form = forms_debt.BuddyForm(request.POST, areas=_villages(request.user.municipality))
    failed = post_form(
        request,
        form,
        lambda f: debt.buddy_add(actor=request.user, **f.cleaned_data),
        _("The debt buddy is added to the pool."),
    )
    if failed is not None:
        return _pool_page(request, form=failed, status=400)
    return redirect("casework:debt_buddies")
