"""Job seekers and peer groups (memberships, sessions, attendance)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zorgzaam.common.fields import EncryptedTextField
from zorgzaam.common.models import BaseModel, MunicipalModel

from .employers import (
    Employer,
    TargetGroup,
)


class JobSeeker(MunicipalModel):
    class Status(models.TextChoices):
        ACTIVE = "active", _("looking for work")
        PLACED = "placed", _("placed")
        CLOSED = "closed", _("closed")

    person = models.OneToOneField(
        "people.Person", on_delete=models.PROTECT, related_name="job_seeker"
    )
    target_group = models.CharField(_("target group"), max_length=20, choices=TargetGroup.choices)
    work_goal = models.CharField(_("work goal"), max_length=200)
    # free text about a person: encrypted at rest (limits can touch on health)
    wishes = EncryptedTextField(_("wishes"), blank=True, max_length=1000)
    limits = EncryptedTextField(_("limits"), blank=True, max_length=1000)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    sectors = models.JSONField(_("preferred sectors"), default=list, blank=True)
    availability = models.PositiveIntegerField(_("availability (weekly slots)"), default=0)
    hours_per_week = models.DecimalField(
        _("hours per week wanted"),
        max_digits=4,
        decimal_places=1,
        default=Decimal(24),
        validators=[MinValueValidator(Decimal(1)), MaxValueValidator(Decimal(60))],
    )
    max_travel_km = models.DecimalField(
        _("maximum travel distance (km)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal(10),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal(100))],
    )
    plan_goal_id = models.UUIDField(_("household plan goal"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    registered_on = models.DateField(_("registered on"), default=dt.date.today)

    class Meta:
        verbose_name = _("job seeker")
        verbose_name_plural = _("job seekers")
        ordering = ["person__family_name", "person__given_name"]
        indexes = [models.Index(fields=["municipality", "status"])]

    def __str__(self) -> str:
        return str(self.person)

    def age_on(self, day: dt.date) -> int | None:
        born = self.person.date_of_birth
        if born is None:
            return None
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class PeerGroup(MunicipalModel):
    """A "Werkvinden"-style intervision group of job seekers."""

    name = models.CharField(_("name"), max_length=120)
    host = models.ForeignKey(
        Employer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="peer_groups",
        verbose_name=_("host"),
    )
    location = models.CharField(_("meeting place"), max_length=150, blank=True)
    started_on = models.DateField(_("started on"))
    members = models.ManyToManyField(JobSeeker, through="PeerGroupMembership", related_name="+")

    class Meta:
        verbose_name = _("peer group")
        ordering = ["-started_on", "name"]

    def __str__(self) -> str:
        return self.name


class PeerGroupMembership(models.Model):
    class Outcome(models.TextChoices):
        ONGOING = "ongoing", _("still taking part")
        WORK_FOUND = "work_found", _("found work")
        EDUCATION = "education", _("started education")
        DROPPED_OUT = "dropped_out", _("dropped out")

    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="memberships")
    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="+")
    joined_on = models.DateField(_("joined on"))
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.ONGOING
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "job_seeker"], name="work_unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.group} / {self.job_seeker_id}"


class PeerGroupSession(BaseModel):
    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=150)

    class Meta:
        ordering = ["date"]


class Attendance(models.Model):
    session = models.ForeignKey(
        PeerGroupSession, on_delete=models.CASCADE, related_name="attendance"
    )
    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField(_("present"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "job_seeker"], name="work_unique_attendance")
        ]

    def __str__(self) -> str:
        return f"{self.session_id} / {self.job_seeker_id}"
