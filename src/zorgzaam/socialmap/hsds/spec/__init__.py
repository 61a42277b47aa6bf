"""The HSDS 3.0 tables as Zorgzaam stores them: scalar fields, references and nesting.

One table spec drives the importer (JSON forms and the tabular CSV datapackage), the exporter
and the API serialisers, so a field added here is carried everywhere. Names are spelled as the
standard spells them. No Django import: this package is pure data.

One module per seam: ``model`` (``Table``, ``Ref``), ``tables`` (the 3.0 tables and their
order) and ``extensions`` (the 3.1 tables kept inside their parent). Every name is re-exported
here: ``from zorgzaam.socialmap.hsds.spec import TABLES`` keeps working.
"""

from __future__ import annotations

from .extensions import EXTENSION_CSV, EXTENSION_KEYS, EXTENSIONS, Extension
from .model import NUMBER, STRING, Ref, Table
from .tables import CSV_FILES, GENERIC_LINK, KIND_FIELD, KINDS, LOAD_ORDER, MAX_STRING, TABLES, N, S

__all__ = [
    "CSV_FILES",
    "EXTENSIONS",
    "EXTENSION_CSV",
    "EXTENSION_KEYS",
    "Extension",
    "GENERIC_LINK",
    "KINDS",
    "KIND_FIELD",
    "LOAD_ORDER",
    "MAX_STRING",
    "N",
    "NUMBER",
    "Ref",
    "S",
    "STRING",
    "TABLES",
    "Table",
]
