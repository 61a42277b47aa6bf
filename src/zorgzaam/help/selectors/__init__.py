"""Reads of neighbour help, scoped per actor. Also the functions other parts call:

* ``volunteers_near(municipality, lat, lon, skill=None, limit=10)`` (casework's
  informal-first nudge),
* ``help_counts_by_village(municipality, period)``,
  ``help_volunteers_active(municipality, period)`` and
  ``help_hours_volunteers(municipality, period)`` (council report),
* ``help_request_candidates(help_request, k=10)`` (top proposals with reasons).

One module per seam: ``reports`` (the functions other parts call), ``candidates`` (ranking,
search and comparison of volunteers for a request), ``coordinator``, ``volunteer`` and
``resident`` (each role's own reads; the inbox with the resident's). Other parts and the
help screens import from this package (``zorgzaam.help.selectors``), which re-exports every
name below.
"""

from __future__ import annotations

from .candidates import (
    COMPARE_MAX,
    FACT_CODES,
    FACT_LABELS,
    Candidate,
    CandidateSearch,
    CompareRow,
    Fact,
    candidate_common_facts,
    help_request_candidate_search,
    help_request_candidates,
    help_request_candidates_compare,
)
from .coordinator import (
    area_get_for_coordinator,
    call_entry_get_for_coordinator,
    call_list_for_coordinator,
    concern_get_for_coordinator,
    concern_list_for_coordinator,
    contact_preference_of,
    help_request_get_for_coordinator,
    help_request_list_for_coordinator,
    notifications_of_request,
    pairing_get_for_actor,
    pairing_list_for_coordinator,
    village_summary,
    volunteer_get_for_coordinator,
)
from .reports import (
    MATCHED_STATES,
    NearbyVolunteer,
    help_counts_by_village,
    help_hours_volunteers,
    help_volunteers_active,
    volunteers_near,
)
from .resident import (
    help_request_get_for_concern,
    help_request_get_for_resident,
    help_request_list_for_resident,
    helper_first_name,
    notification_get_for_user,
    notifications_for,
)
from .volunteer import (
    HoursSummary,
    contact_visible,
    proposal_get_for_volunteer,
    proposal_list_for_volunteer,
    volunteer_hours,
    volunteer_profile_of,
)

__all__ = [
    "COMPARE_MAX",
    "Candidate",
    "CandidateSearch",
    "CompareRow",
    "FACT_CODES",
    "FACT_LABELS",
    "Fact",
    "HoursSummary",
    "MATCHED_STATES",
    "NearbyVolunteer",
    "area_get_for_coordinator",
    "call_entry_get_for_coordinator",
    "call_list_for_coordinator",
    "candidate_common_facts",
    "concern_get_for_coordinator",
    "concern_list_for_coordinator",
    "contact_preference_of",
    "contact_visible",
    "help_counts_by_village",
    "help_hours_volunteers",
    "help_request_candidate_search",
    "help_request_candidates",
    "help_request_candidates_compare",
    "help_request_get_for_concern",
    "help_request_get_for_coordinator",
    "help_request_get_for_resident",
    "help_request_list_for_coordinator",
    "help_request_list_for_resident",
    "help_volunteers_active",
    "helper_first_name",
    "notification_get_for_user",
    "notifications_for",
    "notifications_of_request",
    "pairing_get_for_actor",
    "pairing_list_for_coordinator",
    "proposal_get_for_volunteer",
    "proposal_list_for_volunteer",
    "village_summary",
    "volunteer_get_for_coordinator",
    "volunteer_hours",
    "volunteer_profile_of",
    "volunteers_near",
]
