"""Typed, strict helpers for reading settings from the environment.

Every setting of Zorgzaam is read through these helpers in ``base.py``; they refuse values
they do not understand instead of guessing (``env_bool("X")`` accepts only true/false/1/0/yes/no).
``env_str`` and friends also read ``<NAME>_FILE`` (a path to a file holding the value), so
secrets can come from mounted files.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_MISSING = object()
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}

#: Names of all variables read, for the generated docs (``zorgzaam settings-doc``).
READ: dict[str, str] = {}


def _raw(name: str) -> str | None:
    file_var = os.environ.get(f"{name}_FILE")
    if file_var:
        try:
            return Path(file_var).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={file_var!r} cannot be read: {exc}") from exc
    return os.environ.get(name)


def env_str(name: str, default: object = _MISSING, *, doc: str = "") -> str:
    READ[name] = doc
    value = _raw(name)
    if value is None or value == "":
        if default is _MISSING:
            raise ImproperlyConfigured(f"Environment variable {name} is required ({doc}).")
        return str(default)
    return value


def env_bool(name: str, default: bool, *, doc: str = "") -> bool:
    READ[name] = doc
    value = _raw(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int, *, doc: str = "") -> int:
    READ[name] = doc
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}.") from exc


def env_list(name: str, default: list[str], *, doc: str = "") -> list[str]:
    READ[name] = doc
    value = _raw(name)
    if value is None or value == "":
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]
