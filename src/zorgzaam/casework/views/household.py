"""Views of a household as a whole: the caseload, intake, the household page, members, team
assignment, closing and the AVG art. 15 export."""

from __future__ import annotations

import json
import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.accounts.permissions import requires
from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError, add_form_error
from zorgzaam.common.http import post_action, post_form

from .. import forms, permissions, selectors, services
from ..bsn import bsn_is_valid
from ..export import person_case_export
from ..models import (
    Household,
)
from .base import EDIT, VIEW, _household, _household_page, _member


@requires(VIEW, person_level=True)
def household_list(request):
    query = request.GET.get("q", "")
    status = request.GET.get("status", "open")
    bsn = request.POST.get("bsn", "") if request.method == "POST" else ""
    bsn_error = ""
    if bsn and not bsn_is_valid(bsn):
        bsn_error = _("This is not a valid citizen service number (BSN): it fails the 11-check.")
    households = selectors.household_list(
        request.user, query=query, status="all" if bsn else status, bsn=bsn
    )
    page = Paginator(households, 50).get_page(request.GET.get("page"))
    audit_record(
        event="case.list",
        request=request,
        target=("casework.household", "list"),
        fields=["bsn"] if bsn else [],
    )
    return render(
        request,
        "casework/household_list.html",
        {
            "page": page,
            "query": query,
            "status": status,
            "dashboard": selectors.dashboard_for_actor(request.user),
            "bsn_error": bsn_error,
        },
    )


@requires(EDIT, person_level=True)
def intake(request):
    from zorgzaam.people.selectors import person_get_for_actor

    known = None
    if request.GET.get("person"):
        try:
            person_id = uuid.UUID(request.GET["person"])
        except ValueError as exc:
            raise Http404 from exc
        known = person_get_for_actor(request, person_id)
    domains = list(services.current_zrm_version().domains.order_by("order"))
    form = forms.IntakeForm(
        request.POST or None, actor=request.user, domains=domains, known_person=known
    )
    if request.method == "POST" and form.is_valid():
        data = services.IntakeInput(
            name=form.cleaned_data["name"],
            postcode=form.cleaned_data["postcode"],
            team=form.cleaned_data["team"],
            members=form.member_inputs(),
            scores=form.scores(),
            note=form.cleaned_data["note"],
            network_name=form.cleaned_data["network_name"],
            network_relation=form.cleaned_data["network_relation"],
            network_can_help_with=form.cleaned_data["network_can_help_with"],
        )
        try:
            household = services.household_intake(actor=request.user, data=data, request=request)
        except ApplicationError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("The household is registered."))
            return redirect("casework:plan", household_id=household.public_id)
    return render(request, "casework/intake.html", {"form": form})


@requires(VIEW, person_level=True)
def household_detail(request, household_id):
    try:
        household = _household(request, household_id, event=None)
    except PermissionDenied:
        household = Household.objects.get(public_id=household_id)
        if permissions.can_break_glass(request.user, household):
            return redirect("casework:break_glass", household_id=household.public_id)
        raise
    return _household_page(request, household)


@requires(EDIT, person_level=True)
def member_form(request, household_id, member_id=None):
    """Add a member after the intake, or rectify one (role, date of birth, BSN)."""
    household = _household(request, household_id)
    member = _member(household, member_id) if member_id else None
    initial = {}
    if member is not None:
        initial = {"role": member.role, "date_of_birth": member.date_of_birth}
    form = forms.MemberForm(request.POST or None, editing=member is not None, initial=initial)

    def save(f):
        data = f.cleaned_data
        if member is None:
            services.member_add(
                actor=request.user,
                household=household,
                data=services.MemberInput(
                    role=data["role"],
                    given_name=data["given_name"],
                    infix=data["infix"],
                    family_name=data["family_name"],
                    date_of_birth=data["date_of_birth"],
                    bsn=data["bsn"],
                ),
                request=request,
            )
        else:
            services.member_update(
                actor=request.user,
                member=member,
                role=data["role"],
                date_of_birth=data["date_of_birth"],
                bsn=data["bsn"] or None,
                remove_bsn=data.get("remove_bsn", False),
                request=request,
            )

    if (
        request.method == "POST"
        and post_form(request, form, save, _("The member is saved.")) is None
    ):
        return redirect(reverse("casework:detail", args=[household.public_id]) + "#members")
    return render(
        request,
        "casework/member_form.html",
        {"household": household, "member": member, "form": form},
    )


@requires(EDIT, person_level=True)
@require_POST
def household_assign(request, household_id):
    household = _household(request, household_id, event=None)
    team_users = {str(u.public_id): u for u in household.team.members.all()}
    chosen = [team_users[i] for i in request.POST.getlist("professionals") if i in team_users]
    post_action(
        request,
        lambda: services.household_assign(
            actor=request.user, household=household, professionals=chosen, request=request
        ),
        _("The assignment is saved."),
    )
    return redirect("casework:detail", household_id=household.public_id)


@requires(EDIT, person_level=True)
@require_POST
def household_close(request, household_id):
    household = _household(request, household_id, event=None)
    post_action(
        request,
        lambda: services.household_close(actor=request.user, household=household, request=request),
        _("The household is closed."),
    )
    return redirect("casework:detail", household_id=household.public_id)


# --- AVG art. 15 export -----------------------------------------------------------------


@requires(EDIT, person_level=True)
def export_person(request, household_id, member_id):
    household = _household(request, household_id, event=None)
    member = _member(household, member_id)
    data = person_case_export(request.user, member.person)
    audit_record(
        event="case.export",
        request=request,
        target=member.person,
        subject_id=member.person.public_id,
        reason="AVG art. 15 pdf" if request.GET.get("format") == "pdf" else "AVG art. 15",
    )
    if request.GET.get("format") == "pdf":
        from django.template.loader import render_to_string
        from django.utils import timezone
        from weasyprint import HTML

        html = render_to_string(
            "casework/export_pdf.html",
            {"data": data, "exported": timezone.localtime()},
            request=request,
        )
        response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="inzage-{member.person.public_id}.pdf"'
        )
        response["Cache-Control"] = "no-store"
        return response
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="inzage-{member.person.public_id}.json"'
    )
    response["Cache-Control"] = "no-store"
    return response
