"""Writes of the work part: ``<entity>_<verb>(*, actor, ...)``, atomic, validated, audited.

One module per seam: ``base`` (validation helpers), ``employers`` (employers and job seekers),
``placements`` (placements and follow-ups), ``groups`` (peer groups) and ``contracts`` (SROI
tables, contracts and their fulfilment). Callers import from this package."""

from __future__ import annotations

from .base import _clean as _clean
from .base import (
    normalise_postcode,
)
from .contracts import (
    contract_create,
    fulfilment_add,
    table_create,
)
from .employers import (
    EMPLOYER_FIELDS,
    JOB_SEEKER_FIELDS,
    employer_create,
    employer_update,
    job_seeker_register,
    job_seeker_update,
)
from .groups import (
    attendance_record,
    peer_group_add_member,
    peer_group_create,
    peer_group_set_outcome,
    session_add,
)
from .placements import (
    follow_up_record,
    placement_bonuses,
    placement_end,
    placement_record,
)

__all__ = [
    "EMPLOYER_FIELDS",
    "JOB_SEEKER_FIELDS",
    "attendance_record",
    "contract_create",
    "employer_create",
    "employer_update",
    "follow_up_record",
    "fulfilment_add",
    "job_seeker_register",
    "job_seeker_update",
    "normalise_postcode",
    "peer_group_add_member",
    "peer_group_create",
    "peer_group_set_outcome",
    "placement_bonuses",
    "placement_end",
    "placement_record",
    "session_add",
    "table_create",
]
