"""The tabular form: CSV files (typed by a ``datapackage.json``) and tabular JSON."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from .. import schemas
from ..spec import (
    CSV_FILES,
    EXTENSION_CSV,
    EXTENSIONS,
    GENERIC_LINK,
    NUMBER,
    TABLES,
)
from .dataset import Dataset, Row
from .values import _check_scalar, _is_uuid

# --- tabular --------------------------------------------------------------------------------
NOT_HSDS = "not an HSDS 3.0 or 3.1 file name; skipped"


def read_tabular_json(data: dict, source: str, dataset: Dataset) -> None:
    for filename, rows in data.items():
        table = CSV_FILES.get(filename) or EXTENSION_CSV.get(filename)
        if table is None:
            dataset.warnings.append((f"{source}:/{filename}", NOT_HSDS))
            continue
        if not isinstance(rows, list):
            dataset.problems.append((f"{source}:/{filename}", "expected a list of rows"))
            continue
        for i, raw in enumerate(rows):
            _tabular_row(table, raw, f"{source}:/{filename}/{i}", dataset, from_csv=False)


def package_types(directory: Path) -> dict[str, dict[str, str]]:
    """CSV file name -> {column: Table Schema type} from ``datapackage.json``, if any: our
    export declares its extra columns ``array``, ``object``, ``number`` or ``boolean`` (JSON
    text in a cell) so they are read back as they were, not as strings."""
    try:
        package = json.loads((directory / "datapackage.json").read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return {}
    types: dict[str, dict[str, str]] = {}
    resources = package.get("resources") if isinstance(package, dict) else None
    for resource in resources if isinstance(resources, list) else []:
        if not isinstance(resource, dict) or not isinstance(resource.get("path"), str):
            continue
        fields = (resource.get("schema") or {}).get("fields") or []
        types[Path(resource["path"]).name] = {
            f["name"]: f.get("type", "string")
            for f in fields
            if isinstance(f, dict) and isinstance(f.get("name"), str)
        }
    return types


def read_csv_dir(directory: Path, dataset: Dataset) -> None:
    dataset.sources.append(str(directory))
    types = package_types(directory)
    for path in sorted(directory.glob("*.csv")):
        table = CSV_FILES.get(path.name) or EXTENSION_CSV.get(path.name)
        where = str(path)
        if table is None:
            dataset.warnings.append((where, NOT_HSDS))
            continue
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            dataset.problems.append((where, f"cannot be read as UTF-8 ({exc})"))
            continue
        read_csv_text(table, text, where, dataset, types=types.get(path.name))


def read_csv_text(
    table: str, text: str, where: str, dataset: Dataset, *, types: dict | None = None
) -> None:
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
            _tabular_row(table, raw, f"{where}:{line_no}", dataset, from_csv=True, types=types)
    except csv.Error as exc:
        dataset.problems.append((where, f"broken CSV: {exc}"))


def _typed(value: str, kind: str | None):
    """A CSV cell of a column the datapackage declares (see ``package_types``)."""
    try:
        if kind in ("array", "object", "any"):
            decoded = json.loads(value)
            if kind == "any" or isinstance(decoded, list if kind == "array" else dict):
                return decoded
        elif kind in ("number", "integer"):
            number = float(value)
            return int(number) if number.is_integer() else number
        elif kind == "boolean" and value in ("true", "false"):
            return value == "true"
    except (ValueError, RecursionError):
        pass
    return value


def _extension_row(table: str, raw: dict, path: str, dataset: Dataset, *, from_csv: bool):
    """A row of an HSDS 3.1 table kept inside its parent (placed by ``Dataset.finish``)."""
    spec = EXTENSIONS[table]
    item = {}
    for key, value in raw.items():
        if from_csv and value == "":
            continue
        kind = spec.columns.get(key)
        if kind == NUMBER and isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                dataset.problems.append((f"{path}/{key}", f"{key} must be a number"))
                return
            value = int(value) if value.is_integer() else value
        if key == "id" or key.endswith("_id"):
            if not isinstance(value, str) or not _is_uuid(value):
                dataset.problems.append((f"{path}/{key}", f"{key} must be a UUID, got {value!r}"))
                return
            value = value.lower()
        item[key] = value
    if "id" not in item:
        dataset.problems.append((f"{path}/id", f"{table} has no id"))
        return
    dataset.extension_rows.append((table, item, path))


def _tabular_row(
    table: str, raw, path: str, dataset: Dataset, *, from_csv: bool, types: dict | None = None
) -> None:
    if not isinstance(raw, dict):
        dataset.problems.append((path, "expected an object with the row's columns"))
        return
    if table in EXTENSIONS:
        if from_csv and types:
            raw = {
                k: _typed(v, types.get(k)) if k not in EXTENSIONS[table].columns and v else v
                for k, v in raw.items()
            }
        _extension_row(table, raw, path, dataset, from_csv=from_csv)
        return
    dataset.saw(table, raw.get("id"))
    spec = TABLES[table]
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
    row = Row(table, ident.lower(), path, form="csv", top=True)
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
            row.extra[key] = _typed(value, types.get(key)) if from_csv and types else value
    if table in GENERIC_LINK:
        link_col, entity_col = GENERIC_LINK[table]
        entity, link = row.values.get(entity_col), row.values.get(link_col)
        if entity in TABLES and link:
            row.nested_in = (entity, link)
    dataset.add(row)
