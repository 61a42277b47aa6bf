"""The demo's texts and tables as data files: TOML in a ``demo_data/`` folder next to the
demo code of each part, so a municipality or translator can edit them without touching code.

``load(package, name, schema)`` reads ``<package>/demo_data/<name>``, checks it against a
small schema and returns plain Python values. A malformed file or entry raises
``DemoDataError`` naming the file and the entry (``scenario[3] "kwaliteit-van-leven" .help[1]:
missing "role"``), so the demo fails at once with a message one can act on.

Schema:
- a type (``str``, ``int``, ``float``, ``bool``, ``datetime.time``): a value of that type
  (an ``int`` is accepted where a ``float`` is asked); a tuple of types: any of them;
- ``[spec]``: a list whose items each match ``spec``;
- ``{"key": spec, ...}``: a table with exactly those keys (``Opt(spec, default)`` for an
  optional key);
- ``OneOf("a", "b")``: one of those strings; ``NonEmpty(spec)``: a non-empty string or list;
- ``Mapping(spec)``: a table with free keys, each value matching ``spec``.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

FOLDER = "demo_data"


class DemoDataError(ValueError):
    """A demo data file is missing or malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Opt:
    spec: Any
    default: Any = None


@dataclass(frozen=True)
class OneOf:
    choices: tuple[str, ...]

    def __init__(self, *choices: str) -> None:
        object.__setattr__(self, "choices", tuple(choices))


@dataclass(frozen=True)
class NonEmpty:
    spec: Any


@dataclass(frozen=True)
class Mapping:
    spec: Any


def _label(value: Any) -> str:
    """A short name for a table in an error message: its first text field."""
    if isinstance(value, dict):
        for item in value.values():
            if isinstance(item, str) and item:
                return f' "{item[:40]}"'
    return ""


def _check(value: Any, spec: Any, where: str) -> Any:
    if isinstance(spec, NonEmpty):
        value = _check(value, spec.spec, where)
        if not value:
            raise DemoDataError(f"{where}: must not be empty")
        return value
    if isinstance(spec, OneOf):
        if value not in spec.choices:
            raise DemoDataError(f"{where}: {value!r} is not one of {', '.join(spec.choices)}")
        return value
    if isinstance(spec, list):
        if not isinstance(value, list):
            raise DemoDataError(f"{where}: expected a list, got {type(value).__name__}")
        return [
            _check(item, spec[0], f"{where}[{i}]{_label(item)}") for i, item in enumerate(value)
        ]
    if isinstance(spec, Mapping):
        if not isinstance(value, dict):
            raise DemoDataError(f"{where}: expected a table, got {type(value).__name__}")
        return {key: _check(item, spec.spec, f"{where}.{key}") for key, item in value.items()}
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            raise DemoDataError(f"{where}: expected a table, got {type(value).__name__}")
        unknown = sorted(set(value) - set(spec))
        if unknown:
            raise DemoDataError(f"{where}: unknown key {', '.join(map(repr, unknown))}")
        out = {}
        for key, sub in spec.items():
            if key not in value:
                if isinstance(sub, Opt):
                    out[key] = sub.default
                    continue
                raise DemoDataError(f"{where}: missing {key!r}")
            out[key] = _check(
                value[key], sub.spec if isinstance(sub, Opt) else sub, f"{where}.{key}"
            )
        return out
    if spec is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if spec is int and isinstance(value, bool):
        raise DemoDataError(f"{where}: expected int, got bool")
    if isinstance(spec, tuple):  # one of several types, kept as written (an int stays an int)
        if isinstance(value, bool) or not isinstance(value, spec):
            names = " or ".join(t.__name__ for t in spec)
            raise DemoDataError(f"{where}: expected {names}, got {type(value).__name__}")
        return value
    if spec in (str, int, float, bool, dt.time):
        if not isinstance(value, spec):
            raise DemoDataError(f"{where}: expected {spec.__name__}, got {type(value).__name__}")
        return value
    raise TypeError(f"unknown schema {spec!r}")  # a programming error, not a data error


def check(data: Any, schema: Any, source: str) -> Any:
    """``data`` checked against ``schema``; errors name ``source`` (the file)."""
    try:
        return _check(data, schema, "")
    except DemoDataError as exc:
        raise DemoDataError(f"{source}: {str(exc).lstrip('.: ')}") from None


@cache
def _read(package: str, name: str) -> tuple[str, dict]:
    source = f"{package.replace('.', '/')}/{FOLDER}/{name}"
    try:
        text = resources.files(package).joinpath(FOLDER, name).read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise DemoDataError(f"{source}: file not found") from exc
    try:
        return source, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DemoDataError(f"{source}: not valid TOML: {exc}") from None


def load(package: str, name: str, schema: dict) -> dict:
    """``<package>/demo_data/<name>`` (TOML) read and checked against ``schema`` (a table)."""
    source, data = _read(package, name)
    return check(data, schema, source)
