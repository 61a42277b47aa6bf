"""Writes of casework: ``<entity>_<verb>(*, actor, ...)``, atomic, audited in the same
transaction (ids and field names only, never values).

One module per seam: ``base`` (inputs and the helpers every write shares), ``household``
(intake, members, team, consent, network, urgency, retention), ``plan`` (goals and actions),
``referrals``, ``records`` (measurements, notes, break-the-glass). Callers import from this
package; the names below are its public surface."""

from __future__ import annotations

from .base import (
    BsnConflict,
    IntakeInput,
    MemberInput,
    current_zrm_version,
)
from .base import _audit as _audit
from .base import _ensure_access as _ensure_access
from .base import _save as _save
from .household import (
    consent_register,
    consent_withdraw,
    household_assign,
    household_close,
    household_intake,
    households_purge,
    member_add,
    member_update,
    network_member_add,
    urgency_decide,
    urgency_request,
)
from .plan import (
    action_create_formal,
    action_link_suggestion,
    action_set_status,
    domain_has_informal_action,
    goal_create,
    goal_update,
)
from .records import (
    break_glass_open,
    break_glass_review,
    measurement_record,
    note_create,
)
from .referrals import (
    referral_send,
    referral_update,
)

__all__ = [
    "BsnConflict",
    "IntakeInput",
    "MemberInput",
    "action_create_formal",
    "action_link_suggestion",
    "action_set_status",
    "break_glass_open",
    "break_glass_review",
    "consent_register",
    "consent_withdraw",
    "current_zrm_version",
    "domain_has_informal_action",
    "goal_create",
    "goal_update",
    "household_assign",
    "household_close",
    "household_intake",
    "households_purge",
    "measurement_record",
    "member_add",
    "member_update",
    "network_member_add",
    "note_create",
    "referral_send",
    "referral_update",
    "urgency_decide",
    "urgency_request",
]
