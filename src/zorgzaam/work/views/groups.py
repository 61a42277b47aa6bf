"""Screens of peer groups: the groups, their members and outcomes, and sessions."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.accounts.permissions import requires
from zorgzaam.audit.services import audit_record
from zorgzaam.common.http import page_of, post_form

from .. import events, forms, selectors, services
from ..models import (
    JobSeeker,
    PeerGroupMembership,
    PeerGroupSession,
)
from .base import COORD

# --- peer groups ---------------------------------------------------------------------------


@requires(COORD, person_level=True)
def peergroup_list(request):
    groups = selectors.peer_group_list_for_actor(request.user)
    hosts = selectors.employer_list_for_actor(request.user).filter(hosts_peer_group=True)
    form = forms.PeerGroupForm(request.POST or None, hosts=hosts)
    if request.method == "POST":
        outcome = post_form(
            request,
            form,
            lambda f: services.peer_group_create(actor=request.user, **f.cleaned_data),
            _("The peer group is started."),
            redirect_to=page_of("work:peergroup_detail"),
        )
        if isinstance(outcome, HttpResponseRedirect):
            return outcome
    return render(request, "work/peergroup_list.html", {"groups": groups, "form": form})


def _group_context(request, group, **extra):
    seekers = (
        selectors.job_seeker_list_for_actor(request.user)
        .exclude(pk__in=group.memberships.values("job_seeker_id"))
        .exclude(status=JobSeeker.Status.CLOSED)
    )
    context = {
        "group": group,
        "memberships": group.memberships.select_related("job_seeker__person"),
        "sessions": group.sessions.annotate(
            present_count=Count("attendance", filter=Q(attendance__present=True))
        ),
        "member_form": forms.MemberForm(seekers=seekers, initial={"joined_on": dt.date.today()}),
        "session_form": forms.SessionForm(initial={"date": dt.date.today()}),
        "outcomes": PeerGroupMembership.Outcome.choices,
    }
    context.update(extra)
    return context


def _group_page(request, group, *, status=200, **extra):
    """The one place the peer group page (its members by name) is rendered, and so the one
    place its audit line is written: also when a form posted from it comes back (400)."""
    audit_record(event=events.PEER_GROUP_VIEWED, request=request, target=group)
    return render(
        request,
        "work/peergroup_detail.html",
        _group_context(request, group, **extra),
        status=status,
    )


@requires(COORD, person_level=True)
def peergroup_detail(request, public_id):
    group = selectors.peer_group_get_for_actor(request, public_id)
    return _group_page(request, group)


@requires(COORD, person_level=True)
@require_POST
def peergroup_member_add(request, public_id):
    group = selectors.peer_group_get_for_actor(request, public_id)
    seekers = selectors.job_seeker_list_for_actor(request.user)
    form = forms.MemberForm(request.POST, seekers=seekers)
    failed = post_form(
        request,
        form,
        lambda f: services.peer_group_add_member(actor=request.user, group=group, **f.cleaned_data),
        _("The job seeker joined the group."),
    )
    if failed is None:
        return redirect("work:peergroup_detail", public_id=group.public_id)
    return _group_page(request, group, status=400, member_form=failed)


@requires(COORD, person_level=True)
@require_POST
def peergroup_member_outcome(request, public_id, seeker_id):
    group = selectors.peer_group_get_for_actor(request, public_id)
    membership = group.memberships.filter(job_seeker__public_id=seeker_id).first()
    if membership is None:
        raise Http404
    form = forms.MemberOutcomeForm(request.POST)
    if form.is_valid():
        services.peer_group_set_outcome(
            actor=request.user, membership=membership, outcome=form.cleaned_data["outcome"]
        )
        messages.success(request, _("The outcome is saved."))
    else:
        messages.error(request, _("Choose an outcome."))
    return redirect("work:peergroup_detail", public_id=group.public_id)


@requires(COORD, person_level=True)
@require_POST
def session_add(request, public_id):
    group = selectors.peer_group_get_for_actor(request, public_id)
    form = forms.SessionForm(request.POST)
    outcome = post_form(
        request,
        form,
        lambda f: services.session_add(actor=request.user, group=group, **f.cleaned_data),
        _("The session is planned."),
        redirect_to=page_of("work:session_detail"),
    )
    if isinstance(outcome, HttpResponseRedirect):
        return outcome
    return _group_page(request, group, status=400, session_form=form)


@requires(COORD, person_level=True)
def session_detail(request, public_id):
    session = PeerGroupSession.objects.filter(public_id=public_id).select_related("group").first()
    if session is None:
        raise Http404
    group = selectors.peer_group_get_for_actor(request, session.group.public_id)
    memberships = list(group.memberships.select_related("job_seeker__person"))
    present = set(session.attendance.filter(present=True).values_list("job_seeker_id", flat=True))
    if request.method == "POST":
        chosen = set(request.POST.getlist("present"))
        seekers = [m.job_seeker for m in memberships if str(m.job_seeker.public_id) in chosen]
        services.attendance_record(actor=request.user, session=session, present=seekers)
        messages.success(request, _("The attendance is saved."))
        return redirect("work:peergroup_detail", public_id=group.public_id)
    return render(
        request,
        "work/session_detail.html",
        {"session": session, "group": group, "memberships": memberships, "present": present},
    )
