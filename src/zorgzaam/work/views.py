"""Screens of the work part. Views parse, call one service or selector, and render."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgzaam.accounts.permissions import deny, requires
from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError, add_form_error
from zorgzaam.people.models import Person

from . import events, forms, matching, selectors, services, sroi, vocab
from .models import (
    BuildingBlockTable,
    FulfilmentEntry,
    JobSeeker,
    OfferKind,
    PeerGroupMembership,
    PeerGroupSession,
    Placement,
    TargetGroup,
)
from .templatetags.work_tags import euro

COORD = "work.coordinate"
SROI = "work.sroi"


def _labels(codes, table) -> list[str]:
    i = 0 if forms._lang() == "nl" else 1
    return [table[c][i] for c in codes if c in table]


def _balance_label(b: selectors.ContractBalance) -> str:
    return _("%(ref)s %(contractor)s: %(fulfilled)s of %(owed)s fulfilled") % {
        "ref": b.contract.reference,
        "contractor": b.contract.contractor_name,
        "fulfilled": euro(b.balance.fulfilled),
        "owed": euro(b.balance.owed),
    }


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
    person = Person.objects.filter(public_id=person_id).first()
    if person is None:
        raise Http404
    if person.municipality_id != request.user.municipality_id:
        deny(request, target=person, subject_id=person.public_id, reason="other municipality")
    form = forms.JobSeekerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            seeker = services.job_seeker_register(
                actor=request.user, person=person, **form.service_kwargs()
            )
        except ApplicationError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("The job seeker is registered."))
            return redirect("work:jobseeker_detail", public_id=seeker.public_id)
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
    if request.method == "POST" and form.is_valid():
        try:
            services.job_seeker_update(
                actor=request.user, job_seeker=seeker, **form.service_kwargs()
            )
        except ApplicationError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("The changes are saved."))
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
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            placement = services.placement_record(actor=request.user, job_seeker=seeker, **data)
        except ApplicationError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("The placement is recorded."))
            return redirect("work:placement_detail", public_id=placement.public_id)
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
    if request.method == "POST" and form.is_valid():
        try:
            services.placement_end(actor=request.user, placement=placement, **form.cleaned_data)
        except ApplicationError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("The placement is ended."))
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
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_record(actor=request.user, follow_up=follow_up, **form.cleaned_data)
        except ApplicationError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("The follow-up check is recorded."))
            return redirect("work:placement_detail", public_id=placement.public_id)
    return render(
        request,
        "work/followup_form.html",
        {"form": form, "follow_up": follow_up, "placement": placement},
    )


# --- employers -----------------------------------------------------------------------------


@requires(COORD)
def employer_list(request):
    qs = selectors.employer_list_for_actor(request.user)
    sector = request.GET.get("sector", "")
    if sector in vocab.SECTORS:
        qs = qs.filter(sector=sector)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "work/employer_list.html",
        {"page": page, "sector": sector, "sectors": forms.term_choices(vocab.SECTORS)},
    )


@requires(COORD)
def employer_new(request):
    form = forms.EmployerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            employer = services.employer_create(actor=request.user, **form.service_kwargs())
        except ApplicationError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("The employer is added."))
            return redirect("work:employer_detail", public_id=employer.public_id)
    return render(request, "work/employer_form.html", {"form": form})


@requires(COORD)
def employer_detail(request, public_id):
    employer = selectors.employer_get_for_actor(request, public_id)
    running = employer.placements.filter(outcome=Placement.Outcome.OPEN)
    offers = [
        {
            "label": OfferKind(k).label,
            "capacity": employer.capacity(k),
            "taken": running.filter(kind=k).count(),
        }
        for k in OfferKind.values
        if employer.capacity(k)
    ]
    return render(
        request,
        "work/employer_detail.html",
        {
            "employer": employer,
            "offers": offers,
            "skills": _labels(employer.skills, vocab.SKILLS),
            "sector": _labels([employer.sector], vocab.SECTORS)[0],
        },
    )


@requires(COORD)
def employer_edit(request, public_id):
    employer = selectors.employer_get_for_actor(request, public_id)
    form = forms.EmployerEditForm(
        request.POST or None, initial=forms.EmployerEditForm.initial_for(employer)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.employer_update(actor=request.user, employer=employer, **form.service_kwargs())
        except ApplicationError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("work:employer_detail", public_id=employer.public_id)
    return render(request, "work/employer_form.html", {"form": form, "employer": employer})


# --- peer groups ---------------------------------------------------------------------------


@requires(COORD, person_level=True)
def peergroup_list(request):
    groups = selectors.peer_group_list_for_actor(request.user)
    hosts = selectors.employer_list_for_actor(request.user).filter(hosts_peer_group=True)
    form = forms.PeerGroupForm(request.POST or None, hosts=hosts)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.peer_group_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("The peer group is started."))
            return redirect("work:peergroup_detail", public_id=group.public_id)
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
    if form.is_valid():
        try:
            services.peer_group_add_member(actor=request.user, group=group, **form.cleaned_data)
        except ApplicationError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("The job seeker joined the group."))
            return redirect("work:peergroup_detail", public_id=group.public_id)
    return _group_page(request, group, status=400, member_form=form)


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
    if form.is_valid():
        try:
            session = services.session_add(actor=request.user, group=group, **form.cleaned_data)
        except ApplicationError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("The session is planned."))
            return redirect("work:session_detail", public_id=session.public_id)
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


# --- SROI ----------------------------------------------------------------------------------


@requires(SROI)
def contract_list(request):
    today = dt.date.today()
    balances = selectors.contract_balances(selectors.contract_list_for_actor(request.user), today)
    only_behind = request.GET.get("behind") == "1"
    if only_behind:
        balances = [b for b in balances if b.falling_behind]
    return render(
        request,
        "work/contract_list.html",
        {
            "balances": balances,
            "only_behind": only_behind,
            "today": today,
            "tolerance": int(selectors.BEHIND_TOLERANCE * 100),
        },
    )


@requires(SROI)
def contract_new(request):
    tables = BuildingBlockTable.objects.for_municipality(request.user.municipality)
    form = forms.ContractForm(request.POST or None, tables=tables)
    if not tables.exists():
        messages.warning(request, _("Add a building-block table first."))
        return redirect("work:table_list")
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.contract_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("The contract is added."))
            return redirect("work:contract_detail", public_id=contract.public_id)
    return render(request, "work/contract_form.html", {"form": form})


def _contract_context(request, contract, form=None):
    today = dt.date.today()
    return {
        "contract": contract,
        "balance": selectors.contract_balance(contract, today),
        "entries": selectors.fulfilment_entries(contract, today),
        "form": form or forms.FulfilmentForm(),
        "today": today,
        "table": contract.table.as_table(),
    }


@requires(SROI)
def contract_detail(request, public_id):
    contract = selectors.contract_get_for_actor(request, public_id)
    form = forms.FulfilmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        try:
            services.fulfilment_add(actor=request.user, contract=contract, **data)
        except ApplicationError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("The fulfilment is added."))
            return redirect("work:contract_detail", public_id=contract.public_id)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "work/contract_detail.html",
        _contract_context(request, contract, form),
        status=status,
    )


@requires(SROI)
def table_list(request):
    """The municipality's building-block tables, and a form for a new one: the general
    settings and one row per target group, bonus and PSO level (amounts in euros), filled
    in with the newest table's values (or the defaults) to start from."""
    tables = BuildingBlockTable.objects.for_municipality(request.user.municipality)
    newest = tables.first()
    start = newest.as_table().to_mapping() if newest else sroi.DEFAULT_TABLE
    form = forms.TableForm(
        request.POST or None,
        initial={
            "name": _("Building blocks %(year)s") % {"year": dt.date.today().year},
            "valid_from": dt.date(dt.date.today().year, 1, 1),
            "full_time_hours": Decimal(str(start["full_time_hours"])),
            "social_enterprise_percentage": Decimal(str(start["social_enterprise_percentage"])),
            "custom_effort_hourly_rate": Decimal(str(start["custom_effort_hourly_rate"])),
        },
    )
    amounts = forms.amount_formset(request.POST or None, table=start)
    if request.method == "POST" and form.is_valid() and amounts.is_valid():
        general = form.cleaned_data
        try:
            services.table_create(
                actor=request.user,
                name=general["name"],
                valid_from=general["valid_from"],
                data=amounts.table_data(general),
            )
        except ApplicationError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("The building-block table is added."))
            return redirect("work:table_list")
    rows = [(t, t.as_table()) for t in tables]
    return render(
        request,
        "work/table_list.html",
        {
            "tables": rows,
            "form": form,
            "amounts": amounts,
            "sections": _amount_sections(amounts),
            "started_from": newest,
            "groups": dict(TargetGroup.choices),
            "bonus_labels": dict(forms.FulfilmentForm.base_fields["bonuses"].choices),
            "pso_labels": dict(FulfilmentEntry.PsoLevel.choices),
        },
        status=400 if request.method == "POST" else 200,
    )


def _amount_sections(amounts) -> list[tuple[str, str, list]]:
    """The amount rows grouped for the page: (id, heading, forms)."""
    titles = {
        "target_groups": _("Value of a full-time year per target group"),
        "bonuses": _("Bonuses per full-time year"),
        "pso_levels": _("PSO certificate per year"),
    }
    return [
        (key, title, [f for f in amounts.forms if getattr(f, "section", "") == key])
        for key, title in titles.items()
    ]
