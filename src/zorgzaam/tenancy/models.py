"""Municipality -> areas (villages / neighbourhoods) -> 4-digit postcode areas (PC4)."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zorgzaam.common.models import BaseModel


class Municipality(BaseModel):
    code = models.CharField(
        _("CBS code"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^GM\d{4}$", _("A CBS code looks like GM1901."))],
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(unique=True)
    outline = models.JSONField(_("outline (GeoJSON geometry)"), null=True, blank=True)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Area(BaseModel):
    class Kind(models.TextChoices):
        VILLAGE = "village", _("village")
        NEIGHBOURHOOD = "neighbourhood", _("neighbourhood")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="areas")
    code = models.CharField(_("CBS district code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.VILLAGE)
    geometry = models.JSONField(_("outline (GeoJSON geometry)"), null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["municipality", "name"]

    def __str__(self) -> str:
        return self.name


class PostcodeArea(models.Model):
    """A 4-digit postcode area (PC4) with its centroid. Not people data: no municipality
    scope is needed, but it is linked to the municipality and area it lies in."""

    pc4 = models.CharField(max_length=4, unique=True)
    place = models.CharField(max_length=100)
    municipality_code = models.CharField(max_length=6, db_index=True, blank=True)
    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.SET_NULL, related_name="postcodes"
    )
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.SET_NULL, related_name="postcodes"
    )
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        verbose_name = _("postcode area")
        verbose_name_plural = _("postcode areas")
        ordering = ["pc4"]

    def __str__(self) -> str:
        return f"{self.pc4} {self.place}"
