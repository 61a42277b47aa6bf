"""Users and invitations: invite, renew, accept, deactivate, change role or teams, reset a
second factor."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError
from zorgzaam.identity.config import local_passwords_allowed

from ..models import Invitation, SocialTeam, TeamMembership, User
from ..roles import TEAM_ROLES, Role
from ..selectors import invitation_get
from .base import (
    RESET_REASON_MAX,
    _actor_check,
    _audit,
    _first_error,
    _invitation_issue,
    _invitations_revoke,
    _teams_check,
    role_parse,
)

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
