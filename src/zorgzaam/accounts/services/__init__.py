"""Writes for accounts: users, invitations, teams, second-factor devices.

Every service that takes an ``actor`` refuses one of another municipality (the views check
too: defence in depth). ``actor=None`` means the command line: the audit row then has no actor
and the reason "cli".

Layout: ``base`` (shared checks, the audit row, invitation tokens), ``users`` (users and
invitations), ``teams`` (teams and the older direct helpers), ``totp`` (second-factor
enrolment). Every name stays importable from ``zorgzaam.accounts.services``.
"""

from .base import (
    INVITATION_VALID_FOR,
    RESET_REASON_MAX,
    ROLE_ALIASES,
    invitation_url,
    role_parse,
)
from .teams import team_add_member, team_create, team_set_areas, user_create
from .totp import totp_device_confirm, totp_device_pending, totp_qr_svg, totp_secret_base32
from .users import (
    invitation_accept,
    invitation_renew,
    second_factor_reset,
    user_change_role,
    user_deactivate,
    user_invite,
    user_set_teams,
)

__all__ = [
    "INVITATION_VALID_FOR",
    "RESET_REASON_MAX",
    "ROLE_ALIASES",
    "invitation_accept",
    "invitation_renew",
    "invitation_url",
    "role_parse",
    "second_factor_reset",
    "team_add_member",
    "team_create",
    "team_set_areas",
    "totp_device_confirm",
    "totp_device_pending",
    "totp_qr_svg",
    "totp_secret_base32",
    "user_change_role",
    "user_create",
    "user_deactivate",
    "user_invite",
    "user_set_teams",
]
