"""Writes of a help request after acceptance: planning, completing, hours, cancelling, expiry
and reminders."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zorgzaam.common.errors import ApplicationError

from ..constants import (
    RequestKind,
)
from ..hours import MAX_BUDDY_HOURS, MAX_HOURS, parse_hours
from ..models import (
    BuddyPairing,
    HelpRequest,
)
from ..notifications import notify
from .base import (
    _audit_change,
    _change_status,
    _free_volunteer,
    _hub_phone,
    _notify_requester,
    _set_status,
    _touch,
    _volunteer_user,
    _when_text,
    _withdraw_offers,
)


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
