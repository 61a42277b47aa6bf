"""Translation between the Django models and the matching engine's frozen dataclasses."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import get_language

from . import matching
from .constants import LANGUAGES_VOCABULARY, SKILLS_VOCABULARY
from .matching.explain import SUMMARY_CODES
from .pool import DECLINES_WINDOW, RECENT_WINDOW, day_number


def help_need(request) -> matching.HelpNeed:
    """The engine's view of a help request: the PC4 point, never the address."""
    from .models import HelpRequest

    previous = (
        HelpRequest.objects.filter(
            requester_id=request.requester_id,
            status=HelpRequest.Status.DONE,
            volunteer__isnull=False,
        )
        .exclude(pk=request.pk)
        .values_list("volunteer__public_id", flat=True)
    )
    waiting = (timezone.now() - request.created_at).total_seconds() / 86400
    language = request.language if request.language in LANGUAGES_VOCABULARY else "nl"
    return matching.HelpNeed(
        id=str(request.public_id),
        municipality=request.municipality.code,
        lat=request.latitude,
        lon=request.longitude,
        skills=frozenset({request.skill}),
        slots=request.slots,
        date=day_number(request.task_date),
        requires_vog=request.requires_vog,
        languages=frozenset({language}),
        recurring=request.recurring,
        waiting_days=max(0.0, waiting),
        previous_volunteers=frozenset(str(v) for v in previous),
    )


def volunteer_of(profile) -> matching.Volunteer:
    """The engine's view of one volunteer, read fresh from the database."""
    from .models import HelpRequest, Proposal

    person = profile.person
    lat = person.latitude if person.latitude is not None else person.postcode_area.latitude
    lon = person.longitude if person.longitude is not None else person.postcode_area.longitude
    now = timezone.now()
    declines = [
        matching.Decline(
            matching.DeclineReason(reason or "other"),
            distance_km=km if reason == "too_far" else None,
            skill=skill if reason == "skill" and skill in SKILLS_VOCABULARY else None,
        )
        for reason, km, skill in Proposal.objects.filter(
            volunteer=profile,
            status=Proposal.Status.DECLINED,
            responded_at__gte=now - DECLINES_WINDOW,
        ).values_list("decline_reason", "distance_km", "request__skill")
    ]
    recent = HelpRequest.objects.filter(
        volunteer=profile, status=HelpRequest.Status.DONE, done_at__gte=now - RECENT_WINDOW
    ).count()
    vog = day_number(profile.vog_expires_on) if profile.vog_status == "valid" else 0
    return matching.Volunteer(
        id=str(profile.public_id),
        municipality=profile.municipality.code,
        lat=lat,
        lon=lon,
        radius_km=profile.radius_km,
        skills=frozenset(s for s in profile.skills if s in SKILLS_VOCABULARY),
        languages=frozenset(la for la in profile.languages if la in LANGUAGES_VOCABULARY),
        availability=profile.availability,
        vog_expires=vog,
        load=profile.active_tasks,
        max_load=profile.max_active_tasks,
        paused=profile.is_paused(),
        recent_tasks=recent,
        declines=tuple(declines),
    )


def reasons_json(proposal: matching.Proposal) -> list[dict]:
    """Reasons as stored with a Proposal row (JSON: code, params, contribution)."""

    def plain(value):
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        return value

    return [
        {"code": r.code, "params": plain(dict(r.params)), "contribution": round(r.contribution, 4)}
        for r in proposal.reasons
    ]


def ui_lang() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def explain_stored(row, lang: str | None = None) -> str:
    """A stored proposal's reasons in words (``explain(proposal, "nl")``)."""
    reasons = tuple(
        matching.Reason(
            r["code"],
            {k: (tuple(map(tuple, v)) if k == "slots" else v) for k, v in r["params"].items()},
            r.get("contribution", 0.0),
        )
        for r in row.reasons
    )
    proposal = matching.Proposal(
        request_id=str(row.request_id),
        volunteer_id=str(row.volunteer_id),
        score=row.score,
        distance_km=row.distance_km,
        reasons=reasons,
    )
    return matching.explain(proposal, lang or ui_lang(), codes=summary_codes(row.request))


def summary_codes(help_request) -> tuple[str, ...]:
    """The reasons worth saying: availability only when the request names its times."""
    codes = SUMMARY_CODES
    if help_request is not None and help_request.slots == matching.ALL_SLOTS:
        return tuple(c for c in codes if c != "availability")
    return codes


def explain_live(proposal: matching.Proposal, lang: str | None = None, help_request=None) -> str:
    return matching.explain(proposal, lang or ui_lang(), codes=summary_codes(help_request))


def unmatched_text(reason: matching.Reason | None, lang: str | None = None) -> str:
    if reason is None:
        return ""
    return matching.reason_text(reason, lang or ui_lang())
