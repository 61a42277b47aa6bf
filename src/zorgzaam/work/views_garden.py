"""Screens of the food garden: its work-experience places, volunteer shifts and produce for
the food bank. Views parse, call one service or selector, and render."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.accounts.permissions import requires
from zorgzaam.audit.services import audit_record
from zorgzaam.common.http import page_of, post_form

from . import events, forms_garden, garden, selectors
from .views import _balance_label

COORD = "work.coordinate"


def _contracts(user):
    balances = selectors.open_contracts_for_placements(user, dt.date.today())
    return [(b.contract, _balance_label(b)) for b in balances]


def _new_form(request, data=None):
    user = request.user
    return forms_garden.GardenForm(
        data,
        employers=selectors.employer_list_for_actor(user).filter(active=True),
        hubs=garden.hub_choices(user.municipality),
    )


@requires(COORD, person_level=True)
def garden_list(request):
    return _list_page(request, _new_form(request))


def _list_page(request, form, status=200):
    return render(
        request,
        "work/garden_list.html",
        {"gardens": garden.garden_list_for_actor(request.user), "form": form},
        status=status,
    )


@requires(COORD, person_level=True)
@require_POST
def garden_new(request):
    form = _new_form(request, request.POST)
    outcome = post_form(
        request,
        form,
        lambda f: garden.garden_create(
            actor=request.user,
            name=f.cleaned_data["name"],
            employer=f.cleaned_data["employer"],
            place=f.cleaned_data["place"],
            food_bank=f.cleaned_data["food_bank"],
            hub_public_id=f.cleaned_data["hub"] or None,
            description=f.cleaned_data["description"],
        ),
        _("The food garden is registered."),
        redirect_to=page_of("work:garden_detail"),
    )
    if isinstance(outcome, HttpResponseRedirect):
        return outcome
    return _list_page(request, form, status=400)


def _detail(request, food_garden, status=200, **forms):
    today = dt.date.today()
    on_places = garden.places(food_garden)
    for placement in on_places.placements:
        audit_record(
            event=events.GARDEN_VIEWED,
            request=request,
            target=food_garden,
            subject_id=placement.job_seeker.person.public_id,
        )
    if not on_places.placements:
        audit_record(event=events.GARDEN_VIEWED, request=request, target=food_garden)
    shift_rows, candidates = garden.shifts(food_garden)
    context = {
        "garden": food_garden,
        "places": on_places,
        "sroi_total": garden.sroi_to_date(on_places.placements, today),
        "shifts": shift_rows,
        "candidates": candidates,
        "months": garden.produce_by_month(food_garden),
        "year_total": garden.produce_this_year(food_garden),
        "deliveries": food_garden.deliveries.all()[:12],
        "place_form": forms_garden.PlaceForm(
            initial={"start": today, "hours_per_week": 16},
            seekers=garden.active_job_seekers(request.user),
            contracts=_contracts(request.user),
        ),
        "shift_form": forms_garden.ShiftForm(activities=candidates),
        "produce_form": forms_garden.ProduceForm(initial={"delivered_on": today}),
        "today": today,
    }
    context.update(forms)
    return render(request, "work/garden_detail.html", context, status=status)


@requires(COORD, person_level=True)
def garden_detail(request, public_id):
    return _detail(request, garden.garden_get_for_actor(request, public_id))


def _post(request, food_garden, form, name, action, message, anchor):
    outcome = post_form(
        request,
        form,
        lambda f: action(f.cleaned_data),
        message,
        redirect_to=reverse("work:garden_detail", args=[food_garden.public_id]) + anchor,
    )
    if isinstance(outcome, HttpResponseRedirect):
        return outcome
    return _detail(request, food_garden, status=400, **{name: form})


@requires(COORD, person_level=True)
@require_POST
def garden_place(request, public_id):
    food_garden = garden.garden_get_for_actor(request, public_id)
    form = forms_garden.PlaceForm(
        request.POST,
        seekers=garden.active_job_seekers(request.user),
        contracts=_contracts(request.user),
    )
    return _post(
        request,
        food_garden,
        form,
        "place_form",
        lambda d: garden.garden_place(actor=request.user, garden=food_garden, **d),
        _("The job seeker is placed on a work-experience place of the garden."),
        "#places",
    )


@requires(COORD, person_level=True)
@require_POST
def garden_shift(request, public_id):
    food_garden = garden.garden_get_for_actor(request, public_id)
    _rows, candidates = garden.shifts(food_garden)
    form = forms_garden.ShiftForm(request.POST, activities=candidates)
    return _post(
        request,
        food_garden,
        form,
        "shift_form",
        lambda d: garden.shift_link(
            actor=request.user,
            garden=food_garden,
            activity_public_id=d["activity"],
            task=d["task"],
        ),
        _("The activity is a volunteer shift of the garden."),
        "#shifts",
    )


@requires(COORD, person_level=True)
@require_POST
def garden_produce(request, public_id):
    food_garden = garden.garden_get_for_actor(request, public_id)
    form = forms_garden.ProduceForm(request.POST)
    return _post(
        request,
        food_garden,
        form,
        "produce_form",
        lambda d: garden.produce_record(actor=request.user, garden=food_garden, **d),
        _("The delivery to the food bank is recorded."),
        "#produce",
    )
