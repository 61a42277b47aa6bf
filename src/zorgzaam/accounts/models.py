"""Users, their role and municipality, and the social teams professionals belong to."""

from __future__ import annotations

import hashlib
import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from zorgzaam.common.models import BaseModel

from .roles import MFA_ROLES, Role


class User(AbstractUser):  # type: ignore[django-manager-missing]  # django-otp Device.user
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.RESIDENT)
    municipality = models.ForeignKey(
        "tenancy.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("Every user except a platform superuser belongs to one municipality."),
    )
    preferred_language = models.CharField(max_length=5, default="nl")

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def needs_second_factor(self) -> bool:
        return self.role in MFA_ROLES

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class SocialTeam(BaseModel):
    municipality = models.ForeignKey(
        "tenancy.Municipality", on_delete=models.PROTECT, related_name="teams"
    )
    name = models.CharField(_("name"), max_length=120)
    areas = models.ManyToManyField("tenancy.Area", related_name="teams", blank=True)
    members = models.ManyToManyField(User, through="TeamMembership", related_name="teams")

    class Meta:
        verbose_name = _("social team")
        verbose_name_plural = _("social teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TeamMembership(models.Model):
    team = models.ForeignKey(SocialTeam, on_delete=models.CASCADE)
    user = models.ForeignKey(User, on_delete=models.CASCADE)
    is_lead = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="unique_team_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.team_id}"


class Invitation(BaseModel):
    """A one-time link with which an invited user sets their password. Only the SHA-256 of the
    token is stored: the raw token exists in the link alone, so a copy of the database cannot
    be used to take over an account."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"invitation {self.public_id}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode("utf-8")).hexdigest()

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None
