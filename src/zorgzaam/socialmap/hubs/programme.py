"""Writes of a hub's programme: proposing and deciding activities, signing up and cancelling
(concurrency-safe: the session row is locked before places are counted, and a cancellation
promotes the longest-waiting person in the same transaction), recording attendance."""

from __future__ import annotations

from datetime import datetime, timedelta

from dateutil.rrule import rrulestr
from django.db import IntegrityError, transaction
from django.utils import timezone

from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError
from zorgzaam.common.validators import single_line

from ..models import Activity, Hub, Session, SignUp
from .reads import can_decide, occurrences


def _validate_rrule(rule: str, starts_at: datetime) -> str:
    rule = (rule or "").strip().upper()
    if rule.startswith("RRULE:"):
        rule = rule[6:]
    if not rule:
        return ""
    try:
        parsed = rrulestr(rule, dtstart=timezone.localtime(starts_at))
        next(iter(parsed), None)
    except (ValueError, TypeError) as exc:
        raise ApplicationError(
            f"The repetition {rule!r} is not an RFC 5545 RRULE (e.g. FREQ=WEEKLY;BYDAY=TU).",
            field="rrule",
        ) from exc
    return rule


def activity_propose(*, actor, hub: Hub, data: dict) -> Activity:
    """A resident (or anyone who may propose) proposes an activity; the council decides."""
    if actor.municipality_id != hub.municipality_id:
        raise ApplicationError("You can only propose activities in your own municipality.")
    with transaction.atomic():
        activity = Activity(
            municipality=hub.municipality,
            hub=hub,
            title=single_line(data["title"], field="title"),
            description=data.get("description", ""),
            starts_at=data["starts_at"],
            duration_minutes=data.get("duration_minutes") or 90,
            capacity=data.get("capacity"),
            rrule=_validate_rrule(data.get("rrule", ""), data["starts_at"]),
            organiser=getattr(actor, "person", None),
            proposed_by=actor,
            status=Activity.Status.PROPOSED,
        )
        if can_decide(actor, hub) and data.get("approve_now"):
            activity.status = Activity.Status.APPROVED
            activity.decided_by = actor
            activity.decided_at = timezone.now()
        activity.full_clean()
        activity.save()
        audit_record(
            event="socialmap.activity_propose",
            actor=actor,
            target=activity,
            fields=sorted(k for k in data if k != "approve_now"),
        )
    return activity


def activity_decide(*, actor, activity: Activity, approve: bool) -> Activity:
    if not can_decide(actor, activity.hub):
        raise ApplicationError("Only the programme council or the hub coordinator decides.")
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        if locked.status != Activity.Status.PROPOSED:
            raise ApplicationError("This activity has already been decided.")
        locked.status = Activity.Status.APPROVED if approve else Activity.Status.REJECTED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        audit_record(
            event="socialmap.activity_decide", actor=actor, target=locked, fields=["status"]
        )
    return locked


def _session_for(activity: Activity, starts_at: datetime) -> Session:
    moment = timezone.localtime(starts_at)
    if moment not in occurrences(activity, moment - timedelta(seconds=1), moment + timedelta(1)):
        raise ApplicationError("The activity has no session at that time.", field="starts_at")
    session, _ = Session.objects.get_or_create(
        activity=activity, starts_at=moment, defaults={"municipality": activity.municipality}
    )
    return session


def signup_create(*, actor, activity: Activity, starts_at: datetime) -> SignUp:
    """Sign up for one session: a place if there is one, else the waiting list."""
    if activity.status != Activity.Status.APPROVED:
        raise ApplicationError("You can only sign up for approved activities.")
    if actor.municipality_id != activity.municipality_id:
        raise ApplicationError("This activity is in another municipality.")
    if starts_at < timezone.now():
        raise ApplicationError("This session has already started.")
    with transaction.atomic():
        session = _session_for(activity, starts_at)
        session = Session.objects.select_for_update().get(pk=session.pk)
        active = SignUp.objects.filter(session=session).exclude(status=SignUp.Status.CANCELLED)
        if active.filter(user=actor).exists():
            raise ApplicationError("You have already signed up for this session.")
        confirmed = active.filter(status=SignUp.Status.CONFIRMED).count()
        full = activity.capacity is not None and confirmed >= activity.capacity
        try:
            signup = SignUp.objects.create(
                municipality=activity.municipality,
                session=session,
                user=actor,
                status=SignUp.Status.WAITING if full else SignUp.Status.CONFIRMED,
            )
        except IntegrityError as exc:
            raise ApplicationError("You have already signed up for this session.") from exc
        audit_record(event="socialmap.signup", actor=actor, target=signup, fields=["status"])
    return signup


def signup_cancel(*, actor, signup: SignUp) -> SignUp | None:
    """Cancel a sign-up; when it held a place, the first on the waiting list gets it.
    Returns the promoted sign-up, if any."""
    if signup.user_id != actor.pk:
        raise ApplicationError("You can only cancel your own sign-up.")
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=signup.session_id)
        signup = SignUp.objects.select_for_update().get(pk=signup.pk)
        if signup.status == SignUp.Status.CANCELLED:
            return None
        held_place = signup.status == SignUp.Status.CONFIRMED
        signup.status = SignUp.Status.CANCELLED
        signup.save(update_fields=["status", "updated_at"])
        audit_record(event="socialmap.signup_cancel", actor=actor, target=signup, fields=["status"])
        promoted = None
        if held_place:
            promoted = (
                SignUp.objects.select_for_update()
                .filter(session=session, status=SignUp.Status.WAITING)
                .order_by("created_at", "pk")
                .first()
            )
            if promoted is not None:
                promoted.status = SignUp.Status.CONFIRMED
                promoted.save(update_fields=["status", "updated_at"])
                audit_record(
                    event="socialmap.signup_promote",
                    actor=actor,
                    target=promoted,
                    fields=["status"],
                )
    return promoted


def attendance_record(*, actor, activity: Activity, starts_at: datetime, count: int) -> Session:
    if not can_decide(actor, activity.hub):
        raise ApplicationError("Only the council or the hub coordinator records attendance.")
    if count < 0 or count > 10_000:
        raise ApplicationError("Attendance is a number from 0 to 10000.", field="attendance")
    with transaction.atomic():
        session = _session_for(activity, starts_at)
        session.attendance = count
        session.save(update_fields=["attendance", "updated_at"])
        audit_record(
            event="socialmap.attendance", actor=actor, target=session, fields=["attendance"]
        )
    return session
