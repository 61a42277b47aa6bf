"""A hub coordinator runs the programme: edit an activity, cancel it, see who signed up.

Writes (``activity_update``, ``activity_cancel``) own their transaction and audit line; the
people signed up for sessions still to come are told through the ``activity_changed`` signal
(``socialmap.signals``), which the neighbour-help part's notification service answers on
each person's own channel (inbox, e-mail, SMS or the hub's call list), after the commit.

Who sees what: the hub coordinator (``socialmap.edit`` in the hub's municipality) sees the
names and phone numbers of the people signed up: they phone them when a session changes. The
programme council (residents) sees only the counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgzaam.accounts.permissions import actor_can
from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError
from zorgzaam.common.updates import changed_fields, model_update
from zorgzaam.common.validators import single_line

from .events import ACTIVITY_CANCELLED, ACTIVITY_CHANGED, SIGNUPS_VIEWED
from .hubs import _validate_rrule, can_decide, occurrences
from .models import Activity, SignUp
from .signals import activity_changed

#: How far ahead the sign-up list looks.
SIGNUP_DAYS = 42
_SCHEDULE_FIELDS = ("starts_at", "rrule")
_EDITABLE = ("title", "description", "starts_at", "duration_minutes", "rrule", "capacity")


def can_manage(user, activity: Activity) -> bool:
    """Hub coordinators and administrators of the hub's municipality (the council decides on
    proposals but does not change or cancel a running programme)."""
    return (
        getattr(user, "is_authenticated", False)
        and user.municipality_id == activity.municipality_id
        and actor_can(user, "socialmap.edit")
    )


# --- reads ----------------------------------------------------------------------------------
@dataclass
class SessionSignups:
    starts_at: datetime
    confirmed: list[SignUp]
    waiting: list[SignUp]


def _future_signups(activity: Activity):
    return (
        SignUp.objects.filter(session__activity=activity, session__starts_at__gte=timezone.now())
        .exclude(status=SignUp.Status.CANCELLED)
        .select_related("session", "user", "user__person")
        .order_by("session__starts_at", "created_at", "pk")
    )


def signups_by_session(activity: Activity, *, days: int = SIGNUP_DAYS) -> list[SessionSignups]:
    """Every session in the coming ``days`` with who holds a place and who waits (sessions
    without sign-ups included, so the coordinator sees the whole schedule)."""
    now = timezone.now()
    moments = occurrences(activity, now, now + timedelta(days=days))
    table = {m: SessionSignups(m, [], []) for m in moments}
    for signup in _future_signups(activity):
        moment = timezone.localtime(signup.session.starts_at)
        row = table.setdefault(moment, SessionSignups(moment, [], []))
        (row.confirmed if signup.status == SignUp.Status.CONFIRMED else row.waiting).append(signup)
    return [table[m] for m in sorted(table)]


def signups_view_record(*, actor, activity: Activity, request=None) -> None:
    audit_record(
        event=SIGNUPS_VIEWED.name,
        actor=actor,
        request=request,
        target=activity,
        fields=["signups"],
    )


# --- writes ---------------------------------------------------------------------------------
def _require_manager(actor, activity: Activity) -> None:
    if not can_manage(actor, activity):
        raise ApplicationError(_("Only the hub coordinator can change or cancel an activity."))


def _tell(activity: Activity, user_ids: list[int], change: str) -> None:
    if not user_ids:
        return
    payload = {
        "activity_id": activity.pk,
        "user_ids": sorted(set(user_ids)),
        "change": change,
        "title": activity.title,
        "hub_public_id": activity.hub.public_id,
        "hub_name": activity.hub.name,
        "version": activity.updated_at.isoformat(),
    }
    transaction.on_commit(lambda: activity_changed.send(sender=Activity, **payload))


def activity_update(*, actor, activity: Activity, data: dict, request=None) -> Activity:
    """Change an approved (or proposed) activity. The time and repetition can change only
    while nobody is signed up for a session still to come (their place would silently move);
    fewer places than people already holding one is refused; more places let the waiting
    list in, longest waiting first."""
    _require_manager(actor, activity)
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        if locked.status in (Activity.Status.CANCELLED, Activity.Status.REJECTED):
            raise ApplicationError(_("A cancelled or declined activity cannot be changed."))
        new = {
            "title": single_line(data["title"], field="title"),
            "description": data.get("description", ""),
            "starts_at": data["starts_at"],
            "duration_minutes": data.get("duration_minutes") or locked.duration_minutes,
            "rrule": _validate_rrule(data.get("rrule", ""), data["starts_at"]),
            "capacity": data.get("capacity"),
        }
        changed = changed_fields(locked, new, _EDITABLE)
        if not changed:
            return locked
        future = list(_future_signups(locked).select_for_update(of=("self",)))
        if future and any(f in changed for f in _SCHEDULE_FIELDS):
            raise ApplicationError(
                _(
                    "People have signed up for sessions still to come, so the time and "
                    "repetition cannot change. Cancel the activity (they are told) and "
                    "make a new one."
                ),
                field="starts_at",
            )
        promoted: list[SignUp] = []
        if "capacity" in changed:
            promoted = _capacity_apply(future, new["capacity"])
        model_update(locked, {f: new[f] for f in changed})
        audit_record(
            event=ACTIVITY_CHANGED.name,
            actor=actor,
            request=request,
            target=locked,
            fields=sorted(changed),
        )
        for signup in promoted:
            audit_record(
                event="socialmap.signup_promote",
                actor=actor,
                request=request,
                target=signup,
                fields=["status"],
            )
        told = {"title", "description", "duration_minutes"} & set(changed)
        _tell(locked, [s.user_id for s in future] if told else [], "changed")
        _tell(locked, [s.user_id for s in promoted], "promoted")
    return locked


def _capacity_apply(future: list[SignUp], capacity: int | None) -> list[SignUp]:
    """Per session: refuse fewer places than are held; fill new places from the waiting
    list. Returns the promoted sign-ups."""
    sessions: dict[int, list[SignUp]] = {}
    for signup in future:
        sessions.setdefault(signup.session_id, []).append(signup)
    promoted = []
    for signups in sessions.values():
        confirmed = [s for s in signups if s.status == SignUp.Status.CONFIRMED]
        waiting = [s for s in signups if s.status == SignUp.Status.WAITING]
        if capacity is not None and len(confirmed) > capacity:
            raise ApplicationError(
                _(
                    "%(held)s people already hold a place in one session: the number of "
                    "places cannot be lower than that."
                )
                % {"held": len(confirmed)},
                field="capacity",
            )
        free = len(waiting) if capacity is None else capacity - len(confirmed)
        for signup in waiting[: max(free, 0)]:
            signup.status = SignUp.Status.CONFIRMED
            signup.save(update_fields=["status", "updated_at"])
            promoted.append(signup)
    return promoted


def activity_cancel(*, actor, activity: Activity, request=None) -> int:
    """Cancel the whole activity: no more sessions, every sign-up for a session still to
    come cancelled, and those people told. Returns how many people are told."""
    _require_manager(actor, activity)
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        if locked.status == Activity.Status.CANCELLED:
            raise ApplicationError(_("This activity has already been cancelled."))
        future = list(_future_signups(locked))
        SignUp.objects.filter(pk__in=[s.pk for s in future]).update(
            status=SignUp.Status.CANCELLED, updated_at=timezone.now()
        )
        locked.status = Activity.Status.CANCELLED
        locked.save(update_fields=["status", "updated_at"])
        audit_record(
            event=ACTIVITY_CANCELLED.name,
            actor=actor,
            request=request,
            target=locked,
            fields=["status"] + (["signups"] if future else []),
        )
        people = sorted({s.user_id for s in future})
        _tell(locked, people, "cancelled")
    return len(people)


__all__ = [
    "SessionSignups",
    "activity_cancel",
    "activity_update",
    "can_decide",
    "can_manage",
    "signups_by_session",
    "signups_view_record",
]
