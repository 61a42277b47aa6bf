"""Writes of sign-in with an identity provider: find or create the staff account for the
provider's claims, mark the provider's second factor, and audit each sign-in and refusal."""

from __future__ import annotations

import secrets

from django.db import transaction
from django_otp import login as otp_login

from zorgzaam.accounts import services as account_services
from zorgzaam.accounts.models import SocialTeam, TeamMembership, User
from zorgzaam.accounts.roles import TEAM_ROLES, Role
from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError
from zorgzaam.tenancy.models import Municipality

from . import mapping
from .config import Provider
from .models import ProviderAssertedDevice, ProviderIdentity

#: Why a sign-in is refused; each has its own sentence on the refusal page.
REFUSAL_CODES = (
    "state",
    "provider_error",
    "provider_unreachable",
    "signature",
    "nonce",
    "expired",
    "audience",
    "issuer",
    "subject",
    "invalid_token",
    "no_username",
    "unknown_group",
    "unknown_user",
    "other_municipality",
    "inactive",
    "configuration",
    "identifier",
    "level",
)


class SignInRefused(Exception):
    """A sign-in that must not go on; ``code`` is one of REFUSAL_CODES."""

    def __init__(self, code: str, *, user=None):
        assert code in REFUSAL_CODES, code
        super().__init__(code)
        self.code = code
        self.user = user


def sign_in_refusal_record(*, provider: Provider | None, code: str, request=None, user=None):
    """The audit line of a refused sign-in (the provider slug and the code; no claims)."""
    return audit_record(
        event="identity.login_refused",
        request=request,
        actor=user,
        target=user
        if user is not None
        else ("identity.provider", provider.slug if provider else ""),
        reason=f"method={_method(provider)} provider={provider.slug if provider else '-'} "
        f"refused={code}",
        denied=True,
        municipality_code=provider.municipality if provider is not None else "",
    )


def _method(provider: Provider | None) -> str:
    if provider is None:
        return "oidc"
    return "oidc" if provider.kind == "staff" else provider.kind


def _teams(municipality: Municipality | None, names: tuple[str, ...]) -> list[SocialTeam]:
    teams = []
    for name in names:
        team = SocialTeam.objects.filter(municipality=municipality, name__iexact=name).first()
        if team is None:
            raise SignInRefused("configuration")
        teams.append(team)
    return teams


@transaction.atomic
def staff_user_create(
    *, provider: Provider, municipality: Municipality, claims: dict, request=None
) -> User:
    """A staff member the provider's groups give a role: created (without a password: they
    sign in at the provider), put in the mapped teams, audited."""
    mapped = mapping.claims_map(provider, claims)
    if not mapped.role:
        raise SignInRefused("unknown_group")
    teams = _teams(municipality, mapped.teams) if mapped.role in TEAM_ROLES else []
    try:
        user = account_services.user_create(
            username=mapping.username(provider, claims),
            password=secrets.token_urlsafe(32),
            role=mapped.role,
            municipality=municipality,
            first_name=str(claims.get("given_name") or "")[:150],
            last_name=str(claims.get("family_name") or "")[:150],
            email=str(claims.get("email") or "")[:254],
        )
    except (ApplicationError, ValueError) as exc:
        raise SignInRefused("configuration") from exc
    user.set_unusable_password()
    user.save(update_fields=["password"])
    for team in teams:
        account_services.team_add_member(team=team, user=user, is_lead=user.role == Role.TEAM_LEAD)
    audit_record(
        event="identity.user_created",
        actor=user,
        request=request,
        target=user,
        fields=["username", "role", "first_name", "last_name", "email"]
        + (["teams"] if teams else []),
        reason=f"provider={provider.slug}",
        municipality_code=municipality.code,
    )
    return user


@transaction.atomic
def staff_user_for_claims(*, provider: Provider, claims: dict, request=None) -> User:
    """The account the provider's claims name (by the provider's ``sub``, else by username in
    the provider's municipality), created when the group mapping gives a role. Raises
    SignInRefused with the reason otherwise."""
    municipality = Municipality.objects.filter(code=provider.municipality).first()
    if municipality is None:
        raise SignInRefused("configuration")
    subject = str(claims.get("sub") or "")
    if not subject:
        raise SignInRefused("invalid_token")
    link = (
        ProviderIdentity.objects.select_related("user")
        .filter(provider=provider.slug, subject=subject)
        .first()
    )
    if link is not None:
        user = link.user
    else:
        name = mapping.username(provider, claims)
        if not name:
            raise SignInRefused("no_username")
        found = User.objects.filter(username__iexact=name).first()
        if found is None:
            if not provider.create_users:
                raise SignInRefused(
                    "unknown_user" if mapping.claims_map(provider, claims).role else "unknown_group"
                )
            user = staff_user_create(
                provider=provider, municipality=municipality, claims=claims, request=request
            )
        elif found.municipality_id != municipality.pk:
            raise SignInRefused("other_municipality")
        else:
            user = found
        ProviderIdentity.objects.create(user=user, provider=provider.slug, subject=subject)
    if user.municipality_id != municipality.pk:
        raise SignInRefused("other_municipality", user=user)
    if not user.is_active:
        raise SignInRefused("inactive", user=user)
    if provider.sync_groups:
        groups_apply(provider=provider, user=user, claims=claims, request=request)
    return user


def groups_apply(*, provider: Provider, user: User, claims: dict, request=None) -> None:
    """With ``sync_groups``: the role and teams the provider's groups give now, applied at
    each sign-in through the account services (each change audited there, and once here with
    the provider). No role from the groups any more: refused, as for an unknown person."""
    mapped = mapping.claims_map(provider, claims)
    if not mapped.role:
        raise SignInRefused("unknown_group", user=user)
    teams = _teams(user.municipality, mapped.teams) if mapped.role in TEAM_ROLES else []
    changed = []
    if user.role != mapped.role:
        account_services.user_change_role(actor=None, user=user, role=mapped.role, request=request)
        changed.append("role")
    if mapped.role in TEAM_ROLES:
        current = set(TeamMembership.objects.filter(user=user).values_list("team_id", flat=True))
        if current != {t.pk for t in teams}:
            account_services.user_set_teams(actor=None, user=user, teams=teams, request=request)
            changed.append("teams")
    if changed:
        audit_record(
            event="identity.groups_applied",
            actor=user,
            request=request,
            target=user,
            fields=changed,
            reason=f"provider={provider.slug}",
            municipality_code=provider.municipality,
        )


def second_factor_mark(*, request, user: User, provider: Provider) -> None:
    """Record in the session that the provider asserted a strong second factor, through
    django-otp (a device of the user that takes no codes), and audit it."""
    device, _created = ProviderAssertedDevice.objects.get_or_create(
        user=user, provider=provider.slug, defaults={"name": provider.slug, "confirmed": True}
    )
    otp_login(request, device)
    audit_record(
        event="identity.second_factor",
        actor=user,
        request=request,
        target=user,
        reason=f"provider={provider.slug}",
    )


def sign_in_record(*, request, user: User, provider: Provider | None, level: str) -> None:
    """The audit line that says how someone signed in: method and level of assurance."""
    audit_record(
        event="identity.login",
        actor=user,
        request=request,
        target=user,
        reason=f"method={_method(provider) if provider else 'password'} loa={level or '-'}"
        + (f" provider={provider.slug}" if provider else ""),
    )
