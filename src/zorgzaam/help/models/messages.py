"""The in-app inbox and delivery: notifications with their channel deliveries, contact
preferences, the hub's call list, task messages."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zorgzaam.common.fields import EncryptedTextField
from zorgzaam.common.models import MunicipalModel

from .help_requests import HelpRequest


class Notification(MunicipalModel):
    """One message to one person. A user sees it in the in-app inbox; it also goes out on the
    first channel of the person's chain that works (e-mail, SMS, web push: one
    ``NotificationDelivery`` row per channel), and a resident with none of these is put on the
    hub coordinator's call list (``CallListEntry``). Delivery is a background task; attempts
    are recorded, nothing is lost, and ``idempotency_key`` keeps a message from being queued
    twice."""

    class Delivery(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        RETRYING = "retrying", _("retrying")
        FAILED = "failed", _("failed")
        INBOX_ONLY = "inbox_only", _("in-app only")
        CALL_LIST = "call_list", _("on the call list")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="help_notifications",
    )
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The resident or volunteer it is for (also without an account)."),
    )
    help_request = models.ForeignKey(
        HelpRequest,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    idempotency_key = models.CharField(max_length=120, blank=True, default="")
    essential = models.BooleanField(
        default=True, help_text=_("Essential messages carry no unsubscribe link.")
    )
    language = models.CharField(max_length=5, default="nl")
    kind = models.CharField(max_length=30)
    subject = models.CharField(max_length=200)
    body = models.TextField(max_length=2000)
    link = models.CharField(max_length=200, blank=True)
    delivery = models.CharField(max_length=12, choices=Delivery.choices, default=Delivery.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["delivery", "next_attempt_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="help_notification_once",
            )
        ]

    def __str__(self) -> str:
        return f"notification {self.public_id}"


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    SMS = "sms", _("SMS")
    PUSH = "push", _("push message")


class NotificationDelivery(MunicipalModel):
    """One channel of one notification, in the order they are tried."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        SKIPPED = "skipped", _("not needed")

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    position = models.PositiveSmallIntegerField(default=0)
    address = EncryptedTextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["notification", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="help_delivery_once_per_channel"
            )
        ]


class ContactPreference(MunicipalModel):
    """How a person wants to hear from Zorgzaam: a preferred channel (tried first) and
    whether non-essential e-mail (reminders, check-ins) is off (one-click unsubscribe)."""

    class Preferred(models.TextChoices):
        AUTO = "", _("no preference")
        INBOX = "inbox", _("only my messages in Zorgzaam")
        EMAIL = "email", _("e-mail")
        SMS = "sms", _("SMS")
        PUSH = "push", _("push message")
        CALL = "call", _("a phone call from the hub")

    person = models.OneToOneField(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="contact_preference",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="contact_preference",
    )
    preferred = models.CharField(
        _("preferred channel"), max_length=10, choices=Preferred.choices, blank=True, default=""
    )
    email = EncryptedTextField(
        _("e-mail address"),
        blank=True,
        help_text=_("The address the person gave for messages (used before their account's)."),
    )
    phone = EncryptedTextField(
        _("mobile number"),
        blank=True,
        help_text=_("The mobile number the person gave for text messages (+31 6 ...)."),
    )
    email_unsubscribed_at = models.DateTimeField(null=True, blank=True)


class CallListEntry(MunicipalModel):
    """A line on the hub coordinator's call list ("bel-lijst"): a resident who has no other
    channel (or whose channels all failed) is phoned; ticking it off is audited."""

    notification = models.OneToOneField(
        Notification, on_delete=models.CASCADE, related_name="call_entry"
    )
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey(
        "tenancy.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField()
    called_at = models.DateTimeField(null=True, blank=True)
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "created_at"]
        indexes = [models.Index(fields=["municipality", "called_at", "due_on"])]


class TaskMessage(MunicipalModel):
    """A short message about an accepted task between the volunteer and the resident (or the
    hub coordinator on the resident's behalf, for a resident who cannot read them in
    Zorgzaam), so neither has to share a private number. Kept with the task (deleted with
    it), readable by its two sides and the coordinators of its municipality; the text is
    stored encrypted."""

    class Side(models.TextChoices):
        VOLUNTEER = "volunteer", _("volunteer")
        RESIDENT = "resident", _("resident")

    help_request = models.ForeignKey(
        HelpRequest, on_delete=models.CASCADE, related_name="task_messages"
    )
    side = models.CharField(max_length=10, choices=Side.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    on_behalf = models.BooleanField(
        default=False, help_text=_("Written by the hub coordinator for the resident.")
    )
    text = EncryptedTextField(_("message"))

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["help_request", "created_at"])]

    def __str__(self) -> str:
        return f"task message {self.public_id}"
