"""Case notes (encrypted), break-the-glass access grants and urgency requests."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zorgzaam.common.fields import EncryptedTextField
from zorgzaam.common.models import BaseModel

from .household import Household, HouseholdMember
from .zrm import ZrmDomain


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
