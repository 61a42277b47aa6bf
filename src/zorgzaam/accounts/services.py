"""Writes for accounts: users, invitations, teams, second-factor devices.

Every service that takes an ``actor`` refuses one of another municipality (the views check
too: defence in depth). ``actor=None`` means the command line: the audit row then has no actor
and the reason "cli".
"""

from __future__ import annotations

import base64
import io
import secrets
from collections.abc import Iterable
from datetime import timedelta

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError
from zorgzaam.identity.config import local_passwords_allowed

from .models import Invitation, SocialTeam, TeamMembership, User
from .roles import TEAM_ROLES, Role
from .selectors import invitation_get

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


# --- users and invitations ------------------------------------------------------------------


@transaction.atomic
def user_invite(
    *,
    actor,
    username: str,
    role: str,
    municipality,
    email: str,
    first_name: str = "",
    last_name: str = "",
    teams: Iterable[SocialTeam] = (),
    request=None,
) -> tuple[User, str]:
    """Create a user without a usable password and an invitation; returns (user, raw token).
    The raw token is not stored: show or send the link once (``invitation_url``)."""
    _actor_check(actor, municipality)
    if municipality is None:
        raise ApplicationError(gettext("Choose a municipality."), field="municipality")
    username = (username or "").strip()
    if not username:
        raise ApplicationError(gettext("Enter a username."), field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise ApplicationError(
            gettext("The username %(username)s is already taken.") % {"username": username},
            field="username",
        )
    role = role_parse(role)
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ApplicationError(
            gettext("%(email)r is not a valid e-mail address.") % {"email": email},
            field="email",
        ) from exc
    teams = list(teams)
    _teams_check(teams, municipality, role)
    user = User(
        username=username,
        role=role,
        municipality=municipality,
        email=email,
        first_name=(first_name or "").strip(),
        last_name=(last_name or "").strip(),
    )
    user.set_unusable_password()
    try:
        user.full_clean()
    except ValidationError as exc:
        raise _first_error(exc) from exc
    user.save()
    for team in teams:
        TeamMembership.objects.create(team=team, user=user, is_lead=role == Role.TEAM_LEAD)
    token = _invitation_issue(user=user, created_by=actor)
    fields = ["username", "role", "email", "first_name", "last_name"]
    _audit(
        "account.user.invite",
        actor=actor,
        request=request,
        target=user,
        municipality=municipality,
        fields=fields + (["teams"] if teams else []),
    )
    return user, token


@transaction.atomic
def invitation_renew(*, actor, user: User, request=None) -> str:
    """Withdraw the user's open invitations and issue a new one (resend); returns the token."""
    _actor_check(actor, user.municipality)
    if not user.is_active:
        raise ApplicationError(
            gettext("%(username)s is deactivated; a deactivated user cannot be invited again.")
            % {"username": user.username},
            field="user",
        )
    if user.has_usable_password() or user.invitations.exclude(accepted_at=None).exists():
        raise ApplicationError(
            gettext(
                "%(username)s already accepted the invitation and has a password; "
                "a new invitation is not possible, use a password reset instead."
            )
            % {"username": user.username},
            field="user",
        )
    _invitations_revoke(user)
    token = _invitation_issue(user=user, created_by=actor)
    _audit(
        "account.invitation.renew",
        actor=actor,
        request=request,
        target=user,
        municipality=user.municipality,
    )
    return token


@transaction.atomic
def invitation_accept(*, token: str, password: str, request=None) -> User:
    """Set the invited user's password (Django's password validators apply) and mark the
    invitation used. An invalid, expired, withdrawn or used token is an ApplicationError."""
    invitation = invitation_get(token)
    user = invitation.user
    if not local_passwords_allowed(user.municipality.code if user.municipality else None):
        raise ApplicationError(
            gettext(
                "Your municipality signs you in through its own login service; a password "
                "cannot be set here."
            ),
            field="password",
            code="passwords_off",
        )
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages), field="password") from exc
    now = timezone.now()
    # Conditional: of two submissions of the same link, one wins.
    claimed = Invitation.objects.filter(pk=invitation.pk, accepted_at=None, revoked_at=None).update(
        accepted_at=now
    )
    if not claimed:
        raise ApplicationError(
            gettext(
                "This invitation has already been used. Log in with your password, or ask "
                "your administrator for a new invitation."
            ),
            field="token",
            code="used",
        )
    user.set_password(password)
    user.save(update_fields=["password"])
    _invitations_revoke(user)
    audit_record(
        event="account.invitation.accept",
        actor=user,
        request=request,
        target=user,
        fields=["password"],
    )
    return user


@transaction.atomic
def user_deactivate(*, actor, user: User, request=None) -> None:
    """The user can no longer log in (sessions end at their next request); open invitations
    are withdrawn. Team memberships and history stay. Deactivating twice changes nothing."""
    _actor_check(actor, user.municipality)
    if actor is not None and actor.pk == user.pk:
        raise ApplicationError(gettext("You cannot deactivate your own account."), field="user")
    if not user.is_active:
        return
    user.is_active = False
    user.save(update_fields=["is_active"])
    _invitations_revoke(user)
    _audit(
        "account.user.deactivate",
        actor=actor,
        request=request,
        target=user,
        municipality=user.municipality,
        fields=["is_active"],
    )


