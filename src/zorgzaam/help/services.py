"""Writes of neighbour help. Each service runs in one transaction, validates its input (a
clear ``ApplicationError`` for bad input, nothing half-written), records its audit event in
the same transaction, and queues notifications after commit.

State changes that can race (two volunteers accepting the same task, one volunteer accepting
two tasks beyond their capacity) are conditional UPDATEs: ``... WHERE status = 'proposed'``
and ``... WHERE active_tasks < max_active_tasks``; the loser gets a clear error.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import warnings
from collections.abc import Callable, Hashable, Sequence

from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zorgzaam.accounts.roles import Role
from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError
from zorgzaam.common.validators import phone_clean
from zorgzaam.tenancy.selectors import postcode_area_in_municipality, postcode_normalise

from . import matching
from .constants import (
    LANGUAGE_CODES,
    ON_BEHALF,
    VOG_SKILLS,
    DeclineReason,
    RequestKind,
    Rhythm,
    Skill,
    SubmittedVia,
    Urgency,
    VogStatus,
    WorkBuddyRole,
)
from .engine import help_need, reasons_json, unmatched_text, volunteer_of
from .hours import MAX_BUDDY_HOURS, MAX_HOURS, parse_hours
from .models import (
    BuddyCheckIn,
    BuddyPairing,
    ConcernReport,
    HelpRequest,
    PairingBlock,
    Proposal,
    VolunteerProfile,
)
from .notifications import notify

#: how far ahead a one-off window may start, and the default window when none is given
MAX_LEAD = dt.timedelta(days=365)
DEFAULT_WINDOW = dt.timedelta(days=14)

logger = logging.getLogger(__name__)


def _coordinators(municipality):
    from zorgzaam.accounts.models import User

    return User.objects.filter(municipality=municipality, role=Role.HUB_COORDINATOR, is_active=True)


def _notify_coordinators(municipality, *, kind, subject, body, link="", help_request=None):
    for user in _coordinators(municipality):
        notify(
            recipient=user,
            kind=kind,
            subject=subject,
            body=body,
            link=link,
            help_request=help_request,
        )


def _when_text(help_request) -> Callable[[], str]:
    """When the help is planned (or its window), rendered in the active language."""

    def text() -> str:
        if help_request.planned_for:
            return date_format(timezone.localtime(help_request.planned_for), "l j F, H:i")
        start, end = help_request.window_start, help_request.window_end
        if help_request.recurring or not (start and end):
            return gettext("at a time you agree together")
        start, end = timezone.localtime(start).date(), timezone.localtime(end).date()
        if start == end:
            return gettext("on %(day)s") % {"day": date_format(start, "l j F")}
        return gettext("between %(start)s and %(end)s") % {
            "start": date_format(start, "j F"),
            "end": date_format(end, "j F"),
        }

    return text


def _hub_phone(help_request) -> str:
    """The phone number of the requester's community hub (the social map part), or ""."""
    from django.apps import apps

    if not apps.is_installed("zorgzaam.socialmap"):
        return ""
    from zorgzaam.socialmap.selectors import hub_phone_numbers

    hubs = hub_phone_numbers(help_request.municipality, help_request.area_id)
    return hubs[0]["phone"] if hubs else ""


def _notify_requester(help_request, *, kind, subject, body, key, essential=True, params=None):
    """A message to the person who asked for help: inbox when they have an account, their
    channel (the request's phone number first), or the hub's call list."""
    return notify(
        person=help_request.requester,
        kind=kind,
        subject=subject,
        body=body,
        params=params,
        help_request=help_request,
        phone=help_request.phone,
        key=key,
        essential=essential,
        link=reverse("help:my_request", args=[help_request.public_id])
        if help_request.requester.user_id
        else "",
    )


def _volunteer_user(profile):
    return profile.person.user


def _check_skill(skill: str) -> str:
    if skill not in Skill.values:
        raise ApplicationError(
            gettext("Unknown kind of help: %(skill)s.") % {"skill": skill}, field="skill"
        )
    return skill


def _check_languages(languages) -> list[str]:
    languages = list(dict.fromkeys(languages or ()))
    for code in languages:
        if code not in LANGUAGE_CODES:
            raise ApplicationError(
                gettext("Unknown language: %(code)s.") % {"code": code}, field="languages"
            )
    return languages


