"""A person known to the municipality: resident, volunteer, household member.

Data minimisation: only what the parts need. The exact street address and phone number are
shown only where a task needs them (see each part's permissions); the location is kept as an
approximate point (about 100 m) for distance, never the geocoded address.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zorgzaam.common.models import MunicipalModel


class Person(MunicipalModel):
    given_name = models.CharField(_("first name"), max_length=80)
    infix = models.CharField(_("infix"), max_length=20, blank=True, help_text=_("e.g. van der"))
    family_name = models.CharField(_("last name"), max_length=120)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, help_text=_("e.g. 2811 AB"))
    postcode_area = models.ForeignKey(
        "tenancy.PostcodeArea", on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey(
        "tenancy.Area", on_delete=models.PROTECT, related_name="people", null=True, blank=True
    )
    street_address = models.CharField(_("street and number"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["family_name", "given_name"]
        indexes = [models.Index(fields=["municipality", "area"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.infix, self.family_name) if p)
