"""Weekly availability slots: 7 days x 3 day parts = 21 bits.

Bit ``day * 3 + part`` with ``day`` 0 = Monday ... 6 = Sunday and ``part`` 0 = morning
(06:00-12:00), 1 = afternoon (12:00-18:00), 2 = evening (18:00-24:00).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .errors import InvalidValueError

DAYS = 7
PARTS = 3
N_SLOTS = DAYS * PARTS
ALL_SLOTS = (1 << N_SLOTS) - 1
MORNING, AFTERNOON, EVENING = 0, 1, 2
#: start hour of each day part; a part lasts until the next one starts (evening until 24:00)
PART_START_HOURS = (6, 12, 18)

DAY_NAMES = {
    "nl": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
PART_NAMES = {
    "nl": ("ochtend", "middag", "avond"),
    "en": ("morning", "afternoon", "evening"),
}


def slot_bit(day: int, part: int) -> int:
    """Bit position of ``(day, part)``."""
    if not (0 <= day < DAYS and 0 <= part < PARTS):
        raise InvalidValueError(f"no such slot: day={day!r}, part={part!r}")
    return day * PARTS + part


def slot_mask(slots: Iterable[tuple[int, int]]) -> int:
    """Mask of an iterable of ``(day, part)`` pairs."""
    mask = 0
    for day, part in slots:
        mask |= 1 << slot_bit(day, part)
    return mask


def check_mask(mask: int, what: str = "slot mask") -> int:
    """Validate a 21-bit slot mask and return it as ``int``."""
    if isinstance(mask, bool) or not isinstance(mask, int):
        try:
            import numpy as np

            if isinstance(mask, np.integer):
                mask = int(mask)
            else:
                raise TypeError
        except TypeError:
            raise InvalidValueError(f"{what} must be an int, not {type(mask).__name__}") from None
    if mask < 0 or mask > ALL_SLOTS:
        raise InvalidValueError(f"{what} {mask:#x} has bits outside the 21 weekly slots")
    return mask


def slots_of(mask: int) -> list[tuple[int, int]]:
    """The ``(day, part)`` pairs set in ``mask``, Monday morning first."""
    mask = check_mask(mask)
    return [divmod(b, PARTS) for b in range(N_SLOTS) if mask >> b & 1]


def window_to_slots(start: dt.datetime, end: dt.datetime) -> int:
    """Slots touched by a one-off time window ``[start, end)`` (naive local times).

    A window shorter than a week maps to the weekday/day-part slots it overlaps; the hours
    00:00-06:00 are counted as the evening of the previous day.
    """
    if end <= start:
        raise InvalidValueError("window end must be after its start")
    if end - start >= dt.timedelta(days=7):
        return ALL_SLOTS
    mask = 0
    t = start
    while t < end:
        # shift so that 06:00 becomes 00:00: then part = hour // 6 clipped to 2
        shifted = t - dt.timedelta(hours=PART_START_HOURS[0])
        part = min(shifted.hour // 6, EVENING)
        mask |= 1 << slot_bit(shifted.weekday(), part)
        # jump to the start of the next day part
        if part < EVENING:
            nxt_hour = PART_START_HOURS[part + 1]
            nxt = t.replace(hour=nxt_hour, minute=0, second=0, microsecond=0)
            if nxt <= t:  # pragma: no cover - defensive
                nxt += dt.timedelta(days=1)
        else:
            base = shifted.replace(hour=0, minute=0, second=0, microsecond=0)
            nxt = base + dt.timedelta(days=1, hours=PART_START_HOURS[0])
        t = nxt
    return mask


def slot_name(day: int, part: int, lang: str = "nl", *, recurring: bool = True) -> str:
    """``"dinsdagochtend"`` / ``"Tuesday mornings"`` (``"Tuesday morning"`` if one-off)."""
    slot_bit(day, part)
    if lang == "nl":
        return DAY_NAMES["nl"][day] + PART_NAMES["nl"][part]
    name = f"{DAY_NAMES['en'][day]} {PART_NAMES['en'][part]}"
    return name + "s" if recurring else name