# --------------------------------------------------------------------------- volunteers
@transaction.atomic
def volunteer_profile_save(
    *,
    person,
    actor=None,
    skills: list[str],
    languages: Sequence[str] = (),
    availability: int = matching.ALL_SLOTS,
    radius_km: float = 5.0,
    max_active_tasks: int = 2,
    vog_status: str = VogStatus.NONE,
    vog_expires_on: dt.date | None = None,
    paused: bool = False,
    paused_until: dt.date | None = None,
    work_buddy_role: str = WorkBuddyRole.NONE,
    employer_name: str = "",
    preferences: str = "",
) -> VolunteerProfile:
    """Create or update the volunteer profile of ``person``."""
    skills = list(dict.fromkeys(skills or ()))
    if not skills:
        raise ApplicationError(gettext("Choose at least one kind of help."), field="skills")
    for skill in skills:
        _check_skill(skill)
    languages = _check_languages(languages)
    try:
        matching.slots.check_mask(int(availability), "availability")
    except (matching.MatchingError, TypeError, ValueError) as exc:
        raise ApplicationError(
            gettext("Availability must be a set of weekly day parts."), field="availability"
        ) from exc
    if vog_status == VogStatus.VALID and vog_expires_on is None:
        raise ApplicationError(gettext("A valid VOG needs an expiry date."), field="vog_expires_on")
    if work_buddy_role not in WorkBuddyRole.values:
        raise ApplicationError(gettext("Unknown work buddy role."), field="work_buddy_role")
    if work_buddy_role and not employer_name.strip():
        raise ApplicationError(
            gettext("A work buddy names the local employer."), field="employer_name"
        )
    profile = VolunteerProfile.objects.filter(person=person).first()
    created = profile is None
    if profile is None:
        profile = VolunteerProfile(person=person, municipality_id=person.municipality_id)
    values = {
        "skills": skills,
        "languages": languages,
        "availability": int(availability),
        "radius_km": float(radius_km),
        "max_active_tasks": int(max_active_tasks),
        "vog_status": vog_status,
        "vog_expires_on": vog_expires_on,
        "paused": bool(paused),
        "paused_until": paused_until if paused else None,
        "work_buddy_role": work_buddy_role,
        "employer_name": employer_name.strip(),
        "preferences": preferences.strip(),
    }
    changed = [k for k, v in values.items() if getattr(profile, k) != v]
    for key, value in values.items():
        setattr(profile, key, value)
    try:
        profile.full_clean()
    except Exception as exc:
        raise ApplicationError(gettext("The volunteer profile is not valid: %s") % exc) from exc
    profile.save()
    audit_record(
        event="help.volunteer.change",
        actor=actor,
        target=profile,
        subject_id=person.public_id,
        fields=changed if not created else ["created", *values],
        municipality_code=person.municipality.code,
    )
    return profile


# --------------------------------------------------------------------------- requests
def _window(recurring, slots, window_start, window_end, now):
    if recurring:
        try:
            mask = matching.slots.check_mask(int(slots or 0), "slots")
        except (matching.MatchingError, TypeError, ValueError) as exc:
            raise ApplicationError(gettext("Choose weekly day parts."), field="slots") from exc
        if mask == 0:
            raise ApplicationError(
                gettext("A recurring request needs at least one weekly day part."), field="slots"
            )
        return None, None, mask
    if (window_start is None) != (window_end is None):
        raise ApplicationError(gettext("Give both the start and the end of the time window."))
    if window_start is None:
        window_start, window_end = now, now + DEFAULT_WINDOW
    if timezone.is_naive(window_start):
        window_start = timezone.make_aware(window_start)
    if timezone.is_naive(window_end):
        window_end = timezone.make_aware(window_end)
    if window_end <= window_start:
        raise ApplicationError(
            gettext("The time window ends before it starts."), field="window_end"
        )
    if window_end <= now:
        raise ApplicationError(
            gettext("The time window has already passed; choose a time in the future."),
            field="window_end",
        )
    if window_start > now + MAX_LEAD:
        raise ApplicationError(
            gettext("The time window starts more than a year from now."), field="window_start"
        )
    local_start = timezone.localtime(max(window_start, now)).replace(tzinfo=None)
    local_end = timezone.localtime(window_end).replace(tzinfo=None)
    if local_end - local_start < dt.timedelta(minutes=30):
        raise ApplicationError(
            gettext("The time window is too short for a volunteer to come (less than 30 minutes)."),
            field="window_end",
        )
    mask = matching.window_to_slots(local_start, local_end)
    if mask == 0:  # pragma: no cover - window_to_slots always yields a slot
        raise ApplicationError(gettext("The time window cannot be met."), field="window_end")
    return window_start, window_end, mask


