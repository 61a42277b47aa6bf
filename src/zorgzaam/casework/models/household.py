"""The household: members (Person links, BSN encrypted), the social network, consent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zorgzaam.common.fields import BlindIndexField, EncryptedTextField
from zorgzaam.common.models import BaseModel, MunicipalModel

from ..bsn import bsn_index as bsn_blind_index
from .zrm import ZrmDomain, ZrmVersion


class Household(MunicipalModel):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("household status", "open")
        CLOSED = "closed", pgettext_lazy("household status", "closed")

    name = models.CharField(
        _("name"), max_length=120, help_text=_("How the team refers to it, e.g. Household Jansen.")
    )
    postcode = models.CharField(_("postcode"), max_length=7)
    postcode_area = models.ForeignKey(
        "tenancy.PostcodeArea", on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey(
        "tenancy.Area", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    team = models.ForeignKey(
        "accounts.SocialTeam", on_delete=models.PROTECT, related_name="households"
    )
    professionals = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="assigned_households", blank=True
    )
    zrm_version = models.ForeignKey(ZrmVersion, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["name"]
        indexes = [models.Index(fields=["municipality", "team", "status"])]

    def __str__(self) -> str:
        return self.name


class HouseholdMember(BaseModel):
    class Role(models.TextChoices):
        APPLICANT = "applicant", _("applicant")
        PARTNER = "partner", _("partner")
        CHILD = "child", _("child")
        PARENT = "parent", _("parent")
        OTHER = "other", _("other household member")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    # Erasing a person removes their membership and what hangs on it (consent, notes about
    # them, Positive Health); the household and its plan stay for the others.
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("role in the household"), max_length=12, choices=Role.choices)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    bsn = EncryptedTextField(_("citizen service number (BSN)"), blank=True)
    bsn_index = BlindIndexField(source="bsn", index=bsn_blind_index, db_index=True)

    class Meta:
        ordering = ["household", "id"]
        constraints = [
            models.UniqueConstraint(fields=["household", "person"], name="unique_member")
        ]

    def __str__(self) -> str:
        return f"member {self.public_id}"

    @property
    def has_bsn(self) -> bool:
        return bool(self.bsn_index)


class NetworkMember(BaseModel):
    """Someone of the household's own network (family, neighbour, friend) who helps."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="network")
    name = models.CharField(_("name"), max_length=120)
    relation = models.CharField(_("relation"), max_length=80, help_text=_("e.g. neighbour"))
    can_help_with = models.CharField(
        _("can help with"), max_length=200, blank=True, help_text=_("e.g. shopping, paperwork")
    )
    domains = models.ManyToManyField(ZrmDomain, blank=True, related_name="+")

    class Meta:
        ordering = ["household", "name"]

    def __str__(self) -> str:
        return self.name


class Consent(BaseModel):
    class Method(models.TextChoices):
        VERBAL = "verbal", _("verbal")
        WRITTEN = "written", _("written")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="consents")
    member = models.ForeignKey(HouseholdMember, on_delete=models.CASCADE, related_name="consents")
    what = models.CharField(_("what is shared"), max_length=200)
    with_whom = models.CharField(_("with whom"), max_length=200)
    given_on = models.DateField(_("given on"), default=timezone.localdate)
    method = models.CharField(_("how"), max_length=10, choices=Method.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        ordering = ["-given_on", "-id"]

    @property
    def active(self) -> bool:
        return self.withdrawn_on is None
