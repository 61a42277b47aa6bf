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
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext_lazy

from zorgzaam.accounts.access import get_for_actor
from zorgzaam.accounts.permissions import deny
from zorgzaam.common.periods import range_filter

from . import matching
from .constants import SKILL_LABELS, SKILLS_VOCABULARY
from .engine import explain_live, help_need, summary_codes, ui_lang, unmatched_text
from .hours import hours_display
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


# --------------------------------------------------------------------------- candidates
#: the aspects a coordinator weighs candidates on (the engine's reason codes), in this order
FACT_CODES = (
    "distance",
    "language",
    "availability",
    "skills",
    "vog",
    "load",
    "continuity",
    "declined",
)
FACT_LABELS = {
    "distance": gettext_lazy("Distance"),
    "language": gettext_lazy("Language"),
    "availability": gettext_lazy("Free"),
    "skills": gettext_lazy("Can help with"),
    "vog": gettext_lazy("VOG"),
    "load": gettext_lazy("Tasks now"),
    "continuity": gettext_lazy("Helped before"),
    "declined": gettext_lazy("Declined before"),
}


@dataclass(frozen=True)
class Fact:
    """One of the engine's reasons for a candidate, as a labelled line."""

    code: str
    label: str
    text: str


@dataclass(frozen=True)
class Candidate:
    profile: VolunteerProfile
    proposal: matching.Proposal
    explanation: str
    #: place in the engine's ranking of every eligible volunteer (1 = best)
    rank: int = 0
    facts: tuple[Fact, ...] = ()


def _facts(proposal: matching.Proposal, lang: str, help_request) -> tuple[Fact, ...]:
    codes = summary_codes(help_request)
    out = []
    for code in FACT_CODES:
        reason = proposal.reason(code) if code in codes else None
        if reason is not None:
            out.append(Fact(code, str(FACT_LABELS[code]), matching.reason_text(reason, lang)))
    return tuple(out)


def _candidates_skip(help_request) -> set[str]:
    """Volunteers never offered again for this request: already asked, blocked for this
    requester, or the requester themselves."""
    asked = Proposal.objects.filter(request=help_request).values_list(
        "volunteer__public_id", flat=True
    )
    blocked = PairingBlock.objects.filter(requester_id=help_request.requester_id).values_list(
        "volunteer__public_id", flat=True
    )
    own = VolunteerProfile.objects.filter(person_id=help_request.requester_id).values_list(
        "public_id", flat=True
    )
    return {str(v) for qs in (asked, blocked, own) for v in qs}


def _candidates_of(help_request, found, ranks: dict[str, int]) -> list[Candidate]:
    """Candidates (profile, reasons in words, rank) for engine proposals, in their order."""
    profiles = {
        str(p.public_id): p
        for p in VolunteerProfile.objects.filter(
            public_id__in=[p.volunteer_id for p in found]
        ).select_related("person", "person__area")
    }
    lang = ui_lang()
    return [
        Candidate(
            profiles[str(p.volunteer_id)],
            p,
            explain_live(p, lang, help_request),
            ranks.get(str(p.volunteer_id), 0),
            _facts(p, lang, help_request),
        )
        for p in found
        if str(p.volunteer_id) in profiles
    ]


def _ranked_all(help_request) -> tuple[list[matching.Proposal], str]:
    """Every eligible volunteer for the request (every hard constraint met), best first,
    without those never offered again; and, when there is nobody, why in words."""
    skip = _candidates_skip(help_request)
    need = help_need(help_request)
    with volunteer_pool(help_request.municipality) as pool:
        found = matching.rank(pool, need, k=max(1, len(pool)))
        why = "" if found else unmatched_text(matching.why_unmatched(pool, need))
    found = [p for p in found if str(p.volunteer_id) not in skip]
    if not found and not why:
        why = unmatched_text(matching.Reason("no_candidate", {}))
    return found, why


@dataclass(frozen=True)
class CandidateSearch:
    """The engine's top candidates and, for a search, the matching ones of all eligible."""

    top: list[Candidate]
    found: list[Candidate]
    eligible: int
    matches: int
    why: str


