"""Hours of help: how long a done task (or a whole buddy pairing) took, as the volunteer or
the coordinator types it when marking it done. Optional; stored in quarter hours.

``parse_hours`` is the one place that reads such input (services call it; forms pass the
text on): ``None`` or empty means "not recorded"; a number or text like ``1,5``, ``1.5``,
``1:30`` or ``2 uur`` becomes a ``Decimal`` rounded to the nearest quarter hour, from a
quarter of an hour up to ``maximum``. Anything else is a clear ``ApplicationError`` with
``field="hours"``.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zorgzaam.common.errors import ApplicationError

QUARTER = Decimal("0.25")
MIN_HOURS = QUARTER
#: one task (a lift, an afternoon in the garden, a long day of moving house)
MAX_HOURS = Decimal("200")
#: a whole buddy pairing, which can run for years (the column holds up to 999.99)
MAX_BUDDY_HOURS = Decimal("999.75")

_NUMBER = re.compile(r"^(-?\d{0,6})(?:[.,](\d{1,4}))?\s*(?:u|uur|h|hrs?|hours?)?\.?$", re.I)
_CLOCK = re.compile(r"^(\d{1,3}):([0-5]\d)$")


def validate_quarter_hours(value) -> None:
    """Model validator: hours are stored in whole quarter hours."""
    if value is not None and Decimal(value) % QUARTER != 0:
        raise ValidationError(_("Hours are recorded in quarter hours."), code="quarter_hours")


def _number(value) -> Decimal:
    if isinstance(value, bool):
        raise InvalidOperation
    if isinstance(value, Decimal | int | float):
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
        if not number.is_finite():
            raise InvalidOperation
        return number
    if not isinstance(value, str):
        raise InvalidOperation
    text = value.strip()
    clock = _CLOCK.match(text)
    if clock:
        return Decimal(clock.group(1)) + Decimal(clock.group(2)) / 60
    match = _NUMBER.match(text)
    if match is None:
        raise InvalidOperation
    whole, fraction = match.groups()
    if whole in ("", "-") and fraction is None:
        raise InvalidOperation
    return Decimal(f"{whole or 0}.{fraction or 0}") if whole != "-" else -Decimal(f"0.{fraction}")


def parse_hours(value, *, maximum: Decimal = MAX_HOURS) -> Decimal | None:
    """``value`` as hours in quarter hours, or ``None`` when nothing was given."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = _number(value)
    except (InvalidOperation, ValueError) as exc:
        raise ApplicationError(
            gettext("Give the hours as a number, for example 1.5 for an hour and a half."),
            field="hours",
        ) from exc
    hours = (number / QUARTER).quantize(Decimal(1), rounding=ROUND_HALF_UP) * QUARTER
    if hours < MIN_HOURS:
        raise ApplicationError(
            gettext("Give at least a quarter of an hour (0.25), or leave it empty."),
            field="hours",
        )
    if hours > maximum:
        raise ApplicationError(
            gettext("At most %(max)s hours; check the number.")
            % {"max": number_format(maximum.normalize(), use_l10n=True)},
            field="hours",
        )
    return hours.quantize(Decimal("0.01"))


def hours_display(value) -> str:
    """Hours as people write them, in the active language: ``1,5``, ``10``, ``1,25``
    (no trailing zeros, no exponent)."""
    if value is None:
        return ""
    number = Decimal(value).quantize(Decimal("0.01"))
    text = f"{number.normalize():f}"
    return number_format(Decimal(text), use_l10n=True)
