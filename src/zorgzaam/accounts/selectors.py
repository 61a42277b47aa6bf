"""Reads for accounts: invitations by token, users and teams scoped to a municipality."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from zorgzaam.common.errors import ApplicationError

from .models import Invitation, SocialTeam, User

#: A raw token is 43 characters (32 random bytes, URL-safe base64); anything much longer is
#: not one of ours and is refused before hashing.
_TOKEN_MAX_LENGTH = 128


def _ask_again() -> str:
    return gettext("Ask your administrator for a new invitation.")


def invitation_get(token: str) -> Invitation:
    """The open invitation of ``token``. Looked up by the token's SHA-256 (an index lookup,
    no comparison of secrets in Python). Unknown, expired, withdrawn or used: ApplicationError
    with ``code`` unknown / expired / revoked / used and a message for the invited person."""
    invitation = None
    if token and len(token) <= _TOKEN_MAX_LENGTH:
        invitation = (
            Invitation.objects.select_related("user", "user__municipality")
            .filter(token_hash=Invitation.hash_token(token))
            .first()
        )
    if invitation is None:
        raise ApplicationError(
            gettext("This invitation link is not valid.") + " " + _ask_again(),
            field="token",
            code="unknown",
        )
    if invitation.accepted_at is not None:
        raise ApplicationError(
            gettext(
                "This invitation has already been used. Log in with your password, or ask "
                "your administrator for a new invitation."
            ),
            field="token",
            code="used",
        )
    if invitation.revoked_at is not None or not invitation.user.is_active:
        raise ApplicationError(
            gettext("This invitation has been withdrawn.") + " " + _ask_again(),
            field="token",
            code="revoked",
        )
    if invitation.expires_at <= timezone.now():
        raise ApplicationError(
            gettext("This invitation has expired (a link works for 72 hours).")
            + " "
            + _ask_again(),
            field="token",
            code="expired",
        )
    return invitation


def invitation_open(user: User) -> Invitation | None:
    """The user's newest invitation that is neither used, withdrawn nor expired."""
    return (
        Invitation.objects.filter(
            user=user, accepted_at=None, revoked_at=None, expires_at__gt=timezone.now()
        )
        .order_by("-created_at")
        .first()
    )


def user_invitation_state(user: User) -> str:
    """'active' (has a password), 'invited' (open invitation), 'expired' (invitation lapsed
    without a password) or 'deactivated'."""
    if not user.is_active:
        return "deactivated"
    if user.has_usable_password():
        return "active"
    if invitation_open(user) is not None:
        return "invited"
    return "expired"


def user_list(*, municipality=None) -> QuerySet[User]:
    """Users of one municipality (all municipalities for None: the command line), with their
    teams, ordered by username."""
    qs = User.objects.select_related("municipality").prefetch_related(
        Prefetch("teams", queryset=SocialTeam.objects.order_by("name"))
    )
    if municipality is not None:
        qs = qs.filter(municipality=municipality)
    return qs.order_by("municipality__code", "username")


def user_list_for_actor(actor) -> QuerySet[User]:
    """The users an administrator manages: those of their own municipality only."""
    if actor is None or actor.municipality_id is None:
        return User.objects.none()
    return user_list(municipality=actor.municipality)


def user_get(username: str) -> User:
    """A user by username (any case), for the command line."""
    user = (
        User.objects.select_related("municipality")
        .filter(username__iexact=(username or "").strip())
        .first()
    )
    if user is None:
        raise ApplicationError(
            gettext("There is no user %(username)s.") % {"username": username},
            field="username",
        )
    return user


def team_list(*, municipality) -> QuerySet[SocialTeam]:
    return (
        SocialTeam.objects.filter(municipality=municipality)
        .prefetch_related("areas")
        .order_by("name")
    )


def team_get(*, municipality, name: str) -> SocialTeam:
    """A team of ``municipality`` by name (any case)."""
    team = (
        SocialTeam.objects.filter(municipality=municipality, name__iexact=(name or "").strip())
        .select_related("municipality")
        .first()
    )
    if team is None:
        raise ApplicationError(
            gettext("%(municipality)s has no team %(team)s.")
            % {"municipality": municipality.name, "team": name},
            field="teams",
        )
    return team
