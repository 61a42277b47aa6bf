"""The one table the municipality enters itself: spending per quarter on formal provisions
versus welfare and informal support (the care -> welfare shift)."""

from __future__ import annotations

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
    (``pdf_cache``): one per municipality, quarter, audience and language, for the data
    version ``digest`` (the SHA-256 of the HTML it was made of)."""

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
                fields=["municipality", "period", "audience", "language"],
                name="reportpdf_key",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "period", "audience", "language", "digest"],
                name="unique_report_pdf",
            )
        ]
