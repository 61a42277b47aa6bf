"""Volunteer profiles, help requests and proposals (a volunteer proposed for a request)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zorgzaam.common.fields import EncryptedTextField
from zorgzaam.common.models import MunicipalModel

from ..constants import (
    DeclineReason,
    RequestKind,
    SubmittedVia,
    Urgency,
    VogStatus,
    WorkBuddyRole,
)
from ..hours import MAX_BUDDY_HOURS, MIN_HOURS, validate_quarter_hours
from ..matching import ALL_SLOTS


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
