"""Write a municipality's social map as HSDS 3.0, in both forms:

* ``json/``: ``services.json`` (a package: every service as a full compiled object, which
  validates against the official ``service`` schema), ``organizations.json``,
  ``locations.json``, ``taxonomies.json``, ``taxonomy_terms.json``, and ``unnested.json``
  (tabular JSON shape) for rows HSDS gives no nested place, such as a meta table description;
* ``csv/``: the tabular datapackage, one CSV per table plus ``datapackage.json``; HSDS 3.1
  rows kept inside their parent (``additional_urls`` ...) as ``url.csv``, ``units.csv`` and
  ``service_capacity.csv`` when there are any (the package then says ``hsds_version`` 3.1).

Both forms are complete and read back into the same objects: the JSON form nests each row
where HSDS puts it; in CSV an extra property that is not text (a list, an object, a number, a
boolean) is written as JSON and its column is declared with that type in ``datapackage.json``,
which the reader uses to decode it (the round-trip tests check both forms).
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from zorgzaam.common.csvsafe import csv_row

from . import schemas
from .loader import model_of
from .spec import EXTENSION_KEYS, EXTENSIONS, GENERIC_LINK, KIND_FIELD, LOAD_ORDER, NUMBER, TABLES


def _number(value):
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


class Snapshot:
    """Every HSDS row of one municipality as plain dicts (HSDS names), indexed for nesting."""

    def __init__(self, municipality, *, only: dict[str, set[str]] | None = None):
        self.rows: dict[str, dict[str, dict]] = {}
        self.children: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
        self.nested: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
        self.placed: set[tuple[str, str]] = set()
        for table in LOAD_ORDER:
            self.rows[table] = {}
            ids = None if only is None else only.get(table, set())
            for row in _table_rows(table, municipality, ids):
                self.rows[table][row["id"]] = row
        for table in LOAD_ORDER:
            spec = TABLES[table]
            for row in self.rows[table].values():
                if table in GENERIC_LINK:
                    meta = row.pop("_nested", None)
                    if meta:
                        self.nested[(meta[0], meta[1], table)].append(row)
                    continue
                for ref in spec.refs:
                    if not ref.soft and row.get(ref.column):
                        self.children[(ref.target, row[ref.column], table)].append(row)

    def full(self, table: str, row: dict, *, stack: tuple = ()) -> dict:
        """The row as a nested HSDS object (children and linked objects included)."""
        spec = TABLES[table]
        out = {k: v for k, v in row.items() if not k.startswith("_")}
        self.placed.add((table, row["id"]))
        stack = (*stack, (table, row["id"]))
        for key, child_table in spec.arrays.items():
            if child_table in GENERIC_LINK:
                items = self.nested.get((table, row["id"], child_table), [])
            else:
                ref = TABLES[child_table].ref_to(table)
                if ref is None:
                    continue
                items = self.children.get((table, row["id"], child_table), [])
            items = [i for i in items if (child_table, i["id"]) not in stack]
            if key == "services":
                continue  # services are exported on their own, each with its organization
            if items:
                out[key] = [self.full(child_table, i, stack=stack) for i in items]
        for key, (child_table, column) in spec.objects.items():
            target = row.get(column)
            if not target or (child_table, target) in stack:
                continue
            linked = self.rows[child_table].get(target)
            if linked is None:
                continue
            if table == "service_at_location" and key == "service":
                continue  # a service lists its service_at_locations; avoid the cycle
            out[key] = self.full(child_table, linked, stack=stack)
        return out


def _table_rows(table: str, municipality, ids: set[str] | None = None) -> list[dict]:
    spec = TABLES[table]
    model = model_of(table)
    names = ["public_id", *spec.scalars, "extra"]
    for ref in spec.refs:
        names.append(ref.model_field if ref.soft else f"{ref.model_field}__public_id")
    if table in GENERIC_LINK:
        names += ["nested_table", "nested_id"]
    if table == "service":
        names.append("kind")
    out: list[dict[str, Any]] = []
    qs = model.objects.for_municipality(municipality).order_by("pk")
    if ids is not None:
        if not ids:
            return out
        qs = qs.filter(public_id__in=sorted(ids))
    for values in qs.values(*names):
        row: dict[str, Any] = {"id": str(values["public_id"])}
        for ref in spec.refs:
            key = ref.model_field if ref.soft else f"{ref.model_field}__public_id"
            if values[key] is not None:
                row[ref.column] = str(values[key])
        for name, kind in spec.scalars.items():
            value = values[name]
            if value is None:
                continue
            row[name] = _number(value) if kind == NUMBER else value
        if table == "service":
            row[KIND_FIELD] = values["kind"]  # Zorgzaam's extension: see spec.KIND_FIELD
        for key, value in (values["extra"] or {}).items():
            row.setdefault(key, value)
        if table in GENERIC_LINK and values["nested_table"] and values["nested_id"]:
            row["_nested"] = (values["nested_table"], str(values["nested_id"]))
        out.append(row)
    return out


def export_json(snapshot: Snapshot, directory: Path) -> dict[str, int]:
    directory.mkdir(parents=True, exist_ok=True)
    files = {
        "services.json": [snapshot.full("service", r) for r in snapshot.rows["service"].values()],
        "organizations.json": [
            snapshot.full("organization", r) for r in snapshot.rows["organization"].values()
        ],
        "locations.json": [
            snapshot.full("location", r) for r in snapshot.rows["location"].values()
        ],
        "taxonomies.json": [
            snapshot.full("taxonomy", r) for r in snapshot.rows["taxonomy"].values()
        ],
        "taxonomy_terms.json": [
            snapshot.full("taxonomy_term", r) for r in snapshot.rows["taxonomy_term"].values()
        ],
    }
    # Rows the nested form has no place for (a meta_table_description, an attribute linked to
    # something outside the data) go in the tabular JSON shape, so the JSON form is complete.
    remainder = {}
    for table in LOAD_ORDER:
        left = [
            {k: v for k, v in r.items() if not k.startswith("_")}
            for ident, r in snapshot.rows[table].items()
            if (table, ident) not in snapshot.placed
        ]
        if left:
            remainder[TABLES[table].csv] = left
    counts = {}
    for name, items in files.items():
        (directory / name).write_text(
            json.dumps(items, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        counts[name] = len(items)
    (directory / "unnested.json").write_text(
        json.dumps(remainder, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    counts["unnested.json"] = sum(len(v) for v in remainder.values())
    return counts


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _column_type(values: list) -> str:
    """The Table Schema type of an extra column: ``string`` when every value is text, else
    the one JSON type all its values share, else ``any`` (every cell JSON text)."""
    kinds = set()
    for value in values:
        if value is None:
            continue
        if isinstance(value, bool):
            kinds.add("boolean")
        elif isinstance(value, int | float):
            kinds.add("number")
        elif isinstance(value, list):
            kinds.add("array")
        elif isinstance(value, dict):
            kinds.add("object")
        else:
            kinds.add("string")
    if kinds <= {"string"}:
        return "string"
    return kinds.pop() if len(kinds) == 1 else "any"


def _cell(value, kind: str) -> str:
    if value is None:
        return ""
    if kind == "any" or (kind == "boolean" and isinstance(value, bool)):
        return json.dumps(value, ensure_ascii=False)
    return _csv_value(value)


def _write_table(directory: Path, name: str, columns: list[str], rows: list[dict], types):
    """One CSV file: the standard ``columns`` then any extra ones (typed); its resource."""
    extra = sorted({k for r in rows for k in r} - set(columns))
    extra_types = {k: _column_type([r.get(k) for r in rows]) for k in extra}
    with (directory / name).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns + extra)
        for row in rows:
            writer.writerow(
                csv_row(
                    [_csv_value(row.get(c)) for c in columns]
                    + [_cell(row.get(c), extra_types[c]) for c in extra]
                )
            )
    return {
        "name": name.removesuffix(".csv"),
        "path": name,
        "profile": "tabular-data-resource",
        "schema": {
            "fields": [{"name": c, "type": types[c]} for c in columns]
            + [{"name": c, "type": extra_types[c]} for c in extra],
            "primaryKey": "id",
        },
    }


def _extension_rows(snapshot: Snapshot) -> dict[str, list[dict]]:
    """The HSDS 3.1 rows kept inside services and organizations, as rows of their tables."""
    out: dict[str, dict[str, dict]] = {name: {} for name in EXTENSIONS}
    for name, ext in EXTENSIONS.items():
        for column, parent, key in ext.parents:
            for row in snapshot.rows[parent].values():
                items = row.get(key)
                for item in items if isinstance(items, list) else []:
                    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                        continue
                    flat = {column: row["id"], **item}
                    for obj_key, (child, obj_column) in ext.objects.items():
                        obj = flat.pop(obj_key, None)
                        if isinstance(obj, dict) and isinstance(obj.get("id"), str):
                            flat.setdefault(obj_column, obj["id"])
                            out[child].setdefault(obj["id"], obj)
                    out[name].setdefault(item["id"], flat)
    return {name: list(rows.values()) for name, rows in out.items()}


def export_csv(snapshot: Snapshot, directory: Path) -> dict[str, int]:
    directory.mkdir(parents=True, exist_ok=True)
    counts = {}
    resources = []
    for table in LOAD_ORDER:
        spec = TABLES[table]
        columns = schemas.tabular_columns(table)
        inner = EXTENSION_KEYS.get(table, set())
        rows = [
            {k: v for k, v in r.items() if not k.startswith("_") and k not in inner}
            for r in snapshot.rows[table].values()
        ]
        props = schemas.schema("tabular")["properties"][table]["items"]["properties"]
        types = {c: props[c].get("datapackage_type", props[c]["type"]) for c in columns}
        resource = _write_table(directory, spec.csv, columns, rows, types)
        resource["name"] = table
        resources.append(resource)
        counts[spec.csv] = len(rows)
    extensions = _extension_rows(snapshot)
    for name, rows in extensions.items():
        if not rows:
            continue
        ext = EXTENSIONS[name]
        columns = list(ext.columns)
        types = {c: "number" if k == NUMBER else "string" for c, k in ext.columns.items()}
        resources.append(_write_table(directory, ext.csv, columns, rows, types))
        counts[ext.csv] = len(rows)
    version = "3.1" if any(extensions.values()) else "3.0"
    (directory / "datapackage.json").write_text(
        json.dumps(
            {
                "name": "zorgzaam-hsds",
                "profile": "tabular-data-package",
                "hsds_version": version,
                "resources": resources,
            },
            indent=1,
        ),
        encoding="utf-8",
    )
    return counts
