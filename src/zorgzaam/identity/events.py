"""Audit events of sign-in with an identity provider (ids and codes only, never a BSN)."""

from django.utils.translation import gettext_lazy as _

from zorgzaam.audit.events import Action, define

LOGIN = define("identity.login", Action.LOGIN, _("signed in (method and level of assurance)"))
LOGIN_REFUSED = define(
    "identity.login_refused", Action.LOGIN, _("sign-in with an identity provider refused")
)
SECOND_FACTOR = define(
    "identity.second_factor", Action.LOGIN, _("second factor asserted by the identity provider")
)
GROUPS_APPLIED = define(
    "identity.groups_applied",
    Action.CHANGE,
    _("role or teams set from the identity provider's groups at sign-in"),
)
USER_CREATED = define("identity.user_created", Action.CREATE, _("account created at first sign-in"))
LOGOUT_PROVIDER = define(
    "identity.logout", Action.LOGOUT, _("logged out, also at the identity provider")
)
CITIZEN_REGISTERED = define(
    "identity.citizen_registered",
    Action.CREATE,
    _("resident or organisation registered at first sign-in with DigiD/eHerkenning, with consent"),
)
ASSURANCE_TOO_LOW = define(
    "identity.assurance_too_low", Action.ACCESS, _("page refused: level of assurance too low")
)
CITIZEN_VIEW = define(
    "identity.citizen_view", Action.VIEW, _("viewed own DigiD/eHerkenning link (masked)")
)