def _fold(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return plain.replace("ı", "i")  # Turkish dotless i: "Yılmaz" is found by "yilmaz"


def _words_of(profile: VolunteerProfile) -> str:
    """What a coordinator may search a volunteer by: name, village, kinds of help and
    languages (in both UI languages)."""
    from .matching import LANGUAGE_LABELS

    person = profile.person
    parts = [person.given_name, person.infix, person.family_name]
    parts.append(person.area.name if person.area is not None else "")
    for code in profile.skills:
        parts += [code, *SKILL_LABELS.get(code, {}).values()]
    for code in profile.languages:
        parts += list(LANGUAGE_LABELS.get(code, {}).values())
    return _fold(" ".join(p for p in parts if p))


def help_request_candidate_search(
    help_request, query: str = "", *, top: int = 10, show_all: bool = False, limit: int = 50
) -> CandidateSearch:
    """The engine's ``top`` volunteers for a request and, when ``query`` is given (words of
    a name, village, kind of help or language; every word must match) or ``show_all``, the
    matching ones among every eligible volunteer (at most ``limit``, best first), each with
    its place in the ranking and the engine's reasons."""
    ranked, why = _ranked_all(help_request)
    ranks = {str(p.volunteer_id): i for i, p in enumerate(ranked, start=1)}
    words = _fold(query).split()
    chosen: list[matching.Proposal] = []
    matches = 0
    if words:
        by_id = {
            str(p.public_id): p
            for p in VolunteerProfile.objects.filter(
                public_id__in=[p.volunteer_id for p in ranked]
            ).select_related("person", "person__area")
        }
        for p in ranked:
            profile = by_id.get(str(p.volunteer_id))
            if profile is None:
                continue
            text = _words_of(profile)
            if all(w in text for w in words):
                matches += 1
                if len(chosen) < limit:
                    chosen.append(p)
    elif show_all:
        matches = len(ranked)
        chosen = ranked[:limit]
    return CandidateSearch(
        top=_candidates_of(help_request, ranked[:top], ranks),
        found=_candidates_of(help_request, chosen, ranks),
        eligible=len(ranked),
        matches=matches,
        why=why,
    )


def candidate_common_facts(candidates: list[Candidate]) -> list[Fact]:
    """The reasons every one of ``candidates`` shares word for word (said once above the
    list; each candidate then shows only what sets them apart). Empty for fewer than two."""
    if len(candidates) < 2:
        return []
    rest = [{(f.code, f.text) for f in c.facts} for c in candidates[1:]]
    return [f for f in candidates[0].facts if all((f.code, f.text) in r for r in rest)]


#: at most this many candidates side by side
COMPARE_MAX = 3


@dataclass(frozen=True)
class CompareRow:
    label: str
    values: tuple[str, ...]
    differs: bool


def help_request_candidates_compare(
    help_request, volunteer_ids
) -> tuple[list[Candidate], list[CompareRow], int]:
    """Up to ``COMPARE_MAX`` of the request's eligible volunteers side by side: the
    candidates (in the engine's order), one row per aspect (the engine's reasons, every kind
    of help and language they offer, their village; ``differs`` when not all the same) and
    the number of eligible volunteers. Ids that are not eligible are left out."""
    from .matching import LANGUAGE_LABELS

    wanted = {str(v) for v in volunteer_ids}
    ranked, _why = _ranked_all(help_request)
    ranks = {str(p.volunteer_id): i for i, p in enumerate(ranked, start=1)}
    chosen = [p for p in ranked if str(p.volunteer_id) in wanted][:COMPARE_MAX]
    candidates = _candidates_of(help_request, chosen, ranks)
    lang = ui_lang()
    rows: list[tuple[str, list[str]]] = [
        (str(gettext_lazy("Place in the list")), [str(c.rank) for c in candidates]),
        (
            str(gettext_lazy("Village")),
            [
                c.profile.person.area.name if c.profile.person.area is not None else "—"
                for c in candidates
            ],
        ),
    ]
    for code in FACT_CODES:
        values = []
        for c in candidates:
            fact = next((f for f in c.facts if f.code == code), None)
            values.append(fact.text if fact else "—")
        if any(v != "—" for v in values):
            rows.append((str(FACT_LABELS[code]), values))
    rows.append(
        (
            str(gettext_lazy("All kinds of help")),
            [
                ", ".join(SKILL_LABELS.get(s, {}).get(lang, s) for s in c.profile.skills) or "—"
                for c in candidates
            ],
        )
    )
    rows.append(
        (
            str(gettext_lazy("All languages")),
            [
                ", ".join(LANGUAGE_LABELS.get(la, {}).get(lang, la) for la in c.profile.languages)
                or "—"
                for c in candidates
            ],
        )
    )
    table = [CompareRow(label, tuple(values), len(set(values)) > 1) for label, values in rows]
    return candidates, table, len(ranked)


def help_request_candidates(help_request, k: int = 10) -> tuple[list[Candidate], str]:
    """The engine's top-``k`` volunteers for a request (cached pool, refreshed
    incrementally), without volunteers already asked, blocked pairings or the requester
    themselves; and, when there are none, why in words."""
    skip = _candidates_skip(help_request)
    need = help_need(help_request)
    with volunteer_pool(help_request.municipality) as pool:
        found = matching.rank(pool, need, k=k + len(skip))
        why = "" if found else unmatched_text(matching.why_unmatched(pool, need))
    found = [p for p in found if str(p.volunteer_id) not in skip][:k]
    ranks = {str(p.volunteer_id): i for i, p in enumerate(found, start=1)}
    out = _candidates_of(help_request, found, ranks)
    if not out and not why:
        why = unmatched_text(matching.Reason("no_candidate", {}), ui_lang())
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
    return get_for_actor(
        request,
        HelpRequest.objects.select_related(
            "municipality", "requester", "area", "volunteer__person"
        ),
        public_id,
        subject=lambda obj: obj.requester.public_id,
        reason="another municipality",
    )


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

    return get_for_actor(request, Area, public_id, reason="another municipality")


def concern_list_for_coordinator(actor) -> QuerySet:
    return ConcernReport.objects.for_municipality(actor.municipality).select_related(
        "request", "request__area"
    )


def concern_get_for_coordinator(request, public_id) -> ConcernReport:
    return get_for_actor(
        request,
        ConcernReport.objects.select_related("request"),
        public_id,
        reason="another municipality",
    )


def pairing_list_for_coordinator(actor) -> QuerySet:
    return BuddyPairing.objects.for_municipality(actor.municipality).select_related(
        "request", "request__area", "volunteer__person", "requester"
    )


def pairing_get_for_actor(request, public_id) -> BuddyPairing:
    """A coordinator of the municipality, or the buddy volunteer of the pairing."""
    user = request.user
    visible = BuddyPairing.objects.all()
    if user.role != "hub_coordinator":
        visible = visible.filter(volunteer__person__user=user)
    return get_for_actor(
        request,
        BuddyPairing.objects.select_related(
            "municipality", "requester", "volunteer__person", "request"
        ),
        public_id,
        visible=visible,
        subject=lambda obj: obj.requester.public_id,
        reason="no need-to-know",
    )


def volunteer_get_for_coordinator(request, public_id) -> VolunteerProfile:
    return get_for_actor(
        request,
        VolunteerProfile.objects.select_related("person"),
        public_id,
        reason="another municipality",
    )


# --------------------------------------------------------------------------- volunteer
def volunteer_profile_of(user) -> VolunteerProfile | None:
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return None
    return VolunteerProfile.objects.filter(person=person).first()


@dataclass(frozen=True)
class HoursSummary:
    """A volunteer's own hours: every task done (newest first) and the totals per month and
    per year (newest first) of the hours recorded."""

    tasks: list
    months: list[dict]
    years: list[dict]
    total: Decimal
    this_year: Decimal
    without_hours: int

    @property
    def total_text(self) -> str:
        return hours_display(self.total)

    @property
    def this_year_text(self) -> str:
        return hours_display(self.this_year)


def volunteer_hours(profile: VolunteerProfile, *, today: dt.date | None = None) -> HoursSummary:
    """The hours of the volunteer's done tasks, counted in the month they were done (a buddy
    pairing's hours, recorded when it ends, in the month it ended). Tasks done without hours
    are listed and counted apart (``without_hours``)."""
    from django.utils import timezone

    today = today or timezone.localdate()
    tasks = list(
        HelpRequest.objects.filter(volunteer=profile, status=HelpRequest.Status.DONE)
        .select_related("area", "postcode_area")
        .order_by("-done_at")
    )
    months: dict[dt.date, dict] = {}
    years: dict[int, dict] = {}
    zero = Decimal("0")
    for task in tasks:
        done_on = timezone.localdate(task.done_at) if task.done_at else None
        setattr(task, "done_on", done_on)  # noqa: B010 - shown in the list, not a field
        if done_on is None:
            continue
        month = done_on.replace(day=1)
        for bucket in (
            months.setdefault(month, {"month": month, "hours": zero, "tasks": 0}),
            years.setdefault(month.year, {"year": month.year, "hours": zero, "tasks": 0}),
        ):
            bucket["tasks"] += 1
            if task.hours_spent is not None:
                bucket["hours"] += task.hours_spent
    total = sum((t.hours_spent for t in tasks if t.hours_spent is not None), zero)
    for row in (*months.values(), *years.values()):
        row["hours_text"] = hours_display(row["hours"])
    for task in tasks:
        setattr(task, "hours_text", hours_display(task.hours_spent))  # noqa: B010
    return HoursSummary(
        tasks=tasks,
        months=sorted(months.values(), key=lambda m: m["month"], reverse=True),
        years=sorted(years.values(), key=lambda y: y["year"], reverse=True),
        total=total,
        this_year=years.get(today.year, {"hours": zero})["hours"],
        without_hours=sum(1 for t in tasks if t.hours_spent is None),
    )


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

    return get_for_actor(
        request,
        CallListEntry.objects.select_related("person"),
        public_id,
        subject=lambda obj: obj.person.public_id,
        reason="another municipality",
    )


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
