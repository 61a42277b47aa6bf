"""Editing the social map (hub coordinators and administrators): list, stale items, create,
edit, verify, version history."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.accounts.permissions import requires
from zorgzaam.common.errors import ApplicationError

from . import selectors, services
from .forms import ServiceForm
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


def _save(request, service):
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in (*ServiceForm.Meta.fields, *ServiceForm.EXTRA)}
        # The form wrote into its instance; the service compares against the stored row.
        stored = Service.objects.get(pk=service.pk) if service is not None else None
        try:
            saved = services.service_save(actor=request.user, service=stored, data=data)
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("socialmap:detail", saved.public_id)
    return render(request, "socialmap/service_form.html", {"form": form, "service": service})


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
    return redirect(request.POST.get("next") or "socialmap:manage")


@requires("socialmap.edit")
def service_versions(request, public_id):
    service = selectors.service_get_for_editor(request, public_id)
    versions = ItemVersion.objects.filter(item_id=service.public_id).select_related("actor")
    return render(
        request, "socialmap/versions.html", {"service": service, "versions": versions[:100]}
    )
