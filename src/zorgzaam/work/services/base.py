"""What the work writes share: validation, the municipality check, month arithmetic, postcodes
and vocabulary terms."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zorgzaam.common.errors import ApplicationError

_POSTCODE = re.compile(r"^\s*([1-9]\d{3})\s*([A-Za-z]{2})\s*$")


def _clean(obj) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        name, messages = next(iter(exc.message_dict.items()))
        field: str | None = None if name == "__all__" else name
        raise ApplicationError(" ".join(messages), field=field) from None


def _same_municipality(actor, *objs) -> None:
    for obj in objs:
        if obj is not None and obj.municipality_id != actor.municipality_id:
            raise ApplicationError(_("That belongs to another municipality."))


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def normalise_postcode(value: str) -> str:
    match = _POSTCODE.match(value or "")
    if not match:
        raise ApplicationError(_("A postcode looks like 2411 AB."), field="postcode")
    return f"{match.group(1)} {match.group(2).upper()}"


def _check_terms(values: Iterable[str], table: dict, what: str) -> list[str]:
    values = list(dict.fromkeys(values))
    unknown = [v for v in values if v not in table]
    if unknown:
        raise ApplicationError(
            _("Unknown %(what)s: %(terms)s.") % {"what": what, "terms": ", ".join(unknown)},
            field=what,
        )
    return values
