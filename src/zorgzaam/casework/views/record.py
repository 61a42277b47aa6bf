"""Views that add to the case record from the household page: notes, consent, network, urgency,
break-the-glass, the BSN reveal and measurements."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.accounts.permissions import requires
from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError, add_form_error
from zorgzaam.common.http import post_action, post_form

from .. import forms, permissions, selectors, services
from ..models import (
    BreakGlass,
    Consent,
    Household,
    UrgencyRequest,
)
from .base import EDIT, VIEW, _detail_post, _household, _household_page, _member


@requires(VIEW, person_level=True)
def break_glass(request, household_id):
    household = Household.objects.filter(public_id=household_id).first()
    if household is None:
        raise Http404
    if permissions.can_see(request.user, household):
        return redirect("casework:detail", household_id=household.public_id)
    if not permissions.can_break_glass(request.user, household):
        permissions.deny(request, target=household, reason="no need-to-know")
    form = forms.BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.break_glass_open(
                actor=request.user,
                household=household,
                reason_code=form.cleaned_data["reason_code"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ApplicationError as exc:
            add_form_error(form, exc)
        else:
            return redirect("casework:detail", household_id=household.public_id)
    response = render(
        request,
        "casework/break_glass.html",
        {
            "form": form,
            "household_id": household.public_id,
            "hours": permissions.break_glass_hours(),
        },
    )
    response.status_code = 403 if request.method == "GET" else 200
    return response


@requires("casework.break_glass_review", person_level=True)
def break_glass_review(request):
    grants = permissions.break_glass_for_lead(request.user)
    audit_record(event="case.list", request=request, target=("casework.breakglass", "list"))
    return render(
        request,
        "casework/break_glass_review.html",
        {"grants": grants[:100], "bsn_conflicts": selectors.bsn_conflicts_for_lead(request.user)},
    )


@requires("casework.break_glass_review", person_level=True)
@require_POST
def break_glass_reviewed(request, grant_id):
    grant = permissions.break_glass_for_lead(request.user).filter(public_id=grant_id).first()
    if grant is None:
        if not BreakGlass.objects.filter(public_id=grant_id).exists():
            raise Http404
        permissions.deny(request, target=("casework.breakglass", grant_id), reason="not lead")
    services.break_glass_review(actor=request.user, grant=grant, request=request)
    return redirect("casework:break_glass_review")


@requires(VIEW, person_level=True)
@require_POST
def bsn_reveal(request, household_id, member_id):
    household = _household(request, household_id, event=None)
    member = _member(household, member_id)
    audit_record(
        event="case.bsn_reveal",
        request=request,
        target=member,
        subject_id=member.person.public_id,
        fields=["bsn"],
    )
    return _household_page(request, household, revealed_member=member.pk, revealed_bsn=member.bsn)


@requires(EDIT, person_level=True)
@require_POST
def note_add(request, household_id):
    household = _household(request, household_id, event=None)
    form = forms.NoteForm(request.POST, domains=list(selectors.domains_of(household)))
    return _detail_post(
        request,
        household,
        form,
        lambda f: services.note_create(
            actor=request.user,
            household=household,
            text=f.cleaned_data["text"],
            domains=f.selected_domains(),
            request=request,
        ),
        _("The note is saved."),
        form_name="note_form",
        anchor="#notes",
    )


@requires(EDIT, person_level=True)
@require_POST
def consent_add(request, household_id):
    household = _household(request, household_id, event=None)
    members = list(household.members.select_related("person"))
    form = forms.ConsentForm(request.POST, members=members)
    return _detail_post(
        request,
        household,
        form,
        lambda f: services.consent_register(
            actor=request.user,
            household=household,
            member=f.member_objects[f.cleaned_data["member"]],
            what=f.cleaned_data["what"],
            with_whom=f.cleaned_data["with_whom"],
            method=f.cleaned_data["method"],
            given_on=f.cleaned_data["given_on"],
            request=request,
        ),
        _("The consent is registered."),
        form_name="consent_form",
        anchor="#consent",
    )


@requires(EDIT, person_level=True)
@require_POST
def consent_withdraw(request, household_id, consent_id):
    household = _household(request, household_id, event=None)
    consent = get_object_or_404(Consent, household=household, public_id=consent_id)
    post_action(
        request,
        lambda: services.consent_withdraw(actor=request.user, consent=consent, request=request),
        _("The withdrawal of consent is registered."),
    )
    return redirect(reverse("casework:detail", args=[household.public_id]) + "#consent")


@requires(EDIT, person_level=True)
@require_POST
def network_add(request, household_id):
    household = _household(request, household_id, event=None)
    form = forms.NetworkForm(request.POST, domains=list(selectors.domains_of(household)))
    return _detail_post(
        request,
        household,
        form,
        lambda f: services.network_member_add(
            actor=request.user,
            household=household,
            name=f.cleaned_data["name"],
            relation=f.cleaned_data["relation"],
            can_help_with=f.cleaned_data["can_help_with"],
            domains=f.selected_domains(),
            request=request,
        ),
        _("Added to the own network."),
        form_name="network_form",
        anchor="#network",
    )


@requires(EDIT, person_level=True)
@require_POST
def urgency_add(request, household_id):
    household = _household(request, household_id, event=None)
    form = forms.UrgencyForm(request.POST)
    return _detail_post(
        request,
        household,
        form,
        lambda f: services.urgency_request(
            actor=request.user,
            household=household,
            reason=f.cleaned_data["reason"],
            request=request,
        ),
        _("The urgency request is recorded."),
        form_name="urgency_form",
        anchor="#urgency",
    )


@requires(EDIT, person_level=True)
@require_POST
def urgency_decide(request, household_id, urgency_id):
    household = _household(request, household_id, event=None)
    urgency = get_object_or_404(UrgencyRequest, household=household, public_id=urgency_id)
    form = forms.UrgencyDecisionForm(request.POST)
    return _detail_post(
        request,
        household,
        form,
        lambda f: services.urgency_decide(
            actor=request.user,
            urgency=urgency,
            decision=f.cleaned_data["decision"],
            note=f.cleaned_data["note"],
            decided_on=f.cleaned_data["decided_on"],
            request=request,
        ),
        _("The decision is recorded."),
        form_name="decision_form",
        anchor="#urgency",
    )


# --- Measurement ------------------------------------------------------------------------


@requires(EDIT, person_level=True)
def measure(request, household_id):
    household = _household(request, household_id)
    domains = list(selectors.domains_of(household))
    members = list(household.members.select_related("person"))
    table = selectors.score_table(household)
    last = {d.code: values[-1] for d, values in table.rows if values and values[-1] is not None}
    form = forms.MeasurementForm(
        request.POST or None, domains=domains, members=members, last_scores=last
    )

    def record(f):
        services.measurement_record(
            actor=request.user,
            household=household,
            moment=f.cleaned_data["moment"],
            measured_on=f.cleaned_data["measured_on"],
            scores=f.scores(),
            spider=f.spider(),
            spider_member=f.member_objects.get(f.cleaned_data.get("spider_member") or ""),
            request=request,
        )

    if (
        request.method == "POST"
        and post_form(request, form, record, _("The measurement is saved.")) is None
    ):
        return redirect(reverse("casework:detail", args=[household.public_id]) + "#zrm")
    return render(request, "casework/measure.html", {"household": household, "form": form})
