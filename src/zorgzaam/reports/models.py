"""The one table the municipality enters itself: spending per quarter on formal provisions
versus welfare and informal support (the care -> welfare shift)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zorgzaam.common.models import MunicipalModel
from zorgzaam.stories.models import period_validator


class BudgetEntry(MunicipalModel):
    class Category(models.TextChoices):
        FORMAL = "formal", _("formal provisions (Wmo, youth care)")
        WELFARE = "welfare", _("welfare (social work, community hubs)")
        INFORMAL = "informal", _("informal support (volunteers, informal carers)")

    period = models.CharField(_("quarter"), max_length=7, validators=[period_validator])
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    amount = models.DecimalField(
        _("amount (EUR)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["-period", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "period", "category"], name="unique_budget_entry"
            )
        ]


class ReportPdf(MunicipalModel):
    """A rendered report PDF, kept so it is served without rendering again
    (``pdf_cache``): one per municipality, quarter, audience, language and document (the
    report, or its annex of all other published stories), for the data version ``digest``
    (the SHA-256 of the HTML it was made of)."""

    class Document(models.TextChoices):
        REPORT = "report", _("report")
        ANNEX = "annex", _("annex: all other published stories")

    document = models.CharField(
        _("document"), max_length=10, choices=Document.choices, default=Document.REPORT
    )
    period = models.CharField(_("quarter"), max_length=7, validators=[period_validator])
    audience = models.CharField(_("audience"), max_length=20)
    language = models.CharField(_("language"), max_length=10)
    digest = models.CharField(_("data version"), max_length=64)
    pdf = models.BinaryField(_("PDF"))
    size = models.PositiveIntegerField(_("size (bytes)"))
    render_seconds = models.FloatField(_("render time (s)"))
    checked_at = models.DateTimeField(_("checked against the data"))

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["municipality", "period", "audience", "language", "document"],
                name="reportpdf_document_key",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "period", "audience", "language", "document", "digest"],
                name="unique_report_pdf_document",
            )
        ]


class WorkVisit(MunicipalModel):
    """A work visit (werkbezoek) or hearing (hoorzitting) of the council in the villages
    (issue #24): planned by the policy officer with the stories and figures of a report
    quarter for its one-page brief, and afterwards what the council heard and decided, which
    the next council report shows (``visits.visit_last_held``)."""

    class Kind(models.TextChoices):
        WORK_VISIT = "work_visit", _("work visit")
        HEARING = "hearing", _("hearing")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=160)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("starts at"), null=True, blank=True)
    # The hub (Huis van Alles) is the social map's: referred to by its public id, with its
    # name kept, so the council report works without the social-map part.
    hub_id = models.UUIDField(_("community hub"), null=True, blank=True)
    hub_name = models.CharField(_("community hub"), max_length=120, blank=True)
    villages = models.ManyToManyField(
        "tenancy.Area", related_name="+", blank=True, verbose_name=_("villages")
    )
    purpose = models.TextField(_("what the council wants to learn"), blank=True)
    period = models.CharField(
        _("quarter of the stories and figures"), max_length=7, validators=[period_validator]
    )
    stories = models.ManyToManyField(
        "stories.Story", related_name="+", blank=True, verbose_name=_("stories")
    )
    #: references of report figures (``summary.Shown.ref``: ``section.column.row``)
    figure_refs = models.JSONField(_("figures"), default=list, blank=True)
    heard = models.TextField(_("what the council heard"), blank=True)
    decided = models.TextField(_("what the council decided"), blank=True)
    follow_up = models.TextField(_("what happens next"), blank=True)
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    #: not a column: whether the reader's invitation is still unopened, set on the visits
    #: ``visits.visits_invited_upcoming`` lists
    unseen: bool

    class Meta:
        verbose_name = _("work visit or hearing")
        ordering = ["-date", "-start_time"]
        indexes = [models.Index(fields=["municipality", "date"], name="workvisit_date")]

    def __str__(self) -> str:
        return self.title

    @property
    def has_outcome(self) -> bool:
        return self.outcome_recorded_at is not None


class VisitInvitation(MunicipalModel):
    """A council member or hub representative (a user of the municipality) invited to a
    visit; the invitee sees it under 'Work visits and hearings' from their home page."""

    visit = models.ForeignKey(WorkVisit, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "user"], name="unique_visit_invitation")
        ]
