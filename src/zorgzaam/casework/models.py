"""Social-team casework: one household, one plan.

* Reference data: the Zelfredzaamheid-Matrix (ZRM) in versions with their domains.
* Household with members (Person links), consent, assigned professionals, the holding team.
* Plan -> goals per ZRM domain -> actions. An action points at a resource by a typed
  reference (kind + public UUID + label snapshot), never by a foreign key into other parts.
* Referral of an action to an organisation or hub, with a closed-loop status.
* ZRM measurements (1-5 per domain), Positieve Gezondheid (conversation data), case notes.
* Break-the-glass access grants (time-limited, flagged to the team lead).

Special-category data (BSN, notes) are encrypted at rest (EncryptedTextField).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zorgzaam.common.fields import BlindIndexField, EncryptedTextField
from zorgzaam.common.models import BaseModel, MunicipalModel

from .bsn import bsn_index as bsn_blind_index


class ZrmVersion(models.Model):
    """A published version of the Zelfredzaamheid-Matrix (reference data)."""

    code = models.CharField(max_length=10, unique=True)
    name = models.CharField(max_length=80)
    year = models.PositiveSmallIntegerField()
    is_current = models.BooleanField(default=False)

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.name


class ZrmDomain(models.Model):
    version = models.ForeignKey(ZrmVersion, on_delete=models.PROTECT, related_name="domains")
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=80)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="unique_zrm_domain_code")
        ]

    def __str__(self) -> str:
        return self.name


class ZrmScore(models.IntegerChoices):
    ACUTE = 1, _("1 acute problems")
    NOT_SELF_RELIANT = 2, _("2 not self-reliant")
    LIMITED = 3, _("3 limited self-reliance")
    SUFFICIENT = 4, _("4 sufficiently self-reliant")
    FULL = 5, _("5 fully self-reliant")


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


class Plan(BaseModel):
    household = models.OneToOneField(Household, on_delete=models.CASCADE, related_name="plan")

    def __str__(self) -> str:
        return f"plan {self.public_id}"


class Goal(BaseModel):
    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("goal status", "active")
        ACHIEVED = "achieved", pgettext_lazy("goal status", "achieved")
        STOPPED = "stopped", pgettext_lazy("goal status", "stopped")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    domain = models.ForeignKey(ZrmDomain, on_delete=models.PROTECT, related_name="+")
    description = models.CharField(_("goal"), max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)

    class Meta:
        ordering = ["plan", "domain__order", "id"]

    def __str__(self) -> str:
        return self.description


class Action(BaseModel):
    class Kind(models.TextChoices):
        SOCIAL_MAP = "social_map", _("social map")
        HELP = "help", _("neighbour help")
        FORMAL = "formal", _("formal provision")
        OWN_NETWORK = "own_network", _("own network")

    class Category(models.TextChoices):
        INFORMAL = "informal", _("informal")
        WELFARE = "welfare", _("welfare")
        FORMAL = "formal", _("formal")

    class Provision(models.TextChoices):
        WMO = "wmo", _("Wmo support")
        YOUTH = "youth", _("youth care")
        DEBT = "debt", _("debt relief")
        INCOME = "income", _("income support")
        WORK = "work", _("work and participation")
        HOUSING = "housing", _("housing")
        MENTAL_HEALTH = "mental_health", _("mental health care")
        ADDICTION = "addiction", _("addiction care")
        OTHER = "other", _("other provision")

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("action status", "planned")
        DONE = "done", pgettext_lazy("action status", "done")
        CANCELLED = "cancelled", pgettext_lazy("action status", "cancelled")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    category = models.CharField(max_length=10, choices=Category.choices)
    description = models.CharField(_("action"), max_length=300)
    # Typed reference to a resource of another part (or of this household's own network).
    ref_kind = models.CharField(max_length=40, blank=True)
    ref_public_id = models.UUIDField(null=True, blank=True)
    ref_label = models.CharField(max_length=200, blank=True)
    provision = models.CharField(
        _("provision"), max_length=16, choices=Provision.choices, blank=True
    )
    formal_reason = models.CharField(_("why no informal resource"), max_length=200, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["goal", "id"]
        indexes = [models.Index(fields=["ref_kind", "ref_public_id"])]

    def __str__(self) -> str:
        return self.description

    @property
    def is_informal(self) -> bool:
        return self.category == self.Category.INFORMAL


class Referral(MunicipalModel):
    class Status(models.TextChoices):
        SENT = "sent", pgettext_lazy("referral status", "sent")
        ACCEPTED = "accepted", pgettext_lazy("referral status", "accepted")
        STARTED = "started", pgettext_lazy("referral status", "started")
        FINISHED = "finished", pgettext_lazy("referral status", "finished")
        DECLINED = "declined", pgettext_lazy("referral status", "declined")

    action = models.OneToOneField(Action, on_delete=models.CASCADE, related_name="referral")
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="received_referrals",
        help_text=_("The hub coordinator who receives it."),
    )
    receiver_label = models.CharField(_("organisation or hub"), max_length=200)
    receiver_ref_kind = models.CharField(max_length=40, blank=True)
    receiver_ref_public_id = models.UUIDField(null=True, blank=True)
    # The minimal data the receiver sees (shared with consent): no household file.
    message = models.CharField(_("request to the receiver"), max_length=500)
    contact_member = models.ForeignKey(
        HouseholdMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    contact_name = models.CharField(_("contact person"), max_length=120)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENT)
    decline_reason = models.CharField(_("reason for declining"), max_length=200, blank=True)
    status_changed_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-status_changed_at"]
        indexes = [
            models.Index(fields=["municipality", "status", "status_changed_at"]),
            models.Index(fields=["municipality", "status_changed_at"]),  # council report
        ]

    OPEN_STATUSES = (Status.SENT, Status.ACCEPTED, Status.STARTED)
    TRANSITIONS: dict[str, set[str]] = {
        Status.SENT: {Status.ACCEPTED, Status.DECLINED},
        Status.ACCEPTED: {Status.STARTED, Status.DECLINED},
        Status.STARTED: {Status.FINISHED},
        Status.FINISHED: set(),
        Status.DECLINED: set(),
    }


class ReferralUpdate(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=10, choices=Referral.Status.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.referral_id} {self.status}"


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


class CaseNote(BaseModel):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="notes")
    about = models.ForeignKey(
        HouseholdMember,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notes",
        help_text=_("Leave empty for a note about the household as a whole."),
    )
    text = EncryptedTextField(_("note"))
    domains = models.ManyToManyField(ZrmDomain, blank=True, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]


class BreakGlass(BaseModel):
    """A professional of the municipality opened a household outside their team."""

    class Reason(models.TextChoices):
        SAFETY = "safety", _("urgent safety concern")
        COVER = "cover", _("covering for an absent colleague")
        JOINT = "joint", _("joint work with the holding team")
        OTHER = "other", _("other")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason_code = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    reason = models.CharField(_("explanation"), max_length=200)
    expires_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    @property
    def active(self) -> bool:
        return self.expires_at > timezone.now()


class UrgencyRequest(BaseModel):
    """A social-team urgency request for housing ("sociaal team urgentie"), with the decision
    as it came back (from the municipality or housing corporation)."""

    class Decision(models.TextChoices):
        PENDING = "pending", pgettext_lazy("urgency decision", "pending")
        GRANTED = "granted", pgettext_lazy("urgency decision", "granted")
        REFUSED = "refused", pgettext_lazy("urgency decision", "refused")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="urgencies")
    reason = models.CharField(_("reason for urgency"), max_length=500)
    requested_on = models.DateField(_("requested on"), default=timezone.localdate)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_note = models.CharField(_("explanation of the decision"), max_length=300, blank=True)

    class Meta:
        ordering = ["-requested_on", "-id"]

    def __str__(self) -> str:
        return f"urgency {self.public_id}"


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
