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
USER_CREATED = define("identity.user_created", Action.CREATE, _("account created at first sign-in"))
LOGOUT_PROVIDER = define(
    "identity.logout", Action.LOGOUT, _("logged out, also at the identity provider")
)
