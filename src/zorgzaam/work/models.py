"""Work: employers (buddies, places, jobs), job seekers, peer groups, placements with
follow-ups, and social return (SROI) contracts with fulfilment entries.

References to other parts are typed UUIDs, not foreign keys, so this part does not depend on
their tables: an employer may point at a social-map organization (``socialmap_organization_id``),
a job seeker at a goal of a household plan (``plan_goal_id``, casework's Werk & Opleiding).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zorgzaam.common.fields import EncryptedTextField
from zorgzaam.common.models import BaseModel, MunicipalModel

from . import sroi

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
