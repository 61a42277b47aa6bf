"""Writes of neighbour help. Each service runs in one transaction, validates its input (a
clear ``ApplicationError`` for bad input, nothing half-written), records its audit event in
the same transaction, and queues notifications after commit.

State changes that can race (two volunteers accepting the same task, one volunteer accepting
two tasks beyond their capacity) are conditional UPDATEs: ``... WHERE status = 'proposed'``
and ``... WHERE active_tasks < max_active_tasks``; the loser gets a clear error.

One module per seam: ``base`` (notifying, validating, status changes), ``volunteers``,
``requests`` (creating a request), ``proposals`` (proposing, accepting, declining, the batch
assignment), ``lifecycle`` (planning, completing, hours, cancelling, expiry, reminders),
``buddies`` and ``safety`` (concerns and blocks). Callers import from this package.
"""

from __future__ import annotations

from .buddies import (
    buddy_checkin_record,
    buddy_checkins_prompt,
    buddy_pairing_end,
    buddy_pairing_start,
)
from .lifecycle import (
    help_reminders_send,
    help_request_cancel,
    help_request_complete,
    help_request_plan,
    help_request_record_hours,
    help_requests_expire,
)
from .proposals import (
    engine_proposal,
    help_batch_assign,
    help_request_propose,
    is_blocked,
    logger,
    proposal_accept,
    proposal_decline,
)
from .requests import (
    DEFAULT_WINDOW,
    MAX_LEAD,
    help_request_create,
    help_request_create_for_new_person,
)
from .safety import (
    concern_handle,
    concern_report,
    pairing_block,
)
from .volunteers import (
    volunteer_profile_save,
)

__all__ = [
    "DEFAULT_WINDOW",
    "MAX_LEAD",
    "buddy_checkin_record",
    "buddy_checkins_prompt",
    "buddy_pairing_end",
    "buddy_pairing_start",
    "concern_handle",
    "concern_report",
    "engine_proposal",
    "help_batch_assign",
    "help_reminders_send",
    "help_request_cancel",
    "help_request_complete",
    "help_request_create",
    "help_request_create_for_new_person",
    "help_request_plan",
    "help_request_propose",
    "help_request_record_hours",
    "help_requests_expire",
    "is_blocked",
    "logger",
    "pairing_block",
    "proposal_accept",
    "proposal_decline",
    "volunteer_profile_save",
]
