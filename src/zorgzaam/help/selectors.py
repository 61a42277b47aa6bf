"""Reads of neighbour help, scoped per actor. Also the functions other parts call:

* ``volunteers_near(municipality, lat, lon, skill=None, limit=10)`` (casework's
  informal-first nudge),
* ``help_counts_by_village(municipality, period)``,
  ``help_volunteers_active(municipality, period)`` and
  ``help_hours_volunteers(municipality, period)`` (council report),
* ``help_request_candidates(help_request, k=10)`` (top proposals with reasons).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet, Sum
from django.http import Http404

from zorgzaam.accounts.permissions import deny
from zorgzaam.common.periods import range_filter

from . import matching
from .constants import SKILLS_VOCABULARY
from .engine import explain_live, help_need, ui_lang, unmatched_text
from .models import (
    BuddyPairing,
    ConcernReport,
    HelpRequest,
    Notification,
    PairingBlock,
    Proposal,
    VolunteerProfile,
)
from .pool import volunteer_pool


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
            skills={skill} if skill else frozenset(),
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


# --------------------------------------------------------------------------- candidates
@dataclass(frozen=True)
class Candidate:
    profile: VolunteerProfile
    proposal: matching.Proposal
    explanation: str


def help_request_candidates(help_request, k: int = 10) -> tuple[list[Candidate], str]:
    """The engine's top-``k`` volunteers for a request (cached pool, refreshed
    incrementally), without volunteers already asked, blocked pairings or the requester
    themselves; and, when there are none, why in words."""
    asked = set(
        map(
            str,
            Proposal.objects.filter(request=help_request).values_list(
                "volunteer__public_id", flat=True
            ),
        )
    )
    blocked = set(
        map(
            str,
            PairingBlock.objects.filter(requester_id=help_request.requester_id).values_list(
                "volunteer__public_id", flat=True
            ),
        )
    )
    own = set(
        map(
            str,
            VolunteerProfile.objects.filter(person_id=help_request.requester_id).values_list(
                "public_id", flat=True
            ),
        )
    )
    skip = asked | blocked | own
    need = help_need(help_request)
    with volunteer_pool(help_request.municipality) as pool:
        found = matching.rank(pool, need, k=k + len(skip))
        why = "" if found else unmatched_text(matching.why_unmatched(pool, need))
    found = [p for p in found if str(p.volunteer_id) not in skip][:k]
    profiles = {
        str(p.public_id): p
        for p in VolunteerProfile.objects.filter(
            public_id__in=[p.volunteer_id for p in found]
        ).select_related("person", "person__area")
    }
    lang = ui_lang()
    out = [
        Candidate(profiles[str(p.volunteer_id)], p, explain_live(p, lang, help_request))
        for p in found
        if str(p.volunteer_id) in profiles
    ]
    if not out and not why:
        why = unmatched_text(matching.Reason("no_candidate", {}), lang)
    return out, why


# --------------------------------------------------------------------------- coordinator
def help_request_list_for_coordinator(actor, *, area=None, status=None) -> QuerySet:
    qs = HelpRequest.objects.for_municipality(actor.municipality).select_related(
        "area", "requester", "volunteer"
    )
    if area is not None:
        qs = qs.filter(area=area)
    if status:
        qs = qs.filter(status__in=status if isinstance(status, list | tuple) else [status])
    return qs


def help_request_get_for_coordinator(request, public_id) -> HelpRequest:
    obj = (
        HelpRequest.objects.filter(public_id=public_id)
        .select_related("municipality", "requester", "area", "volunteer__person")
        .first()
    )
    if obj is None:
        raise Http404
    if obj.municipality_id != request.user.municipality_id:
        deny(
            request,
            target=obj,
            subject_id=obj.requester.public_id,
            reason="another municipality",
        )
    return obj


def village_summary(actor) -> list[dict]:
    """Open and active requests per village of the coordinator's municipality."""
    from zorgzaam.tenancy.models import Area

    counts = {
        (area_id, status): n
        for area_id, status, n in HelpRequest.objects.for_municipality(actor.municipality)
        .filter(status__in=[*HelpRequest.OPEN, *HelpRequest.ACTIVE])
        .values_list("area_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    }
    out = []
    for area in Area.objects.filter(municipality=actor.municipality).order_by("name"):
        out.append(
            {
                "area": area,
                "new": counts.get((area.pk, "new"), 0),
                "proposed": counts.get((area.pk, "proposed"), 0),
                "active": counts.get((area.pk, "accepted"), 0)
                + counts.get((area.pk, "planned"), 0),
            }
        )
    return out


def area_get_for_coordinator(request, public_id):
    from zorgzaam.tenancy.models import Area

    area = Area.objects.filter(public_id=public_id).first()
    if area is None:
        raise Http404
    if area.municipality_id != request.user.municipality_id:
        deny(request, target=area, reason="another municipality")
    return area


def concern_list_for_coordinator(actor) -> QuerySet:
    return ConcernReport.objects.for_municipality(actor.municipality).select_related(
        "request", "request__area"
    )


def concern_get_for_coordinator(request, public_id) -> ConcernReport:
    obj = ConcernReport.objects.filter(public_id=public_id).select_related("request").first()
    if obj is None:
        raise Http404
    if obj.municipality_id != request.user.municipality_id:
        deny(request, target=obj, reason="another municipality")
    return obj


def pairing_list_for_coordinator(actor) -> QuerySet:
    return BuddyPairing.objects.for_municipality(actor.municipality).select_related(
        "request", "request__area", "volunteer__person", "requester"
    )


def pairing_get_for_actor(request, public_id) -> BuddyPairing:
    """A coordinator of the municipality, or the buddy volunteer of the pairing."""
    obj = (
        BuddyPairing.objects.filter(public_id=public_id)
        .select_related("municipality", "requester", "volunteer__person", "request")
        .first()
    )
    if obj is None:
        raise Http404
    user = request.user
    allowed = obj.municipality_id == user.municipality_id and (
        user.role == "hub_coordinator" or obj.volunteer.person.user_id == user.pk
    )
    if not allowed:
        deny(request, target=obj, subject_id=obj.requester.public_id, reason="no need-to-know")
    return obj


def volunteer_get_for_coordinator(request, public_id) -> VolunteerProfile:
    obj = VolunteerProfile.objects.filter(public_id=public_id).select_related("person").first()
    if obj is None:
        raise Http404
    if obj.municipality_id != request.user.municipality_id:
        deny(request, target=obj, reason="another municipality")
    return obj


# --------------------------------------------------------------------------- volunteer
def volunteer_profile_of(user) -> VolunteerProfile | None:
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return None
    return VolunteerProfile.objects.filter(person=person).first()


def proposal_list_for_volunteer(user) -> QuerySet:
    profile = volunteer_profile_of(user)
    if profile is None:
        return Proposal.objects.none()
    return Proposal.objects.filter(volunteer=profile).select_related(
        "request", "request__area", "request__postcode_area"
    )


def proposal_get_for_volunteer(request, public_id) -> Proposal:
    """The volunteer's own proposal; anyone else's is an audited refusal."""
    obj = (
        Proposal.objects.filter(public_id=public_id)
        .select_related(
            "request",
            "request__area",
            "request__postcode_area",
            "request__requester",
            "request__municipality",
            "volunteer__person",
        )
        .first()
    )
    if obj is None:
        raise Http404
    if obj.volunteer.person.user_id != request.user.pk:
        deny(
            request,
            target=obj,
            subject_id=obj.request.requester.public_id,
            reason="not the volunteer of this proposal",
        )
    return obj


def contact_visible(proposal: Proposal) -> bool:
    """Address and phone are shown to a volunteer only once they accepted and the task is
    theirs and still active."""
    return (
        proposal.status == Proposal.Status.ACCEPTED
        and proposal.request.volunteer_id == proposal.volunteer_id
        and proposal.request.status in HelpRequest.ACTIVE
    )


# --------------------------------------------------------------------------- resident
def help_request_list_for_resident(user) -> QuerySet:
    person = getattr(user, "person", None)
    if person is None:
        return HelpRequest.objects.none()
    return HelpRequest.objects.filter(requester=person).select_related("area")


def help_request_get_for_resident(request, public_id) -> HelpRequest:
    obj = HelpRequest.objects.filter(public_id=public_id).select_related("requester").first()
    if obj is None:
        raise Http404
    if obj.requester.user_id != request.user.pk:
        deny(request, target=obj, subject_id=obj.requester.public_id, reason="not the requester")
    return obj


def helper_first_name(obj: HelpRequest) -> str:
    """The first name (only that) of the volunteer who took the request on, for the
    requester: shown from acceptance on, never while it is only offered."""
    if obj.status not in (*HelpRequest.ACTIVE, HelpRequest.Status.DONE) or not obj.volunteer_id:
        return ""
    volunteer = VolunteerProfile.objects.select_related("person").get(pk=obj.volunteer_id)
    return volunteer.person.given_name


def help_request_get_for_concern(request, public_id) -> HelpRequest:
    """A concern may be raised by the requester or by a volunteer offered the request."""
    obj = (
        HelpRequest.objects.filter(public_id=public_id)
        .select_related("requester", "municipality")
        .first()
    )
    if obj is None:
        raise Http404
    user = request.user
    is_requester = obj.requester.user_id == user.pk
    is_volunteer = Proposal.objects.filter(request=obj, volunteer__person__user=user).exists()
    if not (is_requester or is_volunteer):
        deny(request, target=obj, subject_id=obj.requester.public_id, reason="not involved")
    return obj


# --------------------------------------------------------------------------- inbox
def notifications_for(user) -> QuerySet:
    return Notification.objects.filter(recipient=user)


def notification_get_for_user(request, public_id) -> Notification:
    obj = Notification.objects.filter(public_id=public_id).first()
    if obj is None:
        raise Http404
    if obj.recipient_id != request.user.pk:
        deny(request, target=obj, reason="not the recipient")
    return obj


# --------------------------------------------------------------------------- call list
def call_list_for_coordinator(actor, *, today=None) -> QuerySet:
    """The hub's call list: lines still to call that are due today or earlier, then the
    ones ticked off today (oldest first)."""
    from django.utils import timezone

    from .models import CallListEntry

    today = today or timezone.localdate()
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    return (
        CallListEntry.objects.for_municipality(actor.municipality)
        .filter(Q(called_at__isnull=True, due_on__lte=today) | Q(called_at__gte=start))
        .select_related("person", "area", "notification", "notification__help_request")
        .order_by(F("called_at").asc(nulls_first=True), "due_on", "created_at")
    )


def call_entry_get_for_coordinator(request, public_id):
    from .models import CallListEntry

    obj = CallListEntry.objects.filter(public_id=public_id).select_related("person").first()
    if obj is None:
        raise Http404
    if obj.municipality_id != request.user.municipality_id:
        deny(request, target=obj, subject_id=obj.person.public_id, reason="another municipality")
    return obj


def notifications_of_request(help_request) -> QuerySet:
    """The messages sent about one request, with their channels (for the coordinator)."""
    return (
        Notification.objects.filter(help_request=help_request)
        .select_related("recipient", "person")
        .prefetch_related("deliveries")
        .order_by("-created_at")
    )


def contact_preference_of(person) -> str:
    """The person's preferred channel ("" when they have none)."""
    from .models import ContactPreference

    pref = ContactPreference.objects.filter(person=person).first()
    return pref.preferred if pref else ""
