"""The resident's own requests and concerns."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.accounts.permissions import requires
from zorgzaam.common.http import post_form

from .. import selectors, services
from ..constants import SubmittedVia
from ..forms import (
    ConcernForm,
    ResidentRequestForm,
)
from .base import (
    _change,
    _create_request,
    skill_label,
)


# --------------------------------------------------------------------------- resident
@requires("help.request")
def my_requests(request):
    items = selectors.help_request_list_for_resident(request.user)
    has_person = getattr(request.user, "person", None) is not None
    return render(
        request,
        "help/my_requests.html",
        {"items": items, "has_person": has_person, "skill_label": skill_label},
    )


@requires("help.request")
def my_request_new(request):
    person = getattr(request.user, "person", None)
    if person is None:
        return redirect("help:ask")
    form = ResidentRequestForm(request.POST or None, initial={"language": "nl"})

    def create(form):
        _create_request(
            request,
            form,
            municipality=request.user.municipality,
            requester=person,
            via=SubmittedVia.SELF,
            kind=form.cleaned_data["kind"],
            submitted_by=request.user,
        )

    done = _("Thank you. We are looking for a volunteer nearby.")
    if request.method == "POST" and post_form(request, form, create, done) is None:
        return redirect("help:my_requests")
    return render(request, "help/my_request_new.html", {"form": form})


@requires("help.request")
def my_request(request, public_id):
    obj = selectors.help_request_get_for_resident(request, public_id)
    return render(
        request,
        "help/my_request.html",
        {
            "obj": obj,
            "skill_label": skill_label,
            "volunteer_first_name": selectors.helper_first_name(obj),
        },
    )


@requires("help.request")
@require_POST
def my_request_cancel(request, public_id):
    obj = selectors.help_request_get_for_resident(request, public_id)
    _change(
        request,
        services.help_request_cancel,
        help_request=obj,
        done=_("Your request has been cancelled."),
    )
    return redirect("help:my_requests")


@requires("help.concern")
def concern_new(request, public_id):
    obj = selectors.help_request_get_for_concern(request, public_id)
    form = ConcernForm(request.POST or None)

    def report(form):
        services.concern_report(
            actor=request.user, help_request=obj, text=form.cleaned_data["text"], request=request
        )

    done = _("Thank you. A coordinator will look at it soon.")
    if request.method == "POST" and post_form(request, form, report, done) is None:
        return redirect("web:home")
    return render(request, "help/concern_new.html", {"form": form, "obj": obj})
