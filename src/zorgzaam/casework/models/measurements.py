"""ZRM measurements (1-5 per domain) and Positieve Gezondheid (conversation data)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zorgzaam.common.models import BaseModel

from .household import Household, HouseholdMember
from .zrm import ZrmDomain, ZrmScore


class Measurement(BaseModel):
    class Moment(models.TextChoices):
        INTAKE = "intake", pgettext_lazy("ZRM moment", "intake")
        REVIEW = "review", pgettext_lazy("ZRM moment", "review")
        EXIT = "exit", pgettext_lazy("ZRM moment", "exit")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="measurements")
    moment = models.CharField(_("moment"), max_length=10, choices=Moment.choices)
    measured_on = models.DateField(_("date"), default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["household", "measured_on", "id"]


class MeasurementScore(models.Model):
    measurement = models.ForeignKey(Measurement, on_delete=models.CASCADE, related_name="scores")
    domain = models.ForeignKey(ZrmDomain, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(
        choices=ZrmScore.choices, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["measurement", "domain"], name="unique_score"),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="zrm_score_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.domain_id}={self.score}"


POSITIVE_HEALTH_DIMENSIONS = [
    ("body", _("Bodily functions")),
    ("mental", _("Mental well-being")),
    ("meaning", _("Meaningfulness")),
    ("quality", _("Quality of life")),
    ("participation", _("Participation")),
    ("daily", _("Daily functioning")),
]


class PositiveHealth(BaseModel):
    """Positieve Gezondheid spider web, self-rated 0-10: conversation data, not a figure."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="positive_health"
    )
    member = models.ForeignKey(
        HouseholdMember, on_delete=models.CASCADE, related_name="positive_health"
    )
    measurement = models.OneToOneField(
        Measurement, on_delete=models.CASCADE, null=True, blank=True, related_name="spider"
    )
    recorded_on = models.DateField(default=timezone.localdate)
    body = models.PositiveSmallIntegerField(validators=[MaxValueValidator(10)])
    mental = models.PositiveSmallIntegerField(validators=[MaxValueValidator(10)])
    meaning = models.PositiveSmallIntegerField(validators=[MaxValueValidator(10)])
    quality = models.PositiveSmallIntegerField(validators=[MaxValueValidator(10)])
    participation = models.PositiveSmallIntegerField(validators=[MaxValueValidator(10)])
    daily = models.PositiveSmallIntegerField(validators=[MaxValueValidator(10)])

    class Meta:
        ordering = ["household", "recorded_on", "id"]