@transaction.atomic
def help_request_create(
    *,
    municipality,
    requester,
    skill: str,
    description: str,
    postcode: str | None = None,
    address: str | None = None,
    phone: str | None = None,
    window_start: dt.datetime | None = None,
    window_end: dt.datetime | None = None,
    recurring: bool = False,
    slots: int | None = None,
    urgency: str = Urgency.NORMAL,
    language: str = "nl",
    requires_vog: bool = False,
    kind: str = RequestKind.ONE_OFF,
    submitted_via: str = SubmittedVia.SELF,
    submitted_by=None,
    consent: bool = False,
    request=None,
) -> HelpRequest:
    """Store a help request (status ``new``) and tell the hub coordinators.

    ``requester`` is the Person who needs help; ``postcode``/``address``/``phone`` default to
    theirs. Refused with a clear ``ApplicationError``: a postcode outside ``municipality``,
    an unknown skill or language, a window that cannot be met (ends before it starts, already
    passed, too short, more than a year ahead), a recurring request without day parts, and
    asking on behalf of someone (professional, neighbour) without their recorded consent.
    """
    now = timezone.now()
    if requester.municipality_id != municipality.pk:
        raise ApplicationError(gettext("This person lives in another municipality."))
    _check_skill(skill)
    description = (description or "").strip()
    if not description:
        raise ApplicationError(gettext("Describe what help is needed."), field="description")
    if language not in LANGUAGE_CODES:
        raise ApplicationError(
            gettext("Unknown language: %(code)s.") % {"code": language}, field="language"
        )
    if urgency not in Urgency.values:
        raise ApplicationError(gettext("Unknown urgency."), field="urgency")
    if kind not in RequestKind.values:
        raise ApplicationError(gettext("Unknown kind of request."), field="kind")
    if submitted_via not in SubmittedVia.values:
        raise ApplicationError(gettext("Unknown way of asking."))
    if submitted_via in ON_BEHALF and not consent:
        raise ApplicationError(
            gettext("Asking on someone's behalf needs their consent; record that they agreed."),
            field="consent",
        )
    normalised = postcode_normalise(postcode or requester.postcode)
    pc_area = postcode_area_in_municipality(normalised, municipality)
    window_start, window_end, mask = _window(recurring, slots, window_start, window_end, now)
    # at the requester's own postcode, their approximate point (~100 m) and village are more
    # precise than the PC4 centroid; elsewhere (e.g. a pick-up address) the PC4 is used
    at_home = (
        requester.postcode[:4] == normalised[:4]
        and requester.latitude is not None
        and requester.longitude is not None
    )
    lat, lon = (
        (requester.latitude, requester.longitude)
        if at_home
        else (pc_area.latitude, pc_area.longitude)
    )
    area = requester.area if at_home and requester.area_id else pc_area.area
    help_request = HelpRequest(
        municipality=municipality,
        requester=requester,
        submitted_via=submitted_via,
        submitted_by=submitted_by,
        consent_recorded_at=now if (consent or submitted_via in ON_BEHALF) else None,
        skill=skill,
        description=description,
        postcode=normalised,
        postcode_area=pc_area,
        area=area,
        address=(address if address is not None else requester.street_address).strip(),
        phone=phone_clean(phone) if phone is not None else requester.phone.strip(),
        latitude=round(lat, 3),
        longitude=round(lon, 3),
        recurring=bool(recurring),
        window_start=window_start,
        window_end=window_end,
        slots=mask,
        urgency=urgency,
        language=language,
        requires_vog=bool(requires_vog) or skill in VOG_SKILLS,
        kind=kind,
    )
    help_request.full_clean()
    help_request.save()
    audit_record(
        event="help.request.create",
        actor=submitted_by,
        request=request,
        target=help_request,
        subject_id=requester.public_id,
        reason=submitted_via,
        municipality_code=municipality.code,
    )
    link = reverse("help:coordinate_request", args=[help_request.public_id])
    _notify_coordinators(
        municipality,
        kind="request.new",
        subject=_("New help request"),
        body=_("A new help request is waiting for a volunteer. Open it to propose someone."),
        link=link,
        help_request=help_request,
    )
    return help_request


def _set_status(help_request, status, *, stamp: str | None, expected, **extra) -> bool:
    now = timezone.now()
    values = {"status": status, "updated_at": now, **extra}
    if stamp:
        values[stamp] = now
    n = HelpRequest.objects.filter(pk=help_request.pk, status__in=expected).update(**values)
    if n:
        for key, value in values.items():
            setattr(help_request, key, value)
    return bool(n)


def _change_status(help_request, status, *, stamp: str, expected, refused: str, **extra) -> None:
    """Move the request to ``status`` if it is in one of the ``expected`` states, else refuse
    with the message ``refused``."""
    if not _set_status(help_request, status, stamp=stamp, expected=expected, **extra):
        raise ApplicationError(refused)


def _audit_change(help_request, *, fields, reason: str, actor=None, request=None) -> None:
    """The audit line of a change of the request's state (``help.request.change``)."""
    audit_record(
        event="help.request.change",
        actor=actor,
        request=request,
        target=help_request,
        subject_id=help_request.requester.public_id,
        fields=fields,
        reason=reason,
        municipality_code=help_request.municipality.code,
    )


def _touch(profile_id) -> None:
    """Tell every process's cached pool that this volunteer changed."""
    VolunteerProfile.objects.filter(pk=profile_id).update(updated_at=timezone.now())


def _free_volunteer(profile_id) -> None:
    VolunteerProfile.objects.filter(pk=profile_id).update(
        active_tasks=Greatest(F("active_tasks") - 1, 0), updated_at=timezone.now()
    )


def _withdraw_offers(help_request, *, except_pk=None) -> list[Proposal]:
    offers = list(
        Proposal.objects.filter(request=help_request, status=Proposal.Status.OFFERED)
        .exclude(pk=except_pk)
        .select_related("volunteer__person__user")
    )
    Proposal.objects.filter(pk__in=[p.pk for p in offers]).update(
        status=Proposal.Status.WITHDRAWN, responded_at=timezone.now()
    )
    return offers


def is_blocked(profile, person) -> bool:
    return PairingBlock.objects.filter(volunteer=profile, requester=person).exists()


def engine_proposal(help_request, profile) -> tuple[matching.Proposal | None, str]:
    """Score one volunteer for one request with the engine (fresh from the database): the
    proposal, or ``None`` and, in words, the hard constraint that rules them out."""
    volunteer = volunteer_of(profile)
    need = help_need(help_request)
    pool = matching.VolunteerPool.from_volunteers(
        [volunteer], _skills_vocab(), _languages_vocab(), capacity=16
    )
    found = matching.rank(pool, need, k=1)
    if found:
        return found[0], ""
    return None, unmatched_text(matching.why_unmatched(pool, need))


def _skills_vocab():
    from .constants import SKILLS_VOCABULARY

    return SKILLS_VOCABULARY


def _languages_vocab():
    from .constants import LANGUAGES_VOCABULARY

    return LANGUAGES_VOCABULARY


