"""The converter's shared steps: ids in the legacy namespace, problems and warnings, reading the
legacy files and emitting 3.0 rows, numbers, owners, languages and attributes."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator

from .. import reader
from ..spec import TABLES
from .layouts import (
    _LANGUAGE_CODE,
    _SHORT_TIME,
    KNOWN,
    LEGACY_NAMESPACE,
    LegacyInfo,
)


# --- conversion -----------------------------------------------------------------------------
def _clean(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        return False
    return len(value) == 36


class _ConverterBase:
    def __init__(self, info: LegacyInfo, *, source: str | None, scope: str) -> None:
        self.info = info
        key = source or info.name or info.directory.resolve().name
        self.namespace = uuid.uuid5(LEGACY_NAMESPACE, f"{scope}\x1f{key}")
        self.dataset = reader.Dataset()
        self.dataset.sources.append(str(info.directory))
        self.rows: dict[str, list[tuple[str, dict]]] = {}
        self.out: list[tuple[str, str, dict]] = []  # (3.0 table, legacy path, row)
        self.filled: dict[str, int] = {}

    # ids
    def ident(self, table: str, raw) -> str | None:
        raw = _clean(raw)
        if raw is None:
            return None
        raw = str(raw)
        if _is_uuid(raw):
            return raw.lower()
        return str(uuid.uuid5(self.namespace, f"{table}\x1f{raw}"))

    def problem(self, where: str, reason: str) -> None:
        self.dataset.problems.append((where, reason))

    def warn(self, where: str, reason: str) -> None:
        self.dataset.warnings.append((where, reason))

    # reading
    def read(self) -> None:
        for name, file in sorted(self.info.files.items()):
            legacy = KNOWN.get(name)
            if legacy is None:
                self.warn(str(file), "not a file of this layout; skipped")
                continue
            try:
                text = file.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                self.problem(str(file), f"cannot be read as UTF-8 ({exc})")
                continue
            rows = []
            try:
                for line, raw in enumerate(csv.DictReader(io.StringIO(text, newline="")), 2):
                    if None in raw:
                        self.problem(f"{file}:{line}", "more values than header columns")
                        continue
                    row = {k.strip(): _clean(v) for k, v in raw.items() if k}
                    if row.get("id") is None:
                        self.problem(f"{file}:{line}/id", "a row without an id")
                        continue
                    rows.append((f"{file}:{line}", row))
            except csv.Error as exc:
                self.problem(str(file), f"broken CSV: {exc}")
                continue
            self.rows[legacy] = rows

    def each(self, legacy: str) -> Iterator[tuple[str, dict]]:
        yield from self.rows.get(legacy, ())

    def emit(self, table: str, where: str, row: dict, source: dict, used: set[str]) -> None:
        """Queue a 3.0 row; the source's columns not ``used`` ride along as extra properties
        (prefixed ``legacy_`` where the name is a 3.0 field of the table)."""
        spec = TABLES[table]
        own = set(spec.scalars) | {r.column for r in spec.refs} | {"id"}
        for key, value in source.items():
            if key in used or value is None or key in row:
                continue
            row[f"legacy_{key}" if key in own else key] = value
        self.out.append((table, where, {k: v for k, v in row.items() if v is not None}))

    def number(self, where: str, key: str, value, *, whole: bool = False):
        if value is None:
            return None
        try:
            number = float(value)
        except ValueError:
            self.problem(f"{where}/{key}", f"{key} must be a number, got {value!r}")
            return None
        if whole or number.is_integer():
            return int(number)
        return number

    def fill(self, what: str) -> None:
        self.filled[what] = self.filled.get(what, 0) + 1

    def owners(self, r: dict, *keys: str) -> dict:
        tables = {
            "organization_id": "organization",
            "service_id": "service",
            "location_id": "location",
            "contact_id": "contact",
            "service_at_location_id": "service_at_location",
        }
        return {k: self.ident(tables[k], r.get(k)) for k in keys}

    def language(self, key: str, text: str | None) -> dict:
        row = {"id": self.ident("language", key)}
        if text is None:
            return row
        if _LANGUAGE_CODE.match(text):
            row["code"] = text
        else:
            row["name"] = text
        return row

    def attribute(self, where, key, link_id, taxonomy_id, *, value=None, link_type=None):
        row = {
            "id": str(uuid.uuid5(self.namespace, f"attribute\x1f{key}")),
            "link_id": link_id,
            "link_entity": "service" if link_type in (None, "eligibility") else link_type,
            "link_type": link_type,
            "taxonomy_term_id": self.ident("taxonomy", taxonomy_id),
            "value": value,
        }
        self.out.append(("attribute", where, {k: v for k, v in row.items() if v is not None}))


def _time(value: str | None) -> str | None:
    """``9:00`` -> ``09:00``; anything else as it is (the loader judges it)."""
    if value is None:
        return None
    return _SHORT_TIME.sub(r"0\1:\2", value, count=1)
