"""Social return (SROI) contracts, placements with follow-ups, and fulfilment entries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zorgzaam.common.models import BaseModel, MunicipalModel

from .. import sroi
from .employers import (
    PAID_JOB_MIN_HOURS,
    BuildingBlockTable,
    Employer,
    OfferKind,
    TargetGroup,
)
from .seekers import JobSeeker


class SroiContract(MunicipalModel):
    """A contract of the municipality with a social-return obligation."""

    reference = models.CharField(_("contract number"), max_length=40)
    title = models.CharField(_("subject"), max_length=200)
    contractor_name = models.CharField(_("contractor"), max_length=150)
    contractor = models.ForeignKey(
        Employer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sroi_contracts",
        verbose_name=_("contractor (employer)"),
    )
    contract_value = models.DecimalField(
        _("contract value (EUR)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    obligation_percentage = models.DecimalField(
        _("obligation (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(5),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    table = models.ForeignKey(
        BuildingBlockTable,
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name=_("building-block table"),
    )

    class Meta:
        verbose_name = _("SROI contract")
        ordering = ["end", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "reference"], name="work_unique_contract_ref"
            ),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="work_contract_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.contractor_name}"

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end date is before the start date.")})
        if (
            self.table_id
            and self.municipality_id
            and self.table.municipality_id != (self.municipality_id)
        ):
            raise ValidationError({"table": _("Use a table of this municipality.")})

    @property
    def period(self) -> sroi.Period:
        return sroi.Period(self.start, self.end)

    @property
    def owed(self) -> Decimal:
        return sroi.obligation(self.contract_value, self.obligation_percentage)


class Placement(MunicipalModel):
    """A job seeker with an employer: guided by a buddy, on a work-experience place or in a
    job. ``outcome`` is set when the placement ends (or on a follow-up check)."""

    class ContractType(models.TextChoices):
        NONE = "none", _("no employment contract")
        TEMPORARY = "temporary", _("temporary contract")
        PERMANENT = "permanent", _("permanent contract")

    class Outcome(models.TextChoices):
        OPEN = "open", _("still running")
        WORK_FOUND = "work_found", _("work found")
        PAID_JOB = "paid_job", _("paid job of at least the minimum hours")
        EDUCATION = "education", _("started education")
        DROPPED_OUT = "dropped_out", _("dropped out")

    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.PROTECT, related_name="placements")
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="placements")
    kind = models.CharField(_("kind"), max_length=20, choices=OfferKind.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(60))],
    )
    contract_type = models.CharField(
        _("contract type"), max_length=12, choices=ContractType.choices, default=ContractType.NONE
    )
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("placement")
        ordering = ["-start"]
        indexes = [models.Index(fields=["municipality", "outcome"])]

    def clean(self) -> None:
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("The end date is before the start date.")})
        if (
            self.outcome == self.Outcome.PAID_JOB
            and self.hours_per_week is not None
            and self.hours_per_week < PAID_JOB_MIN_HOURS
        ):
            raise ValidationError(
                {
                    "outcome": _("A paid job needs at least %(n)s hours a week.")
                    % {"n": PAID_JOB_MIN_HOURS}
                }
            )


class FollowUp(BaseModel):
    """The check 3, 6 and 12 months after the start of a placement."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="follow_ups")
    months = models.PositiveSmallIntegerField(_("months after the start"))
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    still_working = models.BooleanField(_("still working"), null=True, blank=True)
    hours_per_week = models.DecimalField(
        _("hours per week"), max_digits=4, decimal_places=1, null=True, blank=True
    )

    class Meta:
        ordering = ["months"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "months"], name="work_unique_followup")
        ]


class FulfilmentEntry(MunicipalModel):
    """One way a contractor fulfils its SROI obligation, valued with the contract's table."""

    class Kind(models.TextChoices):
        PLACEMENT = "placement", _("placement of a person from a target group")
        PURCHASE = "purchase", _("purchase from a social enterprise")
        PSO = "pso", _("PSO certificate")
        CUSTOM = "custom", _("custom effort")

    class PsoLevel(models.TextChoices):
        START = sroi.PsoLevel.START, _("PSO starting level")
        STEP_1 = sroi.PsoLevel.STEP_1, _("PSO step 1")
        STEP_2 = sroi.PsoLevel.STEP_2, _("PSO step 2")
        STEP_3 = sroi.PsoLevel.STEP_3, _("PSO step 3")
        PSO_30 = sroi.PsoLevel.PSO_30, _("PSO 30+")

    contract = models.ForeignKey(SroiContract, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    placement = models.OneToOneField(
        Placement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fulfilment",
        verbose_name=_("placement"),
    )
    target_group = models.CharField(
        _("target group"), max_length=20, choices=TargetGroup.choices, blank=True
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(
        _("end"), null=True, blank=True, help_text=_("Empty: still running (counted to date).")
    )
    hours_per_week = models.DecimalField(
        _("hours per week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    bonuses = models.JSONField(_("bonuses"), default=list, blank=True)
    invoice_value = models.DecimalField(
        _("invoice value (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    pso_level = models.CharField(
        _("PSO level"), max_length=10, choices=PsoLevel.choices, blank=True
    )
    hours = models.DecimalField(
        _("hours of effort"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    description = models.CharField(
        _("description"), max_length=200, blank=True, help_text=_("No names of people.")
    )

    class Meta:
        verbose_name = _("fulfilment entry")
        ordering = ["start", "created_at"]

    def to_entry(self, as_of: dt.date) -> sroi.Entry:
        """The pure entry; a period is counted up to ``as_of`` (realised to date)."""
        if self.kind in (self.Kind.PLACEMENT, self.Kind.PSO):
            # a period kind always has a start (clean() requires it)
            start = cast(dt.date, self.start)
            end = min(self.end or self.contract.end, as_of)
            if end < start:  # not started yet on as_of: nothing counts
                return sroi.CustomEffortEntry(Decimal(0))
            period = sroi.Period(start, end)
            if self.kind == self.Kind.PSO:
                return sroi.PsoEntry(cast(sroi.PsoLevel, self.pso_level), period)
            return sroi.PlacementEntry(
                cast(sroi.TargetGroup, self.target_group),
                period,
                cast(Decimal, self.hours_per_week),
                frozenset(self.bonuses),
            )
        if self.kind == self.Kind.PURCHASE:
            return sroi.PurchaseEntry(cast(Decimal, self.invoice_value))
        return sroi.CustomEffortEntry(cast(Decimal, self.hours))

    def value(self, as_of: dt.date, table: sroi.BuildingBlockTable | None = None) -> Decimal:
        table = table or self.contract.table.as_table()
        return sroi.value_entry(self.to_entry(as_of), table, self.contract.period).amount
