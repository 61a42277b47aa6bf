"""Read HSDS 3.0 sources into flat rows per table, with every problem named (path, reason).

Forms understood:

* a compiled object (service, organization, service_at_location, location, taxonomy,
  taxonomy_term), a paged list (``{"total_items": ..., "contents": [...]}``), a package (a JSON
  array of objects) and the API root (``{"version": ...}``, nothing to import);
* the tabular form: a directory with ``datapackage.json`` and the CSV files, or one JSON file
  with ``{"services.csv": [rows], ...}``.

Nested objects are flattened: a phone inside a service gets ``service_id``; an attribute or
metadata row remembers the row it was nested in. The same id met twice (the official examples
repeat a phone under service, contact and location) is merged. Values are compared after
normalisation (``10:00`` = ``10:00:00``, a date = that date at midnight, ``100`` = ``100.0`` =
``"100"``, ``HTTP://Example.com/`` = ``http://example.com``). Two *files* that really disagree
are resolved by a fixed precedence and the disagreement is reported once as a warning with both
values and both places: the preferred form (``prefer``: ``json``, the richer form, or ``csv``,
the tabular form: CSV files and tabular JSON) wins, then a record given as a top-level object
over a copy nested in another, then the first one read. One file that contradicts itself is
refused.

HSDS 3.1 is a superset of 3.0: its new tables (``url.csv``, ``units.csv``,
``service_capacity.csv``) are kept where 3.1 nests them (``additional_urls`` and
``capacities`` of a service, ``additional_websites`` of an organization, the ``unit`` of a
capacity), in the row's extra properties, and exported again in both forms. Files that are
not HSDS are skipped with a warning. No Django import: this module is pure Python.
"""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from . import schemas
from .spec import (
    CSV_FILES,
    EXTENSION_CSV,
    EXTENSIONS,
    GENERIC_LINK,
    MAX_STRING,
    NUMBER,
    TABLES,
)

Problem = tuple[str, str]
FORMS = ("json", "csv")


@dataclass
class Row:
    table: str
    id: str
    path: str
    values: dict = field(default_factory=dict)  # scalars and reference columns
    extra: dict = field(default_factory=dict)  # properties outside HSDS 3.0
    nested_in: tuple[str, str] | None = None  # (table, id) of the enclosing object
    form: str = "json"  # "json" (an HSDS object) or "csv" (a tabular row: CSV or tabular JSON)
    top: bool = False  # a top-level object of its file, not a copy nested in another

    @property
    def source(self) -> str:
        return self.path.split(":", 1)[0]


