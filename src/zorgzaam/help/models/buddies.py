"""Lasting buddies and safety: pairings, check-ins, concern reports, pairing blocks."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zorgzaam.common.fields import EncryptedTextField
from zorgzaam.common.models import MunicipalModel

from ..constants import (
    Rhythm,
)
from .help_requests import HelpRequest, VolunteerProfile


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
