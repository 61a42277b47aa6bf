"""What the case views share: the permission names, fetching the household and its members, the
household page and posting a form from it."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from zorgzaam.common.http import post_form

from .. import charts, forms, permissions, selectors
from ..bsn import bsn_mask
from ..models import (
    POSITIVE_HEALTH_DIMENSIONS,
    Household,
    HouseholdMember,
)

VIEW = "casework.view"


EDIT = "casework.edit"


def _household(request, household_id, *, event: str | None = "case.view") -> Household:
    return permissions.household_get_for_actor(request, household_id, event=event)


def _member(household, member_id) -> HouseholdMember:
    return get_object_or_404(HouseholdMember, household=household, public_id=member_id)


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


def _detail_post(request, household, form, action, success_message, *, form_name, anchor):
    """A form posted from the household page (``common.http.post_form``): on success back to
    the page at ``anchor``, else the page again (400) with the form, as ``form_name``, and
    its errors."""
    failed = post_form(request, form, action, success_message)
    if failed is not None:
        return _household_page(request, household, status=400, **{form_name: failed})
    return redirect(reverse("casework:detail", args=[household.public_id]) + anchor)
