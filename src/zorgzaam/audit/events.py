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
AUDIT_VIEWED = define("audit.view", Action.VIEW, _("viewed the audit log"))
AUDIT_EXPORTED = define("audit.export", Action.EXPORT, _("exported the audit log"))
