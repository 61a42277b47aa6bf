"""Audit events of web push (ids only: never an endpoint or a key)."""

from django.utils.translation import gettext_lazy as _

from zorgzaam.audit.events import Action, define

SUBSCRIBED = define("push.subscribe", Action.CREATE, _("push messages turned on for a browser"))
UNSUBSCRIBED = define(
    "push.unsubscribe", Action.DELETE, _("push messages turned off for a browser")
)
