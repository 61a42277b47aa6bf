"""Community hubs (Huis van Alles): reads, the programme's writes and hub management.

One module per seam: ``reads`` (hub lists and contact details, the programme, its iCalendar
feed, who decides), ``programme`` (proposing and deciding activities, sign-ups with their
waiting list, attendance) and ``manage`` (creating and editing hubs and their programme
councils, versioned and audited). Callers import from this package:
``from zorgzaam.socialmap import hubs; hubs.signup_create(...)``."""

from __future__ import annotations

from ..models import Activity, CouncilMember, Hub, Session, SignUp
from .manage import (
    HUB_FIELDS,
    council_for_manager,
    council_member_add,
    council_member_get_for_manager,
    council_member_remove,
    council_person_find,
    hub_get_for_manager,
    hub_save,
    hub_versions,
)
from .programme import _validate_rrule as _validate_rrule
from .programme import (
    activity_decide,
    activity_propose,
    attendance_record,
    signup_cancel,
    signup_create,
)
from .reads import (
    MAX_RRULE_OCCURRENCES,
    HubContact,
    activity_get,
    can_decide,
    hub_contact,
    hub_get,
    hub_ical,
    hub_list,
    hub_list_with_contact,
    hub_of_area,
    hub_of_service,
    is_council_member,
    occurrences,
    past_sessions,
    programme,
)

__all__ = [
    "HUB_FIELDS",
    "MAX_RRULE_OCCURRENCES",
    "Activity",
    "CouncilMember",
    "Hub",
    "HubContact",
    "Session",
    "SignUp",
    "activity_decide",
    "activity_get",
    "activity_propose",
    "attendance_record",
    "can_decide",
    "council_for_manager",
    "council_member_add",
    "council_member_get_for_manager",
    "council_member_remove",
    "council_person_find",
    "hub_contact",
    "hub_get",
    "hub_get_for_manager",
    "hub_ical",
    "hub_list",
    "hub_list_with_contact",
    "hub_of_area",
    "hub_of_service",
    "hub_save",
    "hub_versions",
    "is_council_member",
    "occurrences",
    "past_sessions",
    "programme",
    "signup_cancel",
    "signup_create",
]
