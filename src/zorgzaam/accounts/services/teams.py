"""Social teams (create, set areas) and the older direct helpers (tests and the demo
generator)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext

from zorgzaam.common.errors import ApplicationError

from ..models import SocialTeam, TeamMembership, User
from ..roles import Role
from .base import (
    _actor_check,
    _areas_check,
    _audit,
)

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
