"""Notifications: one service for every message to a person, on the channels they can be
reached on.

``notify()`` stores one ``Notification`` (a user sees it in the in-app inbox) and, per
channel the person can be reached on, one ``NotificationDelivery`` row, in the order of the
person's preference (``ContactPreference.preferred`` first, then e-mail, SMS, web push). A
background task (django-tasks, enqueued after the transaction commits) tries the channels in
that order until one works; a failed channel falls back to the next at once. When every
channel failed the whole chain is tried again with a growing delay (1, 5, 25, 125 minutes);
after ``MAX_ATTEMPTS`` rounds the message is ``failed`` (``manage.py
help_notifications_retry`` enqueues it again) or, for a resident, put on the hub
coordinator's call list. A resident without any channel is put on the call list at once.

Never lost: nothing is deleted, a message whose worker died mid-send (a ``sending`` lease
that ran out) is picked up again by the retry command. Never queued twice: a caller passes an
``idempotency key`` (unique in the database). Never sent twice: a worker claims the message
with a conditional update before sending; only a worker killed between the hand-over to the
mail server and recording it can make a second attempt, which carries the same Message-ID
(e-mail) or reference (NotifyNL), so the receiving side sees the same message.

``last_error`` holds the exception class only, never content.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zorgzaam.accounts.roles import Role
from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError
from zorgzaam.reports.signals import visit_invitation_sent

from . import channels
from .models import (
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


# --------------------------------------------------------------------------- call list
@transaction.atomic
def call_list_mark_called(*, entry: CallListEntry, actor, request=None) -> CallListEntry:
    """The coordinator phoned the person: ticked off once, audited (ids only)."""
    now = timezone.now()
    done = CallListEntry.objects.filter(pk=entry.pk, called_at__isnull=True).update(
        called_at=now, called_by=actor, updated_at=now
    )
    if not done:
        raise ApplicationError(gettext("This call has already been ticked off."))
    entry.refresh_from_db()
    audit_record(
        event="help.calllist.call",
        actor=actor,
        request=request,
        target=entry,
        subject_id=entry.person.public_id,
        municipality_code=entry.municipality.code,
    )
    return entry


# --------------------------------------------------------------------------- preferences
@transaction.atomic
def contact_preference_set(*, person, preferred: str, actor=None, request=None):
    """Record how a person wants to hear from Zorgzaam (a coordinator, on their behalf)."""
    if preferred not in ContactPreference.Preferred.values:
        raise ApplicationError(gettext("Unknown way of contact."), field="preferred")
    pref, _created = ContactPreference.objects.get_or_create(
        person=person, defaults={"municipality_id": person.municipality_id}
    )
    pref.preferred = preferred
    pref.save(update_fields=["preferred", "updated_at"])
    audit_record(
        event="help.contact.preference",
        actor=actor,
        request=request,
        target=pref,
        subject_id=person.public_id,
        fields=["preferred"],
        municipality_code=person.municipality.code,
    )
    return pref


_MOBILE = re.compile(r"(?:\+31|0031|0)6(\d{8})")
#: what a resident may choose on their own preference screen
OWN_CHOICES = (
    ContactPreference.Preferred.INBOX,
    ContactPreference.Preferred.EMAIL,
    ContactPreference.Preferred.SMS,
    ContactPreference.Preferred.CALL,
)


def dutch_mobile(value: str) -> str:
    """A Dutch mobile number (06 12345678, +31 6 12345678, 0031 6 ...), normalised to
    +316xxxxxxxx; anything else is refused."""
    digits = re.sub(r"[\s\-.()]", "", value or "")
    match = _MOBILE.fullmatch(digits)
    if not match:
        raise ApplicationError(
            gettext("Give a Dutch mobile number, such as 06 12345678."), field="phone"
        )
    return f"+316{match.group(1)}"


def contact_preference_of_user(user) -> ContactPreference | None:
    """The resident's own preference (kept on their person when they have one)."""
    person = getattr(user, "person", None)
    return _preference(person, user)


