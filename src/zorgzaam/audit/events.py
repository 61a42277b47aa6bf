"""The closed set of audit events (in the spirit of NEN 7513).

An event has a stable name, an action (view, create, change, delete, export, ...) and a
description template. Mission parts define their own events with ``define()`` at import time
of their ``events`` module; recording an undefined event is a programming error.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    VIEW = "view", _("view")
    CREATE = "create", _("create")
    CHANGE = "change", _("change")
    DELETE = "delete", _("delete")
    EXPORT = "export", _("export")
    LOGIN = "login", _("login")
    LOGOUT = "logout", _("logout")
    ACCESS = "access", _("access")


@dataclass(frozen=True)
class EventType:
    name: str
    action: str
    description: object  # lazy translated string


EVENTS: dict[str, EventType] = {}


def define(name: str, action: str, description: object) -> EventType:
    if name in EVENTS and EVENTS[name].action != action:
        raise ValueError(f"Audit event {name!r} is defined twice with different actions.")
    EVENTS[name] = EventType(name, action, description)
    return EVENTS[name]


def get(name: str) -> EventType:
    try:
        return EVENTS[name]
    except KeyError as exc:
        raise ValueError(f"Unknown audit event {name!r}: define it in an events module.") from exc


# Foundation events.
LOGIN_SUCCEEDED = define("auth.login", Action.LOGIN, _("logged in"))
LOGIN_FAILED = define("auth.login_failed", Action.LOGIN, _("failed to log in"))
LOGOUT = define("auth.logout", Action.LOGOUT, _("logged out"))
SECOND_FACTOR_PASSED = define("auth.otp_verified", Action.LOGIN, _("passed the second factor"))
SECOND_FACTOR_FAILED = define("auth.otp_failed", Action.LOGIN, _("failed the second factor"))
SECOND_FACTOR_ENROLLED = define("auth.otp_enrolled", Action.CREATE, _("set up a second factor"))
ACCESS_DENIED = define("access.denied", Action.ACCESS, _("was denied access"))
PERSON_VIEWED = define("person.view", Action.VIEW, _("viewed a person"))
PERSON_LISTED = define("person.list", Action.VIEW, _("listed persons"))
PERSON_CREATED = define("person.create", Action.CREATE, _("created a person"))
AUDIT_VIEWED = define("audit.view", Action.VIEW, _("viewed the audit log"))
AUDIT_EXPORTED = define("audit.export", Action.EXPORT, _("exported the audit log"))

# Accounts and tenancy set-up (the command line and the administrator's screens).
USER_INVITED = define("account.user.invite", Action.CREATE, _("invited a user"))
INVITATION_RENEWED = define(
    "account.invitation.renew", Action.CREATE, _("sent a user a new invitation")
)
INVITATION_ACCEPTED = define(
    "account.invitation.accept", Action.CHANGE, _("accepted an invitation and set a password")
)
USER_DEACTIVATED = define("account.user.deactivate", Action.CHANGE, _("deactivated a user"))
USER_ROLE_CHANGED = define("account.user.role", Action.CHANGE, _("changed a user's role"))
USER_TEAMS_CHANGED = define("account.user.teams", Action.CHANGE, _("changed a user's teams"))
SECOND_FACTOR_RESET = define("account.otp.reset", Action.DELETE, _("reset a user's second factor"))
TEAM_CREATED = define("account.team.create", Action.CREATE, _("created a social team"))
TEAM_AREAS_CHANGED = define(
    "account.team.areas", Action.CHANGE, _("changed the areas of a social team")
)
MUNICIPALITY_SET_UP = define(
    "tenancy.municipality.add", Action.CHANGE, _("set up or updated a municipality")
)