@dataclass
class Dataset:
    rows: dict[str, dict[str, Row]] = field(default_factory=lambda: {t: {} for t in TABLES})
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    #: Which form wins when files disagree about a record: "json" or "csv".
    prefer: str = "json"
    #: What was read, for the first line of a report ("HSDS 3.0 folder, 12 services").
    version: str = "3.0"
    layout: str = "file"
    #: HSDS 3.1 rows of tables kept inside their parent (``url.csv`` ...), placed by finish().
    extension_rows: list[tuple[str, dict, str]] = field(default_factory=list)
    #: The ids met per table, refused records included (for the first line of a report).
    seen: dict[str, set] = field(default_factory=dict)
    _conflicts: set = field(default_factory=set)

    def saw(self, table: str, ident) -> None:
        self.seen.setdefault(table, set()).add(str(ident).lower())

    def count(self) -> int:
        return sum(len(v) for v in self.rows.values())

    def _rank(self, row: Row) -> tuple[bool, bool]:
        return (row.form == self.prefer, row.top)

    def add(self, row: Row) -> None:
        existing = self.rows[row.table].get(row.id)
        if existing is None:
            self.rows[row.table][row.id] = row
            return
        wins = self._rank(row) > self._rank(existing)
        same_file = row.source == existing.source
        self._merge(existing, row, existing.values, row.values, wins=wins, same_file=same_file)
        self._merge(existing, row, existing.extra, row.extra, wins=wins, same_file=same_file)
        if existing.nested_in is None or (wins and row.nested_in is not None):
            existing.nested_in = row.nested_in
        if wins:
            existing.path, existing.form, existing.top = row.path, row.form, row.top

    def _merge(self, existing: Row, row: Row, into: dict, new: dict, *, wins, same_file) -> None:
        for key, value in new.items():
            old = into.get(key)
            if old is None:
                if value is not None:
                    into[key] = value
                continue
            if value is None:
                continue
            if same_value(old, value):
                if wins:
                    into[key] = value
                continue
            if same_file:
                self.problems.append(
                    (
                        row.path,
                        f"duplicate {row.table} id {row.id} with a different {key} "
                        f"(first seen at {existing.path})",
                    )
                )
                continue
            kept, dropped = (row, existing) if wins else (existing, row)
            kept_value, dropped_value = (value, old) if wins else (old, value)
            if wins:
                into[key] = value
            seen = (row.table, row.id, key)
            if seen in self._conflicts:
                continue
            self._conflicts.add(seen)
            self.warnings.append(
                (
                    kept.path,
                    f"conflict: {row.table} {row.id} {key} is {_show(kept_value)} here and "
                    f"{_show(dropped_value)} at {dropped.path}; kept {_show(kept_value)} "
                    f"({_why(kept, dropped, self.prefer)})",
                )
            )

    def finish(self) -> None:
        """Place the HSDS 3.1 rows read from their own files into their parent rows (as 3.1
        nests them) and drop the parent references implied by nesting. Idempotent."""
        pending, self.extension_rows = self.extension_rows, []
        units = {}
        for table, item, _where in pending:
            if table == "unit":
                units[item["id"]] = item
        for table, item, where in pending:
            if table == "unit":
                continue
            spec = EXTENSIONS[table]
            for key, (child, column) in spec.objects.items():
                ref = item.get(column)
                if ref and not isinstance(item.get(key), dict):
                    if ref in units:
                        item[key] = dict(units[ref])
                        units[ref]["_used"] = True
                    else:
                        self.warnings.append(
                            (f"{where}/{column}", f"{child} {ref} is not in the data; kept as id")
                        )
            placed = False
            for column, parent_table, array_key in spec.parents:
                parent_id = item.get(column)
                parent = self.rows[parent_table].get(parent_id) if parent_id else None
                if parent is None:
                    continue
                items = parent.extra.setdefault(array_key, [])
                if not isinstance(items, list):
                    self.problems.append(
                        (parent.path, f"{array_key} must be a list, got {_show(items)}")
                    )
                    break
                same = [i for i in items if isinstance(i, dict) and i.get("id") == item["id"]]
                if same:
                    for k, v in item.items():
                        same[0].setdefault(k, v)
                else:
                    items.append(item)
                placed = True
                break
            if not placed:
                self.warnings.append(
                    (
                        where,
                        f"{table} {item['id']}: its service or organization is not in the "
                        "data; not imported",
                    )
                )
        for unit_id, unit in units.items():
            if not unit.pop("_used", False):
                self.warnings.append(
                    (
                        f"units.csv/{unit_id}",
                        f"unit {unit_id} is used by no service capacity; not imported",
                    )
                )
        for table in EXTENSION_PARENTS:
            for row in self.rows[table].values():
                _canonical_extensions(table, row)
        self._place_generic_rows()

    def _place_generic_rows(self) -> None:
        """An attribute or metadata row read from a table (CSV) whose ``link_entity`` /
        ``resource_type`` does not name the table of the row its ``link_id`` /
        ``resource_id`` points at (the official example says ``link_entity``, and a metadata
        row of a service says ``location``) is placed in the row of the data set with that
        id: the nested JSON form then shows it where the JSON source had it."""
        index: dict[str, str] | None = None
        for table, (link_col, _entity_col) in GENERIC_LINK.items():
            for row in self.rows[table].values():
                link = row.values.get(link_col)
                if not link:
                    continue
                if row.nested_in is not None and row.nested_in[1] in self.rows.get(
                    row.nested_in[0], {}
                ):
                    continue
                if index is None:
                    index = {i: t for t in TABLES for i in self.rows[t]}
                if link in index:
                    row.nested_in = (index[link], link)


