"""Practices of caring villages (issue 24): presence slots, household contacts,
discretionary decisions, debt buddies and debt tracks with recovery goals."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zorgzaam.common.fields import EncryptedTextField
from zorgzaam.common.models import BaseModel, MunicipalModel

from .household import Household
from .plan import Plan

# --- Practices of caring villages (issue 24) -------------------------------------------------


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class PresenceSlot(MunicipalModel):
    """Werkbrigade: a professional is in a village every week at this time, at a community
    hub (Huis van Alles) of the social map, named by a typed reference (no foreign key into
    the social map)."""

    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="presence_slots"
    )
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))
    hub_public_id = models.UUIDField()
    hub_label = models.CharField(_("place"), max_length=200)

    class Meta:
        ordering = ["weekday", "starts", "id"]
        indexes = [models.Index(fields=["municipality", "hub_public_id"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")), name="presence_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"presence {self.public_id}"


class HouseholdContact(BaseModel):
    """A conversation with a household, and where it was held: the share held in the village
    (at the hub or at home) is a figure of the werkbrigade."""

    class Place(models.TextChoices):
        HUB = "hub", _("in the village, at the community hub")
        HOME = "home", _("in the village, at home")
        OFFICE = "office", _("at the town hall or office")
        REMOTE = "remote", _("by phone or video")

    IN_VILLAGE = (Place.HUB, Place.HOME)

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="contacts")
    held_on = models.DateField(_("date"), default=timezone.localdate)
    place = models.CharField(_("where"), max_length=10, choices=Place.choices)
    hub_public_id = models.UUIDField(null=True, blank=True)
    hub_label = models.CharField(_("community hub"), max_length=200, blank=True)
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["held_on"])]

    def __str__(self) -> str:
        return f"contact {self.public_id}"

    @property
    def in_village(self) -> bool:
        return self.place in self.IN_VILLAGE


class DiscretionaryDecision(BaseModel):
    """Support outside the standard rules, on a legal ground that allows it, requested by a
    professional, approved or rejected by a team lead who is not the requester (four eyes),
    and reviewed at its date. Reason, effect and notes are special-category free text."""

    class Ground(models.TextChoices):
        PW_ARTICLE_16 = "pw_16", _("Participation Act art. 16: assistance by way of exception")
        PW_SPECIAL = "pw_35", _("Participation Act art. 35: special assistance (tailored)")
        WMO_TAILORED = "wmo", _("Wmo: tailored provision")
        YOUTH_ACT = "youth", _("Youth Act: tailored youth help")
        HOUSING_URGENCY = "housing", _("Social-team urgency for housing")
        DEBT_HELP = "debt", _("Debt Help Act: tailored debt help")
        HARDSHIP = "hardship", _("Hardship clause of a municipal bylaw")

    class Status(models.TextChoices):
        REQUESTED = "requested", pgettext_lazy("decision status", "awaiting approval")
        APPROVED = "approved", pgettext_lazy("decision status", "approved")
        REJECTED = "rejected", pgettext_lazy("decision status", "rejected")
        REVIEWED = "reviewed", pgettext_lazy("decision status", "reviewed")

    class Outcome(models.TextChoices):
        ACHIEVED = "achieved", _("the expected effect was achieved")
        PARTLY = "partly", _("partly achieved")
        NOT_ACHIEVED = "not_achieved", _("not achieved")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="decisions")
    legal_ground = models.CharField(_("legal ground"), max_length=10, choices=Ground.choices)
    reason = EncryptedTextField(_("why outside the standard rules"))
    expected_effect = EncryptedTextField(_("expected effect"))
    cost = models.DecimalField(
        _("cost in euros"),
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(1_000_000)],
    )
    review_on = models.DateField(_("review date"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = EncryptedTextField(_("explanation of the decision"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    outcome_note = EncryptedTextField(_("what came of it"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "review_on"])]

    def __str__(self) -> str:
        return f"decision {self.public_id}"


class DebtBuddy(MunicipalModel):
    """A trained volunteer of the debt-buddy pool (such as SchuldHulpMaatje) who walks beside
    a household coming out of debt. Not a case worker: sees only what the household shares."""

    name = models.CharField(_("name"), max_length=120)
    area = models.ForeignKey(
        "tenancy.Area",
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("village"),
    )
    organisation = models.CharField(_("organisation"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    max_households = models.PositiveSmallIntegerField(
        _("households at once"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DebtTrack(BaseModel):
    """Debt help aimed at recovery, in a household plan: rest first, a stable income, a debt
    buddy beside the household and steps out of debt, rather than bookkeeping. The situation
    is special-category free text (encrypted at rest)."""

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("debt track status", "in recovery")
        DEBT_FREE = "debt_free", pgettext_lazy("debt track status", "out of debt")
        STOPPED = "stopped", pgettext_lazy("debt track status", "stopped")

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="debt_track")
    started_on = models.DateField(_("started on"), default=timezone.localdate)
    situation = EncryptedTextField(_("situation"), blank=True)
    creditors = models.PositiveSmallIntegerField(
        _("number of creditors"), null=True, blank=True, validators=[MaxValueValidator(200)]
    )
    debt_total = models.DecimalField(
        _("total debt in euros"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1_000_000)],
    )
    buddy = models.ForeignKey(
        DebtBuddy, on_delete=models.SET_NULL, null=True, blank=True, related_name="tracks"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"debt track {self.public_id}"


class RecoveryGoal(BaseModel):
    """A recovery goal of a debt track, optionally linked to an informal-first resource (a
    debt buddy, the food garden, a social-map service) by a typed reference."""

    class Kind(models.TextChoices):
        REST = "rest", _("rest: no new debts, creditors on hold")
        INCOME = "income", _("a stable income")
        BUDDY = "buddy", _("a debt buddy beside the household")
        STEPS = "steps", _("steps out of debt")

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("goal status", "active")
        ACHIEVED = "achieved", pgettext_lazy("goal status", "achieved")
        STOPPED = "stopped", pgettext_lazy("goal status", "stopped")

    track = models.ForeignKey(DebtTrack, on_delete=models.CASCADE, related_name="goals")
    kind = models.CharField(_("kind of goal"), max_length=10, choices=Kind.choices)
    description = EncryptedTextField(_("goal"))
    target_on = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    achieved_on = models.DateField(_("achieved on"), null=True, blank=True)
    ref_kind = models.CharField(max_length=40, blank=True)
    ref_public_id = models.UUIDField(null=True, blank=True)
    ref_label = models.CharField(_("linked resource"), max_length=200, blank=True)

    class Meta:
        ordering = ["track", "created_at", "id"]

    def __str__(self) -> str:
        return f"recovery goal {self.public_id}"
