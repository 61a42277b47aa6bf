"""``{{ schedule|recurrence }}`` and ``{{ activity|recurrence }}``: when something happens,
in words ("elke vrijdag 10:00–12:00"). The one place schedules are put into words."""

from django import template

from zorgzaam.common.recurrence import describe, describe_rule

register = template.Library()


@register.filter
def recurrence(obj) -> str:
    """An activity (``rrule`` + ``starts_at``) or an HSDS schedule (``freq``, ``byday``, ...);
    a schedule with no structured fields falls back to its description."""
    if obj is None:
        return ""
    if hasattr(obj, "rrule") and hasattr(obj, "starts_at"):
        return describe_rule(obj.rrule, obj.starts_at, getattr(obj, "duration_minutes", None))
    text = describe(
        freq=getattr(obj, "freq", None),
        interval=getattr(obj, "interval", None),
        byday=getattr(obj, "byday", None),
        bymonthday=getattr(obj, "bymonthday", None),
        opens_at=getattr(obj, "opens_at", None),
        closes_at=getattr(obj, "closes_at", None),
    )
    return text or (getattr(obj, "description", None) or "")
