"""The plan: goals per ZRM domain, actions (a typed reference to a resource), referrals of an
action with their closed-loop updates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zorgzaam.common.models import BaseModel, MunicipalModel

from .household import Household, HouseholdMember
from .zrm import ZrmDomain


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
