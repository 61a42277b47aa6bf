"""Screens of job seekers and their placements and follow-ups."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zorgzaam.accounts.access import get_for_actor
from zorgzaam.accounts.permissions import requires
from zorgzaam.audit.services import audit_record
from zorgzaam.common.http import page_of, post_form
from zorgzaam.people.models import Person

from .. import events, forms, matching, selectors, services, vocab
from ..models import (
    JobSeeker,
    OfferKind,
    PeerGroupMembership,
    TargetGroup,
)
from .base import COORD, _balance_label, _labels

# --- job seekers ---------------------------------------------------------------------------


@requires(COORD, person_level=True)
def jobseeker_list(request):
    status = request.GET.get("status", "")
    group = request.GET.get("target_group", "")
    q = request.GET.get("q", "").strip()[:80]
    qs = selectors.job_seeker_list_for_actor(
        request.user,
        status=status if status in JobSeeker.Status.values else "",
        target_group=group if group in TargetGroup.values else "",
        q=q,
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    audit_record(event=events.JOB_SEEKER_LISTED, request=request, target=("work.jobseeker", "list"))
    return render(
        request,
        "work/jobseeker_list.html",
        {
            "page": page,
            "statuses": JobSeeker.Status.choices,
            "groups": TargetGroup.choices,
            "status": status,
            "target_group": group,
            "q": q,
            "due": selectors.follow_ups_due(request.user, dt.date.today())[:20],
        },
    )


@requires(COORD, person_level=True)
def jobseeker_new(request):
    """Find the resident to register (name search within the municipality)."""
    q = request.GET.get("q", "").strip()[:80]
    people = []
    if len(q) >= 2:
        people = list(
            Person.objects.for_municipality(request.user.municipality)
            .filter(job_seeker__isnull=True, family_name__icontains=q)
            .select_related("area")[:25]
        )
        audit_record(
            event=events.JOB_SEEKER_LISTED, request=request, target=("people.person", "search")
        )
    return render(request, "work/jobseeker_new.html", {"q": q, "people": people})


@requires(COORD, person_level=True)
def jobseeker_register(request, person_id):
    # Any resident of the municipality (the team rule of people does not apply here).
    person = get_for_actor(
        request, Person, person_id, visible=Person.objects.all(), subject=lambda p: p.public_id
    )
    form = forms.JobSeekerForm(request.POST or None)
    if request.method == "POST":
        outcome = post_form(
            request,
            form,
            lambda f: services.job_seeker_register(
                actor=request.user, person=person, **f.service_kwargs()
            ),
            _("The job seeker is registered."),
            redirect_to=page_of("work:jobseeker_detail"),
        )
        if isinstance(outcome, HttpResponseRedirect):
            return outcome
    return render(request, "work/jobseeker_form.html", {"form": form, "person": person})


@requires(COORD, person_level=True)
def jobseeker_detail(request, public_id):
    seeker = selectors.job_seeker_get_for_actor(request, public_id)
    kind_form = forms.ProposalKindForm(request.GET or None)
    kind = OfferKind.BUDDY
    if kind_form.is_valid() and kind_form.cleaned_data["kind"]:
        kind = kind_form.cleaned_data["kind"]
    employers = list(selectors.employer_list_for_actor(request.user).filter(active=True))
    proposals, why = matching.propose(seeker, employers, kind)
    audit_record(
        event=events.JOB_SEEKER_VIEWED,
        request=request,
        target=seeker,
        subject_id=seeker.person.public_id,
    )
    memberships = PeerGroupMembership.objects.filter(job_seeker=seeker).select_related("group")
    return render(
        request,
        "work/jobseeker_detail.html",
        {
            "seeker": seeker,
            "kind": kind,
            "kind_label": OfferKind(kind).label,
            "kind_form": kind_form,
            "proposals": proposals,
            "why": why,
            "sectors": _labels(seeker.sectors, vocab.SECTORS),
            "skills": _labels(seeker.skills, vocab.SKILLS),
            "placements": seeker.placements.select_related("employer"),
            "memberships": memberships,
        },
    )


@requires(COORD, person_level=True)
def jobseeker_edit(request, public_id):
    seeker = selectors.job_seeker_get_for_actor(request, public_id)
    form = forms.JobSeekerEditForm(
        request.POST or None, initial=forms.JobSeekerEditForm.initial_for(seeker)
    )
    saved = (
        request.method == "POST"
        and post_form(
            request,
            form,
            lambda f: services.job_seeker_update(
                actor=request.user, job_seeker=seeker, **f.service_kwargs()
            ),
            _("The changes are saved."),
        )
        is None
    )
    if saved:
        return redirect("work:jobseeker_detail", public_id=seeker.public_id)
    # The form shows the seeker's wishes and limits: a read of person-level data.
    audit_record(
        event=events.JOB_SEEKER_VIEWED,
        request=request,
        target=seeker,
        subject_id=seeker.person.public_id,
    )
    return render(
        request, "work/jobseeker_form.html", {"form": form, "person": seeker.person, "edit": True}
    )


# --- placements ----------------------------------------------------------------------------


@requires(COORD, person_level=True)
def placement_new(request, public_id):
    seeker = selectors.job_seeker_get_for_actor(request, public_id)
    today = dt.date.today()
    employers = selectors.employer_list_for_actor(request.user).filter(active=True)
    balances = selectors.open_contracts_for_placements(request.user, today)
    contracts = [(b.contract, _balance_label(b)) for b in balances]
    initial = {
        "start": today,
        "hours_per_week": seeker.hours_per_week,
        "kind": request.GET.get("kind", OfferKind.BUDDY),
        "employer": request.GET.get("employer", ""),
    }
    form = forms.PlacementForm(
        request.POST or None, initial=initial, employers=employers, contracts=contracts
    )
    if request.method == "POST":
        outcome = post_form(
            request,
            form,
            lambda f: services.placement_record(
                actor=request.user, job_seeker=seeker, **f.cleaned_data
            ),
            _("The placement is recorded."),
            redirect_to=page_of("work:placement_detail"),
        )
        if isinstance(outcome, HttpResponseRedirect):
            return outcome
    return render(
        request, "work/placement_form.html", {"form": form, "seeker": seeker, "balances": balances}
    )


@requires(COORD, person_level=True)
def placement_detail(request, public_id):
    placement = selectors.placement_get_for_actor(request, public_id)
    audit_record(
        event=events.PLACEMENT_VIEWED,
        request=request,
        target=placement,
        subject_id=placement.job_seeker.person.public_id,
    )
    today = dt.date.today()
    entry = getattr(placement, "fulfilment", None)
    context = {
        "placement": placement,
        "seeker": placement.job_seeker,
        "follow_ups": placement.follow_ups.all(),
        "end_form": forms.PlacementEndForm(initial={"end": today}),
        "today": today,
    }
    if entry is not None:
        context["entry"] = entry
        context["entry_value"] = entry.value(today)
        context["contract_balance"] = selectors.contract_balance(entry.contract, today)
    return render(request, "work/placement_detail.html", context)


@requires(COORD, person_level=True)
def placement_end(request, public_id):
    placement = selectors.placement_get_for_actor(request, public_id)
    form = forms.PlacementEndForm(request.POST or None, initial={"end": dt.date.today()})
    saved = (
        request.method == "POST"
        and post_form(
            request,
            form,
            lambda f: services.placement_end(
                actor=request.user, placement=placement, **f.cleaned_data
            ),
            _("The placement is ended."),
        )
        is None
    )
    if saved:
        return redirect("work:placement_detail", public_id=placement.public_id)
    return render(request, "work/placement_end.html", {"form": form, "placement": placement})


@requires(COORD, person_level=True)
def followup_record(request, public_id):
    follow_up = selectors.follow_up_get_for_actor(request, public_id)
    placement = follow_up.placement
    form = forms.FollowUpForm(
        request.POST or None,
        initial={"done_on": dt.date.today(), "hours_per_week": placement.hours_per_week},
    )
    saved = (
        request.method == "POST"
        and post_form(
            request,
            form,
            lambda f: services.follow_up_record(
                actor=request.user, follow_up=follow_up, **f.cleaned_data
            ),
            _("The follow-up check is recorded."),
        )
        is None
    )
    if saved:
        return redirect("work:placement_detail", public_id=placement.public_id)
    return render(
        request,
        "work/followup_form.html",
        {"form": form, "follow_up": follow_up, "placement": placement},
    )