@transaction.atomic
def help_request_propose(
    *, help_request, volunteer: VolunteerProfile, actor, request=None, engine=None
) -> Proposal:
    """Offer ``help_request`` to ``volunteer``. The engine checks the hard constraints on
    fresh data (skill, VOG valid on the task date, availability, radius, load, pause); a
    volunteer who does not meet them is refused with the reason in words."""
    help_request = HelpRequest.objects.select_for_update().get(pk=help_request.pk)
    if volunteer.municipality_id != help_request.municipality_id:
        raise ApplicationError(gettext("This volunteer belongs to another municipality."))
    if not help_request.is_open:
        raise ApplicationError(gettext("This request is no longer open for proposals."))
    if volunteer.person_id == help_request.requester_id:
        raise ApplicationError(gettext("A volunteer cannot be proposed for their own request."))
    if is_blocked(volunteer, help_request.requester):
        raise ApplicationError(gettext("This pairing has been blocked by a coordinator."))
    if Proposal.objects.filter(request=help_request, volunteer=volunteer).exists():
        raise ApplicationError(gettext("This volunteer has already been asked for this request."))
    if engine is None:
        engine, why = engine_proposal(help_request, volunteer)
        if engine is None:
            raise ApplicationError(
                gettext("This volunteer cannot take this request: %(why)s.") % {"why": why}
            )
    proposal = Proposal.objects.create(
        municipality_id=help_request.municipality_id,
        request=help_request,
        volunteer=volunteer,
        score=round(engine.score, 4),
        distance_km=round(engine.distance_km, 2),
        reasons=reasons_json(engine),
        proposed_by=actor,
    )
    if help_request.status == HelpRequest.Status.NEW:
        _set_status(
            help_request,
            HelpRequest.Status.PROPOSED,
            stamp="proposed_at",
            expected=[HelpRequest.Status.NEW],
        )
    audit_record(
        event="help.proposal.create",
        actor=actor,
        request=request,
        target=proposal,
        subject_id=help_request.requester.public_id,
        municipality_code=help_request.municipality.code,
    )
    notify(
        recipient=_volunteer_user(volunteer),
        kind="proposal.offered",
        subject=_("A neighbour could use your help"),
        body=_(
            "A coordinator offers you a task nearby. Open the task on Zorgzaam (My tasks) "
            "to accept or decline it."
        ),
        link=reverse("help:task", args=[proposal.public_id]),
        help_request=help_request,
        key=f"proposal.offered:{proposal.public_id}",
    )
    return proposal


def _retry_when_locked(fn, attempts: int = 8):
    """Run ``fn`` (one transaction); on SQLite, retry when the database is locked by another
    writer (busy timeout exceeded, or a shared-cache table lock). Inside an outer transaction
    the caller owns the retry, so ``fn`` runs once."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return fn()
    for attempt in range(attempts):
        try:
            return fn()
        except OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.02 * (attempt + 1))
    raise AssertionError("unreachable")  # pragma: no cover


def proposal_accept(*, proposal: Proposal, actor, request=None) -> HelpRequest:
    """The volunteer accepts. Exactly one of several volunteers accepting at once wins: the
    request moves ``proposed -> accepted`` with a conditional UPDATE, and the volunteer's
    load rises only while it is below their maximum."""
    return _retry_when_locked(
        lambda: _proposal_accept(proposal=proposal, actor=actor, request=request)
    )


@transaction.atomic
def _proposal_accept(*, proposal: Proposal, actor, request=None) -> HelpRequest:
    now = timezone.now()
    help_request = proposal.request
    volunteer = proposal.volunteer
    if help_request.requires_vog and not volunteer.vog_valid_on(help_request.task_date):
        raise ApplicationError(
            gettext(
                "This task needs a valid certificate of conduct (VOG) and yours is missing or "
                "expired. Ask your coordinator to renew it."
            ),
            code="vog",
        )
    taken = HelpRequest.objects.filter(
        pk=help_request.pk, status=HelpRequest.Status.PROPOSED
    ).update(
        status=HelpRequest.Status.ACCEPTED,
        volunteer=volunteer,
        accepted_at=now,
        updated_at=now,
    )
    if not taken:
        raise ApplicationError(
            gettext(
                "Someone else has already taken this task, or it is no longer open. Thank you!"
            ),
            code="taken",
        )
    offer = Proposal.objects.filter(pk=proposal.pk, status=Proposal.Status.OFFERED).update(
        status=Proposal.Status.ACCEPTED, responded_at=now, updated_at=now
    )
    if not offer:
        raise ApplicationError(gettext("This offer is no longer open."), code="withdrawn")
    room = VolunteerProfile.objects.filter(
        pk=volunteer.pk, active_tasks__lt=F("max_active_tasks")
    ).update(active_tasks=F("active_tasks") + 1, updated_at=now)
    if not room:
        raise ApplicationError(
            gettext(
                "You already have your maximum number of active tasks. Finish one first, "
                "or raise your maximum in your profile."
            ),
            code="capacity",
        )
    others = _withdraw_offers(help_request, except_pk=proposal.pk)
    help_request.refresh_from_db()
    proposal.refresh_from_db()
    audit_record(
        event="help.proposal.accept",
        actor=actor,
        request=request,
        target=proposal,
        subject_id=help_request.requester.public_id,
        municipality_code=help_request.municipality.code,
    )
    _audit_change(
        help_request,
        actor=actor,
        request=request,
        fields=["status", "volunteer", "accepted_at"],
        reason="accepted",
    )
    for other in others:
        notify(
            recipient=_volunteer_user(other.volunteer),
            kind="proposal.withdrawn",
            subject=_("Task already taken"),
            body=_("Another volunteer has taken a task that was offered to you. Thank you!"),
            help_request=help_request,
        )
    _notify_coordinators(
        help_request.municipality,
        kind="request.accepted",
        subject=_("A volunteer accepted a task"),
        body=_("A volunteer accepted a help request. Plan it with them when needed."),
        link=reverse("help:coordinate_request", args=[help_request.public_id]),
        help_request=help_request,
    )
    _notify_requester(
        help_request,
        kind="request.accepted",
        subject=_("A volunteer will help you"),
        body=_(
            "Good news: %(name)s, a volunteer from your neighbourhood, has accepted your "
            "request and will help you %(when)s. %(name)s will contact you."
        ),
        params={"name": volunteer.person.given_name, "when": _when_text(help_request)},
        key=f"request.accepted:{help_request.public_id}:{proposal.public_id}",
    )
    return help_request


@transaction.atomic
def proposal_decline(*, proposal: Proposal, actor, reason: str, request=None) -> Proposal:
    """The volunteer declines, with a reason that feeds the engine's decline penalty."""
    if reason not in DeclineReason.values:
        raise ApplicationError(gettext("Choose why you decline."), field="reason")
    now = timezone.now()
    n = Proposal.objects.filter(pk=proposal.pk, status=Proposal.Status.OFFERED).update(
        status=Proposal.Status.DECLINED, decline_reason=reason, responded_at=now, updated_at=now
    )
    if not n:
        raise ApplicationError(gettext("This offer is no longer open."), code="withdrawn")
    _touch(proposal.volunteer_id)
    help_request = proposal.request
    if not Proposal.objects.filter(request=help_request, status=Proposal.Status.OFFERED).exists():
        _set_status(
            help_request,
            HelpRequest.Status.NEW,
            stamp=None,
            expected=[HelpRequest.Status.PROPOSED],
        )
    proposal.refresh_from_db()
    audit_record(
        event="help.proposal.decline",
        actor=actor,
        request=request,
        target=proposal,
        subject_id=help_request.requester.public_id,
        reason=reason,
        municipality_code=help_request.municipality.code,
    )
    _notify_coordinators(
        help_request.municipality,
        kind="proposal.declined",
        subject=_("A volunteer declined a task"),
        body=_("A volunteer declined a help request. Propose someone else."),
        link=reverse("help:coordinate_request", args=[help_request.public_id]),
        help_request=help_request,
    )
    return proposal


