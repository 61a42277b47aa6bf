"""Shared validators and choices, the building-block table, employers and their contact
persons."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zorgzaam.common.models import MunicipalModel

from .. import sroi

KVK_VALIDATOR = RegexValidator(r"^\d{8}$", _("A KvK number has exactly 8 digits."))
POSTCODE_VALIDATOR = RegexValidator(r"^[1-9]\d{3} ?[A-Z]{2}$", _("A postcode looks like 2411 AB."))
#: a placement counts as "paid job" only with at least this many hours a week
PAID_JOB_MIN_HOURS = Decimal(getattr(settings, "WORK_PAID_JOB_MIN_HOURS", 12))
FOLLOW_UP_MONTHS = (3, 6, 12)


class TargetGroup(models.TextChoices):
    PARTICIPATIEWET = sroi.TargetGroup.PARTICIPATIEWET, _("Participation Act (social assistance)")
    BANENAFSPRAAK = sroi.TargetGroup.BANENAFSPRAAK, _("jobs agreement (banenafspraak)")
    WW = sroi.TargetGroup.WW, _("unemployment benefit (WW)")
    WIA_WAO = sroi.TargetGroup.WIA_WAO, _("disability benefit (WIA/WAO)")
    STATUS_HOLDER = sroi.TargetGroup.STATUS_HOLDER, _("status holder")
    OVER_50 = sroi.TargetGroup.OVER_50, _("job seeker aged 50+")
    SCHOOL_LEAVER = sroi.TargetGroup.SCHOOL_LEAVER, _("school leaver")


class OfferKind(models.TextChoices):
    BUDDY = "buddy", _("employer buddy")
    WORK_EXPERIENCE = "work_experience", _("work-experience place")
    JOB = "job", _("job")


class Sector(models.TextChoices):
    CARE = "care", _("care and welfare")
    CONSTRUCTION = "construction", _("construction")
    RETAIL = "retail", _("retail")
    HOSPITALITY = "hospitality", _("hospitality")
    GREEN = "green", _("gardening and landscaping")
    AUTOMOTIVE = "automotive", _("garage and mobility")
    AGRICULTURE = "agriculture", _("farming and dairy")
    LOGISTICS = "logistics", _("logistics")
    MANUFACTURING = "manufacturing", _("manufacturing and engineering")
    OFFICE = "office", _("office and administration")
    CLEANING = "cleaning", _("cleaning and facilities")
    EDUCATION = "education", _("education and childcare")
    PUBLIC = "public", _("public sector")


class BuildingBlockTable(MunicipalModel):
    """A municipality's SROI building-block values (validated by :mod:`.sroi`)."""

    name = models.CharField(_("name"), max_length=120)
    valid_from = models.DateField(_("valid from"))
    data = models.JSONField(_("values"))

    class Meta:
        verbose_name = _("building-block table")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        try:
            sroi.BuildingBlockTable.from_mapping(self.data)
        except sroi.SroiTableError as exc:
            raise ValidationError({"data": exc.problems}) from None

    def as_table(self) -> sroi.BuildingBlockTable:
        return sroi.BuildingBlockTable.from_mapping(self.data)


class Employer(MunicipalModel):
    name = models.CharField(_("name"), max_length=150)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    kvk_number = models.CharField(
        _("KvK number"), max_length=8, validators=[KVK_VALIDATOR], blank=True
    )
    postcode = models.CharField(_("postcode"), max_length=7, validators=[POSTCODE_VALIDATOR])
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    work_experience_places = models.PositiveSmallIntegerField(
        _("work-experience places"), default=0
    )
    job_openings = models.PositiveSmallIntegerField(_("job openings"), default=0)
    buddy_capacity = models.PositiveSmallIntegerField(
        _("job seekers to guide as buddy at once"), default=0
    )
    hosts_peer_group = models.BooleanField(_("hosts a peer group"), default=False)
    is_social_enterprise = models.BooleanField(_("social enterprise"), default=False)
    skills = models.JSONField(_("skills taught"), default=list, blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    availability = models.PositiveIntegerField(
        _("availability (weekly slots)"), default=0, help_text=_("21-bit weekly slot mask")
    )
    socialmap_organization_id = models.UUIDField(
        _("social-map organization"), null=True, blank=True
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kvk_number"],
                condition=~models.Q(kvk_number=""),
                name="work_employer_unique_kvk",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def capacity(self, kind: str) -> int:
        places: dict[str, int] = {
            OfferKind.BUDDY: self.buddy_capacity,
            OfferKind.WORK_EXPERIENCE: self.work_experience_places,
            OfferKind.JOB: self.job_openings,
        }
        return places[kind]

    @property
    def offers(self) -> list[str]:
        return [k for k in OfferKind.values if self.capacity(k) > 0]


class ContactPerson(models.Model):
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=150)
    job_title = models.CharField(_("job title"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("contact person")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
