"""Screens of the work part. Views parse, call one service or selector, and render.

One module per seam: ``base`` (permission names and labels), ``jobseekers`` (job seekers and
their placements), ``employers``, ``groups`` (peer groups and sessions) and ``contracts``
(SROI). ``urls.py`` names the views through this package."""

from __future__ import annotations

from .base import (
    COORD,
    SROI,
)
from .base import _balance_label as _balance_label
from .contracts import (
    contract_detail,
    contract_list,
    contract_new,
    table_list,
)
from .employers import (
    employer_detail,
    employer_edit,
    employer_list,
    employer_new,
)
from .groups import (
    peergroup_detail,
    peergroup_list,
    peergroup_member_add,
    peergroup_member_outcome,
    session_add,
    session_detail,
)
from .jobseekers import (
    followup_record,
    jobseeker_detail,
    jobseeker_edit,
    jobseeker_list,
    jobseeker_new,
    jobseeker_register,
    placement_detail,
    placement_end,
    placement_new,
)

__all__ = [
    "COORD",
    "SROI",
    "contract_detail",
    "contract_list",
    "contract_new",
    "employer_detail",
    "employer_edit",
    "employer_list",
    "employer_new",
    "followup_record",
    "jobseeker_detail",
    "jobseeker_edit",
    "jobseeker_list",
    "jobseeker_new",
    "jobseeker_register",
    "peergroup_detail",
    "peergroup_list",
    "peergroup_member_add",
    "peergroup_member_outcome",
    "placement_detail",
    "placement_end",
    "placement_new",
    "session_add",
    "session_detail",
    "table_list",
]