@transaction.atomic
def help_request_plan(*, help_request, actor, planned_for: dt.datetime, request=None):
    if planned_for is None:
        raise ApplicationError(gettext("Give the date and time."), field="planned_for")
    if timezone.is_naive(planned_for):
        planned_for = timezone.make_aware(planned_for)
    _change_status(
        help_request,
        HelpRequest.Status.PLANNED,
        stamp="planned_at",
        expected=[HelpRequest.Status.ACCEPTED, HelpRequest.Status.PLANNED],
        refused=gettext("Only an accepted task can be planned."),
        planned_for=planned_for,
    )
    _audit_change(
        help_request,
        actor=actor,
        request=request,
        fields=["status", "planned_for"],
        reason="planned",
    )
    return help_request


@transaction.atomic
def help_request_complete(*, help_request, actor, request=None, hours=None):
    """Mark an accepted or planned task done (the volunteer or a coordinator), optionally
    with the ``hours`` it took (a number or text like "1,5"; stored in quarter hours, from
    0.25 to 200). Bad hours: ``ApplicationError`` with ``field="hours"``, nothing saved."""
    hours_spent = parse_hours(hours, maximum=MAX_HOURS)
    if help_request.kind == RequestKind.BUDDY and hasattr(help_request, "pairing"):
        raise ApplicationError(gettext("A buddy pairing is completed by ending the pairing."))
    extra = {} if hours_spent is None else {"hours_spent": hours_spent}
    _change_status(
        help_request,
        HelpRequest.Status.DONE,
        stamp="done_at",
        expected=list(HelpRequest.ACTIVE),
        refused=gettext("Only an accepted or planned task can be marked done."),
        **extra,
    )
    _free_volunteer(help_request.volunteer_id)
    _audit_change(
        help_request,
        actor=actor,
        request=request,
        fields=["status", "done_at", *extra],
        reason="done",
    )
    return help_request


@transaction.atomic
def help_request_record_hours(*, help_request, actor, request=None, hours=None):
    """Record or correct the hours of a done request afterwards (a coordinator: a volunteer
    told them later, or typed a wrong number); empty ``hours`` clears them. A buddy
    request's hours are those of its whole pairing (up to 999.75). Only a done request;
    bad hours: ``ApplicationError`` with ``field="hours"``, nothing saved."""
    maximum = MAX_BUDDY_HOURS if help_request.kind == RequestKind.BUDDY else MAX_HOURS
    hours_spent = parse_hours(hours, maximum=maximum)
    changed = HelpRequest.objects.filter(pk=help_request.pk, status=HelpRequest.Status.DONE).update(
        hours_spent=hours_spent, updated_at=timezone.now()
    )
    if not changed:
        raise ApplicationError(gettext("Hours can be recorded once a request is done."))
    help_request.hours_spent = hours_spent
    _audit_change(
        help_request, actor=actor, request=request, fields=["hours_spent"], reason="hours"
    )
    return help_request


