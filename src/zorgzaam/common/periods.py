"""Date periods as datetime ranges, for filters that can use an index.

Report selectors take a period as inclusive local dates ``(start, end)``. Filtering a
datetime column with ``field__date__gte=start, field__date__lte=end`` means the same as
``field__gte=lo, field__lt=hi`` with the aware datetimes from ``aware_range``, but the
``__date`` form converts every row (on SQLite a Python function call per row; on PostgreSQL
``AT TIME ZONE … ::date``) and cannot use an index on the column.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone


def local_midnight(day: date) -> datetime:
    """00:00 on ``day`` in the current time zone, as an aware datetime in UTC. (In UTC so
    that Python arithmetic and comparisons are exact too: two datetimes sharing a zoneinfo
    are compared and subtracted on the wall clock, ignoring a daylight-saving change.)"""
    return timezone.make_aware(datetime.combine(day, time.min)).astimezone(UTC)


def aware_range(start: date, end: date) -> tuple[datetime, datetime]:
    """``(lo, hi)`` with ``lo <= moment < hi`` exactly when the moment's local date (current
    time zone) lies in ``start … end`` inclusive: midnight at the start of ``start`` and
    midnight at the start of the day after ``end``. Correct across daylight-saving changes
    (each bound is made aware on its own date)."""
    return local_midnight(start), local_midnight(end + timedelta(days=1))


def range_filter(field: str, start: date, end: date) -> dict[str, datetime]:
    """Keyword arguments for ``.filter(**range_filter("created_at", start, end))``: the
    index-friendly form of ``created_at__date__gte=start, created_at__date__lte=end``."""
    lo, hi = aware_range(start, end)
    return {f"{field}__gte": lo, f"{field}__lt": hi}
