"""Community hubs ("Huis van Alles"): one per village, with a programme council, a programme
of activities (recurring by RFC 5545 RRULE, or one-off), sessions with sign-ups (capacity and
waiting list) and attendance counts. Residents propose activities; the council or the hub
coordinator approves them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zorgzaam.common.models import MunicipalModel


class Hub(MunicipalModel):
    name = models.CharField(_("name"), max_length=120)
    area = models.ForeignKey(
        "tenancy.Area", on_delete=models.PROTECT, related_name="hubs", verbose_name=_("village")
    )
    description = models.TextField(_("description"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    # Its place on the social map (HSDS location): phone, address and opening hours come
    # from there (hubs.hub_contact).
    location = models.ForeignKey(
        "socialmap.Location",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hubs",
        verbose_name=_("place on the social map"),
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hub coordinator"),
    )

    class Meta:
        verbose_name = _("community hub")
        verbose_name_plural = _("community hubs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CouncilMember(MunicipalModel):
    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        MEMBER = "member", _("member")

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="council")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    since = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("programme council member")
        constraints = [
            models.UniqueConstraint(fields=["hub", "person"], name="socialmap_council_unique")
        ]

    def __str__(self) -> str:
        return f"{self.hub} · {self.person_id}"


class Activity(MunicipalModel):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        CANCELLED = "cancelled", _("cancelled")

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    organiser = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("organiser"),
    )
    starts_at = models.DateTimeField(_("first session"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=90)
    rrule = models.CharField(
        _("repeats (RRULE)"),
        max_length=200,
        blank=True,
        help_text=_("RFC 5545, e.g. FREQ=WEEKLY;BYDAY=TU; empty for a one-off activity"),
    )
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("empty: no limit")
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["hub", "status", "starts_at"])]

    def __str__(self) -> str:
        return self.title


class Session(MunicipalModel):
    """One occurrence of an activity, made when someone signs up or attendance is counted."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField()
    attendance = models.PositiveIntegerField(_("attendance"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "starts_at"], name="socialmap_session_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity} {self.starts_at:%Y-%m-%d %H:%M}"


class SignUp(MunicipalModel):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITING = "waiting", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="signups")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=~models.Q(status="cancelled"),
                name="socialmap_signup_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.session} {self.status}"
