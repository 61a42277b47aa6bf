"""Stories (lichtpuntjes): what changed, in the teller's own words, with self-signification.

A story is published (to anyone but the teller and the team) only after automatic
de-identification and a human review. The original words are kept encrypted, for the team
only, until ``original_retain_until`` (``manage.py stories purge``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zorgzaam.common.fields import BlindIndexField, EncryptedTextField, blind_index
from zorgzaam.common.models import MunicipalModel

from . import wording
from .periods import PERIOD_RE

period_validator = RegexValidator(PERIOD_RE.pattern, _("A period looks like 2026-Q3."))

#: The Most Significant Change domains a municipality starts with (it can add its own).
DEFAULT_DOMAINS = (
    ("kwaliteit-van-leven", "Kwaliteit van leven"),
    ("meedoen", "Meedoen"),
    ("duurzaamheid-dorpsnetwerk", "Duurzaamheid van het dorpsnetwerk"),
)


class Domain(MunicipalModel):
    """A Most Significant Change domain of change, chosen by the municipality."""

    slug = models.SlugField(max_length=60)
    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(_("description"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=100)
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("domain of change")
        verbose_name_plural = _("domains of change")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="unique_domain_slug")
        ]

    def __str__(self) -> str:
        return self.name


class Audience(models.TextChoices):
    TEAM = "team", _("only the social team")
    MUNICIPALITY = "municipality", _("the municipality")
    COUNCIL = "council", _("the council")
    PUBLIC = "public", _("everyone (public)")


AUDIENCE_RANK: dict[str, int] = {
    Audience.TEAM: 0,
    Audience.MUNICIPALITY: 1,
    Audience.COUNCIL: 2,
    Audience.PUBLIC: 3,
}


def audiences_at_least(audience: str) -> list[str]:
    rank = AUDIENCE_RANK[audience]
    return [a for a, r in AUDIENCE_RANK.items() if r >= rank]


class Helper(models.TextChoices):
    FORMAL = "formal", _("formal care")
    WELFARE = "welfare", _("welfare")
    INFORMAL = "informal", _("informal help (neighbours, volunteers)")
    OWN = "own", _("own network (family, friends)")


class RecordKind(models.TextChoices):
    HUB_ACTIVITY = "hub_activity", _("hub activity")
    HELP_REQUEST = "help_request", _("help request")
    BUDDY = "buddy", _("buddy")
    HOUSEHOLD_PLAN = "household_plan", _("household plan")


class Story(MunicipalModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("being de-identified")
        DEIDENTIFIED = "deidentified", _("waiting for your review")
        APPROVED = "approved", _("approved")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Origin(models.TextChoices):
        TOLD = "told", _("told in Zorgzaam")
        DEMO = "demo", _("demo: written without personal data")

    teller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
    )
    teller_person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    linked_persons = models.ManyToManyField(
        "people.Person",
        blank=True,
        related_name="+",
        help_text=_("People linked to the story; their names are always removed."),
    )
    title = models.CharField(_("title"), max_length=120, blank=True)
    original_text = EncryptedTextField(_("your story"), blank=True)
    text = models.TextField(_("de-identified text"), blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.TOLD)
    audience = models.CharField(
        _("who may read it"), max_length=20, choices=Audience.choices, default=Audience.TEAM
    )
    domain = models.ForeignKey(
        Domain, on_delete=models.PROTECT, related_name="stories", verbose_name=_("domain")
    )
    helpers = models.JSONField(_("who helped"), default=list, blank=True)
    area = models.ForeignKey(
        "tenancy.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("village")
    )
    period = models.CharField(_("period"), max_length=7, validators=[period_validator])
    record_kind = models.CharField(
        _("what it is about"), max_length=20, choices=RecordKind.choices, blank=True
    )
    record_id = models.UUIDField(_("record id"), null=True, blank=True)
    photo = models.ImageField(_("photo"), upload_to="stories/photos/", blank=True)
    photo_consent = models.BooleanField(_("consent for the photo"), default=False)
    photo_alt = models.CharField(_("photo description"), max_length=200, blank=True)
    deid_summary = models.JSONField(default=dict, blank=True)  # tag -> count, never text
    wording = models.JSONField(
        _("how placeholders read"),
        default=dict,
        blank=True,
        help_text=_("Per placeholder ([PERSOON-1]) the neutral word the reviewer chose."),
    )  # label -> a word from the closed lists of stories.wording, never free text
    deidentified_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    original_retain_until = models.DateField(null=True, blank=True)
    original_purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["municipality", "status", "audience", "period"]),
            models.Index(fields=["municipality", "area"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(record_kind="", record_id__isnull=True)
                | (~models.Q(record_kind="") & models.Q(record_id__isnull=False)),
                name="story_record_kind_and_id_together",
            )
        ]

    def __str__(self) -> str:
        return self.title or str(self.public_id)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.APPROVED and self.audience != Audience.TEAM

    def public_text(self) -> str:
        """The reviewed text as it is published: placeholders as neutral words."""
        return wording.render(self.text, self.wording)

    def public_title(self) -> str:
        return wording.render(self.title, {})

    def public_photo_alt(self) -> str:
        return wording.render(self.photo_alt, {})

    def helper_labels(self) -> list[str]:
        labels = dict(Helper.choices)
        return [str(labels[h]) for h in self.helpers if h in labels]


#: Tags a reviewer cannot restore: contact details and numbers that identify someone.
NOT_RESTORABLE_TAGS = frozenset({"EMAIL", "TELEFOON", "BSN", "IBAN", "KENTEKEN"})
#: Tags whose restored word goes on the keep-list (the de-identifier keeps such words out of
#: name-like passages only; a date, an age or a postcode is judged story by story).
KEEPABLE_TAGS = frozenset({"PERSOON", "PLAATS", "ADRES", "INSTELLING", "NUMMER"})


class Redaction(MunicipalModel):
    """One passage the de-identifier replaced in ``Story.text``, for the review: where it is,
    which rule or list fired, and the replaced words (encrypted: they may be personal).
    Kept only while the story waits for its review (deleted at approval or withdrawal)."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="redactions")
    order = models.PositiveIntegerField()
    at = models.PositiveIntegerField(help_text=_("Offset of the placeholder in the text."))
    tag = models.CharField(max_length=20)
    label = models.CharField(max_length=30)  # "[PERSOON-1]"
    source = models.CharField(max_length=60)  # "deduce", "known", "rule:<name>"
    word = EncryptedTextField(blank=True)
    restored_at = models.DateTimeField(null=True, blank=True)
    restored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["story", "order"]

    def __str__(self) -> str:
        return f"{self.label} ({self.source})"

    @property
    def reason(self) -> str:
        """Why it was replaced, for the reviewer (``stories.reasons``)."""
        from .reasons import reason_for

        return reason_for(self.source)

    @property
    def restorable(self) -> bool:
        return (
            self.restored_at is None
            and self.source != "known"
            and self.tag not in NOT_RESTORABLE_TAGS
            and bool(self.word.strip())
        )


