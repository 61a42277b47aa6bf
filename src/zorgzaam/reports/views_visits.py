"""Pages of the work visits and hearings (``visits``): the list, planning, the brief's
stories and figures, invitations, the outcome, and the one-page brief as PDF."""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgzaam.accounts.permissions import requires
from zorgzaam.audit.services import audit_record
from zorgzaam.common.http import post_form

from . import visits
from .forms_visits import ContentForm, InviteForm, OutcomeForm, VisitForm


@requires("reports.visits")
def visit_list(request):
    actor = request.user
    items = list(visit_list_ordered(actor))
    invited = visits.visit_invited_ids(actor)
    today = timezone.localdate()
    context = {
        "upcoming": [v for v in items if v.date >= today],
        "past": [v for v in items if v.date < today],
        "invited": invited,
        "can_plan": _can_plan(request),
        "sees_all": visits.sees_all_visits(actor),
    }
    return render(request, "reports/visit_list.html", context)


def visit_list_ordered(actor):
    return visits.visit_list_for_actor(actor).order_by("date", "start_time")


def _can_plan(request) -> bool:
    from zorgzaam.accounts.permissions import actor_can

    return actor_can(request.user, "reports.visits_plan")


def _plan_form(request, data=None, initial=None):
    municipality = request.user.municipality
    return VisitForm(
        data,
        initial=initial,
        hubs=visits.hub_options(municipality),
        villages=list(visits.village_options(municipality)),
    )


@requires("reports.visits_plan")
def visit_new(request):
    form = _plan_form(request, request.POST or None)
    if request.method == "POST":
        outcome = post_form(
            request,
            form,
            lambda f: visits.visit_create(actor=request.user, request=request, **f.plan()),
            _("Visit planned. Now choose the brief's stories."),
            redirect_to=lambda visit: reverse("reports:visit_content", args=[visit.public_id]),
        )
        if isinstance(outcome, HttpResponseRedirect):
            return outcome
    status = 400 if request.method == "POST" else 200
    return render(request, "reports/visit_form.html", {"form": form}, status=status)


@requires("reports.visits_plan")
def visit_edit(request, public_id):
    visit = visits.visit_get_for_actor(request, public_id)
    initial = {
        "kind": visit.kind,
        "title": visit.title,
        "date": visit.date,
        "start_time": visit.start_time,
        "hub": str(visit.hub_id or ""),
        "villages": [str(a.pk) for a in visit.villages.all()],
        "purpose": visit.purpose,
        "period": visit.period,
    }
    form = _plan_form(request, request.POST or None, initial=initial)
    saved = (
        request.method == "POST"
        and post_form(
            request,
            form,
            lambda f: visits.visit_update(
                actor=request.user, visit=visit, request=request, **f.plan()
            ),
            _("Visit saved."),
        )
        is None
    )
    if saved:
        return redirect("reports:visit_detail", visit.public_id)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "visit": visit}
    return render(request, "reports/visit_form.html", context, status=status)


@requires("reports.visits")
def visit_detail(request, public_id):
    visit = visits.visit_get_for_actor(request, public_id)
    audit_record(event="reports.visit_view", request=request, target=visit)
    visits.invitation_seen(visit=visit, user=request.user)
    brief = visits.brief_build(visit)
    context = {
        "visit": visit,
        "brief": brief,
        "villages": list(visit.villages.all()),
        "invitations": list(visit.invitations.select_related("user")),
        "can_plan": _can_plan(request),
        "held": visit.date <= timezone.localdate(),
    }
    return render(request, "reports/visit_detail.html", context)


@requires("reports.visits_plan")
def visit_content(request, public_id):
    visit = visits.visit_get_for_actor(request, public_id)
    report, stories, figures = visits.visit_options(visit)
    initial = {
        "stories": [str(s.public_id) for s in visit.stories.all()],
        "figures": list(visit.figure_refs),
    }
    form = ContentForm(request.POST or None, initial=initial, stories=stories, figures=figures)
    saved = (
        request.method == "POST"
        and post_form(
            request,
            form,
            lambda f: visits.visit_content_set(
                actor=request.user,
                visit=visit,
                story_ids=f.cleaned_data["stories"],
                figure_refs=f.cleaned_data["figures"],
                request=request,
            ),
            _("The brief's stories and figures are saved."),
        )
        is None
    )
    if saved:
        return redirect("reports:visit_detail", visit.public_id)
    chosen_stories = set(form["stories"].value() or [])
    chosen_figures = set(form["figures"].value() or [])
    context = {
        "visit": visit,
        "form": form,
        "report": report,
        "stories": stories,
        "figures": figures,
        "chosen_stories": chosen_stories,
        "chosen_figures": chosen_figures,
        "max_stories": visits.MAX_STORIES,
        "max_figures": visits.MAX_FIGURES,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "reports/visit_content.html", context, status=status)


@requires("reports.visits_plan")
def visit_invite(request, public_id):
    visit = visits.visit_get_for_actor(request, public_id)
    users = list(visits.invitable_users(request.user.municipality))
    current = [str(i.user.public_id) for i in visit.invitations.select_related("user")]
    form = InviteForm(request.POST or None, initial={"invitees": current}, users=users)
    if request.method == "POST":
        outcome = post_form(
            request,
            form,
            lambda f: visits.visit_invite(
                actor=request.user,
                visit=visit,
                user_ids=f.cleaned_data["invitees"],
                request=request,
            ),
            lambda invited: (
                _(
                    "%(n)d invited. Whoever is newly invited gets a message (e-mail or "
                    "however they chose) and finds the visit on their home page."
                )
                % {"n": len(invited)}
            ),
            redirect_to=reverse("reports:visit_detail", args=[visit.public_id]),
        )
        if isinstance(outcome, HttpResponseRedirect):
            return outcome
    status = 400 if request.method == "POST" else 200
    context = {"visit": visit, "form": form, "has_users": bool(users)}
    return render(request, "reports/visit_invite.html", context, status=status)


@requires("reports.visits_plan")
def visit_outcome(request, public_id):
    visit = visits.visit_get_for_actor(request, public_id)
    initial = {"heard": visit.heard, "decided": visit.decided, "follow_up": visit.follow_up}
    form = OutcomeForm(request.POST or None, initial=initial)
    saved = (
        request.method == "POST"
        and post_form(
            request,
            form,
            lambda f: visits.visit_outcome_record(
                actor=request.user, visit=visit, request=request, **f.cleaned_data
            ),
            _("The outcome is saved; the next council report shows it."),
        )
        is None
    )
    if saved:
        return redirect("reports:visit_detail", visit.public_id)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "reports/visit_outcome_form.html", {"visit": visit, "form": form}, status=status
    )


def brief_html(brief) -> str:
    return render_to_string(
        "reports/visit_brief_pdf.html", {"brief": brief, "visit": brief.visit, "pdf": True}
    )


@requires("reports.visits")
def visit_brief_pdf(request, public_id):
    """The one-page brief as a tagged PDF (the report's own PDF engine, ``pdf``)."""
    from .pdf import pdf_from_html

    visit = visits.visit_get_for_actor(request, public_id)
    data = pdf_from_html(brief_html(visits.brief_build(visit)))
    audit_record(event="reports.visit_brief", request=request, target=visit)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{visit.get_kind_display().replace(" ", "-")}-{visit.date}.pdf"'
    )
    return response