#: Parent table -> the 3.1 arrays it holds (key -> (extension table, reference column)).
EXTENSION_PARENTS: dict[str, dict[str, tuple[str, str]]] = {}
for _name, _ext in EXTENSIONS.items():
    for _column, _parent, _key in _ext.parents:
        EXTENSION_PARENTS.setdefault(_parent, {})[_key] = (_name, _column)


def _canonical_extensions(table: str, row: Row) -> None:
    """3.1 items nested in a row hold no reference to that row (it is implied), and a
    capacity's ``unit_id`` only where it has no ``unit`` object: the JSON and the tabular forms
    then read into the same objects."""
    for key, (ext, column) in EXTENSION_PARENTS[table].items():
        items = row.extra.get(key)
        if not isinstance(items, list):
            continue
        for item in items:
            if not isinstance(item, dict):
                continue
            if item.get(column) == row.id:
                del item[column]
            for obj_key, (_child, obj_column) in EXTENSIONS[ext].objects.items():
                obj = item.get(obj_key)
                if isinstance(obj, dict) and item.get(obj_column) == obj.get("id"):
                    item.pop(obj_column, None)


def _why(kept: Row, dropped: Row, prefer: str) -> str:
    if kept.form != dropped.form:
        return f"--prefer {prefer}"
    if kept.top != dropped.top:
        return "a record of its own wins over a nested copy"
    return "the first file read wins"


def _show(value) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


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


# --- files ----------------------------------------------------------------------------------
def read_path(path: Path, dataset: Dataset | None = None, *, prefer: str | None = None) -> Dataset:
    """Read a file or a directory (recursively) into one dataset."""
    dataset = dataset or Dataset()
    if prefer is not None:
        if prefer not in FORMS:
            raise ValueError(f"prefer is one of {', '.join(FORMS)}, not {prefer!r}")
        dataset.prefer = prefer
    if not path.exists():
        dataset.problems.append((str(path), "no such file or directory"))
        return dataset
    if path.is_dir():
        dataset.layout = "folder"
        dirs = [path, *sorted(p for p in path.rglob("*") if p.is_dir())]
        found = False
        for directory in dirs:
            if (directory / "datapackage.json").is_file():
                dataset.layout = "folder with a data package"
                version = _declared_version(directory / "datapackage.json")
                if version:
                    dataset.version = version
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
        dataset.finish()
        return dataset
    if path.suffix.lower() == ".csv":
        table = CSV_FILES.get(path.name) or EXTENSION_CSV.get(path.name)
        if table is None:
            dataset.problems.append((str(path), NOT_HSDS.split(";")[0]))
        else:
            try:
                read_csv_text(table, path.read_text(encoding="utf-8-sig"), str(path), dataset)
            except (OSError, UnicodeDecodeError) as exc:
                dataset.problems.append((str(path), f"cannot be read as UTF-8 ({exc})"))
        dataset.finish()
        return dataset
    _read_json_file(path, dataset)
    dataset.finish()
    return dataset


def _declared_version(package: Path) -> str | None:
    """The HSDS version a datapackage.json declares (``hsds_version`` or ``version``)."""
    try:
        data = json.loads(package.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    for key in ("hsds_version", "version"):
        value = data.get(key)
        if isinstance(value, str | int | float) and str(value).strip():
            text = str(value).strip().lstrip("vV")
            if text[:1].isdigit() and text.split(".")[0] in ("3",):
                return text
    return None


def describe(dataset: Dataset) -> str:
    """What was read, for the first line of a report: "HSDS 3.0 folder, 12 services"."""
    services = max(len(dataset.rows["service"]), len(dataset.seen.get("service", ())))
    records = dataset.count()
    files = len(dataset.sources)
    version = dataset.version
    if version.startswith("3") and any(
        key in row.extra
        for table, keys in EXTENSION_PARENTS.items()
        for row in dataset.rows[table].values()
        for key in keys
    ):
        version = "3.1" if version in ("3", "3.0") else version
    return (
        f"HSDS {version} {dataset.layout}, {services:,} service{'s' if services != 1 else ''} "
        f"({records:,} records from {files:,} source{'s' if files != 1 else ''})"
    )


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
