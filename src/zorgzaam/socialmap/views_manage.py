"""Editing the social map (hub coordinators and administrators): list, stale items, create,
edit, verify, version history."""

from __future__ import annotations

import contextlib

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.accounts.permissions import requires
from zorgzaam.common.errors import ApplicationError, add_form_error
from zorgzaam.common.http import safe_next

from . import selectors, services
from .forms import SUB_RECORDS, ServiceForm
from .models import ItemVersion, Service


@requires("socialmap.edit")
def manage(request):
    municipality = request.user.municipality
    try:
        months = max(1, min(int(request.GET.get("months", 12)), 120))
    except ValueError:
        months = 12
    items = Service.objects.for_municipality(municipality).select_related("area")
    text = request.GET.get("q", "").strip()
    if text:
        items = items.filter(name__icontains=text)
    page = Paginator(items.order_by("name", "pk"), 50).get_page(request.GET.get("page"))
    stale = selectors.services_stale(municipality, months=months)
    return render(
        request,
        "socialmap/manage.html",
        {
            "page": page,
            "q": text,
            "months": months,
            "stale": stale[:50],
            "stale_count": stale.count(),
        },
    )


def _formsets(request, service) -> list[dict]:
    """The sub-record formsets of the editor (contacts, cost options, languages), bound to
    the POST or filled with the service's stored rows."""
    stored = selectors.service_sub_records(service) if service is not None else {}
    extra_codes = [(r["code"], r["name"]) for r in stored.get("languages", []) if r["code"]]
    data = request.POST or None
    adding = request.POST.get("add_row", "")
    if data is not None and adding in {p for p, *_rest in SUB_RECORDS}:
        # "Add a row" without JavaScript: the same input with one more empty row.
        data = data.copy()
        key = f"{adding}-TOTAL_FORMS"
        with contextlib.suppress(ValueError):
            data[key] = str(min(int(data.get(key, "0")) + 1, 20))
    out = []
    for prefix, formset_class, legend, row_legend, add_label in SUB_RECORDS:
        initial = [{"ref": r["id"], **r} for r in stored.get(prefix, [])]
        kwargs = {"form_kwargs": {"extra_codes": extra_codes}} if prefix == "languages" else {}
        # A POST without this formset's management form (an older client) leaves the
        # stored rows untouched.
        sent = data is not None and f"{prefix}-TOTAL_FORMS" in data
        formset = formset_class(
            data if sent else None, prefix=prefix, initial=initial or None, **kwargs
        )
        out.append(
            {
                "prefix": prefix,
                "sent": sent,
                "formset": formset,
                "legend": legend,
                "add_label": add_label,
                "rows": [(form, row_legend % {"n": n}) for n, form in enumerate(formset.forms, 1)],
            }
        )
    return out


def _save(request, service):
    form = ServiceForm(request.POST or None, instance=service)
    formsets = _formsets(request, service)
    if request.method == "POST":
        # Validate everything, so every error is shown at once and no input is lost.
        valid = form.is_valid()
        valid = all([fs["formset"].is_valid() for fs in formsets if fs["sent"]]) and valid
        if valid and not request.POST.get("add_row"):
            data = {k: form.cleaned_data[k] for k in (*ServiceForm.Meta.fields, *ServiceForm.EXTRA)}
            sub_records = {fs["prefix"]: fs["formset"].rows() for fs in formsets if fs["sent"]}
            # The form wrote into its instance; the service compares against the stored row.
            stored = Service.objects.get(pk=service.pk) if service is not None else None
            try:
                saved = services.service_save(
                    actor=request.user, service=stored, data=data, sub_records=sub_records
                )
            except ApplicationError as exc:
                add_form_error(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("socialmap:detail", saved.public_id)
    return render(
        request,
        "socialmap/service_form.html",
        {
            "form": form,
            "service": service,
            "formsets": formsets,
            "has_errors": request.method == "POST"
            and (
                bool(form.errors)
                or any(fs["formset"].total_error_count() for fs in formsets if fs["sent"])
            ),
        },
    )


@requires("socialmap.edit")
def service_create(request):
    return _save(request, None)


@requires("socialmap.edit")
def service_edit(request, public_id):
    return _save(request, selectors.service_get_for_editor(request, public_id))


@requires("socialmap.edit")
@require_POST
def service_verify(request, public_id):
    service = selectors.service_get_for_editor(request, public_id)
    services.service_verify(actor=request.user, service=service)
    messages.success(request, _("Marked as verified today."))
    return redirect(safe_next(request, "socialmap:manage"))


@requires("socialmap.edit")
def service_versions(request, public_id):
    service = selectors.service_get_for_editor(request, public_id)
    versions = ItemVersion.objects.filter(item_id=service.public_id).select_related("actor")
    return render(
        request, "socialmap/versions.html", {"service": service, "versions": versions[:100]}
    )
