"""From an OpenID provider's claims to Zorgzaam: username, role and teams by group, whether the
provider asserted a second factor, the level of assurance. Pure functions of the claims and the
provider's configuration (``config.Provider``); no database."""

from __future__ import annotations

from dataclasses import dataclass

from .config import LEVEL_ORDER, Provider

#: When a person's groups give several roles, the first of this list wins.
ROLE_PRECEDENCE = (
    "administrator",
    "team_lead",
    "professional",
    "policy_officer",
    "hub_coordinator",
    "volunteer",
    "resident",
)


@dataclass(frozen=True)
class Mapped:
    role: str
    teams: tuple[str, ...]


def _as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [part for part in value.replace(",", " ").split() if part]
    if isinstance(value, list | tuple):
        return [str(v) for v in value if isinstance(v, str | int)]
    return []


def groups(provider: Provider, claims: dict) -> list[str]:
    return _as_list(claims.get(provider.groups_claim))


def claims_map(provider: Provider, claims: dict) -> Mapped:
    """The role and team names the person's groups give (role "" when none does). Teams are
    kept only when the role works in teams; a group may name teams without a role."""
    roles: set[str] = set()
    teams: list[str] = []
    for group in groups(provider, claims):
        rule = provider.groups.get(group)
        if rule is None:
            continue
        if rule.role:
            roles.add(rule.role)
        teams.extend(t for t in rule.teams if t not in teams)
    role = next((r for r in ROLE_PRECEDENCE if r in roles), "")
    if role not in ("professional", "team_lead"):
        teams = []
    return Mapped(role, tuple(teams))


def username(provider: Provider, claims: dict) -> str:
    value = claims.get(provider.username_claim)
    return value.strip() if isinstance(value, str) else ""


def second_factor_asserted(provider: Provider, claims: dict) -> bool:
    """True when the provider says the person used a strong second factor: an ``acr`` value
    or one of the ``amr`` values configured as strong."""
    acr = claims.get("acr")
    if isinstance(acr, str) and acr in provider.strong_acr:
        return True
    return bool(set(_as_list(claims.get("amr"))) & provider.strong_amr)


def assurance(provider: Provider, claims: dict) -> str:
    """The level of assurance for the audit log: for DigiD/eHerkenning the level name
    (basis ... hoog, "" when the acr is not one configured), for staff "strong" or
    "password"."""
    if provider.kind == "staff":
        return "strong" if second_factor_asserted(provider, claims) else "password"
    acr = claims.get("acr")
    return provider.acr_levels.get(acr, "") if isinstance(acr, str) else ""


def level_at_least(level: str, minimum: str) -> bool:
    if level not in LEVEL_ORDER:
        return False
    return LEVEL_ORDER.index(level) >= LEVEL_ORDER.index(minimum)
