"""Reporting periods: calendar quarters written ``2026-Q3``."""

from __future__ import annotations

import re
from datetime import date, timedelta

from zorgzaam.common.errors import ApplicationError

PERIOD_RE = re.compile(r"^(?P<year>20\d{2})-Q(?P<q>[1-4])$")


def period_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def period_parse(period: str) -> tuple[int, int]:
    match = PERIOD_RE.match((period or "").strip())
    if not match:
        raise ApplicationError(
            f"A period looks like 2026-Q3 (year, Q, quarter 1-4), not {period[:20]!r}.",
            field="period",
        )
    return int(match["year"]), int(match["q"])


def period_bounds(period: str) -> tuple[date, date]:
    """First and last day (inclusive) of the quarter."""
    year, q = period_parse(period)
    start = date(year, 3 * (q - 1) + 1, 1)
    end = date(year + 1, 1, 1) if q == 4 else date(year, 3 * q + 1, 1)
    return start, end - timedelta(days=1)


def period_shift(period: str, quarters: int) -> str:
    year, q = period_parse(period)
    index = year * 4 + (q - 1) + quarters
    return f"{index // 4}-Q{index % 4 + 1}"


def period_recent(today: date, count: int = 8) -> list[str]:
    """The current quarter and the ``count - 1`` before it, newest first."""
    current = period_of(today)
    return [period_shift(current, -i) for i in range(count)]


def period_range(last: str, count: int) -> list[str]:
    """``count`` quarters ending with ``last``, oldest first."""
    return [period_shift(last, i - count + 1) for i in range(count)]
