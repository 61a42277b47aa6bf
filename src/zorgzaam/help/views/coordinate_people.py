"""The coordinator's volunteers, buddy pairings and concerns."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.accounts.permissions import requires
from zorgzaam.audit.services import audit_record
from zorgzaam.common.http import post_form

from .. import selectors, services
from ..engine import ui_lang
from ..forms import (
    EndPairingForm,
    VogForm,
)
from ..models import BuddyPairing, VolunteerProfile
from .base import (
    _change,
    _profile_values,
    _submit,
    skill_label,
)


@requires("help.coordinate", person_level=True)
def coordinate_volunteers(request):
    """Volunteers of the municipality; ``?vog=expiring`` lists VOGs running out in 60 days."""
    qs = (
        VolunteerProfile.objects.for_municipality(request.user.municipality)
        .select_related("person", "person__area")
        .order_by("person__family_name", "person__given_name")
    )
    expiring = request.GET.get("vog") == "expiring"
    if expiring:
        today = timezone.localdate()
        qs = qs.filter(
            vog_status="valid", vog_expires_on__lte=today + dt.timedelta(days=60)
        ).order_by("vog_expires_on")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    audit_record(event="help.volunteer.view", request=request, target=("help.volunteer", "list"))
    return render(request, "help/coordinate_volunteers.html", {"page": page, "expiring": expiring})


@requires("help.coordinate", person_level=True)
def coordinate_volunteer(request, public_id):
    """A volunteer's profile for the coordinator; the coordinator records the VOG."""
    profile = selectors.volunteer_get_for_coordinator(request, public_id)
    form = VogForm(
        request.POST or None,
        initial={"vog_status": profile.vog_status, "vog_expires_on": profile.vog_expires_on},
    )

    def save(form):
        services.volunteer_profile_save(
            person=profile.person,
            actor=request.user,
            **_profile_values(profile, **form.cleaned_data),
        )

    if request.method == "POST" and post_form(request, form, save, _("Saved.")) is None:
        return redirect("help:coordinate_volunteer", public_id=profile.public_id)
    audit_record(
        event="help.volunteer.view",
        request=request,
        target=profile,
        subject_id=profile.person.public_id,
        fields=["phone"] if profile.person.phone else [],
    )
    from ..matching import LANGUAGE_LABELS

    languages = [LANGUAGE_LABELS.get(la, {}).get(ui_lang(), la) for la in profile.languages]
    return render(
        request,
        "help/coordinate_volunteer.html",
        {"profile": profile, "form": form, "languages": languages},
    )


def _end_form(pairing, data=None) -> EndPairingForm:
    """The form that ends ``pairing``; its own element ids, as the page lists many."""
    return EndPairingForm(data, auto_id=f"id_end_{pairing.public_id.hex}_%s")


@requires("help.coordinate", person_level=True)
def coordinate_buddies(request):
    return _coordinate_buddies_page(request)


def _coordinate_buddies_page(request, *, failed=None, failed_form=None):
    """The list of active pairings (the resident's and the volunteer's names), with one
    audit line per pairing shown: also when an end form comes back with errors."""
    pairings = list(selectors.pairing_list_for_coordinator(request.user).filter(status="active"))
    for pairing in pairings:
        audit_record(
            event="help.request.view",
            request=request,
            target=pairing.request,
            subject_id=pairing.requester.public_id,
        )
    rows = [
        {
            "pairing": pairing,
            "end_form": failed_form if pairing.pk == failed else _end_form(pairing),
            "open": pairing.pk == failed,
        }
        for pairing in pairings
    ]
    return render(
        request,
        "help/coordinate_buddies.html",
        {"rows": rows, "today": timezone.localdate(), "skill_label": skill_label},
    )


@requires("help.coordinate", person_level=True)
@require_POST
def coordinate_buddy_end(request, public_id):
    pairing = selectors.pairing_get_for_actor(request, public_id)
    form = _end_form(pairing, request.POST)
    outcome = _submit(
        request, form, services.buddy_pairing_end, pairing=pairing, done=_("The pairing has ended.")
    )
    if outcome == "invalid" and pairing.status == BuddyPairing.Status.ACTIVE:
        messages.error(request, _("Check the evaluation, the score and the hours."))
        return _coordinate_buddies_page(request, failed=pairing.pk, failed_form=form)
    return redirect("help:coordinate_buddies")


@requires("help.coordinate", person_level=True)
def coordinate_concerns(request):
    concerns = list(selectors.concern_list_for_coordinator(request.user).filter(status="open"))
    for concern in concerns:
        audit_record(
            event="help.concern.view",
            request=request,
            target=concern,
            subject_id=concern.request.requester.public_id if concern.request else None,
        )
    return render(request, "help/coordinate_concerns.html", {"concerns": concerns})


@requires("help.coordinate", person_level=True)
@require_POST
def coordinate_concern_handle(request, public_id):
    concern = selectors.concern_get_for_coordinator(request, public_id)
    _change(request, services.concern_handle, concern=concern, done=_("Marked as handled."))
    return redirect("help:coordinate_concerns")
