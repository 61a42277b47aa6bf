"""Writes of buddy pairings: starting one, check-ins and their prompts, ending one."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError

from ..constants import (
    RequestKind,
    Rhythm,
)
from ..hours import MAX_BUDDY_HOURS, parse_hours
from ..models import (
    BuddyCheckIn,
    BuddyPairing,
    HelpRequest,
)
from ..notifications import notify
from .base import _coordinators, _free_volunteer, _notify_coordinators, _set_status


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
