"""Screens of neighbour help. Views parse, call one service or selector, and render; every
view declares its access rule (``@public`` or ``@requires``).

One module per seam: ``base`` (labels, the form -> service helpers), ``public`` (the form
without an account, its rate limits), ``resident``, ``volunteer`` (tasks, profile, hours, a
buddy's check-in), ``coordinate`` (villages and requests), ``coordinate_people`` (volunteers,
buddy pairings, concerns) and ``professional`` (on behalf of a resident, the inbox). The
messages and contact-preference screens live in ``help/views_messages.py`` and
``help/views_notify.py``.
``help/urls.py`` uses the names re-exported here.
"""

from __future__ import annotations

from .base import skill_label
from .coordinate import (
    coordinate,
    coordinate_assign,
    coordinate_block,
    coordinate_buddy_start,
    coordinate_cancel,
    coordinate_compare,
    coordinate_done,
    coordinate_hours,
    coordinate_phone,
    coordinate_plan,
    coordinate_propose,
    coordinate_request,
    coordinate_village,
)
from .coordinate_people import (
    coordinate_buddies,
    coordinate_buddy_end,
    coordinate_concern_handle,
    coordinate_concerns,
    coordinate_volunteer,
    coordinate_volunteers,
)
from .professional import inbox, inbox_read, on_behalf, on_behalf_people
from .public import ask, ask_thanks
from .resident import concern_new, my_request, my_request_cancel, my_request_new, my_requests
from .volunteer import (
    buddy_checkin,
    task,
    task_accept,
    task_decline,
    task_done,
    tasks,
    volunteer_hours,
    volunteer_profile,
)

__all__ = [
    "ask",
    "ask_thanks",
    "buddy_checkin",
    "concern_new",
    "coordinate",
    "coordinate_assign",
    "coordinate_block",
    "coordinate_buddies",
    "coordinate_buddy_end",
    "coordinate_buddy_start",
    "coordinate_cancel",
    "coordinate_compare",
    "coordinate_concern_handle",
    "coordinate_concerns",
    "coordinate_done",
    "coordinate_hours",
    "coordinate_phone",
    "coordinate_plan",
    "coordinate_propose",
    "coordinate_request",
    "coordinate_village",
    "coordinate_volunteer",
    "coordinate_volunteers",
    "inbox",
    "inbox_read",
    "my_request",
    "my_request_cancel",
    "my_request_new",
    "my_requests",
    "on_behalf",
    "on_behalf_people",
    "skill_label",
    "task",
    "task_accept",
    "task_decline",
    "task_done",
    "tasks",
    "volunteer_hours",
    "volunteer_profile",
]
