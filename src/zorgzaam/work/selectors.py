"""Reads of the work part, scoped to the actor's municipality, and the figures for the
council report (:func:`work_counts`)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from zorgzaam.accounts.access import get_for_actor
from zorgzaam.accounts.permissions import actor_can

from . import sroi
from .models import (
    Employer,
    FollowUp,
    FulfilmentEntry,
    JobSeeker,
    PeerGroup,
    Placement,
    SroiContract,
    TargetGroup,
)

#: a contract is "falling behind" when fulfilment is below the pro-rata expectation by more
#: than this share of the expected amount
BEHIND_TOLERANCE = Decimal("0.10")
WORKING = (Placement.Outcome.WORK_FOUND, Placement.Outcome.PAID_JOB)


def _scoped(model, actor, capability: str) -> QuerySet:
    if not actor_can(actor, capability):
        return model.objects.none()
    return model.objects.for_municipality(actor.municipality)


def _get(request, qs: QuerySet, model, public_id, *, subject=None):
    """The object in the actor's scope ``qs`` (``accounts.access.get_for_actor``): 404 when
    it does not exist, an audited 403 when it is outside ``qs`` (another municipality); read
    again through ``qs`` for what it selects."""
    obj = get_for_actor(
        request,
        model,
        public_id,
        visible=qs,
        subject=(lambda o: subject(o).public_id) if subject else None,
        visible_reason="other municipality",
    )
    return qs.get(pk=obj.pk)


# --- job seekers, employers, placements, peer groups ---------------------------------------


def job_seeker_list_for_actor(actor, *, status: str = "", target_group: str = "", q: str = ""):
    qs = _scoped(JobSeeker, actor, "work.coordinate").select_related("person", "person__area")
    if status:
        qs = qs.filter(status=status)
    if target_group:
        qs = qs.filter(target_group=target_group)
    if q:
        qs = qs.filter(Q(person__family_name__icontains=q) | Q(person__given_name__icontains=q))
    return qs


def job_seeker_get_for_actor(request, public_id) -> JobSeeker:
    return _get(
        request,
        job_seeker_list_for_actor(request.user),
        JobSeeker,
        public_id,
        subject=lambda s: s.person,
    )


def employer_list_for_actor(actor) -> QuerySet[Employer]:
    return _scoped(Employer, actor, "work.coordinate").prefetch_related("contacts")


def employer_get_for_actor(request, public_id) -> Employer:
    return _get(
        request,
        employer_list_for_actor(request.user),
        Employer,
        public_id,
    )


def placement_list_for_actor(actor) -> QuerySet[Placement]:
    return _scoped(Placement, actor, "work.coordinate").select_related(
        "job_seeker__person", "employer"
    )


def placement_get_for_actor(request, public_id) -> Placement:
    return _get(
        request,
        placement_list_for_actor(request.user),
        Placement,
        public_id,
        subject=lambda p: p.job_seeker.person,
    )


def follow_up_get_for_actor(request, public_id) -> FollowUp:
    follow_up = FollowUp.objects.filter(public_id=public_id).select_related("placement").first()
    if follow_up is None:
        raise Http404
    placement_get_for_actor(request, follow_up.placement.public_id)
    return follow_up


def follow_ups_due(actor, as_of: dt.date) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(
        placement__in=placement_list_for_actor(actor), done_on__isnull=True, due_on__lte=as_of
    ).select_related("placement__job_seeker__person", "placement__employer")


def peer_group_list_for_actor(actor) -> QuerySet[PeerGroup]:
    return _scoped(PeerGroup, actor, "work.coordinate").select_related("host")


def peer_group_get_for_actor(request, public_id) -> PeerGroup:
    return _get(
        request,
        peer_group_list_for_actor(request.user),
        PeerGroup,
        public_id,
    )


def work_summary_for_person(person) -> dict[str, Any] | None:
    """What casework may show in the Werk & Opleiding domain of a household member: status,
    target group and placements (employer, kind, dates, outcome) — no wishes or limits.
    ``None`` when the person is not a job seeker. The caller checks its own need-to-know."""
    seeker = JobSeeker.objects.filter(person=person).first()
    if seeker is None:
        return None
    return {
        "job_seeker_id": seeker.public_id,
        "status": seeker.status,
        "target_group": seeker.target_group,
        "work_goal": seeker.work_goal,
        "plan_goal_id": seeker.plan_goal_id,
        "placements": [
            {
                "id": p.public_id,
                "employer": p.employer.name,
                "kind": p.kind,
                "start": p.start,
                "end": p.end,
                "outcome": p.outcome,
            }
            for p in seeker.placements.select_related("employer")
        ],
    }


# --- SROI ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContractBalance:
    contract: SroiContract
    balance: sroi.Balance
    as_of: dt.date

    @property
    def falling_behind(self) -> bool:
        started = self.as_of >= self.contract.start
        return started and self.balance.falling_behind(BEHIND_TOLERANCE)


def contract_balance(contract: SroiContract, as_of: dt.date) -> ContractBalance:
    """Owed, fulfilled (entries valued up to ``as_of``) and expected pro rata to ``as_of``."""
    table = contract.table.as_table()
    values = [e.value(as_of, table) for e in contract.entries.all()]
    return ContractBalance(
        contract, sroi.balance(contract.owed, values, contract.period, as_of), as_of
    )


def contract_list_for_actor(actor, capability: str = "work.sroi") -> QuerySet[SroiContract]:
    return _scoped(SroiContract, actor, capability).select_related("table", "contractor")


def contract_get_for_actor(request, public_id, capability: str = "work.sroi") -> SroiContract:
    return _get(
        request,
        contract_list_for_actor(request.user, capability),
        SroiContract,
        public_id,
    )


def contract_balances(contracts: QuerySet[SroiContract], as_of: dt.date) -> list[ContractBalance]:
    contracts = contracts.prefetch_related("entries")
    return [contract_balance(c, as_of) for c in contracts]


def contracts_falling_behind(municipality, as_of: dt.date) -> list[ContractBalance]:
    """Running or ended contracts whose fulfilment lags the pro-rata expectation by more than
    :data:`BEHIND_TOLERANCE`, largest shortfall first."""
    qs = SroiContract.objects.for_municipality(municipality).filter(start__lte=as_of)
    behind = [b for b in contract_balances(qs.select_related("table"), as_of) if b.falling_behind]
    return sorted(behind, key=lambda b: -b.balance.shortfall)


def open_contracts_for_placements(actor, as_of: dt.date) -> list[ContractBalance]:
    """Contracts still running on ``as_of``, for the placement form (coordinators see the
    contract's balance, not its entries)."""
    qs = contract_list_for_actor(actor, "work.coordinate").filter(end__gte=as_of)
    return contract_balances(qs, as_of)


# --- council report ------------------------------------------------------------------------


def work_counts(municipality, start: dt.date, end: dt.date) -> dict[str, Any]:
    """Figures of the work part for the council report over ``[start, end]`` (inclusive).

    Returns::

        {
          "period": {"start": date, "end": date},
          "job_seekers": {"registered": int,   # registered on or before end, not closed
                          "new": int,          # registered within the period
                          "by_target_group": {target_group: int}},   # of "registered"
          "jobs_found": int,                   # placements ended in the period with outcome
                                               # work_found or paid_job
          "jobs_found_from_social_assistance": int,  # idem, target group participatiewet
          "placements_started": int,           # started within the period
          "placements_by_outcome": {outcome: int},   # ended in the period, per outcome;
                                               # "open": still running on end
          "peer_groups": {"groups": int, "sessions": int, "attendances": int},
          "sroi": {"contracts": int,           # contracts whose period overlaps [start, end]
                   "owed": Decimal,            # their obligations in full (euros, cents)
                   "expected": Decimal,        # pro-rata part due by end
                   "fulfilled": Decimal,       # valued with each contract's table up to end
                   "falling_behind": int},     # contracts behind by > BEHIND_TOLERANCE
        }

    Counts only, no personal data. Every key is always present (zeros when there is nothing).
    """
    if end < start:
        raise ValueError("end is before start")
    seekers = JobSeeker.objects.for_municipality(municipality)
    registered = seekers.filter(registered_on__lte=end).exclude(status=JobSeeker.Status.CLOSED)
    by_group = Counter(registered.values_list("target_group", flat=True))
    placements = Placement.objects.for_municipality(municipality)
    ended = placements.filter(end__gte=start, end__lte=end).exclude(outcome=Placement.Outcome.OPEN)
    outcomes = Counter(ended.values_list("outcome", flat=True))
    outcomes_out = {o: outcomes.get(o, 0) for o in Placement.Outcome.values}
    outcomes_out[Placement.Outcome.OPEN] = (
        placements.filter(start__lte=end)
        .filter(Q(outcome=Placement.Outcome.OPEN) | Q(end__gt=end))
        .count()
    )
    jobs = ended.filter(outcome__in=WORKING)
    groups = PeerGroup.objects.for_municipality(municipality)
    from .models import Attendance, PeerGroupSession

    sessions = PeerGroupSession.objects.filter(group__in=groups, date__gte=start, date__lte=end)
    contracts = SroiContract.objects.for_municipality(municipality).filter(
        start__lte=end, end__gte=start
    )
    balances = contract_balances(contracts.select_related("table"), end)
    return {
        "period": {"start": start, "end": end},
        "job_seekers": {
            "registered": registered.count(),
            "new": seekers.filter(registered_on__gte=start, registered_on__lte=end).count(),
            "by_target_group": {g: by_group.get(g, 0) for g in TargetGroup.values},
        },
        "jobs_found": jobs.count(),
        "jobs_found_from_social_assistance": jobs.filter(
            job_seeker__target_group=TargetGroup.PARTICIPATIEWET
        ).count(),
        "placements_started": placements.filter(start__gte=start, start__lte=end).count(),
        "placements_by_outcome": outcomes_out,
        "peer_groups": {
            "groups": groups.filter(started_on__lte=end).count(),
            "sessions": sessions.count(),
            "attendances": Attendance.objects.filter(session__in=sessions, present=True).count(),
        },
        "sroi": {
            "contracts": len(balances),
            "owed": sum((b.balance.owed for b in balances), Decimal("0.00")),
            "expected": sum((b.balance.expected for b in balances), Decimal("0.00")),
            "fulfilled": sum((b.balance.fulfilled for b in balances), Decimal("0.00")),
            "falling_behind": sum(1 for b in balances if b.falling_behind),
        },
    }


def fulfilment_entries(
    contract: SroiContract, as_of: dt.date
) -> list[tuple[FulfilmentEntry, Decimal]]:
    table = contract.table.as_table()
    return [(e, e.value(as_of, table)) for e in contract.entries.select_related("placement")]


def food_gardens(municipality) -> list[dict[str, Any]]:
    """The food gardens of a municipality, for other parts that refer to one by typed
    reference (casework's debt-help track offers them as an informal-first card):
    [{"public_id", "name", "place"}], by name. No people."""
    from .models import FoodGarden

    return [
        {"public_id": g.public_id, "name": g.name, "place": g.place}
        for g in FoodGarden.objects.for_municipality(municipality).order_by("name")
    ]
