"""Read HSDS 3.0 sources into flat rows per table, with every problem named (path, reason).

Forms understood:

* a compiled object (service, organization, service_at_location, location, taxonomy,
  taxonomy_term), a paged list (``{"total_items": ..., "contents": [...]}``), a package (a JSON
  array of objects) and the API root (``{"version": ...}``, nothing to import);
* the tabular form: a directory with ``datapackage.json`` and the CSV files, or one JSON file
  with ``{"services.csv": [rows], ...}``.

Nested objects are flattened: a phone inside a service gets ``service_id``; an attribute or
metadata row remembers the row it was nested in. The same id met twice (the official examples
repeat a phone under service, contact and location) is merged; different values for the same
field are refused. No Django import: this module is pure Python.
"""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from . import schemas
from .spec import CSV_FILES, GENERIC_LINK, MAX_STRING, NUMBER, TABLES

Problem = tuple[str, str]


@dataclass
class Row:
    table: str
    id: str
    path: str
    values: dict = field(default_factory=dict)  # scalars and reference columns
    extra: dict = field(default_factory=dict)  # properties outside HSDS 3.0
    nested_in: tuple[str, str] | None = None  # (table, id) of the enclosing object


@dataclass
class Dataset:
    rows: dict[str, dict[str, Row]] = field(default_factory=lambda: {t: {} for t in TABLES})
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def count(self) -> int:
        return sum(len(v) for v in self.rows.values())

    def add(self, row: Row) -> None:
        existing = self.rows[row.table].get(row.id)
        if existing is None:
            self.rows[row.table][row.id] = row
            return
        for key, value in row.values.items():
            old = existing.values.get(key)
            if old is None:
                existing.values[key] = value
            elif value is not None and _norm(old) != _norm(value):
                self.problems.append(
                    (
                        row.path,
                        f"duplicate {row.table} id {row.id} with a different {key} "
                        f"(first seen at {existing.path})",
                    )
                )
        for key, value in row.extra.items():
            existing.extra.setdefault(key, value)
        if existing.nested_in is None:
            existing.nested_in = row.nested_in


