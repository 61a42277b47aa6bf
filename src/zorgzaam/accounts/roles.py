"""The roles of Zorgzaam and what each may do. Deny by default: a capability not listed for a
role is refused. Mission parts add their capabilities with ``grant()`` from their AppConfig."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RESIDENT = "resident", _("resident")
    VOLUNTEER = "volunteer", _("volunteer")
    HUB_COORDINATOR = "hub_coordinator", _("hub coordinator")
    PROFESSIONAL = "professional", _("social-team professional")
    TEAM_LEAD = "team_lead", _("team lead")
    POLICY_OFFICER = "policy_officer", _("policy officer")
    ADMINISTRATOR = "administrator", _("municipal administrator")
    COUNCIL_MEMBER = "council_member", _("council member")


#: Roles that must pass a second factor before any person-level data is shown.
MFA_ROLES = frozenset({Role.HUB_COORDINATOR, Role.PROFESSIONAL, Role.TEAM_LEAD, Role.ADMINISTRATOR})

#: Roles that work inside social teams (casework, need-to-know by team).
TEAM_ROLES = frozenset({Role.PROFESSIONAL, Role.TEAM_LEAD})

ROLE_CAPABILITIES: dict[str, set[str]] = {
    Role.RESIDENT: {"home.view", "profile.own"},
    Role.VOLUNTEER: {"home.view", "profile.own"},
    Role.HUB_COORDINATOR: {"home.view", "profile.own"},
    Role.PROFESSIONAL: {"home.view", "profile.own", "person.view"},
    Role.TEAM_LEAD: {"home.view", "profile.own", "person.view", "team.manage"},
    Role.POLICY_OFFICER: {"home.view", "profile.own"},
    Role.ADMINISTRATOR: {"home.view", "profile.own", "audit.view", "users.manage"},
    # A member of the municipal council: reads what the council is given (parts grant it).
    Role.COUNCIL_MEMBER: {"home.view", "profile.own"},
}


def grant(capability: str, *roles: str) -> None:
    """Give a capability to roles. Called by mission parts when their app is loaded."""
    for role in roles:
        ROLE_CAPABILITIES[role].add(capability)


def role_can(role: str, capability: str) -> bool:
    return capability in ROLE_CAPABILITIES.get(role, set())