@transaction.atomic
def help_request_cancel(*, help_request, actor, request=None):
    was_active = help_request.status in HelpRequest.ACTIVE
    _change_status(
        help_request,
        HelpRequest.Status.CANCELLED,
        stamp="cancelled_at",
        expected=[*HelpRequest.OPEN, *HelpRequest.ACTIVE],
        refused=gettext("This request is already closed."),
    )
    if was_active and help_request.volunteer_id:
        _free_volunteer(help_request.volunteer_id)
        notify(
            recipient=_volunteer_user(help_request.volunteer),
            kind="request.cancelled",
            subject=_("A task was cancelled"),
            body=_("A task you accepted has been cancelled. Thank you for your help."),
            help_request=help_request,
        )
    for offer in _withdraw_offers(help_request):
        _touch(offer.volunteer_id)
    BuddyPairing.objects.filter(request=help_request, status=BuddyPairing.Status.ACTIVE).update(
        status=BuddyPairing.Status.ENDED, ended_on=timezone.localdate()
    )
    _audit_change(
        help_request,
        actor=actor,
        request=request,
        fields=["status", "cancelled_at"],
        reason="cancelled",
    )
    return help_request


def help_requests_expire(*, now=None) -> int:
    """Open one-off requests whose window has passed become ``expired``. Returns how many."""
    now = now or timezone.now()
    count = 0
    due = HelpRequest.objects.filter(
        status__in=HelpRequest.OPEN, recurring=False, window_end__lt=now
    ).select_related("municipality", "requester")
    for help_request in due:
        with transaction.atomic():
            if _set_status(
                help_request,
                HelpRequest.Status.EXPIRED,
                stamp="expired_at",
                expected=list(HelpRequest.OPEN),
            ):
                _withdraw_offers(help_request)
                _audit_change(help_request, fields=["status", "expired_at"], reason="expired")
                _notify_expired(help_request)
                count += 1
    return count


def _notify_expired(help_request) -> None:
    phone = _hub_phone(help_request)
    body = (
        _(
            "We are sorry: no volunteer could take your request in time, so it has been "
            "closed. Call your community hub on %(phone)s and we will look for help together."
        )
        if phone
        else _(
            "We are sorry: no volunteer could take your request in time, so it has been "
            "closed. Call your community hub and we will look for help together."
        )
    )
    _notify_requester(
        help_request,
        kind="request.expired",
        subject=_("No volunteer found in time"),
        body=body,
        params={"phone": phone} if phone else None,
        key=f"request.expired:{help_request.public_id}",
    )


