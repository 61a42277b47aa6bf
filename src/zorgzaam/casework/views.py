"""Thin views: parse, call one service or selector, render. Every case view is person-level
(second factor) and goes through ``permissions.household_get_for_actor``."""

from __future__ import annotations

import json
import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.accounts.permissions import requires
from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError, add_form_error

from . import charts, forms, permissions, selectors, services
from .bsn import bsn_is_valid, bsn_mask
from .export import person_case_export
from .models import (
    POSITIVE_HEALTH_DIMENSIONS,
    Action,
    BreakGlass,
    Consent,
    Goal,
    Household,
    HouseholdMember,
    Referral,
    UrgencyRequest,
)
from .resources import suggestions_for

VIEW = "casework.view"
EDIT = "casework.edit"


def _household(request, household_id, *, event: str | None = "case.view") -> Household:
    return permissions.household_get_for_actor(request, household_id, event=event)


def _member(household, member_id) -> HouseholdMember:
    return get_object_or_404(HouseholdMember, household=household, public_id=member_id)


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


def _household_page(request, household, *, status=200, **extra):
    """The one place the household page (members, dates of birth, ZRM, notes) is rendered,
    and so the one place its ``case.view`` lines are written: also for a form posted from the
    page that comes back with errors (400), which shows the same file."""
    permissions.audit_case(request, "case.view", household)
    return render(
        request,
        "casework/household_detail.html",
        _detail_context(request, household, **extra),
        status=status,
    )


def _detail_context(request, household, **extra):
    members = list(household.members.select_related("person"))
    domains = list(selectors.domains_of(household))
    table = selectors.score_table(household)
    spider = household.positive_health.select_related("member__person").last()
    spider_values = (
        [(str(label), getattr(spider, key)) for key, label in POSITIVE_HEALTH_DIMENSIONS]
        if spider
        else []
    )
    context = {
        "household": household,
        "members": members,
        "consents": household.consents.select_related("member__person"),
        "network": household.network.prefetch_related("domains"),
        "notes": household.notes.select_related("author", "about__person").prefetch_related(
            "domains"
        )[:30],
        "goals": selectors.plan_goals(household),
        "table": table,
        "chart": charts.zrm_chart_svg(
            table,
            title=_("ZRM scores over time"),
            description=_(
                "Score per life domain (1 acute problems to 5 fully self-reliant) per "
                "measurement, oldest on the left. The same figures are in the table below."
            ),
        ),
        "spider": spider,
        "spider_values": spider_values,
        "spider_svg": charts.spider_svg(spider_values, title=_("Positive Health"))
        if spider
        else "",
        "note_form": forms.NoteForm(domains=domains),
        "consent_form": forms.ConsentForm(members=members),
        "network_form": forms.NetworkForm(domains=domains),
        "urgencies": household.urgencies.select_related("requested_by"),
        "urgency_form": forms.UrgencyForm(),
        "decision_form": forms.UrgencyDecisionForm(),
        "break_glass": permissions.break_glass_active(request.user, household),
        "team_users": household.team.members.filter(is_active=True).order_by("first_name"),
        "assigned": set(household.professionals.values_list("pk", flat=True)),
        "bsn_mask": bsn_mask("x"),
    }
    context.update(extra)
    return context


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


def _post_form(request, form, action, success_message):
    """Validate ``form`` and run ``action(form)``; on success say ``success_message`` and
    return None, else return the form with its errors (the service's refusal added)."""
    if form.is_valid():
        try:
            action(form)
        except ApplicationError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, success_message)
            return None
    return form