def _norm(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# --- detection ------------------------------------------------------------------------------
_NAME_HINTS = [
    ("service_at_location", "service_at_location"),
    ("taxonomy_term", "taxonomy_term"),
    ("taxonom", "taxonomy"),
    ("organization", "organization"),
    ("organisation", "organization"),
    ("location", "location"),
    ("service", "service"),
]


def detect_table(obj: dict, filename: str = "") -> str | None:
    """Which HSDS object a JSON object is, from its file name and then its keys."""
    keys = set(obj)
    if "status" in keys and "name" in keys:
        return "service"
    if "location_type" in keys:
        return "location"
    if "taxonomy_detail" in keys or "term_uri" in keys or "parent_id" in keys:
        return "taxonomy_term"
    if {"service", "location"} & keys and "name" not in keys:
        return "service_at_location"
    stem = Path(filename).name.lower()
    for hint, table in _NAME_HINTS:
        if hint in stem:
            return table
    org_keys = set(TABLES["organization"].scalars) | set(TABLES["organization"].arrays)
    if keys & (org_keys - {"name", "description", "uri"}):
        return "organization"
    if keys <= {"id", "name", "description", "uri", "version", "metadata"} and "name" in keys:
        return "taxonomy"
    return None


def _schema_for(table: str, listed: bool) -> str | None:
    if table in ("service", "organization", "service_at_location"):
        return f"{table}_list" if listed else table
    if table in ("taxonomy", "taxonomy_term"):
        return table
    return None  # location: validated as part of its service / organization only


# --- JSON -----------------------------------------------------------------------------------
def read_json_document(data, source: str, dataset: Dataset) -> None:
    dataset.sources.append(source)
    if isinstance(data, dict) and "contents" in data and "total_items" in data:
        items = data.get("contents")
        if not isinstance(items, list):
            dataset.problems.append((f"{source}:/contents", "contents must be a list"))
            return
        for i, item in enumerate(items):
            _read_object(item, f"{source}:/contents/{i}", source, dataset, listed=True)
        return
    if isinstance(data, list):
        for i, item in enumerate(data):
            _read_object(item, f"{source}:/{i}", source, dataset, listed=False)
        return
    if isinstance(data, dict) and set(data) <= {"version", "profile", "openapi_url"}:
        return  # the API root document: describes a service, holds no records
    if isinstance(data, dict) and any(k.endswith(".csv") for k in data):
        read_tabular_json(data, source, dataset)
        return
    _read_object(data, f"{source}:", source, dataset, listed=False)


def _read_object(obj, path: str, source: str, dataset: Dataset, *, listed: bool) -> None:
    if not isinstance(obj, dict):
        dataset.problems.append((path, "expected a JSON object"))
        return
    table = detect_table(obj, source)
    if table is None:
        dataset.problems.append(
            (path, "cannot tell which HSDS object this is (service, organization, ...)")
        )
        return
    name = _schema_for(table, listed)
    if name is not None:
        schema_problems = schemas.errors(name, obj)
        if schema_problems:
            for pointer, message in schema_problems:
                dataset.problems.append((f"{path}{pointer}", message))
            return
    _flatten(obj, table, path, dataset, parent=None)


def _flatten(obj: dict, table: str, path: str, dataset: Dataset, parent) -> str | None:
    spec = TABLES[table]
    ident = obj.get("id")
    if not isinstance(ident, str) or not _is_uuid(ident):
        dataset.problems.append((f"{path}/id", f"{table} id must be a UUID, got {ident!r}"))
        return None
    row = Row(table, ident.lower(), path)
    if parent is not None:
        parent_table, parent_id = parent
        ref = spec.ref_to(parent_table)
        if ref is not None and obj.get(ref.column) in (None, ""):
            row.values[ref.column] = parent_id
        if table in GENERIC_LINK:
            link_col, entity_col = GENERIC_LINK[table]
            if obj.get(link_col) in (None, ""):
                row.values[link_col] = parent_id
            if obj.get(entity_col) in (None, ""):
                row.values[entity_col] = parent_table
        row.nested_in = parent
    children: list[tuple[str, object, str, bool]] = []
    for key, value in obj.items():
        if key == "id":
            continue
        if key in spec.arrays:
            if value is None:
                continue
            if not isinstance(value, list):
                dataset.problems.append((f"{path}/{key}", "expected a list"))
                continue
            for i, child in enumerate(value):
                children.append((spec.arrays[key], child, f"{path}/{key}/{i}", True))
            continue
        if key in spec.objects:
            if value is None:
                continue
            child_table, column = spec.objects[key]
            if not isinstance(value, dict):
                dataset.problems.append((f"{path}/{key}", "expected an object"))
                continue
            child_id = value.get("id")
            if isinstance(child_id, str) and obj.get(column) in (None, ""):
                row.values[column] = child_id.lower()
            children.append((child_table, value, f"{path}/{key}", False))
            continue
        ref = spec.ref(key)
        if ref is not None or key in spec.scalars:
            problem = _check_scalar(spec, key, value, ref)
            if problem:
                dataset.problems.append((f"{path}/{key}", problem))
                continue
            if ref is not None and isinstance(value, str):
                value = value.lower() or None
            row.values[key] = value
            continue
        row.extra[key] = value
    dataset.add(row)
    for child_table, child, child_path, is_array_child in children:
        if not isinstance(child, dict):
            dataset.problems.append((child_path, "expected a JSON object"))
            continue
        # A nested object named by a reference (service.organization) is not a child *of*
        # this row; it is linked from it. Array items are children that point back here.
        parent_ref = (table, row.id) if is_array_child else None
        _flatten(child, child_table, child_path, dataset, parent_ref)
    return row.id


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


# --- tabular --------------------------------------------------------------------------------
def read_tabular_json(data: dict, source: str, dataset: Dataset) -> None:
    for filename, rows in data.items():
        table = CSV_FILES.get(filename)
        if table is None:
            dataset.problems.append((f"{source}:/{filename}", "not an HSDS tabular file name"))
            continue
        if not isinstance(rows, list):
            dataset.problems.append((f"{source}:/{filename}", "expected a list of rows"))
            continue
        for i, raw in enumerate(rows):
            _tabular_row(table, raw, f"{source}:/{filename}/{i}", dataset, from_csv=False)


def read_csv_dir(directory: Path, dataset: Dataset) -> None:
    dataset.sources.append(str(directory))
    for path in sorted(directory.glob("*.csv")):
        table = CSV_FILES.get(path.name)
        where = str(path)
        if table is None:
            dataset.problems.append((where, "not an HSDS tabular file name"))
            continue
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            dataset.problems.append((where, f"cannot be read as UTF-8 ({exc})"))
            continue
        read_csv_text(table, text, where, dataset)


def read_csv_text(table: str, text: str, where: str, dataset: Dataset) -> None:
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
        header = reader.fieldnames or []
        if "id" not in header:
            dataset.problems.append((f"{where}:1", "the header has no id column"))
            return
        for line_no, raw in enumerate(reader, start=2):
            if None in raw:
                dataset.problems.append((f"{where}:{line_no}", "more values than header columns"))
                continue
            _tabular_row(table, raw, f"{where}:{line_no}", dataset, from_csv=True)
    except csv.Error as exc:
        dataset.problems.append((where, f"broken CSV: {exc}"))


def _tabular_row(table: str, raw, path: str, dataset: Dataset, *, from_csv: bool) -> None:
    spec = TABLES[table]
    if not isinstance(raw, dict):
        dataset.problems.append((path, "expected an object with the row's columns"))
        return
    values = {}
    bad = False
    for key, value in raw.items():
        kind = spec.scalars.get(key)
        # Tabular data is text: a JSON number in a text column (an identifier such as
        # 10092008082 in the official example) is read as the CSV would hold it.
        if (
            not from_csv
            and kind is not None
            and kind != NUMBER
            and isinstance(value, int | float)
            and not isinstance(value, bool)
        ):
            value = str(int(value)) if float(value).is_integer() else str(value)
        if from_csv or (kind == NUMBER and isinstance(value, str)):
            if value == "":
                continue
            if kind == NUMBER:
                try:
                    value = float(value)
                except ValueError:
                    dataset.problems.append((f"{path}/{key}", f"{key} must be a number"))
                    bad = True
                    continue
                if value.is_integer():
                    value = int(value)
        values[key] = value
    if bad:
        return
    schema_problems = schemas.errors(f"tabular:{table}", values)
    if schema_problems:
        for pointer, message in schema_problems:
            dataset.problems.append((f"{path}{pointer}", message))
        return
    ident = values.pop("id", None)
    if not isinstance(ident, str) or not _is_uuid(ident):
        dataset.problems.append((f"{path}/id", f"{table} id must be a UUID, got {ident!r}"))
        return
    row = Row(table, ident.lower(), path)
    for key, value in values.items():
        ref = spec.ref(key)
        if ref is not None or key in spec.scalars:
            problem = _check_scalar(spec, key, value, ref)
            if problem:
                dataset.problems.append((f"{path}/{key}", problem))
                return
            if ref is not None and isinstance(value, str):
                value = value.lower() or None
            row.values[key] = value
        else:
            row.extra[key] = value
    if table in GENERIC_LINK:
        link_col, entity_col = GENERIC_LINK[table]
        entity, link = row.values.get(entity_col), row.values.get(link_col)
        if entity in TABLES and link:
            row.nested_in = (entity, link)
    dataset.add(row)


# --- files ----------------------------------------------------------------------------------
def read_path(path: Path, dataset: Dataset | None = None) -> Dataset:
    """Read a file or a directory (recursively) into one dataset."""
    dataset = dataset or Dataset()
    if not path.exists():
        dataset.problems.append((str(path), "no such file or directory"))
        return dataset
    if path.is_dir():
        dirs = [path, *sorted(p for p in path.rglob("*") if p.is_dir())]
        found = False
        for directory in dirs:
            if any(directory.glob("*.csv")):
                read_csv_dir(directory, dataset)
                found = True
            for file in sorted(directory.glob("*.json")):
                if file.name == "datapackage.json":
                    continue
                _read_json_file(file, dataset)
                found = True
        if not found:
            dataset.problems.append((str(path), "holds no HSDS .json or .csv files"))
        return dataset
    if path.suffix.lower() == ".csv":
        table = CSV_FILES.get(path.name)
        if table is None:
            dataset.problems.append((str(path), "not an HSDS tabular file name"))
        else:
            try:
                read_csv_text(table, path.read_text(encoding="utf-8-sig"), str(path), dataset)
            except (OSError, UnicodeDecodeError) as exc:
                dataset.problems.append((str(path), f"cannot be read as UTF-8 ({exc})"))
        return dataset
    _read_json_file(path, dataset)
    return dataset


def _read_json_file(path: Path, dataset: Dataset) -> None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        dataset.problems.append((str(path), f"cannot be read as UTF-8 ({exc})"))
        return
    except json.JSONDecodeError as exc:
        dataset.problems.append((f"{path}:{exc.lineno}", f"not valid JSON: {exc.msg}"))
        return
    except RecursionError:
        dataset.problems.append((str(path), "nested too deeply to be HSDS data"))
        return
    try:
        read_json_document(data, str(path), dataset)
    except RecursionError:
        dataset.problems.append((str(path), "nested too deeply to be HSDS data"))
