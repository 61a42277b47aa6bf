"""Reads of casework. Person-level reads start from ``permissions.households_for_actor``;
the council-report selectors at the bottom return aggregates only (no names, no ids)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from zorgzaam.accounts.models import TeamMembership, User
from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.periods import local_midnight, range_filter

from .bsn import bsn_indexes, bsn_is_valid
from .models import (
    Action,
    DiscretionaryDecision,
    Goal,
    Household,
    HouseholdContact,
    Measurement,
    MeasurementScore,
    Referral,
    ZrmDomain,
)
from .permissions import households_for_actor, referrals_for_receiver

Period = tuple[date, date]


def stale_days() -> int:
    return int(getattr(settings, "CASEWORK_REFERRAL_STALE_DAYS", 14))


def household_list(actor, *, query: str = "", status: str = "open", bsn: str = ""):
    """The actor's caseload (team members and assigned professionals; break-the-glass grants
    are not listed). ``query`` matches the household name; ``bsn`` a member's BSN exactly
    (through the blind index; an invalid BSN matches nothing)."""
    qs = households_for_actor(actor, include_break_glass=False).select_related("team", "area")
    if status in Household.Status.values:
        qs = qs.filter(status=status)
    query = (query or "").strip()
    if query:
        qs = qs.filter(name__icontains=query)
    if bsn:
        if not bsn_is_valid(bsn):
            return qs.none()
        qs = qs.filter(members__bsn_index__in=bsn_indexes(bsn))
    own = Household.objects.filter(pk=OuterRef("pk"), professionals=actor)
    return qs.annotate(n_members=Count("members", distinct=True), is_mine=Exists(own)).order_by(
        "-is_mine", "name"
    )


def stale_referrals_q(now=None) -> Q:
    now = now or timezone.now()
    return Q(
        status__in=Referral.OPEN_STATUSES, status_changed_at__lt=now - timedelta(days=stale_days())
    )


def referral_is_stale(referral: Referral, now=None) -> bool:
    now = now or timezone.now()
    return (
        referral.status in Referral.OPEN_STATUSES
        and referral.status_changed_at < now - timedelta(days=stale_days())
    )


def dashboard_for_actor(actor, today: date | None = None) -> dict:
    """Today's (and overdue) actions and stale referrals of the actor's assigned households."""
    today = today or timezone.localdate()
    mine = households_for_actor(actor, include_break_glass=False).filter(
        status=Household.Status.OPEN, professionals=actor
    )
    planned = Action.objects.filter(goal__plan__household__in=mine, status=Action.Status.PLANNED)
    due_today = (
        planned.filter(due_on=today)
        .select_related("goal__domain", "goal__plan__household")
        .order_by("goal__plan__household__name", "id")[:50]
    )
    overdue = planned.filter(due_on__lt=today)
    stale = Referral.objects.filter(action__goal__plan__household__in=mine).filter(
        stale_referrals_q()
    )
    return {
        "actions": list(due_today),
        # The most overdue first; the page shows a few and folds the rest away.
        "overdue": list(
            overdue.select_related("goal__domain", "goal__plan__household").order_by(
                "due_on", "id"
            )[:50]
        ),
        "overdue_count": overdue.count(),
        "stale_referrals": list(
            stale.select_related("action__goal__plan__household").order_by("status_changed_at")[:50]
        ),
        "stale_count": stale.count(),
        "today": today,
    }


def plan_goals(household: Household):
    return (
        Goal.objects.filter(plan__household=household)
        .select_related("domain")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.select_related("referral").order_by("id"),
            )
        )
    )


def domains_of(household: Household):
    return ZrmDomain.objects.filter(version_id=household.zrm_version_id).order_by("order")


@dataclass(frozen=True)
class ScoreTable:
    domains: list[ZrmDomain]
    measurements: list[Measurement]
    rows: list[tuple[ZrmDomain, list[int | None]]]


def score_table(household: Household) -> ScoreTable:
    """Scores per domain (rows) per measurement (columns, oldest first)."""
    domains = list(domains_of(household))
    measurements = list(household.measurements.order_by("measured_on", "id"))
    values: dict[tuple[int, int], int] = {
        (s.measurement_id, s.domain_id): s.score
        for s in MeasurementScore.objects.filter(measurement__in=measurements)
    }
    rows = [(d, [values.get((m.pk, d.pk)) for m in measurements]) for d in domains]
    return ScoreTable(domains, measurements, rows)


def referral_inbox(actor):
    return referrals_for_receiver(actor).order_by("-status_changed_at")


# --- Council report selectors: aggregates only -------------------------------------------


def _active_in(period: Period):
    start, end = period
    return Household.objects.filter(opened_on__lte=end).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=start)
    )


def _informal_exists(end: date):
    """An informal action (not cancelled) created on or before the local date ``end``."""
    return Exists(
        Action.objects.filter(
            goal__plan__household=OuterRef("pk"),
            category=Action.Category.INFORMAL,
            created_at__lt=local_midnight(end + timedelta(days=1)),
        ).exclude(status=Action.Status.CANCELLED)
    )


def _any_action_exists(end: date):
    """Any action created on or before the local date ``end``."""
    return Exists(
        Action.objects.filter(
            goal__plan__household=OuterRef("pk"),
            created_at__lt=local_midnight(end + timedelta(days=1)),
        )
    )


@dataclass(frozen=True)
class InformalShare:
    plans: int  # plans (of households active in the period) with at least one action
    informal: int  # of which with at least one informal action
    share: float | None  # informal / plans, None when there are no plans


def informal_share(municipality, period: Period) -> InformalShare:
    """Share of plans that use informal resources (own network, neighbour help, informal
    social-map items), for households open at some time in ``period`` (inclusive dates)."""
    counts = (
        _active_in(period)
        .filter(municipality=municipality)
        .annotate(
            has_action=_any_action_exists(period[1]), has_informal=_informal_exists(period[1])
        )
        .filter(has_action=True)
        .aggregate(plans=Count("pk"), informal=Count("pk", filter=Q(has_informal=True)))
    )
    plans, informal = counts["plans"], counts["informal"]
    return InformalShare(plans, informal, (informal / plans) if plans else None)


def casework_counts_by_village(municipality, period: Period) -> list[dict]:
    """Per village (area): households open in the period, opened, closed, plans with an
    action, plans with an informal action, referrals finished / declined in the period.
    Households without a village are counted under ``area=None``."""
    start, end = period
    households = (
        _active_in(period)
        .filter(municipality=municipality)
        .annotate(has_action=_any_action_exists(end), informal=_informal_exists(end))
        .values("pk", "area_id", "area__name", "opened_on", "closed_on", "has_action", "informal")
    )
    rows: dict[int | None, dict] = {}
    for h in households:
        row = rows.setdefault(
            h["area_id"],
            {
                "area_id": h["area_id"],
                "area": h["area__name"],
                "households": 0,
                "opened": 0,
                "closed": 0,
                "plans_with_actions": 0,
                "plans_with_informal": 0,
                "referrals_finished": 0,
                "referrals_declined": 0,
            },
        )
        row["households"] += 1
        row["opened"] += int(start <= h["opened_on"] <= end)
        row["closed"] += int(h["closed_on"] is not None and start <= h["closed_on"] <= end)
        row["plans_with_actions"] += int(h["has_action"])
        row["plans_with_informal"] += int(h["informal"])
    referrals = (
        Referral.objects.filter(
            municipality=municipality,
            status__in=[Referral.Status.FINISHED, Referral.Status.DECLINED],
            **range_filter("status_changed_at", start, end),
        )
        .values("action__goal__plan__household__area_id", "status")
        .annotate(n=Count("pk"))
    )
    for r in referrals:
        area_id = r["action__goal__plan__household__area_id"]
        if area_id not in rows:
            continue
        key = (
            "referrals_finished"
            if r["status"] == Referral.Status.FINISHED
            else "referrals_declined"
        )
        rows[area_id][key] += r["n"]
    return sorted(rows.values(), key=lambda r: (r["area"] is None, r["area"] or ""))


def zrm_progress(municipality, period: Period) -> list[dict]:
    """Per ZRM domain (of the current version): households with at least two scores in the
    domain within the period, mean first and mean last score, mean change, and how many
    went up / stayed / went down. Domains without such households are left out."""
    start, end = period
    scores = (
        MeasurementScore.objects.filter(
            measurement__household__municipality=municipality,
            measurement__measured_on__gte=start,
            measurement__measured_on__lte=end,
            domain__version__is_current=True,
        )
        .values(
            "measurement__household_id",
            "domain__code",
            "domain__name",
            "domain__order",
            "score",
            "measurement__measured_on",
            "measurement_id",
        )
        .order_by("measurement__measured_on", "measurement_id")
    )
    series: dict[tuple[str, int], list[int]] = defaultdict(list)
    meta: dict[str, tuple[str, int]] = {}
    for s in scores:
        series[(s["domain__code"], s["measurement__household_id"])].append(s["score"])
        meta[s["domain__code"]] = (s["domain__name"], s["domain__order"])
    result = []
    for code, (name, _order) in sorted(meta.items(), key=lambda kv: kv[1][1]):
        pairs = [(v[0], v[-1]) for (c, _h), v in series.items() if c == code and len(v) >= 2]
        if not pairs:
            continue
        n = len(pairs)
        first = sum(p[0] for p in pairs) / n
        last = sum(p[1] for p in pairs) / n
        result.append(
            {
                "domain": code,
                "name": name,
                "households": n,
                "mean_first": round(first, 2),
                "mean_last": round(last, 2),
                "mean_change": round(last - first, 2),
                "improved": sum(1 for a, b in pairs if b > a),
                "same": sum(1 for a, b in pairs if b == a),
                "worse": sum(1 for a, b in pairs if b < a),
            }
        )
    return result


def referrals_closed(municipality, period: Period) -> dict[str, int]:
    """Referrals finished and declined in the period (for the council report)."""
    start, end = period
    qs = Referral.objects.filter(
        municipality=municipality,
        **range_filter("status_changed_at", start, end),
    )
    return {
        "finished": qs.filter(status=Referral.Status.FINISHED).count(),
        "declined": qs.filter(status=Referral.Status.DECLINED).count(),
        "stale": Referral.objects.filter(municipality=municipality)
        .filter(stale_referrals_q())
        .count(),
    }


@dataclass
class BsnConflict:
    """A BSN refused to a member of the lead's team: when, who, and for which household of
    theirs (None at an intake). Nothing about the other household: the lead resolves it
    with the administrator or the other team."""

    occurred_at: object
    actor: object
    household: object


def bsn_conflicts_for_lead(actor, *, days: int = 90) -> list[BsnConflict]:
    """The ``case.bsn_conflict`` refusals of the last ``days`` days of the members of the
    teams ``actor`` leads."""
    if actor.municipality_id is None:
        return []
    teams = TeamMembership.objects.filter(user=actor, is_lead=True).values("team")
    users = {
        u.public_id: u
        for u in User.objects.filter(
            teammembership__team__in=teams, municipality=actor.municipality
        ).distinct()
    }
    rows = AuditEvent.objects.filter(
        event="case.bsn_conflict",
        actor_id__in=list(users),
        occurred_at__gte=timezone.now() - timedelta(days=days),
    ).order_by("-occurred_at")[:100]
    own = households_for_actor(actor, include_break_glass=False)
    result = []
    for row in rows:
        if row.actor_id is None:  # never: the rows are those of the team members
            continue
        household = None
        tail = row.reason.rsplit(" ", 1)[-1]
        try:
            household = own.filter(public_id=uuid.UUID(tail)).first()
        except ValueError:
            household = None
        result.append(BsnConflict(row.occurred_at, users[row.actor_id], household))
    return result


# --- Practices of caring villages (issue 24): aggregates per quarter ----------------------


def _quarter(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _quarters(period: Period) -> list[str]:
    start, end = period
    out, day = [], date(start.year, 3 * ((start.month - 1) // 3) + 1, 1)
    while day <= end:
        out.append(_quarter(day))
        month = day.month + 3
        day = date(day.year + (month > 12), (month - 1) % 12 + 1, 1)
    return out


def discretionary_decisions_by_quarter(municipality, period: Period) -> list[dict]:
    """Discretionary decisions of a municipality per quarter of ``period`` (inclusive local
    dates): requested (by request date), approved and rejected (by decision date), reviewed
    (by review date), and the approved cost in euros. Counts only, no text.
    [{"quarter": "2026-Q3", "requested", "approved", "rejected", "reviewed", "approved_cost"}]"""
    rows: dict[str, dict[str, Any]] = {
        q: {
            "quarter": q,
            "requested": 0,
            "approved": 0,
            "rejected": 0,
            "reviewed": 0,
            "approved_cost": Decimal("0"),
        }
        for q in _quarters(period)
    }
    start, end = period
    base = DiscretionaryDecision.objects.filter(plan__household__municipality=municipality)
    zone = timezone.get_current_timezone()
    for created in base.filter(**range_filter("created_at", start, end)).values_list(
        "created_at", flat=True
    ):
        rows[_quarter(created.astimezone(zone).date())]["requested"] += 1
    decided = base.filter(**range_filter("decided_at", start, end)).exclude(
        status=DiscretionaryDecision.Status.REQUESTED
    )
    for status, at, cost in decided.values_list("status", "decided_at", "cost"):
        if at is None:  # excluded by the range filter; for the type checker
            continue
        row = rows[_quarter(at.astimezone(zone).date())]
        if status == DiscretionaryDecision.Status.REJECTED:
            row["rejected"] += 1
        else:
            row["approved"] += 1
            row["approved_cost"] += cost
    for at in base.filter(**range_filter("reviewed_at", start, end)).values_list(
        "reviewed_at", flat=True
    ):
        if at is None:
            continue
        rows[_quarter(at.astimezone(zone).date())]["reviewed"] += 1
    return list(rows.values())


def village_contact_share_by_quarter(municipality, period: Period) -> list[dict]:
    """Household contacts of a municipality per quarter of ``period``, and the share held in
    the village (at the community hub or at home).
    [{"quarter", "contacts", "in_village", "at_hub", "share" (None without contacts)}]"""
    rows: dict[str, dict[str, Any]] = {
        q: {"quarter": q, "contacts": 0, "in_village": 0, "at_hub": 0, "share": None}
        for q in _quarters(period)
    }
    start, end = period
    contacts = HouseholdContact.objects.filter(
        household__municipality=municipality, held_on__gte=start, held_on__lte=end
    )
    for held_on, place in contacts.values_list("held_on", "place"):
        row = rows[_quarter(held_on)]
        row["contacts"] += 1
        row["in_village"] += place in HouseholdContact.IN_VILLAGE
        row["at_hub"] += place == HouseholdContact.Place.HUB
    for row in rows.values():
        if row["contacts"]:
            row["share"] = row["in_village"] / row["contacts"]
    return list(rows.values())
