"""The JSON form: detecting a record's table and flattening nested objects into rows."""

from __future__ import annotations

from pathlib import Path

from .. import schemas
from ..spec import (
    GENERIC_LINK,
    TABLES,
)
from .dataset import Dataset, Row
from .tabular import read_tabular_json
from .values import _check_scalar, _is_uuid

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
    dataset.saw(table, obj.get("id"))
    name = _schema_for(table, listed)
    if name is not None:
        schema_problems = schemas.errors(name, obj)
        if schema_problems:
            for pointer, message in schema_problems:
                dataset.problems.append((f"{path}{pointer}", message))
            return
    _flatten(obj, table, path, dataset, parent=None, top=True)


def _flatten(
    obj: dict, table: str, path: str, dataset: Dataset, parent, *, top: bool = False
) -> str | None:
    spec = TABLES[table]
    ident = obj.get("id")
    if not isinstance(ident, str) or not _is_uuid(ident):
        dataset.problems.append((f"{path}/id", f"{table} id must be a UUID, got {ident!r}"))
        return None
    row = Row(table, ident.lower(), path, top=top)
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
