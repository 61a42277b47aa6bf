"""Delivery: one worker claims a message, tries its channels in order, falls back, backs off
and, after ``MAX_ATTEMPTS`` rounds, gives up to ``failed`` or the call list; the retry
command takes up what is due again."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from zorgzaam.accounts.roles import Role

from .. import channels
from ..models import Notification, NotificationDelivery
from .queue import BACKOFF_BASE_MINUTES, LEASE, MAX_ATTEMPTS, _call_list_add, enqueue_delivery

logger = logging.getLogger(__name__)


def backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=BACKOFF_BASE_MINUTES ** max(0, attempts - 1))


CLAIMABLE = (
    Notification.Delivery.QUEUED,
    Notification.Delivery.RETRYING,
    Notification.Delivery.FAILED,
)


def _claim(note_id: int, now) -> bool:
    stale = Q(delivery=Notification.Delivery.SENDING, next_attempt_at__lte=now)
    return bool(
        Notification.objects.filter(Q(pk=note_id) & (Q(delivery__in=CLAIMABLE) | stale)).update(
            delivery=Notification.Delivery.SENDING, next_attempt_at=now + LEASE
        )
    )


def deliver(note_id: int) -> str:
    """Try the channels of one notification in order until one works. Claims the message
    with a conditional update first, so two workers never send it at once; the sends run
    outside any transaction. Returns the resulting delivery state."""
    now = timezone.now()
    if not _claim(note_id, now):
        return "skipped"
    note = Notification.objects.select_related(
        "recipient", "person", "municipality", "person__area"
    ).get(pk=note_id)
    rows = list(
        note.deliveries.exclude(
            status__in=[NotificationDelivery.Status.SENT, NotificationDelivery.Status.SKIPPED]
        ).order_by("position")
    )
    sent = None
    error = ""
    for row in rows:
        row.attempts += 1
        row.status = NotificationDelivery.Status.SENDING
        row.save(update_fields=["attempts", "status", "updated_at"])
        try:
            channels.SENDERS[row.channel](note, row.address)
        except Exception as exc:  # record and fall back: never lose the message
            error = type(exc).__name__[:200]
            row.status = NotificationDelivery.Status.FAILED
            row.last_error = error
            row.save(update_fields=["status", "last_error", "updated_at"])
            logger.warning(
                "notification %s channel %s attempt %s failed: %s",
                note.public_id,
                row.channel,
                row.attempts,
                exc.__class__.__name__,
            )
            continue
        row.status = NotificationDelivery.Status.SENT
        row.sent_at = timezone.now()
        row.last_error = ""
        row.save(update_fields=["status", "sent_at", "last_error", "updated_at"])
        sent = row
        break
    with transaction.atomic():
        note.attempts += 1
        if sent is not None:
            note.deliveries.filter(
                position__gt=sent.position, status=NotificationDelivery.Status.PENDING
            ).update(status=NotificationDelivery.Status.SKIPPED, updated_at=timezone.now())
            note.delivery = Notification.Delivery.SENT
            note.sent_at = sent.sent_at
            note.last_error = ""
            note.next_attempt_at = None
        else:
            note.last_error = error
            if note.attempts % MAX_ATTEMPTS == 0:  # give up this round
                note.next_attempt_at = None
                if note.person_id and (
                    note.recipient is None or note.recipient.role == Role.RESIDENT
                ):
                    note.delivery = Notification.Delivery.CALL_LIST
                    _call_list_add(note)
                else:  # the retry command tries again
                    note.delivery = Notification.Delivery.FAILED
            else:
                note.delivery = Notification.Delivery.RETRYING
                note.next_attempt_at = now + backoff(note.attempts)
                delay = backoff(note.attempts)
                transaction.on_commit(lambda: enqueue_delivery(note_id, delay=delay))
        note.save(
            update_fields=[
                "attempts",
                "delivery",
                "sent_at",
                "last_error",
                "next_attempt_at",
                "updated_at",
            ]
        )
    return note.delivery


def notifications_retry(*, include_failed: bool = True, now=None) -> int:
    """Enqueue every message that is due again (retrying and due, queued for over 10
    minutes, a send whose worker died (lease ran out), and, unless told not to, failed
    ones). Returns how many were enqueued."""
    now = now or timezone.now()
    due = (
        Q(delivery=Notification.Delivery.RETRYING, next_attempt_at__lte=now)
        | Q(delivery=Notification.Delivery.QUEUED, created_at__lte=now - dt.timedelta(minutes=10))
        | Q(delivery=Notification.Delivery.SENDING, next_attempt_at__lte=now)
    )
    if include_failed:
        due |= Q(delivery=Notification.Delivery.FAILED)
    ids = list(Notification.objects.filter(due).values_list("pk", flat=True))
    if include_failed:
        Notification.objects.filter(pk__in=ids, delivery=Notification.Delivery.FAILED).update(
            delivery=Notification.Delivery.RETRYING
        )
    for note_id in ids:
        enqueue_delivery(note_id)
    return len(ids)


def notification_mark_read(*, note: Notification) -> None:
    if note.read_at is None:
        Notification.objects.filter(pk=note.pk, read_at__isnull=True).update(read_at=timezone.now())
