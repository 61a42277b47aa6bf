"""Audit events of the work part (ids and field names only, never values)."""

from django.utils.translation import gettext_lazy as _

from zorgzaam.audit.events import Action, define

JOB_SEEKER_LISTED = define("work.jobseeker.list", Action.VIEW, _("listed job seekers"))
JOB_SEEKER_VIEWED = define(
    "work.jobseeker.view", Action.VIEW, _("viewed a job seeker and proposed employers")
)
JOB_SEEKER_REGISTERED = define("work.jobseeker.create", Action.CREATE, _("registered a job seeker"))
JOB_SEEKER_CHANGED = define("work.jobseeker.change", Action.CHANGE, _("changed a job seeker"))
PLACEMENT_RECORDED = define("work.placement.create", Action.CREATE, _("recorded a placement"))
PLACEMENT_VIEWED = define("work.placement.view", Action.VIEW, _("viewed a placement"))
PLACEMENT_ENDED = define("work.placement.change", Action.CHANGE, _("ended a placement"))
FOLLOW_UP_RECORDED = define("work.followup.record", Action.CHANGE, _("recorded a follow-up check"))
EMPLOYER_CREATED = define("work.employer.create", Action.CREATE, _("added an employer"))
EMPLOYER_CHANGED = define("work.employer.change", Action.CHANGE, _("changed an employer"))
PEER_GROUP_CREATED = define("work.peergroup.create", Action.CREATE, _("started a peer group"))
PEER_GROUP_VIEWED = define("work.peergroup.view", Action.VIEW, _("viewed a peer group"))
PEER_GROUP_MEMBER_ADDED = define(
    "work.peergroup.member", Action.CHANGE, _("changed the members of a peer group")
)
SESSION_ADDED = define("work.session.create", Action.CREATE, _("planned a peer-group session"))
ATTENDANCE_RECORDED = define(
    "work.attendance.record", Action.CHANGE, _("recorded attendance of a session")
)
TABLE_CREATED = define("work.table.create", Action.CREATE, _("added a building-block table"))
CONTRACT_CREATED = define("work.contract.create", Action.CREATE, _("added an SROI contract"))
FULFILMENT_ADDED = define("work.fulfilment.create", Action.CREATE, _("added an SROI fulfilment"))
GARDEN_VIEWED = define(
    "work.garden.view", Action.VIEW, _("viewed a food garden and who is on its places")
)
GARDEN_CHANGED = define(
    "work.garden.change", Action.CHANGE, _("registered a food garden or linked a volunteer shift")
)
PRODUCE_RECORDED = define(
    "work.produce.record", Action.CREATE, _("recorded produce delivered to the food bank")
)
