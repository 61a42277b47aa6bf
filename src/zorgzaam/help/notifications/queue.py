"""The queue: ``notify()`` stores a message and its channel chain, and hands it to the
background task (or puts a resident on the call list)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation

from zorgzaam.accounts.roles import Role

from .. import channels
from ..models import (
    CallListEntry,
    Channel,
    ContactPreference,
    Notification,
    NotificationDelivery,
)

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
#: delay before round n+1 (minutes): 1, 5, 25, 125 ...
BACKOFF_BASE_MINUTES = 5
#: a claimed message whose worker has not finished after this long is taken up again
LEASE = dt.timedelta(minutes=10)
DEFAULT_ORDER = (Channel.EMAIL, Channel.SMS, Channel.PUSH)


def _language(code: str | None) -> str:
    codes = {c for c, _name in settings.LANGUAGES}
    return code if code in codes else settings.LANGUAGE_CODE


def _preference(person, user) -> ContactPreference | None:
    q = Q()
    if person is not None:
        q |= Q(person=person)
    if user is not None:
        q |= Q(user=user)
    return ContactPreference.objects.filter(q).first() if q else None


def channel_chain(*, person, user, municipality, phone: str = "", essential: bool = True):
    """[(channel, address)] in the order they are tried, and the person's preferred way
    (``ContactPreference.Preferred``: "call" = phoned by the hub instead, "inbox" = only the
    in-app inbox). The addresses the person gave on their preference come first."""
    pref = _preference(person, user)
    email = (
        (pref.email if pref else "")
        or (user.email if user else "")
        or (person.email if person else "")
    )
    phone = (pref.phone if pref else "") or phone or (person.phone if person else "")
    available: dict[str, str] = {}
    if email and not (not essential and pref and pref.email_unsubscribed_at):
        available[Channel.EMAIL] = email
    if phone and channels.notifynl_for(municipality) is not None:
        available[Channel.SMS] = phone
    if channels.push_available(user):
        available[Channel.PUSH] = ""
    order: list[str] = [str(c) for c in DEFAULT_ORDER]
    preferred = pref.preferred if pref else ""
    if preferred in order:
        order.remove(preferred)
        order.insert(0, preferred)
    chain = [(c, available[c]) for c in order if c in available]
    return chain, preferred


def notify(
    *,
    recipient=None,
    person=None,
    kind: str,
    subject,
    body,
    link: str = "",
    params: dict[str, Callable[[], str] | str] | None = None,
    help_request=None,
    phone: str = "",
    key: str = "",
    essential: bool = True,
    language: str | None = None,
) -> Notification | None:
    """Queue one message for a user (``recipient``) or a person with or without an account
    (``person``). ``subject``/``body`` are lazy translations rendered in the recipient's
    language, with ``params`` (values or callables, called in that language) filled in.
    ``key``: an idempotency key; a second message with the same key is not queued (returns
    None). ``essential=False`` marks reminders and check-ins: their e-mail can be
    unsubscribed from. ``phone`` overrides the person's number (the request's own)."""
    user = recipient if recipient is not None and recipient.is_active else None
    if user is not None and user.municipality_id is None:
        user = None
    if person is None and user is not None:
        person = getattr(user, "person", None)
    if user is None and person is not None and person.user_id and person.user.is_active:
        user = person.user
    if user is None and person is None:
        return None
    municipality = person.municipality if person is not None else user.municipality  # type: ignore[union-attr]
    if language is None:
        language = user.preferred_language if user else getattr(help_request, "language", None)
    language = _language(language)
    with translation.override(language):
        values = {k: (v() if callable(v) else str(v)) for k, v in (params or {}).items()}
        subject_text = str(subject) % values if values else str(subject)
        body_text = str(body) % values if values else str(body)
    chain, preferred = channel_chain(
        person=person, user=user, municipality=municipality, phone=phone, essential=essential
    )
    callable_resident = person is not None and (user is None or user.role == Role.RESIDENT)
    inbox_only = preferred == ContactPreference.Preferred.INBOX and user is not None
    if (preferred == ContactPreference.Preferred.CALL and callable_resident) or inbox_only:
        chain = []
    if chain:
        state = Notification.Delivery.QUEUED
    elif callable_resident and not inbox_only:
        state = Notification.Delivery.CALL_LIST
    else:
        state = Notification.Delivery.INBOX_ONLY
    try:
        with transaction.atomic():
            note = Notification.objects.create(
                municipality=municipality,
                recipient=user,
                person=person,
                help_request=help_request,
                idempotency_key=key[:120],
                essential=essential,
                language=language,
                kind=kind,
                subject=subject_text[:200],
                body=body_text[:2000],
                link=link[:200],
                delivery=state,
            )
    except IntegrityError:
        if key and Notification.objects.filter(idempotency_key=key[:120]).exists():
            return None  # already queued once
        raise
    NotificationDelivery.objects.bulk_create(
        NotificationDelivery(
            municipality=municipality,
            notification=note,
            channel=channel,
            position=i,
            address=address,
        )
        for i, (channel, address) in enumerate(chain)
    )
    if state == Notification.Delivery.CALL_LIST:
        _call_list_add(note)
    elif chain:
        note_id = note.pk
        transaction.on_commit(lambda: enqueue_delivery(note_id))
    return note


def _call_list_add(note: Notification) -> CallListEntry:
    assert note.person is not None  # only residents (a person) are called
    entry, _created = CallListEntry.objects.get_or_create(
        notification=note,
        defaults={
            "municipality_id": note.municipality_id,
            "person": note.person,
            "area_id": note.person.area_id,
            "due_on": timezone.localdate(),
        },
    )
    return entry


def enqueue_delivery(note_id: int, *, delay: dt.timedelta | None = None) -> None:
    from django_tasks import default_task_backend

    from ..tasks import notification_deliver

    task = notification_deliver
    if delay is not None and default_task_backend.supports_defer:
        task = task.using(run_after=timezone.now() + delay)
    try:
        task.enqueue(note_id)
    except Exception:  # the row stays queued; the retry command picks it up
        logger.exception("could not enqueue notification %s", note_id)
