"""The report's figures as open data: one observation per row (tidy), for machines and for
Dutch Excel, and as a Frictionless data package.

Every row is one published figure of the report (``report_build``): the same suppression
and rounding, never a small count. Columns (``FIELDS``): period, area code (the CBS code
of the municipality or village, ``none`` for figures without a village), area name, measure
code, the measure's label in Dutch and English, the value as a plain number (empty when
suppressed), its unit and whether it was suppressed. No sentences and no thousands
separators in the value column. A figure the report cannot give (a part not in use, a
total that is not the sum of its parts, hours that are not recorded) has no row.

* ``tidy_csv``: comma-separated, dot decimal, ``true``/``false``; UTF-8 with a byte-order
  mark so Excel reads the accents.
* ``excel_csv``: the same rows CBS-style for Dutch Excel: semicolons, decimal comma,
  ``ja``/``nee``.
* ``datapackage_zip``: both files with ``datapackage.json`` (Table Schema, licence,
  sources); validated with the ``frictionless`` package in the tests.

One module per seam: ``measures`` (the columns, units, measure codes and labels),
``rows`` (``observations``: the report's figures as rows) and ``files`` (the CSVs and
the data package). Callers import from this package; the names below are its public
surface.
"""

from __future__ import annotations

from .files import datapackage, datapackage_zip, excel_csv, file_stem, tidy_csv
from .measures import FIELDS, LICENSE, MEASURES, NO_AREA, UNITS
from .rows import QUARTERLY, Observation, observations
from .rows import _groups as _groups
from .rows import _Rows as _Rows

__all__ = [
    "FIELDS",
    "LICENSE",
    "MEASURES",
    "NO_AREA",
    "QUARTERLY",
    "UNITS",
    "Observation",
    "datapackage",
    "datapackage_zip",
    "excel_csv",
    "file_stem",
    "observations",
    "tidy_csv",
]
