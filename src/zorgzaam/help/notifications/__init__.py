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

Layout: ``queue`` (``notify``, the channel chain, enqueueing), ``delivery`` (the worker,
back-off, the retry command), ``call_list``, ``preferences`` (contact preferences,
unsubscribe), ``visits`` (the receiver of ``reports.signals.visit_invitation_sent``). Every
name stays importable from ``zorgzaam.help.notifications``.
"""

from .. import channels as channels
from . import visits as visits  # connects the visit-invitation receiver
from .call_list import call_list_mark_called
from .delivery import (
    CLAIMABLE,
    backoff,
    deliver,
    notification_mark_read,
    notifications_retry,
)
from .preferences import (
    OWN_CHOICES,
    contact_preference_of_user,
    contact_preference_save_own,
    contact_preference_set,
    dutch_mobile,
    email_unsubscribe,
)
from .queue import (
    BACKOFF_BASE_MINUTES,
    DEFAULT_ORDER,
    LEASE,
    MAX_ATTEMPTS,
    channel_chain,
    enqueue_delivery,
    notify,
)
from .visits import VISIT_BODY, VISIT_KINDS, VISIT_SUBJECT, visit_invitation_tell

__all__ = [
    "BACKOFF_BASE_MINUTES",
    "CLAIMABLE",
    "DEFAULT_ORDER",
    "LEASE",
    "MAX_ATTEMPTS",
    "OWN_CHOICES",
    "VISIT_BODY",
    "VISIT_KINDS",
    "VISIT_SUBJECT",
    "backoff",
    "call_list_mark_called",
    "channel_chain",
    "channels",
    "contact_preference_of_user",
    "contact_preference_save_own",
    "contact_preference_set",
    "deliver",
    "dutch_mobile",
    "email_unsubscribe",
    "enqueue_delivery",
    "notification_mark_read",
    "notifications_retry",
    "notify",
    "visit_invitation_tell",
]
