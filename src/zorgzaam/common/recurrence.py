"""Recurrence in words, for every schedule shown to people: HSDS schedules of the social map
(``freq``, ``interval``, ``byday``, ``bymonthday``, ``opens_at``, ``closes_at``) and RFC 5545
rules of hub activities (``FREQ=WEEKLY;BYDAY=FR``). "elke vrijdag 10:00–12:00" in Dutch,
"every Friday 10:00–12:00" in English; never the raw codes."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext, ngettext

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _day(code: str) -> str:
    return str(WEEKDAYS[DAY_CODES.index(code)]) if code in DAY_CODES else code


def _days(codes: list[str]) -> str:
    """ "vrijdag", "dinsdag en donderdag", "maandag t/m vrijdag" (three or more in a row)."""
    indexes = sorted({DAY_CODES.index(c) for c in codes if c in DAY_CODES})
    if not indexes:
        return ""
    if len(indexes) >= 3 and indexes == list(range(indexes[0], indexes[-1] + 1)):
        return gettext("%(first)s to %(last)s") % {
            "first": _day(DAY_CODES[indexes[0]]),
            "last": _day(DAY_CODES[indexes[-1]]),
        }
    names = [_day(DAY_CODES[i]) for i in indexes]
    if len(names) == 1:
        return names[0]
    return gettext("%(days)s and %(last)s") % {"days": ", ".join(names[:-1]), "last": names[-1]}


def _time(value: str | None) -> str:
    """ "10:00" from "10:00", "10:00:00" or "1000"; "" when absent or unreadable."""
    if not value:
        return ""
    text = str(value).strip()
    if ":" not in text and len(text) == 4 and text.isdigit():
        text = f"{text[:2]}:{text[2:]}"
    return text[:5] if len(text) >= 5 and text[2] == ":" else text


def describe(
    *,
    freq: str | None = None,
    interval: int | float | None = None,
    byday: str | None = None,
    bymonthday: str | None = None,
    opens_at: str | None = None,
    closes_at: str | None = None,
) -> str:
    """The schedule in words in the active language; "" when there is nothing to say."""
    freq = (freq or ("WEEKLY" if byday else "")).upper()
    every = int(interval or 1)
    codes = [c.strip().upper()[-2:] for c in (byday or "").split(",") if c.strip()]
    days = _days(codes)
    if freq == "DAILY" and not days:
        text = gettext("every day") if every == 1 else gettext("every %(n)s days") % {"n": every}
    elif freq == "WEEKLY" or (days and not freq):
        if days and every == 1:
            text = gettext("every %(days)s") % {"days": days}
        elif days:
            text = ngettext(
                "every %(n)s week on %(days)s", "every %(n)s weeks on %(days)s", every
            ) % {"n": every, "days": days}
        else:
            text = (
                gettext("every week") if every == 1 else gettext("every %(n)s weeks") % {"n": every}
            )
    elif freq == "MONTHLY":
        monthday = (bymonthday or "").split(",")[0].strip()
        if monthday.isdigit():
            text = gettext("every month on day %(n)s") % {"n": monthday}
        elif days:
            text = gettext("every month on a %(days)s") % {"days": days}
        else:
            text = gettext("every month")
    elif freq == "YEARLY":
        text = gettext("every year")
    else:
        text = days
    opens, closes = _time(opens_at), _time(closes_at)
    if opens and closes:
        hours = f"{opens}–{closes}"
    else:
        hours = gettext("from %(time)s") % {"time": opens} if opens else ""
    return " ".join(part for part in (text, hours) if part)


def parse_rule(rule: str) -> dict[str, str]:
    """``FREQ=WEEKLY;BYDAY=FR`` (with or without ``RRULE:``) as {"FREQ": "WEEKLY", ...}."""
    text = (rule or "").strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    parts = {}
    for item in text.split(";"):
        key, _sep, value = item.partition("=")
        if key.strip():
            parts[key.strip().upper()] = value.strip()
    return parts


def describe_rule(rule: str, starts_at: datetime, duration_minutes: int | None = None) -> str:
    """An activity: its RRULE from its first session (the weekday and times of ``starts_at``
    when the rule names none); a one-off activity is its date and time."""
    start = timezone.localtime(starts_at) if timezone.is_aware(starts_at) else starts_at
    end = start + timedelta(minutes=duration_minutes) if duration_minutes else None
    opens, closes = start.strftime("%H:%M"), end.strftime("%H:%M") if end else None
    parts = parse_rule(rule)
    if not parts.get("FREQ"):
        from django.utils import formats

        day = formats.date_format(start, "l j F Y")
        return " ".join(p for p in (day, f"{opens}–{closes}" if closes else opens) if p)
    byday = parts.get("BYDAY")
    bymonthday = parts.get("BYMONTHDAY")
    if parts["FREQ"].upper() == "WEEKLY" and not byday:
        byday = DAY_CODES[start.weekday()]
    if parts["FREQ"].upper() == "MONTHLY" and not byday and not bymonthday:
        bymonthday = str(start.day)
    interval = parts.get("INTERVAL", "1")
    return describe(
        freq=parts["FREQ"],
        interval=int(interval) if interval.isdigit() else 1,
        byday=byday,
        bymonthday=bymonthday,
        opens_at=opens,
        closes_at=closes,
    )
