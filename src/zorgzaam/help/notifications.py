"""Notifications: an in-app inbox row for every message, and an e-mail delivered by a
background task (django-tasks) enqueued after the transaction commits.

Every attempt is recorded on the row (``attempts``, ``last_error`` holds the exception class
only, never content). A failed send is re-enqueued with a growing delay until
``MAX_ATTEMPTS``; after that the row stays ``failed`` and ``manage.py help_notifications_retry``
enqueues it again. Nothing is deleted, so nothing is lost.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from .models import Notification

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
#: delay before attempt n+1 (minutes): 1, 5, 25, 125 ...
BACKOFF_BASE_MINUTES = 5


def notify(*, recipient, kind: str, subject, body, link: str = "") -> Notification | None:
    """Queue one message for ``recipient`` (a User). ``subject``/``body`` are lazy
    translations, rendered in the recipient's language. Users without an account get
    nothing here (the coordinator follows up by phone)."""
    if recipient is None or not recipient.is_active or recipient.municipality_id is None:
        return None
    with translation.override(recipient.preferred_language or "nl"):
        subject_text, body_text = str(subject), str(body)
    note = Notification.objects.create(
        municipality_id=recipient.municipality_id,
        recipient=recipient,
        kind=kind,
        subject=subject_text[:200],
        body=body_text[:2000],
        link=link[:200],
        delivery=Notification.Delivery.QUEUED
        if recipient.email
        else Notification.Delivery.INBOX_ONLY,
    )
    if recipient.email:
        note_id = note.pk
        transaction.on_commit(lambda: enqueue_delivery(note_id))
    return note


def enqueue_delivery(note_id: int, *, delay: dt.timedelta | None = None) -> None:
    from django_tasks import default_task_backend

    from .tasks import notification_deliver

    task = notification_deliver
    if delay is not None and default_task_backend.supports_defer:
        task = task.using(run_after=timezone.now() + delay)
    try:
        task.enqueue(note_id)
    except Exception:  # the row stays queued; the retry command picks it up
        logger.exception("could not enqueue notification %s", note_id)


def backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=BACKOFF_BASE_MINUTES ** max(0, attempts - 1))


def deliver(note_id: int) -> str:
    """Send one queued notification by e-mail. Claims it with a conditional update, so two
    workers never send the same message. Returns the resulting delivery state."""
    claimable = (
        Notification.Delivery.QUEUED,
        Notification.Delivery.RETRYING,
        Notification.Delivery.FAILED,
    )
    now = timezone.now()
    with transaction.atomic():
        note = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=note_id, delivery__in=claimable)
            .first()
        )
        if note is None:
            return "skipped"
        note.attempts += 1
        try:
            send_mail(
                note.subject,
                note.body + (f"\n\n{note.link}" if note.link else ""),
                None,
                [note.recipient.email],
            )
        except Exception as exc:  # record and retry: never lose the message
            note.last_error = type(exc).__name__[:200]
            if note.attempts % MAX_ATTEMPTS == 0:  # give up this round; the command retries
                note.delivery = Notification.Delivery.FAILED
                note.next_attempt_at = None
            else:
                note.delivery = Notification.Delivery.RETRYING
                note.next_attempt_at = now + backoff(note.attempts)
            note.save(update_fields=["attempts", "last_error", "delivery", "next_attempt_at"])
            logger.warning(
                "notification %s attempt %s failed: %s",
                note.public_id,
                note.attempts,
                exc.__class__,
            )
            if note.delivery == Notification.Delivery.RETRYING:
                delay = backoff(note.attempts)
                transaction.on_commit(lambda: enqueue_delivery(note_id, delay=delay))
            return note.delivery
        note.delivery = Notification.Delivery.SENT
        note.sent_at = now
        note.last_error = ""
        note.next_attempt_at = None
        note.save(
            update_fields=["attempts", "delivery", "sent_at", "last_error", "next_attempt_at"]
        )
        return note.delivery


def notifications_retry(*, include_failed: bool = True, now=None) -> int:
    """Enqueue every message that is due again (retrying and due, queued for over 10 minutes,
    and, unless told not to, failed ones). Returns how many were enqueued."""
    now = now or timezone.now()
    from django.db.models import Q

    due = Q(delivery=Notification.Delivery.RETRYING, next_attempt_at__lte=now) | Q(
        delivery=Notification.Delivery.QUEUED, created_at__lte=now - dt.timedelta(minutes=10)
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
