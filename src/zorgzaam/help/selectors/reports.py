"""The functions other parts call: volunteers near a point (casework) and the
counts of the council report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum

from zorgzaam.common.periods import range_filter

from .. import matching
from ..constants import SKILLS_VOCABULARY
from ..engine import ui_lang
from ..models import (
    BuddyPairing,
    HelpRequest,
)
from ..pool import volunteer_pool


# --------------------------------------------------------------------------- for other parts
@dataclass(frozen=True)
class NearbyVolunteer:
    """A volunteer near a point, without name or address (data minimisation)."""

    public_id: str
    distance_km: float
    skills: tuple[str, ...]
    explanation: str


def volunteers_near(
    municipality, lat: float, lon: float, skill: str | None = None, limit: int = 10
) -> list[NearbyVolunteer]:
    """Volunteers who could help at (lat, lon) now: within their own travel radius, with the
    skill (any skill when ``None``), not paused, below their maximum load; best first.
    Unknown skill: ``ApplicationError``. Uses the cached pool (no full reload)."""
    from zorgzaam.common.errors import ApplicationError

    if skill is not None and skill not in SKILLS_VOCABULARY:
        raise ApplicationError(f"Unknown kind of help: {skill}.", field="skill")
    try:
        need = matching.HelpNeed(
            id="nearby",
            municipality=municipality.code,
            lat=lat,
            lon=lon,
            skills=frozenset({skill} if skill else ()),
        )
    except matching.MatchingError as exc:
        raise ApplicationError(f"Invalid location: {exc}.") from exc
    with volunteer_pool(municipality) as pool:
        found = matching.rank(pool, need, k=max(1, int(limit)))
        out = []
        for p in found:
            row = pool.row_of(p.volunteer_id)
            out.append(
                NearbyVolunteer(
                    public_id=str(p.volunteer_id),
                    distance_km=round(p.distance_km, 1),
                    skills=SKILLS_VOCABULARY.decode(int(pool.skills_mask[row])),
                    explanation=matching.explain(p, ui_lang(), codes=("distance", "load")),
                )
            )
    return out


MATCHED_STATES = ("accepted", "planned", "done")


def help_counts_by_village(municipality, period: tuple[dt.date, dt.date]) -> list[dict]:
    """Per village (area) for requests created in ``period`` (inclusive dates): counts per
    state, buddy pairings active in the period, volunteers active (accepted a task whose
    request was created in the period; distinct per village, the municipality's own count
    is ``help_volunteers_active``) and the time to match: for every matched request
    (accepted, planned or done) the days from asking to a volunteer's acceptance, sorted,
    without ids (the report takes medians). Aggregates only, no person-level data.

    Volunteer hours: of the done requests with hours recorded (optional when marking a task
    done or ending a buddy pairing, so not every done request has them), the sum of the
    hours (``hours``, a float in quarter hours), the number of distinct volunteers behind
    that sum (``hours_volunteers``: the people the figure is about, for small-cell
    suppression) and the number of such requests (``done_with_hours``, out of
    ``requests["done"]``: how complete the figure is).

    Returns ``[{"area_id", "area", "requests": {state: n}, "total", "buddies",
    "volunteers_active", "days_to_match": [float], "hours": float, "hours_volunteers",
    "done_with_hours"}]`` ordered by village name; requests without a village are under
    ``area=None``."""
    start, end = period
    requests = _requests_in(municipality, period)
    rows: dict = {}

    def row(area_id, name):
        if area_id not in rows:
            rows[area_id] = {
                "area_id": area_id,
                "area": name,
                "requests": {s: 0 for s in HelpRequest.Status.values},
                "total": 0,
                "buddies": 0,
                "volunteers_active": 0,
                "days_to_match": [],
                "hours": 0.0,
                "hours_volunteers": 0,
                "done_with_hours": 0,
            }
        return rows[area_id]

    for area_id, name, status, n in (
        requests.values_list("area__public_id", "area__name", "status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        r = row(area_id, name)
        r["requests"][status] += n
        r["total"] += n
    for area_id, name, n in (
        requests.filter(volunteer__isnull=False)
        .values_list("area__public_id", "area__name")
        .annotate(n=Count("volunteer", distinct=True))
        .order_by()
    ):
        row(area_id, name)["volunteers_active"] = n
    for area_id, name, created, accepted in requests.filter(
        status__in=MATCHED_STATES, accepted_at__isnull=False
    ).values_list("area__public_id", "area__name", "created_at", "accepted_at"):
        days = max(0.0, (accepted - created).total_seconds() / 86400)
        row(area_id, name)["days_to_match"].append(round(days, 2))
    for area_id, name, hours, people, n in (
        _with_hours(requests)
        .values_list("area__public_id", "area__name")
        .annotate(hours=Sum("hours_spent"), people=Count("volunteer", distinct=True), n=Count("pk"))
        .order_by()
    ):
        r = row(area_id, name)
        r["hours"], r["hours_volunteers"], r["done_with_hours"] = float(hours), people, n
    for r in rows.values():
        r["days_to_match"].sort()
    buddies = BuddyPairing.objects.for_municipality(municipality).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=start), start_date__lte=end
    )
    for area_id, name, n in (
        buddies.values_list("request__area__public_id", "request__area__name")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        row(area_id, name)["buddies"] = n
    return sorted(rows.values(), key=lambda r: (r["area"] is None, r["area"] or ""))


def help_volunteers_active(municipality, period: tuple[dt.date, dt.date]) -> int:
    """The distinct volunteers behind ``volunteers_active`` of all villages together (the
    municipality's total: someone who took on requests in two villages is counted once
    here, once in each village's ``volunteers_active``)."""
    return (
        _requests_in(municipality, period)
        .filter(volunteer__isnull=False)
        .values("volunteer")
        .distinct()
        .order_by()
        .count()
    )


def help_hours_volunteers(municipality, period: tuple[dt.date, dt.date]) -> int:
    """The distinct volunteers behind all hours of ``help_counts_by_village`` together (the
    people behind the municipality's total; someone who helped in two villages is counted
    once here, twice in the villages' ``hours_volunteers``)."""
    return (
        _with_hours(_requests_in(municipality, period))
        .values("volunteer")
        .distinct()
        .order_by()
        .count()
    )


def _requests_in(municipality, period: tuple[dt.date, dt.date]) -> QuerySet:
    start, end = period
    return HelpRequest.objects.for_municipality(municipality).filter(
        **range_filter("created_at", start, end)
    )


def _with_hours(requests: QuerySet) -> QuerySet:
    """Done requests whose hours were recorded (by or for the volunteer who helped)."""
    return requests.filter(
        status=HelpRequest.Status.DONE, hours_spent__isnull=False, volunteer__isnull=False
    )