def help_reminders_send(*, now=None) -> int:
    """Reminders for planned help: to the volunteer when it starts within 24 hours, to the
    resident on the day before. Idempotent (one reminder per task, person and planned time):
    run it as often as you like (hourly is right). Returns how many were queued."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + dt.timedelta(days=1)
    count = 0
    planned = (
        HelpRequest.objects.filter(
            status=HelpRequest.Status.PLANNED,
            planned_for__gt=now,
            planned_for__lte=now + dt.timedelta(days=2),
        )
        .select_related("volunteer__person__user", "requester__user", "municipality", "area")
        .order_by("planned_for")
    )
    for help_request in planned:
        if help_request.planned_for is None or help_request.volunteer is None:
            continue
        stamp = help_request.planned_for.strftime("%Y%m%dT%H%M")
        when = _when_text(help_request)
        with transaction.atomic():
            if help_request.planned_for <= now + dt.timedelta(hours=24):
                count += bool(
                    notify(
                        recipient=_volunteer_user(help_request.volunteer),
                        kind="reminder.volunteer",
                        subject=_("Reminder: you help a neighbour soon"),
                        body=_("A reminder: you help a neighbour %(when)s. Thank you!"),
                        params={"when": when},
                        link=reverse("help:tasks"),
                        help_request=help_request,
                        key=f"reminder.volunteer:{help_request.public_id}:{stamp}",
                        essential=False,
                    )
                )
            if timezone.localtime(help_request.planned_for).date() == tomorrow:
                count += bool(
                    _notify_requester(
                        help_request,
                        kind="reminder.resident",
                        subject=_("Tomorrow a volunteer comes to help you"),
                        body=_("A reminder: %(name)s comes to help you %(when)s."),
                        params={"name": help_request.volunteer.person.given_name, "when": when},
                        key=f"reminder.resident:{help_request.public_id}:{stamp}",
                        essential=False,
                    )
                )
    return count


def help_batch_assign(
    *, municipality, actor, area=None, method: str = "auto", request=None
) -> dict:
    """Propose volunteers for every new request (of one village, or all) at once with the
    engine's ``assign()`` (min-cost flow, greedy fallback). Blocked pairs and volunteers
    already asked are skipped. Returns counts and the unassigned requests with reasons."""
    from .pool import volunteer_pool

    qs = HelpRequest.objects.for_municipality(municipality).filter(status=HelpRequest.Status.NEW)
    if area is not None:
        qs = qs.filter(area=area)
    requests: dict[Hashable, HelpRequest] = {
        str(r.public_id): r for r in qs.select_related("municipality", "requester")
    }
    if not requests:
        return {"proposed": 0, "unassigned": [], "skipped": 0, "method": method}
    needs = [help_need(r) for r in requests.values()]
    with volunteer_pool(municipality) as pool, warnings.catch_warnings():
        # the fallback is logged and audited below (result.warning), not printed
        warnings.simplefilter("ignore", matching.GreedyFallbackWarning)
        result = matching.assign(needs, pool, method=method)
    profiles: dict[Hashable, VolunteerProfile] = {
        str(p.public_id): p
        for p in VolunteerProfile.objects.filter(
            public_id__in=[p.volunteer_id for p in result.proposals]
        ).select_related("person__user", "municipality")
    }
    proposed = skipped = 0
    for engine in result.proposals:
        help_request = requests[engine.request_id]
        profile = profiles.get(engine.volunteer_id)
        if profile is None:
            skipped += 1
            continue
        try:
            help_request_propose(
                help_request=help_request,
                volunteer=profile,
                actor=actor,
                request=request,
                engine=engine,
            )
            proposed += 1
        except (ApplicationError, IntegrityError):
            skipped += 1
    unassigned = [(requests[u.request_id], unmatched_text(u.reason)) for u in result.unassigned]
    audit_record(
        event="help.assign",
        actor=actor,
        request=request,
        target=("help.batch", area.public_id if area is not None else municipality.code),
        reason=f"{result.method}: {proposed} proposed, {len(unassigned)} unassigned"
        + ("; min-cost flow failed, greedy fallback" if result.warning else ""),
        municipality_code=municipality.code,
    )
    if result.warning:  # ids only: the engine's text names no person
        logger.warning(
            "help.assign fell back to greedy for %s: %s", municipality.code, result.warning
        )
    return {
        "proposed": proposed,
        "unassigned": unassigned,
        "skipped": skipped,
        "method": result.method,
    }


# --------------------------------------------------------------------------- buddies
@transaction.atomic
def buddy_pairing_start(
    *,
    help_request,
    actor,
    start_date: dt.date,
    rhythm: str = Rhythm.WEEKLY,
    checkin_every_weeks: int = 6,
    request=None,
) -> BuddyPairing:
    """Start a lasting buddy pairing for an accepted buddy request (it becomes ``planned``)."""
    if help_request.kind != RequestKind.BUDDY:
        raise ApplicationError(gettext("Only a buddy request becomes a pairing."))
    if help_request.status != HelpRequest.Status.ACCEPTED or help_request.volunteer_id is None:
        raise ApplicationError(gettext("A pairing starts once a volunteer has accepted."))
    if rhythm not in Rhythm.values:
        raise ApplicationError(gettext("Unknown rhythm."), field="rhythm")
    weeks = int(checkin_every_weeks)
    if not 1 <= weeks <= 52:
        raise ApplicationError(
            gettext("Check in every 1 to 52 weeks."), field="checkin_every_weeks"
        )
    pairing = BuddyPairing.objects.create(
        municipality_id=help_request.municipality_id,
        request=help_request,
        volunteer=help_request.volunteer,
        requester=help_request.requester,
        start_date=start_date,
        rhythm=rhythm,
        checkin_every_weeks=weeks,
        next_checkin_on=start_date + dt.timedelta(weeks=weeks),
    )
    _set_status(
        help_request,
        HelpRequest.Status.PLANNED,
        stamp="planned_at",
        expected=[HelpRequest.Status.ACCEPTED],
        planned_for=timezone.make_aware(dt.datetime.combine(start_date, dt.time(10))),
    )
    audit_record(
        event="help.buddy.start",
        actor=actor,
        request=request,
        target=pairing,
        subject_id=help_request.requester.public_id,
        municipality_code=help_request.municipality.code,
    )
    return pairing


@transaction.atomic
def buddy_checkin_record(
    *, pairing: BuddyPairing, actor, going_well: bool = True, note: str = "", on=None, request=None
) -> BuddyCheckIn:
    if pairing.status != BuddyPairing.Status.ACTIVE:
        raise ApplicationError(gettext("This pairing has ended."))
    on = on or timezone.localdate()
    checkin = BuddyCheckIn.objects.create(
        municipality_id=pairing.municipality_id,
        pairing=pairing,
        by=actor,
        on=on,
        going_well=bool(going_well),
        note=(note or "").strip()[:1000],
    )
    pairing.next_checkin_on = on + dt.timedelta(weeks=pairing.checkin_every_weeks)
    pairing.save(update_fields=["next_checkin_on", "updated_at"])
    audit_record(
        event="help.buddy.checkin",
        actor=actor,
        request=request,
        target=checkin,
        subject_id=pairing.requester.public_id,
        reason="going well" if going_well else "needs attention",
        municipality_code=pairing.municipality.code,
    )
    if not going_well:
        _notify_coordinators(
            pairing.municipality,
            kind="buddy.attention",
            subject=_("A buddy pairing needs attention"),
            body=_("A check-in of a buddy pairing says it is not going well."),
            link=reverse("help:coordinate_buddies"),
            help_request=pairing.request,
        )
    return checkin


def buddy_checkins_prompt(*, today=None) -> int:
    """Prompt both buddies and the coordinators of every pairing whose check-in is due.
    Returns the number of pairings prompted (each at most once per due date)."""
    today = today or timezone.localdate()
    count = 0
    due = BuddyPairing.objects.filter(
        status=BuddyPairing.Status.ACTIVE, next_checkin_on__lte=today
    ).select_related("volunteer__person__user", "requester__user", "municipality")
    for pairing in due:
        with transaction.atomic():
            claimed = (
                BuddyPairing.objects.filter(pk=pairing.pk)
                .exclude(prompted_for=pairing.next_checkin_on)
                .update(prompted_for=pairing.next_checkin_on)
            )
            if not claimed:
                continue
            due_on = pairing.next_checkin_on.isoformat()
            people = [("volunteer", pairing.volunteer.person), ("requester", pairing.requester)]
            people += [(f"coordinator-{u.pk}", u) for u in _coordinators(pairing.municipality)]
            for who, target in people:
                is_user = who.startswith("coordinator")
                notify(
                    recipient=target if is_user else None,
                    person=None if is_user else target,
                    kind="buddy.checkin",
                    subject=_("Time for a buddy check-in"),
                    body=_("How is the buddy pairing going? Let your coordinator know."),
                    link=reverse("help:coordinate_buddies")
                    if is_user
                    else reverse("help:buddy_checkin", args=[pairing.public_id])
                    if who == "volunteer"
                    else "",
                    help_request=pairing.request,
                    phone=pairing.request.phone if who == "requester" else "",
                    key=f"buddy.checkin:{pairing.public_id}:{due_on}:{who}",
                    essential=False,
                )
            count += 1
    return count


@transaction.atomic
def buddy_pairing_end(
    *,
    pairing: BuddyPairing,
    actor,
    evaluation: str,
    score: int | None = None,
    hours=None,
    request=None,
) -> BuddyPairing:
    """End an active pairing with a short evaluation, an optional score (1-5) and the
    optional total ``hours`` of the whole pairing (quarter hours, up to 999.75), stored on
    the pairing's request, which becomes ``done``."""
    if pairing.status != BuddyPairing.Status.ACTIVE:
        raise ApplicationError(gettext("This pairing has already ended."))
    evaluation = (evaluation or "").strip()
    if not evaluation:
        raise ApplicationError(gettext("Write a short evaluation."), field="evaluation")
    if score is not None and not 1 <= int(score) <= 5:
        raise ApplicationError(gettext("Score from 1 to 5."), field="score")
    hours_spent = parse_hours(hours, maximum=MAX_BUDDY_HOURS)
    pairing.status = BuddyPairing.Status.ENDED
    pairing.ended_on = timezone.localdate()
    pairing.evaluation = evaluation[:1000]
    pairing.evaluation_score = score
    pairing.save()
    help_request = pairing.request
    extra = {} if hours_spent is None else {"hours_spent": hours_spent}
    if _set_status(
        help_request,
        HelpRequest.Status.DONE,
        stamp="done_at",
        expected=list(HelpRequest.ACTIVE),
        **extra,
    ):
        _free_volunteer(pairing.volunteer_id)
    audit_record(
        event="help.buddy.end",
        actor=actor,
        request=request,
        target=pairing,
        subject_id=pairing.requester.public_id,
        fields=["status", "ended_on", "evaluation", "evaluation_score", *extra],
        municipality_code=pairing.municipality.code,
    )
    return pairing