@transaction.atomic
def user_change_role(*, actor, user: User, role: str, request=None) -> User:
    """Change a user's role; leaving a team role ends their team memberships."""
    _actor_check(actor, user.municipality)
    if actor is not None and actor.pk == user.pk:
        raise ApplicationError(gettext("You cannot change your own role."), field="role")
    role = role_parse(role)
    if role == user.role:
        return user
    user.role = role
    user.save(update_fields=["role"])
    fields = ["role"]
    memberships = TeamMembership.objects.filter(user=user)
    if role not in TEAM_ROLES:
        if memberships.exists():
            memberships.delete()
            fields.append("teams")
    else:
        memberships.update(is_lead=role == Role.TEAM_LEAD)
    _audit(
        "account.user.role",
        actor=actor,
        request=request,
        target=user,
        municipality=user.municipality,
        fields=fields,
    )
    return user


@transaction.atomic
def user_set_teams(*, actor, user: User, teams: Iterable[SocialTeam], request=None) -> None:
    """Make ``teams`` the user's teams (professionals and team leads only)."""
    _actor_check(actor, user.municipality)
    teams = list(teams)
    _teams_check(teams, user.municipality, user.role)
    wanted = {t.pk for t in teams}
    current = set(TeamMembership.objects.filter(user=user).values_list("team_id", flat=True))
    if wanted == current:
        return
    TeamMembership.objects.filter(user=user).exclude(team_id__in=wanted).delete()
    for team in teams:
        if team.pk not in current:
            TeamMembership.objects.create(team=team, user=user, is_lead=user.role == Role.TEAM_LEAD)
    _audit(
        "account.user.teams",
        actor=actor,
        request=request,
        target=user,
        municipality=user.municipality,
        fields=["teams"],
    )


@transaction.atomic
def second_factor_reset(*, actor, user: User, reason: str, request=None) -> int:
    """Remove the user's second-factor devices: they enrol a new authenticator at their next
    person-level page. The reason is required; it is kept (truncated) in the audit row, so it
    must not name people. Returns the number of devices removed."""
    _actor_check(actor, user.municipality)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ApplicationError(
            gettext("Give a reason for resetting the second factor."), field="reason"
        )
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    removed_static, _ = StaticDevice.objects.filter(user=user).delete()
    _audit(
        "account.otp.reset",
        actor=actor,
        request=request,
        target=user,
        municipality=user.municipality,
        reason=reason[:RESET_REASON_MAX],
    )
    return removed + removed_static


# --- teams ---------------------------------------------------------------------------------


@transaction.atomic
def team_create(*, actor, municipality, name: str, areas=(), request=None) -> SocialTeam:
    """Create a social team; a team of that name (any case) in the municipality is returned
    unchanged (use ``team_set_areas`` to change its areas)."""
    _actor_check(actor, municipality)
    name = " ".join((name or "").split())
    if not name:
        raise ApplicationError(gettext("Enter a team name."), field="name")
    max_length = SocialTeam._meta.get_field("name").max_length or 120
    if len(name) > max_length:
        raise ApplicationError(
            gettext("A team name has at most %(n)d characters.") % {"n": max_length},
            field="name",
        )
    existing = SocialTeam.objects.filter(municipality=municipality, name__iexact=name).first()
    if existing is not None:
        return existing
    areas = list(areas)
    _areas_check(areas, municipality)
    team = SocialTeam.objects.create(municipality=municipality, name=name)
    team.areas.set(areas)
    _audit(
        "account.team.create",
        actor=actor,
        request=request,
        target=team,
        municipality=municipality,
        fields=["name"] + (["areas"] if areas else []),
    )
    return team


@transaction.atomic
def team_set_areas(*, actor, team: SocialTeam, areas, request=None) -> None:
    """Make ``areas`` (of the team's municipality) the villages/districts the team serves."""
    _actor_check(actor, team.municipality)
    areas = list(areas)
    _areas_check(areas, team.municipality)
    if {a.pk for a in areas} == set(team.areas.values_list("pk", flat=True)):
        return
    team.areas.set(areas)
    _audit(
        "account.team.areas",
        actor=actor,
        request=request,
        target=team,
        municipality=team.municipality,
        fields=["areas"],
    )


# --- older helpers (tests and the demo generator) ---------------------------------------------


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: str,
    municipality,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    if role not in Role.values:
        raise ApplicationError(f"Unknown role {role!r}.", field="role")
    user = User(
        username=username,
        role=role,
        municipality=municipality,
        first_name=first_name,
        last_name=last_name,
        email=email,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def team_add_member(*, team: SocialTeam, user: User, is_lead: bool = False) -> TeamMembership:
    if user.municipality_id != team.municipality_id:
        raise ApplicationError("A team member must belong to the team's municipality.")
    if user.role not in (Role.PROFESSIONAL, Role.TEAM_LEAD):
        raise ApplicationError("Only professionals and team leads can be team members.")
    membership, _ = TeamMembership.objects.update_or_create(
        team=team, user=user, defaults={"is_lead": is_lead}
    )
    return membership


def totp_device_pending(user: User) -> TOTPDevice:
    """The unconfirmed device shown during enrolment (created once, reused on reload)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, user: User, device: TOTPDevice, request=None) -> None:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    audit_record(event="auth.otp_enrolled", actor=user, request=request, target=user)


def totp_qr_svg(device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode("utf-8")


def totp_secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
