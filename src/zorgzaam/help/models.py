"""Neighbour help: volunteers, help requests, proposals, lasting buddies, safety and the
in-app inbox. Every row belongs to one municipality (MunicipalModel).

Privacy: the exact address and phone of a request are kept on the request (the address
encrypted) and shown to a volunteer only after they accept; the matching engine only sees
an approximate point (the requester's ~100 m point at home, else the PC4 centroid).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zorgzaam.common.fields import EncryptedTextField
from zorgzaam.common.models import MunicipalModel

from .constants import (
    DeclineReason,
    RequestKind,
    Rhythm,
    SubmittedVia,
    Urgency,
    VogStatus,
    WorkBuddyRole,
)
from .hours import MAX_BUDDY_HOURS, MIN_HOURS, validate_quarter_hours
from .matching import ALL_SLOTS


class VolunteerProfile(MunicipalModel):
    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="volunteer_profile"
    )
    skills = models.JSONField(_("skills"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    availability = models.PositiveIntegerField(
        _("weekly availability"),
        default=ALL_SLOTS,
        validators=[MaxValueValidator(ALL_SLOTS)],
        help_text=_("21 bits: day * 3 + day part (morning, afternoon, evening)."),
    )
    radius_km = models.FloatField(
        _("travel radius (km)"), default=5.0, validators=[MinValueValidator(0.0)]
    )
    max_active_tasks = models.PositiveSmallIntegerField(
        _("maximum active tasks"), default=2, validators=[MinValueValidator(1)]
    )
    active_tasks = models.PositiveSmallIntegerField(default=0, editable=False)
    vog_status = models.CharField(
        _("certificate of conduct (VOG)"),
        max_length=10,
        choices=VogStatus.choices,
        default=VogStatus.NONE,
    )
    vog_expires_on = models.DateField(_("VOG valid until"), null=True, blank=True)
    paused = models.BooleanField(_("paused"), default=False)
    paused_until = models.DateField(_("paused until"), null=True, blank=True)
    work_buddy_role = models.CharField(
        _("work buddy"), max_length=10, choices=WorkBuddyRole.choices, blank=True, default=""
    )
    employer_name = models.CharField(_("employer"), max_length=120, blank=True)
    preferences = models.CharField(_("preferences"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("volunteer profile")
        verbose_name_plural = _("volunteer profiles")
        indexes = [models.Index(fields=["municipality", "updated_at"])]

    def __str__(self) -> str:
        return f"volunteer {self.public_id}"

    def vog_valid_on(self, day) -> bool:
        return (
            self.vog_status == VogStatus.VALID
            and self.vog_expires_on is not None
            and self.vog_expires_on >= day
        )

    def is_paused(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.paused and (self.paused_until is None or self.paused_until >= today)


class HelpRequest(MunicipalModel):
    class Status(models.TextChoices):
        NEW = "new", _("new")
        PROPOSED = "proposed", _("proposed")
        ACCEPTED = "accepted", _("accepted")
        PLANNED = "planned", _("planned")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")
        EXPIRED = "expired", _("expired")

    OPEN = ("new", "proposed")
    ACTIVE = ("accepted", "planned")
    CLOSED = ("done", "cancelled", "expired")

    requester = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="help_requests"
    )
    submitted_via = models.CharField(
        max_length=15, choices=SubmittedVia.choices, default=SubmittedVia.SELF
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    consent_recorded_at = models.DateTimeField(
        _("consent recorded at"),
        null=True,
        blank=True,
        help_text=_("When asked on behalf of someone: when they agreed."),
    )
    skill = models.CharField(_("kind of help"), max_length=20)
    description = models.TextField(_("what is needed"), max_length=2000)
    postcode = models.CharField(_("postcode"), max_length=7)
    postcode_area = models.ForeignKey(
        "tenancy.PostcodeArea", on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey(
        "tenancy.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    address = EncryptedTextField(_("street and number"), blank=True)
    phone = EncryptedTextField(_("phone"), blank=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    recurring = models.BooleanField(_("recurring"), default=False)
    window_start = models.DateTimeField(_("from"), null=True, blank=True)
    window_end = models.DateTimeField(_("until"), null=True, blank=True)
    slots = models.PositiveIntegerField(
        default=ALL_SLOTS, validators=[MaxValueValidator(ALL_SLOTS)]
    )
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    language = models.CharField(_("language"), max_length=5, default="nl")
    requires_vog = models.BooleanField(_("VOG required"), default=False)
    kind = models.CharField(
        _("kind"), max_length=10, choices=RequestKind.choices, default=RequestKind.ONE_OFF
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    volunteer = models.ForeignKey(
        VolunteerProfile,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accepted_requests",
    )
    planned_for = models.DateTimeField(_("planned for"), null=True, blank=True)
    proposed_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    planned_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    hours_spent = models.DecimalField(
        _("hours spent"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(MIN_HOURS),
            MaxValueValidator(MAX_BUDDY_HOURS),
            validate_quarter_hours,
        ],
        help_text=_(
            "How long the help took, in quarter hours, as recorded when it was marked done "
            "(for a buddy pairing: in total). Optional: empty when nobody filled it in."
        ),
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    expired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("help request")
        verbose_name_plural = _("help requests")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["municipality", "status"]),
            models.Index(fields=["municipality", "area", "status"]),
            models.Index(fields=["municipality", "created_at"]),  # council report periods
        ]

    def __str__(self) -> str:
        return f"help request {self.public_id}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def task_date(self):
        """The (first) day of the task, for VOG validity."""
        start = self.window_start or self.created_at or timezone.now()
        return timezone.localtime(start).date() if timezone.is_aware(start) else start.date()


class Proposal(MunicipalModel):
    class Status(models.TextChoices):
        OFFERED = "offered", _("offered")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("withdrawn")

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="proposals")
    volunteer = models.ForeignKey(
        VolunteerProfile, on_delete=models.CASCADE, related_name="proposals"
    )
    score = models.FloatField()
    distance_km = models.FloatField()
    reasons = models.JSONField(default=list, help_text=_("The engine's reasons (code, params)."))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OFFERED)
    decline_reason = models.CharField(
        max_length=10, choices=DeclineReason.choices, blank=True, default=""
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "volunteer"], name="help_one_proposal_per_volunteer"
            ),
            models.UniqueConstraint(
                fields=["request"],
                condition=models.Q(status="accepted"),
                name="help_one_accepted_proposal",
            ),
        ]
        indexes = [models.Index(fields=["volunteer", "status"])]

    def __str__(self) -> str:
        return f"proposal {self.public_id}"


class BuddyPairing(MunicipalModel):
    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        ENDED = "ended", _("ended")

    request = models.OneToOneField(HelpRequest, on_delete=models.PROTECT, related_name="pairing")
    volunteer = models.ForeignKey(
        VolunteerProfile, on_delete=models.PROTECT, related_name="pairings"
    )
    requester = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    start_date = models.DateField(_("start date"))
    rhythm = models.CharField(
        _("agreed rhythm"), max_length=12, choices=Rhythm.choices, default=Rhythm.WEEKLY
    )
    checkin_every_weeks = models.PositiveSmallIntegerField(
        _("check-in every (weeks)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )
    next_checkin_on = models.DateField(_("next check-in"))
    prompted_for = models.DateField(null=True, blank=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    evaluation = models.TextField(_("evaluation"), max_length=1000, blank=True)
    evaluation_score = models.PositiveSmallIntegerField(
        _("how did it go (1-5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )

    class Meta:
        verbose_name = _("buddy pairing")
        verbose_name_plural = _("buddy pairings")
        ordering = ["next_checkin_on"]

    def __str__(self) -> str:
        return f"pairing {self.public_id}"


class BuddyCheckIn(MunicipalModel):
    pairing = models.ForeignKey(BuddyPairing, on_delete=models.CASCADE, related_name="checkins")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    on = models.DateField()
    going_well = models.BooleanField(_("going well"), default=True)
    note = models.TextField(_("note"), max_length=1000, blank=True)

    class Meta:
        ordering = ["-on"]


class ConcernReport(MunicipalModel):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        HANDLED = "handled", _("handled")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    request = models.ForeignKey(
        HelpRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="concerns"
    )
    text = EncryptedTextField(_("what worries you"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class PairingBlock(MunicipalModel):
    """A coordinator's decision that a volunteer is never proposed to this person again."""

    volunteer = models.ForeignKey(VolunteerProfile, on_delete=models.CASCADE, related_name="+")
    requester = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    blocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["volunteer", "requester"], name="help_block_once")
        ]


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
