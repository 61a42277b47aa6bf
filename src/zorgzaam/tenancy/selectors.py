"""Reads for tenancy and geography."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from zorgzaam.common.errors import ApplicationError

from .models import Municipality, PostcodeArea

_POSTCODE = re.compile(r"^\s*([1-9]\d{3})\s*([A-Za-z]{2})?\s*$")


def postcode_normalise(value: str) -> str:
    """'2811ab' -> '2811 AB'; '2811' -> '2811'. Raises ApplicationError on anything else."""
    match = _POSTCODE.match(value or "")
    if not match or (match.group(2) and match.group(2).upper() in {"SA", "SD", "SS"}):
        raise ApplicationError(
            _("“%(value)s” is not a Dutch postcode (e.g. 2811 AB or 2811).")
            % {"value": (value or "").strip()[:20]},
            field="postcode",
        )
    digits, letters = match.group(1), match.group(2)
    return f"{digits} {letters.upper()}" if letters else digits


def postcode_area_get(value: str) -> PostcodeArea:
    pc4 = postcode_normalise(value)[:4]
    try:
        return PostcodeArea.objects.select_related("area", "municipality").get(pc4=pc4)
    except PostcodeArea.DoesNotExist as exc:
        raise ApplicationError(
            _("Postcode %(pc)s is unknown.") % {"pc": pc4}, field="postcode"
        ) from exc


def postcode_area_in_municipality(value: str, municipality: Municipality) -> PostcodeArea:
    area = postcode_area_get(value)
    if area.municipality_id != municipality.pk:
        raise ApplicationError(
            _("Postcode %(pc)s lies outside %(m)s.") % {"pc": area.pc4, "m": municipality.name},
            field="postcode",
        )
    return area


def municipality_get(code: str) -> Municipality:
    from .services import municipality_code_normalise

    normalised = municipality_code_normalise(code)
    try:
        return Municipality.objects.get(code=normalised)
    except Municipality.DoesNotExist as exc:
        raise ApplicationError(
            f"Municipality {normalised} is unknown.", field="municipality"
        ) from exc
