"""The Dutch citizen service number (BSN): the 11-proef, masking, and the blind index.

A BSN is never logged, never shown in lists, and on screen masked unless revealed (audited).
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from zorgzaam.common.errors import ApplicationError
from zorgzaam.common.fields import blind_index, blind_indexes

_SEPARATORS = re.compile(r"[\s.\-]")


def bsn_normalise(value: str) -> str:
    """Strip spaces, dots and dashes; pad 8 digits with a leading zero (old numbers)."""
    digits = _SEPARATORS.sub("", value or "")
    if len(digits) == 8 and digits.isdigit():
        digits = "0" + digits
    return digits


def bsn_is_valid(value: str) -> bool:
    """The 11-proef: 9 digits d1..d9, 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 divisible by 11."""
    digits = bsn_normalise(value)
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    weights = [9, 8, 7, 6, 5, 4, 3, 2, -1]
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 == 0


def bsn_clean(value: str) -> str:
    """The normalised BSN, or ApplicationError (the message never repeats the number)."""
    digits = bsn_normalise(value)
    if not bsn_is_valid(digits):
        raise ApplicationError(
            _("This is not a valid citizen service number (BSN): it fails the 11-check."),
            field="bsn",
        )
    return digits


def bsn_index(value: str) -> str:
    """The blind index stored beside the BSN (keyed with the newest key)."""
    return blind_index("casework.bsn:" + bsn_normalise(value))


def bsn_indexes(value: str) -> list[str]:
    """The blind index under every key set: what a lookup matches while a rotation runs."""
    return blind_indexes("casework.bsn:" + bsn_normalise(value))


def bsn_mask(value: str) -> str:
    return "•••••••••" if value else ""
