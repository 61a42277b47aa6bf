"""What the reader builds: a ``Row`` per record and the ``Dataset`` that merges the forms
(``prefer``), places the 3.1 extension rows and reports disagreements."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..spec import (
    EXTENSIONS,
    GENERIC_LINK,
    TABLES,
)
from .values import same_value

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
