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

One module per seam: ``dataset`` (``Row``, ``Dataset`` and the merging of forms), ``values``
(normalised comparison, scalar checks), ``json_form`` (detection, nested JSON), ``tabular``
(CSV and tabular JSON) and ``files`` (``read_path``, ``describe``). Every public name is
re-exported here: ``from zorgzaam.socialmap.hsds.reader import read_path`` keeps working.
"""

from __future__ import annotations

from .dataset import EXTENSION_PARENTS, FORMS, Dataset, Problem, Row
from .files import describe, read_path
from .json_form import detect_table, read_json_document
from .tabular import NOT_HSDS, package_types, read_csv_dir, read_csv_text, read_tabular_json
from .values import CANONICAL_UUID, normalise, same_value

__all__ = [
    "CANONICAL_UUID",
    "Dataset",
    "EXTENSION_PARENTS",
    "FORMS",
    "NOT_HSDS",
    "Problem",
    "Row",
    "describe",
    "detect_table",
    "normalise",
    "package_types",
    "read_csv_dir",
    "read_csv_text",
    "read_json_document",
    "read_path",
    "read_tabular_json",
    "same_value",
]
