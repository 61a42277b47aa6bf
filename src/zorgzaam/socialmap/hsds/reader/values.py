"""Normalised comparison of values (``same_value``) and the checks of one scalar (UUIDs,
numbers, text length, control characters, real dates)."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit, urlunsplit

from ..spec import (
    MAX_STRING,
    NUMBER,
)

# --- normalised comparison ------------------------------------------------------------------
_TIME_VALUE = re.compile(r"^(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
_DATE_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_URL_VALUE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def normalise(value):
    """A value in the form two spellings of it share: used to compare, never stored."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, list):
        return [normalise(v) for v in value]
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items() if v is not None}
    if not isinstance(value, str):
        return value
    text = value.strip()
    match = _TIME_VALUE.match(text)
    if match:
        hours, minutes, seconds, fraction, zone = match.groups()
        zone = "+00:00" if zone == "Z" else zone
        return f"{hours}:{minutes}:{seconds or '00'}{fraction or ''}{zone or ''}"
    if _DATE_VALUE.match(text):
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return text
        if moment.time() == datetime.min.time() and moment.utcoffset() in (None, timedelta(0)):
            return moment.date().isoformat()
        return moment.isoformat()
    if _URL_VALUE.match(text):
        parts = urlsplit(text)
        path = parts.path if parts.path not in ("", "/") else ""
        return urlunsplit(
            (parts.scheme.lower(), parts.netloc.lower(), path, parts.query, parts.fragment)
        )
    return text


def same_value(a, b) -> bool:
    """Whether two values are the same after normalisation (see ``normalise``)."""
    if a == b:
        return True
    numbers = [isinstance(v, int | float) and not isinstance(v, bool) for v in (a, b)]
    if numbers[0] != numbers[1]:  # 10092008082 and "10092008082"; "01234" stays text
        try:
            return float(a) == float(b)
        except (TypeError, ValueError):
            return False
    return normalise(a) == normalise(b)


CANONICAL_UUID = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z"
)


def _is_uuid(value: str) -> bool:
    if isinstance(value, str) and CANONICAL_UUID.match(value):
        return True  # the usual form; anything else is judged by uuid.UUID as before
    try:
        uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        return False
    return len(value) == 36


_UNSET = object()


def _check_scalar(spec, key: str, value, ref=_UNSET) -> str | None:
    if value is None:
        return None
    if ref is _UNSET:
        ref = spec.ref(key)
    if ref is not None:
        if not isinstance(value, str) or (value and not _is_uuid(value)):
            return f"{key} must be a UUID, got {value!r}"
        return None
    kind = spec.scalars[key]
    if kind == NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"{key} must be a number, got {value!r}"
        return None
    if not isinstance(value, str):
        return f"{key} must be a string, got {type(value).__name__}"
    if len(value) > MAX_STRING:
        return f"{key} is {len(value)} characters long; at most {MAX_STRING} are accepted"
    if _CONTROL.search(value):
        return f"{key} holds a control character (such as NUL); it is not text"
    if value and _is_date_key(key) and not _is_iso_moment(value):
        return f"{key} must be a real date (YYYY-MM-DD) or date-time, got {value!r}"
    return None


#: Characters no text field holds: NUL and the other C0 controls except tab and line breaks.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DATE_KEYS = frozenset({"dtstart", "until", "valid_from", "valid_to"})


def _is_date_key(key: str) -> bool:
    return key.endswith("_date") or key in _DATE_KEYS


def _is_iso_moment(value: str) -> bool:
    """A date or date-time that exists (2026-02-30 does not)."""
    try:
        date.fromisoformat(value)
        return True
    except ValueError:
        pass
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
        return True
    except ValueError:
        return False
