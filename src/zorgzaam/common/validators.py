"""Checks of free input shared by the parts (services call them, so every way in is covered)."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from .errors import ApplicationError

_PHONE = re.compile(r"\+?[0-9 ()./-]{6,30}")
_LINE_BREAK_OR_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def phone_clean(value: str, *, field: str = "phone") -> str:
    """A phone number: digits with spaces, dashes, dots, brackets and a leading +, at least
    six digits. Anything else (markup, letters) is refused; empty stays empty."""
    value = (value or "").strip()
    if value and (not _PHONE.fullmatch(value) or sum(c.isdigit() for c in value) < 6):
        raise ApplicationError(_("Give a phone number such as 0172 123456."), field=field)
    return value


def single_line(value: str, *, field: str) -> str:
    """A title or name of one line: no line breaks or other control characters (they break
    calendar files, CSV rows and e-mail headers)."""
    value = (value or "").strip()
    if _LINE_BREAK_OR_CONTROL.search(value):
        raise ApplicationError(
            _("Use one line, without line breaks or control characters."), field=field
        )
    return value
