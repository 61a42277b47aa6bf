"""Audit events of the social map (names and field names only, never values)."""

from django.utils.translation import gettext_lazy as _

from zorgzaam.audit.events import Action, define

ITEM_CREATED = define("socialmap.item_create", Action.CREATE, _("added a social-map item"))
ITEM_CHANGED = define("socialmap.item_change", Action.CHANGE, _("changed a social-map item"))
ITEM_VERIFIED = define("socialmap.item_verify", Action.CHANGE, _("verified a social-map item"))
HSDS_IMPORTED = define("socialmap.hsds_import", Action.CREATE, _("imported HSDS data"))
HSDS_EXPORTED = define("socialmap.hsds_export", Action.EXPORT, _("exported HSDS data"))
ACTIVITY_PROPOSED = define(
    "socialmap.activity_propose", Action.CREATE, _("proposed a hub activity")
)
ACTIVITY_DECIDED = define("socialmap.activity_decide", Action.CHANGE, _("decided on an activity"))
SIGNED_UP = define("socialmap.signup", Action.CREATE, _("signed up for an activity"))
SIGNUP_CANCELLED = define("socialmap.signup_cancel", Action.CHANGE, _("cancelled a sign-up"))
SIGNUP_PROMOTED = define(
    "socialmap.signup_promote", Action.CHANGE, _("promoted a sign-up from the waiting list")
)
ACTIVITY_CHANGED = define("socialmap.activity_change", Action.CHANGE, _("changed a hub activity"))
ACTIVITY_CANCELLED = define(
    "socialmap.activity_cancel", Action.CHANGE, _("cancelled a hub activity")
)
SIGNUPS_VIEWED = define(
    "socialmap.signups_view", Action.VIEW, _("viewed who signed up for an activity")
)
ATTENDANCE = define("socialmap.attendance", Action.CHANGE, _("recorded attendance"))
HUB_CREATED = define("socialmap.hub_create", Action.CREATE, _("added a community hub"))
HUB_CHANGED = define("socialmap.hub_change", Action.CHANGE, _("changed a community hub"))
COUNCIL_ADDED = define(
    "socialmap.council_add", Action.CREATE, _("added a programme council member")
)
COUNCIL_VIEWED = define(
    "socialmap.council_view", Action.VIEW, _("viewed a programme council's members")
)
COUNCIL_REMOVED = define(
    "socialmap.council_remove", Action.DELETE, _("removed a programme council member")
)
