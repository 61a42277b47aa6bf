"""Audit events of casework. Every read of case data is an event with the person concerned."""

from django.utils.translation import gettext_lazy as _

from zorgzaam.audit.events import Action, define

define("case.list", Action.VIEW, _("listed households"))
define("case.view", Action.VIEW, _("viewed a household"))
define("case.create", Action.CREATE, _("registered a household"))
define("case.change", Action.CHANGE, _("changed a household"))
define("case.close", Action.CHANGE, _("closed a household"))
define("case.bsn_reveal", Action.VIEW, _("revealed a citizen service number"))
define(
    "case.break_glass", Action.ACCESS, _("opened a household outside the team (break the glass)")
)
define("case.consent", Action.CREATE, _("registered consent"))
define("case.consent_withdraw", Action.CHANGE, _("registered withdrawal of consent"))
define("case.plan_change", Action.CHANGE, _("changed a plan"))
define("case.note", Action.CREATE, _("wrote a case note"))
define("case.measure", Action.CREATE, _("recorded a ZRM measurement"))
define("case.export", Action.EXPORT, _("exported a person's case data (AVG art. 15)"))
define("case.purge", Action.DELETE, _("purged a closed household after the retention period"))
define("referral.create", Action.CREATE, _("referred an action to an organisation or hub"))
define("referral.list", Action.VIEW, _("listed received referrals"))
define("referral.view", Action.VIEW, _("viewed a received referral"))
define("referral.update", Action.CHANGE, _("updated the status of a referral"))
define(
    "case.bsn_conflict",
    Action.ACCESS,
    _("was refused a BSN that is in another open household (for the team lead)"),
)
define(
    "case.contact", Action.CREATE, _("recorded a contact with a household and where it was held")
)
define("case.decision_request", Action.CREATE, _("requested a discretionary decision"))
define("case.decision_decide", Action.CHANGE, _("approved or rejected a discretionary decision"))
define("case.decision_review", Action.CHANGE, _("recorded the review of a discretionary decision"))
define("case.decision_list", Action.VIEW, _("listed discretionary decisions"))
define("presence.change", Action.CHANGE, _("changed a werkbrigade presence schedule"))
define("case.debt_change", Action.CHANGE, _("changed a debt-help track or its recovery goals"))
define("case.debt_buddy_change", Action.CREATE, _("added a debt buddy to the pool"))
define("case.debt_buddy_list", Action.VIEW, _("listed the debt-buddy pool"))
