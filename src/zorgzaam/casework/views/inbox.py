"""Views of the receiving hub coordinator: the referral inbox and one referral."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zorgzaam.accounts.permissions import requires
from zorgzaam.audit.services import audit_record
from zorgzaam.common.http import post_form

from .. import forms, permissions, selectors, services
from ..models import (
    Referral,
)

# --- Receiving hub coordinator ----------------------------------------------------------


@requires("casework.referral_receive", person_level=True)
def referral_inbox(request):
    referrals = list(selectors.referral_inbox(request.user)[:200])
    for r in referrals:
        r.stale = selectors.referral_is_stale(r)
    audit_record(event="referral.list", request=request, target=("casework.referral", "list"))
    return render(request, "casework/referral_inbox.html", {"referrals": referrals})


@requires("casework.referral_receive", person_level=True)
def referral_detail(request, referral_id):
    referral = permissions.referral_get_for_receiver(request, referral_id)
    subject = referral.contact_member.person.public_id if referral.contact_member else None
    choices = [
        (s, Referral.Status(s).label)
        for s in sorted(Referral.TRANSITIONS[referral.status], key=Referral.Status.values.index)
    ]
    form = forms.ReferralUpdateForm(request.POST or None, choices=choices)

    def update(f):
        services.referral_update(
            actor=request.user,
            referral=referral,
            status=f.cleaned_data["status"],
            decline_reason=f.cleaned_data["decline_reason"],
            request=request,
        )

    if (
        request.method == "POST"
        and post_form(request, form, update, _("The referral is updated.")) is None
    ):
        return redirect("casework:referral_inbox")
    # Every render shows the referral, also a POST that comes back with errors.
    audit_record(event="referral.view", request=request, target=referral, subject_id=subject)
    return render(
        request,
        "casework/referral_detail.html",
        {
            "referral": referral,
            "form": form if choices else None,
            "stale": selectors.referral_is_stale(referral),
        },
    )