def keep_word_index(word: str) -> str:
    """Blind index of a keep word: the same word in any case or spacing is one entry."""
    return blind_index(" ".join(word.casefold().split()))


class KeepWord(MunicipalModel):
    """A word reviewers restored: the de-identifier of this municipality keeps it in later
    stories. Encrypted at rest (a wrongly kept word can be a name)."""

    word = EncryptedTextField(_("word"))
    word_index = BlindIndexField(source="word", index=keep_word_index)
    tag = models.CharField(max_length=20, help_text=_("What it was replaced as."))
    source = models.CharField(max_length=60, help_text=_("The rule or list that replaced it."))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("kept word")
        verbose_name_plural = _("kept words")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "word_index"], name="unique_keep_word")
        ]

    def __str__(self) -> str:
        return f"keep word {self.public_id}"

    @property
    def reason(self) -> str:
        from .reasons import reason_for

        return reason_for(self.source)

    def save(self, *args, **kwargs):
        self.word_index = keep_word_index(self.word)
        super().save(*args, **kwargs)


class Message(MunicipalModel):
    """In-app feedback to the teller: review requests, approval, selection with reasons."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="messages")
    body = models.TextField()

    class Meta:
        ordering = ["created_at", "id"]


class Level(models.TextChoices):
    TEAM = "team", _("team or hub")
    MUNICIPALITY = "municipality", _("municipality")
    COUNCIL = "council", _("council committee")


LEVEL_ORDER: list[str] = [Level.TEAM, Level.MUNICIPALITY, Level.COUNCIL]


class Round(MunicipalModel):
    """A Most Significant Change selection round for one period."""

    period = models.CharField(_("period"), max_length=7, validators=[period_validator])
    title = models.CharField(_("title"), max_length=120)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-period", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "period"], name="unique_round_period")
        ]

    def __str__(self) -> str:
        return self.title


class Selection(MunicipalModel):
    """One choice at one level of a round, with the reason (the heart of MSC)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="selections")
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="selections")
    level = models.CharField(max_length=20, choices=Level.choices)
    selector_label = models.CharField(max_length=120, help_text=_("team, hub or body"))
    reason = models.TextField(_("reason"))
    reason_checked = models.BooleanField(
        default=False, help_text=_("The reason passed de-identification (it may be published).")
    )
    selected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    def public_reason(self) -> str:
        """The checked reason as it is published: placeholders as neutral words."""
        return wording.render(self.reason, {})

    class Meta:
        ordering = ["round", "level", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "story", "level"], name="unique_selection_per_level"
            )
        ]