@transaction.atomic
def contact_preference_save_own(
    *, user, preferred: str, email: str = "", phone: str = "", request=None
) -> ContactPreference:
    """A resident chooses how Zorgzaam reaches them: only the in-app inbox, e-mail, SMS or a
    phone call from the hub (the call list). E-mail needs an e-mail address, SMS a Dutch
    mobile number and a municipality that sends text messages. Audited (field names only)."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    if preferred not in OWN_CHOICES:
        raise ApplicationError(gettext("Choose how we reach you."), field="preferred")
    email = (email or "").strip()
    phone = (phone or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ApplicationError(
                gettext("Give an e-mail address such as naam@voorbeeld.nl."), field="email"
            ) from None
    if phone:
        phone = dutch_mobile(phone)
    if preferred == ContactPreference.Preferred.EMAIL and not email:
        raise ApplicationError(
            gettext("Give the e-mail address we should write to."), field="email"
        )
    if preferred == ContactPreference.Preferred.SMS:
        if not phone:
            raise ApplicationError(gettext("Give the mobile number we should text."), field="phone")
        if channels.notifynl_for(user.municipality) is None:
            raise ApplicationError(
                gettext("Your municipality does not send text messages yet."), field="preferred"
            )
    person = getattr(user, "person", None)
    pref = _preference(person, user)
    if pref is None:
        pref = ContactPreference(
            municipality_id=user.municipality_id,
            person=person,
            user=None if person is not None else user,
        )
    changed = [
        name
        for name, value in (("preferred", preferred), ("email", email), ("phone", phone))
        if getattr(pref, name) != value
    ]
    pref.preferred, pref.email, pref.phone = preferred, email, phone
    if "email" in changed and pref.email_unsubscribed_at and preferred == "email":
        pref.email_unsubscribed_at = None  # a newly given address for e-mail: reminders too
        changed.append("email_unsubscribed_at")
    pref.full_clean()
    pref.save()
    audit_record(
        event="help.contact.preference",
        actor=user,
        request=request,
        target=pref,
        subject_id=person.public_id if person is not None else None,
        fields=changed,
        municipality_code=user.municipality.code,
    )
    return pref


@transaction.atomic
def email_unsubscribe(*, token: str, request=None) -> bool:
    """One-click unsubscribe (RFC 8058) from non-essential e-mail: the signed token names the
    person or user. Returns False for a token that does not check out."""
    from zorgzaam.accounts.models import User
    from zorgzaam.people.models import Person

    who = channels.unsubscribe_subject(token)
    if not who or who[:2] not in ("p:", "u:"):
        return False
    model, field = (Person, "person") if who.startswith("p:") else (User, "user")
    try:
        target = model.objects.filter(public_id=who[2:]).first()
    except (ValueError, TypeError):
        return False
    if target is None or target.municipality_id is None:
        return False
    pref, _created = ContactPreference.objects.get_or_create(
        **{field: target}, defaults={"municipality_id": target.municipality_id}
    )
    if pref.email_unsubscribed_at is None:
        pref.email_unsubscribed_at = timezone.now()
        pref.save(update_fields=["email_unsubscribed_at", "updated_at"])
        audit_record(
            event="help.contact.unsubscribe",
            request=request,
            target=pref,
            subject_id=target.public_id if field == "person" else None,
            fields=["email_unsubscribed_at"],
            municipality_code=getattr(target.municipality, "code", ""),
        )
    return True


# --------------------------------------------------------------------------- work visits
VISIT_KINDS = {"work_visit": _("work visit"), "hearing": _("hearing")}
VISIT_SUBJECT = _("Invitation to a %(kind)s: %(title)s")
VISIT_BODY = _(
    "You are invited to a %(kind)s of the council: '%(title)s'.\n"
    "When: %(when)s\n"
    "Where: %(where)s\n"
    "The visit's page has what the council wants to learn and the one-page brief with its "
    "stories and figures."
)


@receiver(visit_invitation_sent, dispatch_uid="help.notifications.visit_invitation")
def visit_invitation_tell(
    sender,
    *,
    visit_public_id,
    invitations,
    kind,
    title,
    date,
    start_time,
    hub_name,
    villages,
    **kwargs,
) -> int:
    """The council report's work visits and hearings: each newly invited user gets one
    message (inbox plus their own channel; idempotency key: the invitation) with what, when
    and where and a link to the visit's page, in their language. Returns how many were
    queued. Nothing of residents is in it; the invitation itself is audited by the visit."""
    from zorgzaam.accounts.models import User

    def when() -> str:
        text = date_format(date, "l j F Y")
        return f"{text}, {time_format(start_time, 'H:i')}" if start_time else text

    def where() -> str:
        places = ", ".join(villages)
        if hub_name and places:
            return f"{hub_name} ({places})"
        return hub_name or places or gettext("to be announced")

    users = User.objects.filter(pk__in=[u for _i, u in invitations], is_active=True)
    by_pk = {u.pk: u for u in users}
    link = reverse("reports:visit_detail", args=[visit_public_id])
    queued = 0
    for invitation_id, user_id in invitations:
        user = by_pk.get(user_id)
        if user is None:
            continue
        note = notify(
            recipient=user,
            kind="visit.invitation",
            subject=VISIT_SUBJECT,
            body=VISIT_BODY,
            params={
                "kind": lambda: str(VISIT_KINDS.get(kind, VISIT_KINDS["work_visit"])),
                "title": title,
                "when": when,
                "where": where,
            },
            link=link,
            key=f"visit_invitation:{invitation_id}",
            essential=True,
        )
        queued += note is not None
    return queued
