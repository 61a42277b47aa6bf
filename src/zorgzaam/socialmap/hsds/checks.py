"""Checks of one HSDS row beyond the JSON schema: times, dates, RFC 5545 schedule rules and
required fields (used by ``loader.dataset_check`` and the search index).

From ``loader.py``; ``loader`` re-exports these names."""

from __future__ import annotations

import re
from datetime import date, datetime

from django.apps import apps

from .reader import Row
from .spec import KIND_FIELD, KINDS, TABLES

_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
_DAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
_FREQ = {"SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
_WKST = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"}


def model_of(table: str):
    return apps.get_model("socialmap", TABLES[table].model)


def time_minutes(value: str | None) -> int | None:
    """'10:00', '10:00:00', '09:30Z', '09:00+01:00' -> minutes after midnight (local)."""
    if not value:
        return None
    match = _TIME.match(value.strip())
    if not match:
        return None
    return int(match.group(1)) * 60 + int(match.group(2))


def parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        try:
            return datetime.fromisoformat(value).date()
        except ValueError:
            return None


def _int_list(value: str, low: int, high: int) -> bool:
    try:
        numbers = [int(p) for p in str(value).split(",") if p.strip()]
    except ValueError:
        return False
    return all(low <= abs(n) <= high for n in numbers) and 0 not in numbers


def schedule_problems(values: dict) -> list[tuple[str, str]]:
    """Impossible schedules: (field, reason)."""
    found = []
    for key in ("opens_at", "closes_at"):
        value = values.get(key)
        if value and time_minutes(value) is None:
            found.append((key, f"{value!r} is not a time (HH:MM, optionally :SS and a zone)"))
    opens, closes = time_minutes(values.get("opens_at")), time_minutes(values.get("closes_at"))
    if opens is not None and closes is not None and closes <= opens:
        found.append(("closes_at", "closes at or before it opens"))
    freq = values.get("freq")
    if freq and freq.upper() not in _FREQ:
        found.append(("freq", f"{freq!r} is not an RFC 5545 frequency"))
    byday = values.get("byday")
    if byday:
        bad = [d for d in byday.replace(" ", "").split(",") if d and not _DAY.match(d.upper())]
        if bad:
            found.append(("byday", f"{', '.join(bad)} not RFC 5545 days (MO, TU, ... or 1MO)"))
    wkst = values.get("wkst")
    if wkst and wkst.upper()[:2] not in _WKST:
        found.append(("wkst", f"{wkst!r} is not a day"))
    for key, low, high in (("bymonthday", 1, 31), ("byyearday", 1, 366), ("byweekno", 1, 53)):
        if values.get(key) and not _int_list(values[key], low, high):
            found.append((key, f"expects comma-separated numbers ±{low}..{high}"))
    for key in ("interval", "count"):
        value = values.get(key)
        if value is not None and (value < 1 or not float(value).is_integer()):
            found.append((key, f"{key} must be a whole number of at least 1"))
    timezone = values.get("timezone")
    if timezone is not None and not -12 <= timezone <= 14:
        found.append(("timezone", "a UTC offset lies between -12 and +14"))
    for key in ("valid_from", "valid_to", "dtstart", "until"):
        if values.get(key) and parse_date(values[key]) is None:
            found.append((key, f"{values[key]!r} is not a date (YYYY-MM-DD)"))
    start, end = parse_date(values.get("valid_from")), parse_date(values.get("valid_to"))
    if start and end and end < start:
        found.append(("valid_to", "ends before it starts"))
    return found


def _row_problems(row: Row) -> list[tuple[str, str]]:
    values = row.values
    if row.table == "schedule":
        return schedule_problems(values)
    found = []
    if row.table == "service":
        low, high = values.get("minimum_age"), values.get("maximum_age")
        for key in ("minimum_age", "maximum_age"):
            if values.get(key) is not None and not 0 <= values[key] <= 150:
                found.append((key, "an age lies between 0 and 150"))
        if low is not None and high is not None and high < low:
            found.append(("maximum_age", "is below minimum_age"))
    if row.table == "service" and row.extra.get(KIND_FIELD) not in (None, "", *KINDS):
        found.append((KIND_FIELD, f"{KIND_FIELD} is one of {', '.join(KINDS)}"))
    spec = TABLES[row.table]
    for key in spec.required:
        if values.get(key) in (None, ""):
            found.append((key, f"{key} is required"))
    return found
