"""Legacy directories: HSDS 1.x and Open Referral UK v1 data packages, converted to HSDS 3.0.

``detect(path)`` says whether a folder (or its ``datapackage.json``) is one, from the version
the data package declares or, without one, from the file names only the old layouts use
(``physical_addresses.csv``, ``regular_schedules.csv``, ``services_taxonomy.csv``,
``taxonomy.csv``, ...). ``convert(path)`` reads it and returns the same ``reader.Dataset`` the
HSDS 3.0 reader produces, ready for ``services.hsds_import(dataset=...)``: every converted
row goes through the 3.0 tabular reader (``reader.read_tabular_json``), so it is checked
against the official 3.0 schemas like any 3.0 file, and every problem names the legacy file
and line it came from.

Ids: HSDS 1.x ids are any text (often ``1``, ``2``, ...), 3.0 ids are UUIDs. An id that is a
UUID is kept; any other becomes a UUIDv5 of the legacy table and id in a namespace fixed per
source (``source``: the data package's name, or the folder's name) and per ``scope`` (the
municipality), so importing the same package again finds and updates the same rows.

What maps where (HSDS 1.1.1 and the Open Referral UK v1 extension of it):

* organizations -> organization (``url`` -> ``website``, ``year_incorporated`` -> a number);
  ORUK identifiers -> organization_identifier; programs -> program (3.0 requires a
  description: the name when there is none);
* services -> service (``fees`` -> ``fees_description``); eligibility rows -> the service's
  ``eligibility_description``, ``minimum_age`` and ``maximum_age``; payments_accepted and the
  ORUK fields without a 3.0 home (``deliverable_type``, ``attending_type``,
  ``attending_access``) -> extra properties of the service, which HSDS 3.0 allows;
* taxonomy -> taxonomy_term (the legacy id becomes its ``code``; its ``vocabulary`` a
  taxonomy); services_taxonomy, ``taxonomy_ids`` and ORUK link_taxonomy -> attribute;
* locations -> location (``location_type`` physical, postal when it has only a postal
  address); physical_addresses and postal_addresses -> address (``address_2`` to
  ``address_4`` joined into ``address_2``); accessibility_for_disabilities -> accessibility;
* regular_schedules -> a weekly schedule (``weekday`` 1-7 = Monday-Sunday, or a day name ->
  ``byday``; ORUK's RRULE fields as they are); holiday_schedules -> a schedule valid from the
  start to the end date (closed, or with its hours);
* phones, contacts, services_at_location, funding, service_areas, required_documents,
  languages, cost_option (ORUK), metadata, meta_table_descriptions -> their 3.0 tables.

ORUK reviews have no 3.0 table: they are counted in a warning, not imported. No Django import:
this module is pure Python like the reader.

One module per seam: ``layouts`` (the legacy files, ``LegacyInfo``), ``detection``
(``detect``), ``base`` (the converter's shared steps), ``organizations`` and ``places`` (the
tables, as mixins of the converter) and ``conversion`` (``convert``). The public names are
re-exported here: ``legacy.detect(path)`` and ``legacy.convert(path)`` keep working.
"""

from __future__ import annotations

from .conversion import convert
from .detection import detect
from .layouts import (
    KNOWN,
    LEGACY_FILES,
    LEGACY_NAMESPACE,
    ORUK_FILES,
    ORUK_SERVICE_COLUMNS,
    TEMPLATE_NAME,
    LegacyInfo,
)

__all__ = [
    "KNOWN",
    "LEGACY_FILES",
    "LEGACY_NAMESPACE",
    "ORUK_FILES",
    "ORUK_SERVICE_COLUMNS",
    "TEMPLATE_NAME",
    "LegacyInfo",
    "convert",
    "detect",
]