def _detail_post(request, household, form, action, success_message, *, form_name, anchor):
    """A form posted from the household page (``_post_form``): on success back to the page at
    ``anchor``, else the page again (400) with the form, as ``form_name``, and its errors."""
    failed = _post_form(request, form, action, success_message)
    if failed is not None:
        return _household_page(request, household, status=400, **{form_name: failed})
    return redirect(reverse("casework:detail", args=[household.public_id]) + anchor)


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
    try:
        services.consent_withdraw(actor=request.user, consent=consent, request=request)
        messages.success(request, _("The withdrawal of consent is registered."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
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
        and _post_form(request, form, save, _("The member is saved.")) is None
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
    try:
        services.household_assign(
            actor=request.user, household=household, professionals=chosen, request=request
        )
        messages.success(request, _("The assignment is saved."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("casework:detail", household_id=household.public_id)


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


@requires(EDIT, person_level=True)
@require_POST
def household_close(request, household_id):
    household = _household(request, household_id, event=None)
    try:
        services.household_close(actor=request.user, household=household, request=request)
        messages.success(request, _("The household is closed."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("casework:detail", household_id=household.public_id)


# --- Plan --------------------------------------------------------------------------------


@requires(VIEW, person_level=True)
def plan(request, household_id):
    household = _household(request, household_id)
    goals = list(selectors.plan_goals(household))
    domains = list(selectors.domains_of(household))
    by_domain = {d.pk: [] for d in domains}
    for goal in goals:
        by_domain.setdefault(goal.domain_id, []).append(goal)
    return render(
        request,
        "casework/plan.html",
        {
            "household": household,
            "sections": [(d, by_domain[d.pk]) for d in domains],
        },
    )


def _goal(household, goal_id) -> Goal:
    return get_object_or_404(
        Goal.objects.select_related("domain", "plan"), plan__household=household, public_id=goal_id
    )


@requires(EDIT, person_level=True)
def goal_new(request, household_id):
    household = _household(request, household_id)
    domain = selectors.domains_of(household).filter(code=request.GET.get("domain", "")).first()
    if domain is None:
        return render(
            request,
            "casework/goal_domain.html",
            {"household": household, "domains": selectors.domains_of(household)},
        )
    form = forms.GoalForm(request.POST or None)
    if request.method == "POST":
        key = request.POST.get("link", "")
        try:
            if key:
                suggestion = next(
                    (s for s in suggestions_for(household, domain) if s.key == key), None
                )
                title = suggestion.title if suggestion else ""
                goal = services.goal_create(
                    actor=request.user,
                    household=household,
                    domain=domain,
                    description=(request.POST.get("description") or "").strip()
                    or _("%(domain)s: with %(resource)s")
                    % {"domain": domain.name, "resource": title},
                    request=request,
                )
                services.action_link_suggestion(
                    actor=request.user, goal=goal, key=key, request=request
                )
                messages.success(request, _("Goal added and resource linked."))
                return redirect("casework:goal_edit", household.public_id, goal.public_id)
            if form.is_valid():
                goal = services.goal_create(
                    actor=request.user,
                    household=household,
                    domain=domain,
                    description=form.cleaned_data["description"],
                    request=request,
                )
                messages.success(request, _("Goal added."))
                return redirect("casework:goal_edit", household.public_id, goal.public_id)
        except ApplicationError as exc:
            add_form_error(form, exc)
    return render(
        request,
        "casework/goal_form.html",
        {
            "household": household,
            "domain": domain,
            "form": form,
            "suggestions": suggestions_for(household, domain),
            "goal": None,
        },
    )


@requires(EDIT, person_level=True)
def goal_edit(request, household_id, goal_id):
    household = _household(request, household_id, event=None)
    goal = _goal(household, goal_id)
    form = forms.GoalForm(
        request.POST or None, initial={"description": goal.description, "status": goal.status}
    )
    formal_form = forms.FormalActionForm()

    def save(f):
        services.goal_update(
            actor=request.user,
            goal=goal,
            description=f.cleaned_data["description"],
            status=f.cleaned_data["status"] or goal.status,
            request=request,
        )

    if request.method == "POST" and _post_form(request, form, save, _("Goal saved.")) is None:
        return redirect("casework:goal_edit", household.public_id, goal.public_id)
    return _goal_page(request, household, goal, form, formal_form)


def _goal_page(request, household, goal, form, formal_form, status=200):
    """The goal page, with its ``case.view`` lines (also when a form comes back with errors)."""
    permissions.audit_case(request, "case.view", household)
    linked = {(a.ref_kind, str(a.ref_public_id)) for a in goal.actions.all()}
    suggestions = [
        s
        for s in suggestions_for(household, goal.domain)
        if (s.kind, str(s.public_id)) not in linked
    ]
    return render(
        request,
        "casework/goal_form.html",
        {
            "household": household,
            "domain": goal.domain,
            "goal": goal,
            "form": form,
            "formal_form": formal_form,
            "suggestions": suggestions,
            "actions": goal.actions.select_related("referral"),
            "informal_in_domain": services.domain_has_informal_action(household, goal.domain),
        },
        status=status,
    )


@requires(EDIT, person_level=True)
@require_POST
def goal_link(request, household_id, goal_id):
    household = _household(request, household_id, event=None)
    goal = _goal(household, goal_id)
    try:
        services.action_link_suggestion(
            actor=request.user, goal=goal, key=request.POST.get("link", ""), request=request
        )
        messages.success(request, _("Resource linked."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("casework:goal_edit", household.public_id, goal.public_id)


@requires(EDIT, person_level=True)
@require_POST
def action_formal(request, household_id, goal_id):
    household = _household(request, household_id, event=None)
    goal = _goal(household, goal_id)
    formal_form = forms.FormalActionForm(request.POST)
    failed = _post_form(
        request,
        formal_form,
        lambda f: services.action_create_formal(
            actor=request.user,
            goal=goal,
            description=f.cleaned_data["description"],
            provision=f.cleaned_data["provision"],
            reason=f.cleaned_data["formal_reason"],
            due_on=f.cleaned_data["due_on"],
            request=request,
        ),
        _("Action added."),
    )
    if failed is None:
        return redirect("casework:goal_edit", household.public_id, goal.public_id)
    form = forms.GoalForm(initial={"description": goal.description, "status": goal.status})
    return _goal_page(request, household, goal, form, formal_form, status=400)


def _action(household, action_id) -> Action:
    return get_object_or_404(
        Action.objects.select_related("goal__domain", "goal__plan"),
        goal__plan__household=household,
        public_id=action_id,
    )


@requires(EDIT, person_level=True)
@require_POST
def action_status(request, household_id, action_id):
    household = _household(request, household_id, event=None)
    action = _action(household, action_id)
    try:
        services.action_set_status(
            actor=request.user,
            action=action,
            status=request.POST.get("status", ""),
            request=request,
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("casework:goal_edit", household.public_id, action.goal.public_id)


@requires(EDIT, person_level=True)
def refer(request, household_id, action_id):
    household = _household(request, household_id)
    action = _action(household, action_id)
    members = list(household.members.select_related("person"))
    form = forms.ReferralForm(
        request.POST or None,
        municipality=household.municipality,
        members=members,
        initial={"receiver_label": action.ref_label, "message": action.description},
    )
    social_map = action.kind == Action.Kind.SOCIAL_MAP

    def send(f):
        services.referral_send(
            actor=request.user,
            action=action,
            receiver=f.cleaned_data["receiver"],
            receiver_label=f.cleaned_data["receiver_label"],
            message=f.cleaned_data["message"],
            contact_member=f.member_objects[f.cleaned_data["contact_member"]],
            contact_phone=f.cleaned_data["contact_phone"],
            receiver_ref_kind=action.ref_kind if social_map else "",
            receiver_ref_public_id=action.ref_public_id if social_map else None,
            request=request,
        )

    if (
        request.method == "POST"
        and _post_form(request, form, send, _("The referral is sent.")) is None
    ):
        return redirect("casework:goal_edit", household.public_id, action.goal.public_id)
    return render(
        request,
        "casework/refer.html",
        {"household": household, "action": action, "form": form},
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
        and _post_form(request, form, record, _("The measurement is saved.")) is None
    ):
        return redirect(reverse("casework:detail", args=[household.public_id]) + "#zrm")
    return render(request, "casework/measure.html", {"household": household, "form": form})


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
        and _post_form(request, form, update, _("The referral is updated.")) is None
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
