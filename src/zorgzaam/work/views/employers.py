"""Screens of employers."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zorgzaam.accounts.permissions import requires
from zorgzaam.common.http import page_of, post_form

from .. import forms, selectors, services, vocab
from ..models import (
    OfferKind,
    Placement,
)
from .base import COORD, _labels

# --- employers -----------------------------------------------------------------------------


@requires(COORD)
def employer_list(request):
    qs = selectors.employer_list_for_actor(request.user)
    sector = request.GET.get("sector", "")
    if sector in vocab.SECTORS:
        qs = qs.filter(sector=sector)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "work/employer_list.html",
        {"page": page, "sector": sector, "sectors": forms.term_choices(vocab.SECTORS)},
    )


@requires(COORD)
def employer_new(request):
    form = forms.EmployerForm(request.POST or None)
    if request.method == "POST":
        outcome = post_form(
            request,
            form,
            lambda f: services.employer_create(actor=request.user, **f.service_kwargs()),
            _("The employer is added."),
            redirect_to=page_of("work:employer_detail"),
        )
        if isinstance(outcome, HttpResponseRedirect):
            return outcome
    return render(request, "work/employer_form.html", {"form": form})


@requires(COORD)
def employer_detail(request, public_id):
    employer = selectors.employer_get_for_actor(request, public_id)
    running = employer.placements.filter(outcome=Placement.Outcome.OPEN)
    offers = [
        {
            "label": OfferKind(k).label,
            "capacity": employer.capacity(k),
            "taken": running.filter(kind=k).count(),
        }
        for k in OfferKind.values
        if employer.capacity(k)
    ]
    return render(
        request,
        "work/employer_detail.html",
        {
            "employer": employer,
            "offers": offers,
            "skills": _labels(employer.skills, vocab.SKILLS),
            "sector": _labels([employer.sector], vocab.SECTORS)[0],
        },
    )


@requires(COORD)
def employer_edit(request, public_id):
    employer = selectors.employer_get_for_actor(request, public_id)
    form = forms.EmployerEditForm(
        request.POST or None, initial=forms.EmployerEditForm.initial_for(employer)
    )
    saved = (
        request.method == "POST"
        and post_form(
            request,
            form,
            lambda f: services.employer_update(
                actor=request.user, employer=employer, **f.service_kwargs()
            ),
            _("The changes are saved."),
        )
        is None
    )
    if saved:
        return redirect("work:employer_detail", public_id=employer.public_id)
    return render(request, "work/employer_form.html", {"form": form, "employer": employer})
