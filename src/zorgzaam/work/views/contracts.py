"""Screens of SROI: contracts, their fulfilment and the building-block tables."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zorgzaam.accounts.permissions import requires
from zorgzaam.common.http import page_of, post_form

from .. import forms, selectors, services, sroi
from ..models import (
    BuildingBlockTable,
    FulfilmentEntry,
    TargetGroup,
)
from .base import SROI

# --- SROI ----------------------------------------------------------------------------------


@requires(SROI)
def contract_list(request):
    today = dt.date.today()
    balances = selectors.contract_balances(selectors.contract_list_for_actor(request.user), today)
    only_behind = request.GET.get("behind") == "1"
    if only_behind:
        balances = [b for b in balances if b.falling_behind]
    return render(
        request,
        "work/contract_list.html",
        {
            "balances": balances,
            "only_behind": only_behind,
            "today": today,
            "tolerance": int(selectors.BEHIND_TOLERANCE * 100),
        },
    )


@requires(SROI)
def contract_new(request):
    tables = BuildingBlockTable.objects.for_municipality(request.user.municipality)
    form = forms.ContractForm(request.POST or None, tables=tables)
    if not tables.exists():
        messages.warning(request, _("Add a building-block table first."))
        return redirect("work:table_list")
    if request.method == "POST":
        outcome = post_form(
            request,
            form,
            lambda f: services.contract_create(actor=request.user, **f.cleaned_data),
            _("The contract is added."),
            redirect_to=page_of("work:contract_detail"),
        )
        if isinstance(outcome, HttpResponseRedirect):
            return outcome
    return render(request, "work/contract_form.html", {"form": form})


def _contract_context(request, contract, form=None):
    today = dt.date.today()
    return {
        "contract": contract,
        "balance": selectors.contract_balance(contract, today),
        "entries": selectors.fulfilment_entries(contract, today),
        "form": form or forms.FulfilmentForm(),
        "today": today,
        "table": contract.table.as_table(),
    }


@requires(SROI)
def contract_detail(request, public_id):
    contract = selectors.contract_get_for_actor(request, public_id)
    form = forms.FulfilmentForm(request.POST or None)
    saved = (
        request.method == "POST"
        and post_form(
            request,
            form,
            lambda f: services.fulfilment_add(
                actor=request.user,
                contract=contract,
                **{k: v for k, v in f.cleaned_data.items() if v not in (None, "")},
            ),
            _("The fulfilment is added."),
        )
        is None
    )
    if saved:
        return redirect("work:contract_detail", public_id=contract.public_id)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "work/contract_detail.html",
        _contract_context(request, contract, form),
        status=status,
    )


@requires(SROI)
def table_list(request):
    """The municipality's building-block tables, and a form for a new one: the general
    settings and one row per target group, bonus and PSO level (amounts in euros), filled
    in with the newest table's values (or the defaults) to start from."""
    tables = BuildingBlockTable.objects.for_municipality(request.user.municipality)
    newest = tables.first()
    start = newest.as_table().to_mapping() if newest else sroi.DEFAULT_TABLE
    form = forms.TableForm(
        request.POST or None,
        initial={
            "name": _("Building blocks %(year)s") % {"year": dt.date.today().year},
            "valid_from": dt.date(dt.date.today().year, 1, 1),
            "full_time_hours": Decimal(str(start["full_time_hours"])),
            "social_enterprise_percentage": Decimal(str(start["social_enterprise_percentage"])),
            "custom_effort_hourly_rate": Decimal(str(start["custom_effort_hourly_rate"])),
        },
    )
    amounts = forms.amount_formset(request.POST or None, table=start)
    if request.method == "POST" and amounts.is_valid():
        outcome = post_form(
            request,
            form,
            lambda f: services.table_create(
                actor=request.user,
                name=f.cleaned_data["name"],
                valid_from=f.cleaned_data["valid_from"],
                data=amounts.table_data(f.cleaned_data),
            ),
            _("The building-block table is added."),
            redirect_to="work:table_list",
        )
        if isinstance(outcome, HttpResponseRedirect):
            return outcome
    rows = [(t, t.as_table()) for t in tables]
    return render(
        request,
        "work/table_list.html",
        {
            "tables": rows,
            "form": form,
            "amounts": amounts,
            "sections": _amount_sections(amounts),
            "started_from": newest,
            "groups": dict(TargetGroup.choices),
            "bonus_labels": dict(forms.FulfilmentForm.base_fields["bonuses"].choices),
            "pso_labels": dict(FulfilmentEntry.PsoLevel.choices),
        },
        status=400 if request.method == "POST" else 200,
    )


def _amount_sections(amounts) -> list[tuple[str, str, list]]:
    """The amount rows grouped for the page: (id, heading, forms)."""
    titles = {
        "target_groups": _("Value of a full-time year per target group"),
        "bonuses": _("Bonuses per full-time year"),
        "pso_levels": _("PSO certificate per year"),
    }
    return [
        (key, title, [f for f in amounts.forms if getattr(f, "section", "") == key])
        for key, title in titles.items()
    ]
