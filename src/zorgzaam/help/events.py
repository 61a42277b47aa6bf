"""Audit events of neighbour help (ids and field names only, never content)."""

from django.utils.translation import gettext_lazy as _

from zorgzaam.audit.events import Action, define

REQUEST_CREATED = define("help.request.create", Action.CREATE, _("created a help request"))
REQUEST_VIEWED = define("help.request.view", Action.VIEW, _("viewed a help request"))
REQUEST_CHANGED = define("help.request.change", Action.CHANGE, _("changed a help request"))
CONTACT_VIEWED = define(
    "help.contact.view", Action.VIEW, _("viewed the address and phone of a help request")
)
PROPOSAL_CREATED = define("help.proposal.create", Action.CREATE, _("proposed a volunteer"))
PROPOSAL_ACCEPTED = define("help.proposal.accept", Action.CHANGE, _("accepted a proposal"))
PROPOSAL_DECLINED = define("help.proposal.decline", Action.CHANGE, _("declined a proposal"))
BATCH_ASSIGNED = define("help.assign", Action.CREATE, _("assigned a batch of help requests"))
VOLUNTEER_VIEWED = define("help.volunteer.view", Action.VIEW, _("viewed a volunteer"))
VOLUNTEER_CHANGED = define("help.volunteer.change", Action.CHANGE, _("changed a volunteer"))
BUDDY_STARTED = define("help.buddy.start", Action.CREATE, _("started a buddy pairing"))
BUDDY_CHECKED_IN = define("help.buddy.checkin", Action.CREATE, _("recorded a buddy check-in"))
BUDDY_ENDED = define("help.buddy.end", Action.CHANGE, _("ended a buddy pairing"))
CONCERN_REPORTED = define("help.concern.create", Action.CREATE, _("reported a concern"))
CONCERN_VIEWED = define("help.concern.view", Action.VIEW, _("viewed a concern"))
CONCERN_HANDLED = define("help.concern.handle", Action.CHANGE, _("handled a concern"))
PAIRING_BLOCKED = define("help.block.create", Action.CREATE, _("blocked a pairing"))
CALL_LIST_CALLED = define(
    "help.calllist.call", Action.CHANGE, _("ticked off a call on the hub's call list")
)
CALL_LIST_VIEWED = define("help.calllist.view", Action.VIEW, _("viewed the hub's call list"))
CONTACT_PREFERENCE = define(
    "help.contact.preference", Action.CHANGE, _("changed how a person is contacted")
)
CONTACT_UNSUBSCRIBED = define(
    "help.contact.unsubscribe", Action.CHANGE, _("unsubscribed from reminder e-mail")
)
MESSAGES_VIEWED = define(
    "help.messages.view", Action.VIEW, _("viewed the messages sent about a help request")
)
TASK_MESSAGE_SENT = define(
    "help.taskmessage.create", Action.CREATE, _("sent a message about a help task")
)
TASK_MESSAGES_VIEWED = define(
    "help.taskmessage.view", Action.VIEW, _("read the messages about a help task")
)
