"""The helpers every accounts service shares: the actor check, the audit row, role and
team/area checks, invitation tokens."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError

from ..models import Invitation, SocialTeam, User
from ..roles import TEAM_ROLES, Role

#: How long an invitation link works.
INVITATION_VALID_FOR = timedelta(hours=72)
#: Longest reason kept in the audit row of a second-factor reset.
RESET_REASON_MAX = 200


# --- helpers -------------------------------------------------------------------------------


def _actor_check(actor, municipality) -> None:
    """Refuse an actor who does not belong to ``municipality`` (None: the command line)."""
    if actor is None:
        return
    if (
        not actor.is_active
        or actor.municipality_id is None
        or municipality is None
        or actor.municipality_id != municipality.pk
    ):
        raise PermissionDenied("The actor does not belong to this municipality.")


def _audit(event: str, *, actor, request, target, municipality, fields=(), reason: str = ""):
    if actor is None and request is None and not reason:
        reason = "cli"
    audit_record(
        event=event,
        actor=actor,
        request=request,
        target=target,
        municipality_code=municipality.code if municipality is not None else "",
        fields=fields,
        reason=reason,
    )


def _first_error(exc: ValidationError) -> ApplicationError:
    if hasattr(exc, "error_dict"):
        field, errors = next(iter(exc.error_dict.items()))
        messages = [m for e in errors for m in e.messages]
        return ApplicationError(" ".join(messages), field=field)
    return ApplicationError(" ".join(exc.messages))


#: Short Dutch names of roles, as staff say them (docs/glossary.md).
ROLE_ALIASES = {
    "beheerder": Role.ADMINISTRATOR,
    "coordinator": Role.HUB_COORDINATOR,
    "coördinator": Role.HUB_COORDINATOR,
}


def role_parse(value: str) -> str:
    """A role from its value (``professional``, ``team-lead``), its label in Dutch or English
    (``teamleider``, ``team lead``) or a short Dutch name (``beheerder``); ApplicationError
    on anything else."""
    text = " ".join((value or "").split()).lower()
    if text.replace("-", "_") in Role.values:
        return text.replace("-", "_")
    if text in ROLE_ALIASES:
        return ROLE_ALIASES[text].value
    for role in Role:
        for language in ("nl", "en"):
            with translation.override(language):
                if str(role.label).lower() == text:
                    return role.value
    raise ApplicationError(
        gettext("Unknown role %(role)r; choose one of: %(roles)s.")
        % {"role": value, "roles": ", ".join(Role.values)},
        field="role",
    )


def _teams_check(teams: list[SocialTeam], municipality, role: str) -> None:
    for team in teams:
        if team.municipality_id != municipality.pk:
            raise ApplicationError(
                gettext("Team %(team)s belongs to another municipality.") % {"team": team.name},
                field="teams",
            )
    if teams and role not in TEAM_ROLES:
        raise ApplicationError(
            gettext("Only professionals and team leads can be in a social team."),
            field="teams",
        )


def _areas_check(areas: list, municipality) -> None:
    for area in areas:
        if area.municipality_id != municipality.pk:
            raise ApplicationError(
                gettext("Area %(area)s belongs to another municipality.") % {"area": area.name},
                field="areas",
            )


def _invitation_issue(*, user: User, created_by) -> str:
    token = secrets.token_urlsafe(32)
    Invitation.objects.create(
        user=user,
        token_hash=Invitation.hash_token(token),
        created_by=created_by,
        expires_at=timezone.now() + INVITATION_VALID_FOR,
    )
    return token


def _invitations_revoke(user: User) -> int:
    return Invitation.objects.filter(user=user, accepted_at=None, revoked_at=None).update(
        revoked_at=timezone.now()
    )


def invitation_url(token: str) -> str:
    """The absolute link of an invitation, from the setting ZORGZAAM_PUBLIC_URL."""
    return settings.ZORGZAAM_PUBLIC_URL + reverse("accounts:invitation", args=[token])