# --------------------------------------------------------------------------- safety
@transaction.atomic
def concern_report(*, actor, help_request, text: str, request=None) -> ConcernReport:
    text = (text or "").strip()
    if not text:
        raise ApplicationError(gettext("Describe what worries you."), field="text")
    concern = ConcernReport.objects.create(
        municipality_id=help_request.municipality_id,
        reporter=actor,
        request=help_request,
        text=text[:2000],
    )
    audit_record(
        event="help.concern.create",
        actor=actor,
        request=request,
        target=concern,
        subject_id=help_request.requester.public_id,
        municipality_code=help_request.municipality.code,
    )
    _notify_coordinators(
        help_request.municipality,
        kind="concern.new",
        subject=_("A concern was reported"),
        body=_("Someone reported a concern about a help request. Please look at it soon."),
        link=reverse("help:coordinate_concerns"),
    )
    return concern


@transaction.atomic
def concern_handle(*, concern: ConcernReport, actor, request=None) -> ConcernReport:
    if concern.status == ConcernReport.Status.HANDLED:
        raise ApplicationError(gettext("This concern has already been handled."))
    concern.status = ConcernReport.Status.HANDLED
    concern.handled_at = timezone.now()
    concern.save(update_fields=["status", "handled_at", "updated_at"])
    audit_record(
        event="help.concern.handle",
        actor=actor,
        request=request,
        target=concern,
        fields=["status"],
        municipality_code=concern.municipality.code,
    )
    return concern


@transaction.atomic
def pairing_block(*, actor, volunteer: VolunteerProfile, requester, reason: str, request=None):
    """Never propose ``volunteer`` to ``requester`` again; open offers between them are
    withdrawn."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(gettext("Give a reason for the block."), field="reason")
    if volunteer.municipality_id != requester.municipality_id:
        raise ApplicationError(gettext("This volunteer belongs to another municipality."))
    block, created = PairingBlock.objects.get_or_create(
        volunteer=volunteer,
        requester=requester,
        defaults={
            "municipality_id": requester.municipality_id,
            "blocked_by": actor,
            "reason": reason[:200],
        },
    )
    if not created:
        raise ApplicationError(gettext("This pairing is already blocked."))
    offers = Proposal.objects.filter(
        volunteer=volunteer, request__requester=requester, status=Proposal.Status.OFFERED
    )
    for offer in offers:
        Proposal.objects.filter(pk=offer.pk).update(
            status=Proposal.Status.WITHDRAWN, responded_at=timezone.now()
        )
        if not Proposal.objects.filter(
            request_id=offer.request_id, status=Proposal.Status.OFFERED
        ).exists():
            HelpRequest.objects.filter(
                pk=offer.request_id, status=HelpRequest.Status.PROPOSED
            ).update(status=HelpRequest.Status.NEW)
    audit_record(
        event="help.block.create",
        actor=actor,
        request=request,
        target=block,
        subject_id=requester.public_id,
        municipality_code=requester.municipality.code,
    )
    return block
