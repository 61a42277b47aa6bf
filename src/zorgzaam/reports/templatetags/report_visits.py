"""``{% visit_last report as visit %}``: the last work visit or hearing, up to the end of the
report's quarter, whose outcome is recorded (``visits.visit_last_held``); None for the public
report (the outcome is written for the council)."""

from __future__ import annotations

from django import template

from zorgzaam.stories.models import Audience

from ..visits import visit_last_held

register = template.Library()


_UNREAD = object()


@register.simple_tag
def visit_last(report):
    """Read once per report object (kept on it), so a second render costs no query."""
    if getattr(report, "audience", None) != Audience.COUNCIL:
        return None
    found = getattr(report, "_visit_last", _UNREAD)
    if found is _UNREAD:
        found = visit_last_held(report.municipality, report.end)
        report._visit_last = found
    return found
