"""Food gardens: gardens, shifts and produce deliveries."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zorgzaam.common.models import BaseModel, MunicipalModel

from .employers import (
    Employer,
)


class FoodGarden(MunicipalModel):
    """A food garden (voedseltuin) as a place of work and a hub of the village: its
    work-experience places are those of its employer (placed with the part's placements and
    counted for social return), its volunteer shifts are activities of its community hub on
    the social map (typed references, see ``GardenShift``), and its produce goes to the food
    bank (``ProduceDelivery``)."""

    name = models.CharField(_("name"), max_length=150)
    employer = models.OneToOneField(
        Employer,
        on_delete=models.PROTECT,
        related_name="food_garden",
        verbose_name=_("employer (for the work-experience places)"),
    )
    place = models.CharField(_("where"), max_length=150, help_text=_("e.g. Goudseweg, Bodegraven"))
    hub_public_id = models.UUIDField(_("community hub"), null=True, blank=True)
    hub_label = models.CharField(_("community hub"), max_length=200, blank=True)
    food_bank = models.CharField(
        _("food bank"), max_length=150, help_text=_("Where the produce goes.")
    )
    description = models.TextField(_("description"), blank=True, max_length=1000)

    class Meta:
        verbose_name = _("food garden")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class GardenShift(BaseModel):
    """A hub activity that is a volunteer shift of the garden (sign-ups, places and waiting
    list are the activity's own on the social map)."""

    garden = models.ForeignKey(FoodGarden, on_delete=models.CASCADE, related_name="shifts")
    activity_public_id = models.UUIDField()
    activity_label = models.CharField(_("activity"), max_length=200)
    task = models.CharField(_("task"), max_length=120, help_text=_("e.g. sowing and weeding"))

    class Meta:
        ordering = ["activity_label"]
        constraints = [
            models.UniqueConstraint(
                fields=["garden", "activity_public_id"], name="work_unique_garden_shift"
            )
        ]

    def __str__(self) -> str:
        return self.activity_label


class ProduceDelivery(BaseModel):
    """Produce of the garden delivered to the food bank on a date, in kilograms."""

    garden = models.ForeignKey(FoodGarden, on_delete=models.CASCADE, related_name="deliveries")
    delivered_on = models.DateField(_("date"))
    kg = models.DecimalField(
        _("kilograms"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal(5000))],
    )
    produce = models.CharField(
        _("what"), max_length=200, help_text=_("e.g. lettuce, courgettes, beans")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-delivered_on", "-created_at"]
        indexes = [models.Index(fields=["garden", "delivered_on"])]

    def __str__(self) -> str:
        return f"{self.delivered_on} {self.kg} kg"
