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
"""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import reader
from .spec import TABLES

#: The namespace of every converted id (a fixed value: changing it would give every legacy
#: row a new id on the next import).
LEGACY_NAMESPACE = uuid.UUID("5c0b1e8a-5d2e-5b7f-9a53-1d7c2f4e8b21")

#: Files only the HSDS 1.x / ORUK v1 layouts have (3.0 has none of these names).
LEGACY_FILES = frozenset(
    {
        "services_taxonomy.csv",
        "services_at_location.csv",
        "taxonomy.csv",
        "physical_addresses.csv",
        "postal_addresses.csv",
        "regular_schedules.csv",
        "holiday_schedules.csv",
        "eligibility.csv",
        "payments_accepted.csv",
        "accessibility_for_disabilities.csv",
        "cost_option.csv",
        "link_taxonomy.csv",
        "reviews.csv",
        "identifiers.csv",
    }
)
#: Files and service columns that only Open Referral UK v1 adds to HSDS 1.1.
ORUK_FILES = frozenset({"cost_option.csv", "link_taxonomy.csv", "reviews.csv", "identifiers.csv"})
ORUK_SERVICE_COLUMNS = frozenset(
    {"deliverable_type", "attending_type", "attending_access", "assured_date"}
)
#: Every file a legacy package may hold, by its legacy table name.
KNOWN = {
    "organizations.csv": "organization",
    "identifiers.csv": "identifier",
    "programs.csv": "program",
    "services.csv": "service",
    "services_taxonomy.csv": "service_taxonomy",
    "services_at_location.csv": "service_at_location",
    "locations.csv": "location",
    "phones.csv": "phone",
    "contacts.csv": "contact",
    "physical_addresses.csv": "physical_address",
    "postal_addresses.csv": "postal_address",
    "regular_schedules.csv": "regular_schedule",
    "holiday_schedules.csv": "holiday_schedule",
    "funding.csv": "funding",
    "eligibility.csv": "eligibility",
    "service_areas.csv": "service_area",
    "required_documents.csv": "required_document",
    "payments_accepted.csv": "payment_accepted",
    "languages.csv": "language",
    "accessibility_for_disabilities.csv": "accessibility_for_disabilities",
    "taxonomy.csv": "taxonomy",
    "metadata.csv": "metadata",
    "meta_table_descriptions.csv": "meta_table_description",
    "cost_option.csv": "cost_option",
    "reviews.csv": "review",
    "link_taxonomy.csv": "link_taxonomy",
}
#: The name data packages made from the HSDS template keep; it names no source.
TEMPLATE_NAME = "human_services_data"

_WEEKDAYS = {
    **{str(i): d for i, d in enumerate(["SU", "MO", "TU", "WE", "TH", "FR", "SA", "SU"])},
    **{
        name: day
        for day, names in {
            "MO": ("mo", "mon", "monday", "ma", "maandag"),
            "TU": ("tu", "tue", "tuesday", "di", "dinsdag"),
            "WE": ("we", "wed", "wednesday", "wo", "woensdag"),
            "TH": ("th", "thu", "thursday", "do", "donderdag"),
            "FR": ("fr", "fri", "friday", "vr", "vrijdag"),
            "SA": ("sa", "sat", "saturday", "za", "zaterdag"),
            "SU": ("su", "sun", "sunday", "zo", "zondag"),
        }.items()
        for name in names
    },
}
_SHORT_TIME = re.compile(r"^(\d):(\d\d)")
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
_TRUE = {"true", "1", "yes", "y", "ja", "t"}


@dataclass(frozen=True)
class LegacyInfo:
    """What a legacy folder is: layout (``hsds-1``, ``oruk-1`` or the unsupported
    ``hsds-2``), the version it declares (or ``1.x`` when only its files tell), where its
    CSV files are, and how many services it holds."""

    layout: str
    version: str
    declared: bool
    directory: Path
    files: dict[str, Path] = field(default_factory=dict)
    services: int = 0
    name: str = ""

    @property
    def label(self) -> str:
        if self.layout == "oruk-1":
            what = f"Open Referral UK {self.version}" if self.declared else "Open Referral UK v1"
        else:
            what = f"HSDS {self.version}"
        return f"{what} data package" if self.declared else f"{what} folder (by its file names)"

    @property
    def head(self) -> str:
        """The first words of the import command's first line."""
        if self.layout == "hsds-2":
            return f"{self.label}, {self.services:,} services (HSDS 2.0: not converted)"
        return f"{self.label}, {self.services:,} services (converted to HSDS 3.0)"

    def summary(self) -> str:
        """The first line for a person: what the folder is and what will happen."""
        head = f"{self.label}, {self.services:,} services"
        if self.layout == "hsds-2":
            return f"{head}: HSDS 2.0 is not converted; nothing will be imported."
        return f"{head}: converted to HSDS 3.0 (its ids become stable UUIDs) and imported."


# --- detection ------------------------------------------------------------------------------
def _read_package(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _package_files(directory: Path, package: dict | None) -> dict[str, Path]:
    """File name -> path: the package's resource paths, else the CSV files in the folder and
    its sub-folders (the first of a name wins)."""
    found: dict[str, Path] = {}
    resources = (package or {}).get("resources")
    if isinstance(resources, list):
        for resource in resources:
            raw = resource.get("path") if isinstance(resource, dict) else None
            if isinstance(raw, str) and raw.endswith(".csv") and "://" not in raw:
                candidate = (directory / raw).resolve()
                if candidate.is_file() and directory.resolve() in candidate.parents:
                    found.setdefault(candidate.name, candidate)
    for candidate in sorted(directory.rglob("*.csv")):
        found.setdefault(candidate.name, candidate)
    return found


def _header(path: Path) -> list[str]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return next(csv.reader(fh), [])
    except (OSError, UnicodeDecodeError, csv.Error):
        return []


def _count_rows(path: Path | None) -> int:
    if path is None:
        return 0
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return max(0, sum(1 for _ in csv.reader(fh)) - 1)
    except (OSError, UnicodeDecodeError, csv.Error):
        return 0


def detect(path) -> LegacyInfo | None:
    """A ``LegacyInfo`` when ``path`` (a folder, or its ``datapackage.json``) is an HSDS 1.x
    or Open Referral UK v1 data package (or an HSDS 2.0 one, which is named but not
    converted); None for anything else (HSDS 3.x, a single file, nothing)."""
    path = Path(path)
    if path.is_file() and path.name == "datapackage.json":
        path = path.parent
    if not path.is_dir():
        return None
    package_file = path / "datapackage.json"
    package = _read_package(package_file) if package_file.is_file() else None
    files = _package_files(path, package)
    declared = ""
    if package is not None:
        raw = package.get("version")
        declared = str(raw).strip().lstrip("vV") if raw not in (None, "") else ""
    major = declared.split(".", 1)[0] if declared else ""
    names = set(files)
    if major.isdigit() and int(major) >= 3:
        return None
    legacy_files = names & LEGACY_FILES
    if major == "2" or (not legacy_files and {"service_attributes.csv", "schedules.csv"} <= names):
        layout = "hsds-2"
    elif major == "1" or legacy_files:
        layout = "hsds-1"
    else:
        return None
    text = json.dumps(
        {k: (package or {}).get(k) for k in ("name", "title", "description", "profile")}
    ).lower()
    if layout == "hsds-1" and (
        names & ORUK_FILES
        or ORUK_SERVICE_COLUMNS
        & set(_header(files["services.csv"]) if "services.csv" in files else [])
        or "open referral uk" in text
        or "openreferraluk" in text
    ):
        layout = "oruk-1"
    name = str((package or {}).get("name") or "").strip()
    return LegacyInfo(
        layout=layout,
        version=declared if major in ("1", "2") else ("2.0" if layout == "hsds-2" else "1.x"),
        declared=bool(declared) and major in ("1", "2"),
        directory=path,
        files=files,
        services=_count_rows(files.get("services.csv")),
        name="" if name == TEMPLATE_NAME else name,
    )


# --- conversion -----------------------------------------------------------------------------
def _clean(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        return False
    return len(value) == 36


class _Converter:
    def __init__(self, info: LegacyInfo, *, source: str | None, scope: str) -> None:
        self.info = info
        key = source or info.name or info.directory.resolve().name
        self.namespace = uuid.uuid5(LEGACY_NAMESPACE, f"{scope}\x1f{key}")
        self.dataset = reader.Dataset()
        self.dataset.sources.append(str(info.directory))
        self.rows: dict[str, list[tuple[str, dict]]] = {}
        self.out: list[tuple[str, str, dict]] = []  # (3.0 table, legacy path, row)
        self.filled: dict[str, int] = {}

    # ids
    def ident(self, table: str, raw) -> str | None:
        raw = _clean(raw)
        if raw is None:
            return None
        raw = str(raw)
        if _is_uuid(raw):
            return raw.lower()
        return str(uuid.uuid5(self.namespace, f"{table}\x1f{raw}"))

    def problem(self, where: str, reason: str) -> None:
        self.dataset.problems.append((where, reason))

    def warn(self, where: str, reason: str) -> None:
        self.dataset.warnings.append((where, reason))

    # reading
    def read(self) -> None:
        for name, file in sorted(self.info.files.items()):
            legacy = KNOWN.get(name)
            if legacy is None:
                self.warn(str(file), "not a file of this layout; skipped")
                continue
            try:
                text = file.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                self.problem(str(file), f"cannot be read as UTF-8 ({exc})")
                continue
            rows = []
            try:
                for line, raw in enumerate(csv.DictReader(io.StringIO(text, newline="")), 2):
                    if None in raw:
                        self.problem(f"{file}:{line}", "more values than header columns")
                        continue
                    row = {k.strip(): _clean(v) for k, v in raw.items() if k}
                    if row.get("id") is None:
                        self.problem(f"{file}:{line}/id", "a row without an id")
                        continue
                    rows.append((f"{file}:{line}", row))
            except csv.Error as exc:
                self.problem(str(file), f"broken CSV: {exc}")
                continue
            self.rows[legacy] = rows

    def each(self, legacy: str) -> Iterator[tuple[str, dict]]:
        yield from self.rows.get(legacy, ())

    def emit(self, table: str, where: str, row: dict, source: dict, used: set[str]) -> None:
        """Queue a 3.0 row; the source's columns not ``used`` ride along as extra properties
        (prefixed ``legacy_`` where the name is a 3.0 field of the table)."""
        spec = TABLES[table]
        own = set(spec.scalars) | {r.column for r in spec.refs} | {"id"}
        for key, value in source.items():
            if key in used or value is None or key in row:
                continue
            row[f"legacy_{key}" if key in own else key] = value
        self.out.append((table, where, {k: v for k, v in row.items() if v is not None}))

    def number(self, where: str, key: str, value, *, whole: bool = False):
        if value is None:
            return None
        try:
            number = float(value)
        except ValueError:
            self.problem(f"{where}/{key}", f"{key} must be a number, got {value!r}")
            return None
        if whole or number.is_integer():
            return int(number)
        return number

    def fill(self, what: str) -> None:
        self.filled[what] = self.filled.get(what, 0) + 1

    # tables
    def convert(self) -> reader.Dataset:
        self.read()
        if self.info.layout == "hsds-2":
            self.problem(
                str(self.info.directory),
                "an HSDS 2.0 data package: only HSDS 1.x, Open Referral UK v1 and HSDS 3.x "
                "are imported; convert it to HSDS 3.0 first",
            )
            return self.dataset
        self.organizations()
        self.programs()
        self.services()
        self.taxonomies()
        self.locations()
        self.simple()
        self.schedules()
        self.metadata()
        reviews = len(self.rows.get("review", ()))
        if reviews:
            self.warn(
                str(self.info.files["reviews.csv"]),
                f"{reviews} review(s) not imported: HSDS 3.0 has no reviews",
            )
        for what, count in sorted(self.filled.items()):
            self.warn(str(self.info.directory), f"{count} {what}")
        self.load()
        return self.dataset

    def organizations(self) -> None:
        for where, r in self.each("organization"):
            year = r.get("year_incorporated")
            if year is not None:
                year = self.number(where, "year_incorporated", year[:4])
            description = r.get("description")
            if description is None:
                description = r.get("name")
                self.fill("organization(s) without a description got their name as one")
            row = {
                "id": self.ident("organization", r["id"]),
                "name": r.get("name"),
                "alternate_name": r.get("alternate_name"),
                "description": description,
                "email": r.get("email"),
                "website": r.get("url"),
                "tax_status": r.get("tax_status"),
                "tax_id": r.get("tax_id"),
                "year_incorporated": year,
                "legal_status": r.get("legal_status"),
                "logo": r.get("logo"),
                "uri": r.get("uri"),
            }
            used = {*row, "url"}
            self.emit("organization", where, row, r, used)
        for where, r in self.each("identifier"):
            row = {
                "id": self.ident("identifier", r["id"]),
                "organization_id": self.ident("organization", r.get("organization_id")),
                "identifier_scheme": r.get("register"),
                "identifier_type": r.get("identification_body") or r.get("register"),
                "identifier": r.get("identifier"),
            }
            used = {*row, "register", "identification_body", "service_area_id"}
            self.emit("organization_identifier", where, row, r, used)

    def programs(self) -> None:
        for where, r in self.each("program"):
            row = {
                "id": self.ident("program", r["id"]),
                "organization_id": self.ident("organization", r.get("organization_id")),
                "name": r.get("name"),
                "alternate_name": r.get("alternate_name"),
                "description": r.get("description") or r.get("name"),
            }
            self.emit("program", where, row, r, set(row))

    def services(self) -> None:
        eligibility: dict[str, list[dict]] = {}
        for _, r in self.each("eligibility"):
            eligibility.setdefault(r.get("service_id") or "", []).append(r)
        payments: dict[str, list[str]] = {}
        for _, r in self.each("payment_accepted"):
            if r.get("payment"):
                payments.setdefault(r.get("service_id") or "", []).append(r["payment"])
        for where, r in self.each("service"):
            status = r.get("status")
            if status is None:
                status = "active"
                self.fill("service(s) without a status were taken as active")
            row = {
                "id": self.ident("service", r["id"]),
                "organization_id": self.ident("organization", r.get("organization_id")),
                "program_id": self.ident("program", r.get("program_id")),
                "name": r.get("name"),
                "alternate_name": r.get("alternate_name"),
                "description": r.get("description"),
                "url": r.get("url"),
                "email": r.get("email"),
                "status": status.lower(),
                "interpretation_services": r.get("interpretation_services"),
                "application_process": r.get("application_process"),
                "wait_time": r.get("wait_time"),
                "fees_description": r.get("fees"),
                "accreditations": r.get("accreditations"),
                "licenses": r.get("licenses"),
                "assured_date": r.get("assured_date"),
            }
            rules = eligibility.get(r["id"], [])
            texts = [
                text
                for e in rules
                for text in (e.get("eligibility"), e.get("gender"))
                if text is not None
            ]
            if texts:
                row["eligibility_description"] = "; ".join(dict.fromkeys(texts))
            lows = [self.number(where, "minimum_age", e.get("minimum_age")) for e in rules]
            highs = [self.number(where, "maximum_age", e.get("maximum_age")) for e in rules]
            lows = [n for n in lows if n is not None]
            highs = [n for n in highs if n is not None]
            if lows:
                row["minimum_age"] = min(lows)
            if highs:
                row["maximum_age"] = max(highs)
            if payments.get(r["id"]):
                row["payments_accepted"] = ", ".join(payments[r["id"]])
            used = {*row, "fees", "taxonomy_ids"}
            self.emit("service", where, row, r, used)
            for tax in (r.get("taxonomy_ids") or "").split(","):
                if tax.strip():
                    self.attribute(
                        where,
                        f"taxonomy_ids\x1f{r['id']}\x1f{tax.strip()}",
                        row["id"],
                        tax.strip(),
                    )

    def attribute(self, where, key, link_id, taxonomy_id, *, value=None, link_type=None):
        row = {
            "id": str(uuid.uuid5(self.namespace, f"attribute\x1f{key}")),
            "link_id": link_id,
            "link_entity": "service" if link_type in (None, "eligibility") else link_type,
            "link_type": link_type,
            "taxonomy_term_id": self.ident("taxonomy", taxonomy_id),
            "value": value,
        }
        self.out.append(("attribute", where, {k: v for k, v in row.items() if v is not None}))

    def taxonomies(self) -> None:
        vocabularies: dict[str, str] = {}
        for where, r in self.each("taxonomy"):
            vocabulary = r.get("vocabulary")
            taxonomy_id = None
            if vocabulary is not None:
                taxonomy_id = str(uuid.uuid5(self.namespace, f"vocabulary\x1f{vocabulary}"))
                if vocabulary not in vocabularies:
                    vocabularies[vocabulary] = taxonomy_id
                    self.out.append(
                        (
                            "taxonomy",
                            where,
                            {
                                "id": taxonomy_id,
                                "name": vocabulary,
                                "description": f"{vocabulary} ({self.info.label})",
                            },
                        )
                    )
            row = {
                "id": self.ident("taxonomy", r["id"]),
                "code": r["id"],
                "name": r.get("name"),
                "description": r.get("description") or r.get("name"),
                "parent_id": self.ident("taxonomy", r.get("parent_id")),
                "taxonomy": vocabulary,
                "taxonomy_id": taxonomy_id,
            }
            self.emit("taxonomy_term", where, row, r, {*row, "vocabulary", "parent_name"})
        for where, r in self.each("service_taxonomy"):
            self.attribute(
                where,
                f"service_taxonomy\x1f{r['id']}",
                self.ident("service", r.get("service_id")),
                r.get("taxonomy_id"),
                value=r.get("taxonomy_detail"),
            )
        links = {
            "organization": "organization",
            "cost_option": "cost_option",
            "service_area": "service_area",
        }
        eligibility_service = {r["id"]: r.get("service_id") for _, r in self.each("eligibility")}
        for where, r in self.each("link_taxonomy"):
            kind = (r.get("link_type") or "").lower()
            raw = r.get("link_id")
            if kind == "eligibility":
                link = self.ident("service", eligibility_service.get(raw or ""))
            elif kind in links:
                link = self.ident(links[kind], raw)
            else:
                self.problem(f"{where}/link_type", f"unknown link_type {r.get('link_type')!r}")
                continue
            if link is None:
                self.problem(f"{where}/link_id", f"no {kind} {raw!r} in the package")
                continue
            self.attribute(
                where, f"link_taxonomy\x1f{r['id']}", link, r.get("taxonomy_id"), link_type=kind
            )

    def locations(self) -> None:
        physical = {r.get("location_id") for _, r in self.each("physical_address")}
        postal = {r.get("location_id") for _, r in self.each("postal_address")}
        for where, r in self.each("location"):
            only_postal = r["id"] in postal and r["id"] not in physical
            row = {
                "id": self.ident("location", r["id"]),
                "location_type": "postal" if only_postal else "physical",
                "organization_id": self.ident("organization", r.get("organization_id")),
                "name": r.get("name"),
                "alternate_name": r.get("alternate_name"),
                "description": r.get("description"),
                "transportation": r.get("transportation"),
                "latitude": self.number(where, "latitude", r.get("latitude")),
                "longitude": self.number(where, "longitude", r.get("longitude")),
            }
            self.emit("location", where, row, r, set(row))
        for legacy, kind in (("physical_address", "physical"), ("postal_address", "postal")):
            for where, r in self.each(legacy):
                extra = [r.get(k) for k in ("address_2", "address_3", "address_4")]
                row = {
                    "id": self.ident(legacy, r["id"]),
                    "location_id": self.ident("location", r.get("location_id")),
                    "attention": r.get("attention"),
                    "address_1": r.get("address_1"),
                    "address_2": ", ".join(p for p in extra if p) or None,
                    "city": r.get("city"),
                    "region": r.get("region"),
                    "state_province": r.get("state_province"),
                    "postal_code": r.get("postal_code"),
                    "country": r.get("country"),
                    "address_type": kind,
                }
                self.emit("address", where, row, r, {*row, "address_3", "address_4"})
        for where, r in self.each("accessibility_for_disabilities"):
            row = {
                "id": self.ident("accessibility", r["id"]),
                "location_id": self.ident("location", r.get("location_id")),
                "description": r.get("accessibility"),
                "details": r.get("details"),
            }
            self.emit("accessibility", where, row, r, {*row, "accessibility"})

    def owners(self, r: dict, *keys: str) -> dict:
        tables = {
            "organization_id": "organization",
            "service_id": "service",
            "location_id": "location",
            "contact_id": "contact",
            "service_at_location_id": "service_at_location",
        }
        return {k: self.ident(tables[k], r.get(k)) for k in keys}

    def simple(self) -> None:
        for where, r in self.each("service_at_location"):
            row = {
                "id": self.ident("service_at_location", r["id"]),
                **self.owners(r, "service_id", "location_id"),
                "description": r.get("description"),
            }
            self.emit("service_at_location", where, row, r, set(row))
        for where, r in self.each("contact"):
            row = {
                "id": self.ident("contact", r["id"]),
                **self.owners(r, "organization_id", "service_id", "service_at_location_id"),
                "name": r.get("name"),
                "title": r.get("title"),
                "department": r.get("department"),
                "email": r.get("email"),
            }
            self.emit("contact", where, row, r, set(row))
        for where, r in self.each("phone"):
            row = {
                "id": self.ident("phone", r["id"]),
                **self.owners(
                    r,
                    "location_id",
                    "service_id",
                    "organization_id",
                    "contact_id",
                    "service_at_location_id",
                ),
                "number": r.get("number"),
                "extension": self.number(where, "extension", r.get("extension")),
                "type": (r.get("type") or "").lower() or None,
                "description": r.get("description"),
            }
            self.emit("phone", where, row, r, {*row, "language"})
            if r.get("language"):
                spoken = self.language(f"phone\x1f{r['id']}", r["language"])
                self.out.append(("language", where, {**spoken, "phone_id": row["id"]}))
        for where, r in self.each("language"):
            row = {
                **self.language(r["id"], r.get("language")),
                **self.owners(r, "service_id", "location_id"),
            }
            self.emit("language", where, row, r, {*row, "language"})
        for where, r in self.each("funding"):
            row = {
                "id": self.ident("funding", r["id"]),
                **self.owners(r, "organization_id", "service_id"),
                "source": r.get("source"),
            }
            self.emit("funding", where, row, r, set(row))
        for where, r in self.each("service_area"):
            row = {
                "id": self.ident("service_area", r["id"]),
                **self.owners(r, "service_id"),
                "name": r.get("name") or r.get("service_area"),
                "description": r.get("description"),
                "extent": r.get("extent"),
                "extent_type": "geojson" if r.get("extent") else None,
                "uri": r.get("uri"),
            }
            used = {*row} | ({"service_area"} if not r.get("name") else set())
            self.emit("service_area", where, row, r, used)
        for where, r in self.each("required_document"):
            row = {
                "id": self.ident("required_document", r["id"]),
                **self.owners(r, "service_id"),
                "document": r.get("document"),
            }
            self.emit("required_document", where, row, r, set(row))
        for where, r in self.each("cost_option"):
            row = {
                "id": self.ident("cost_option", r["id"]),
                **self.owners(r, "service_id"),
                "valid_from": r.get("valid_from"),
                "valid_to": r.get("valid_to"),
                "option": r.get("option"),
                "amount": self.number(where, "amount", r.get("amount")),
                "amount_description": r.get("amount_description"),
            }
            self.emit("cost_option", where, row, r, set(row))

    def language(self, key: str, text: str | None) -> dict:
        row = {"id": self.ident("language", key)}
        if text is None:
            return row
        if _LANGUAGE_CODE.match(text):
            row["code"] = text
        else:
            row["name"] = text
        return row

    def schedules(self) -> None:
        owner_keys = ("service_id", "location_id", "service_at_location_id")
        for where, r in self.each("regular_schedule"):
            weekday = r.get("weekday")
            day = _WEEKDAYS.get((weekday or "").lower().rstrip(".")) if weekday else None
            byday = r.get("byday")
            if day is None and byday is None:
                self.problem(
                    f"{where}/weekday",
                    f"weekday must be 1-7 (Monday-Sunday) or a day name, got {weekday!r}",
                )
                continue
            row = {
                "id": self.ident("regular_schedule", r["id"]),
                **self.owners(r, *owner_keys),
                "freq": (r.get("freq") or "WEEKLY").upper(),
                "byday": byday or day,
                "opens_at": _time(r.get("opens_at")),
                "closes_at": _time(r.get("closes_at")),
                "valid_from": r.get("valid_from"),
                "valid_to": r.get("valid_to"),
                "dtstart": r.get("dtstart"),
                "interval": self.number(where, "interval", r.get("interval"), whole=True),
                "bymonthday": r.get("bymonthday"),
                "description": r.get("description"),
            }
            if row["bymonthday"] is not None:
                value = self.number(where, "bymonthday", row["bymonthday"], whole=True)
                row["bymonthday"] = None if value is None else str(value)
            self.emit("schedule", where, row, r, {*row, "weekday"})
        for where, r in self.each("holiday_schedule"):
            closed = (r.get("closed") or "").lower() in _TRUE
            row = {
                "id": self.ident("holiday_schedule", r["id"]),
                **self.owners(r, *owner_keys),
                "valid_from": r.get("start_date"),
                "valid_to": r.get("end_date"),
                "opens_at": None if closed else _time(r.get("opens_at")),
                "closes_at": None if closed else _time(r.get("closes_at")),
                "description": "Gesloten" if closed else "Aangepaste openingstijden",
                "closed": closed,
            }
            used = {*row, "start_date", "end_date", "opens_at", "closes_at"}
            self.emit("schedule", where, row, r, used)

    def metadata(self) -> None:
        tables = {
            "organization": "organization",
            "service": "service",
            "location": "location",
            "program": "program",
            "contact": "contact",
            "phone": "phone",
            "service_at_location": "service_at_location",
        }
        owner: dict[str, list[str]] = {}
        for legacy in tables:
            for _, r in self.each(legacy):
                owner.setdefault(r["id"], []).append(legacy)
        skipped = 0
        for where, r in self.each("metadata"):
            found = owner.get(r.get("resource_id") or "", [])
            if len(found) != 1:
                skipped += 1
                continue
            row = {
                "id": self.ident("metadata", r["id"]),
                "resource_id": self.ident(found[0], r["resource_id"]),
                "resource_type": tables[found[0]],
                "last_action_date": r.get("last_action_date"),
                "last_action_type": r.get("last_action_type"),
                "field_name": r.get("field_name"),
                "previous_value": r.get("previous_value"),
                "replacement_value": r.get("replacement_value"),
                "updated_by": r.get("updated_by"),
            }
            self.emit("metadata", where, row, r, set(row))
        if skipped:
            self.warn(
                str(self.info.files.get("metadata.csv", self.info.directory)),
                f"{skipped} metadata row(s) not imported: their resource_id names no single "
                "organization, service, location, program, contact, phone or "
                "service at location of the package",
            )
        for where, r in self.each("meta_table_description"):
            row = {
                "id": self.ident("meta_table_description", r["id"]),
                "name": r.get("name"),
                "language": r.get("language"),
                "character_set": r.get("character_set"),
            }
            self.emit("meta_table_description", where, row, r, set(row))

    def load(self) -> None:
        """Every converted row through the 3.0 tabular reader; problems and rows name the
        legacy file and line."""
        dataset = self.dataset
        for table, where, row in self.out:
            filename = TABLES[table].csv
            before = len(dataset.problems)
            reader.read_tabular_json({filename: [row]}, where, dataset)
            prefix = f"{where}:/{filename}/0"
            for i in range(before, len(dataset.problems)):
                path, reason = dataset.problems[i]
                if path.startswith(prefix):
                    dataset.problems[i] = (where + path[len(prefix) :], reason)
            stored = dataset.rows[table].get(row.get("id", ""))
            if stored is not None and stored.path == prefix:
                stored.path = where


def _time(value: str | None) -> str | None:
    """``9:00`` -> ``09:00``; anything else as it is (the loader judges it)."""
    if value is None:
        return None
    return _SHORT_TIME.sub(r"0\1:\2", value, count=1)


def convert(path, *, source: str | None = None, scope: str = "") -> reader.Dataset:
    """Read a legacy folder into an HSDS 3.0 ``reader.Dataset`` (rows, problems, warnings).

    ``source`` names the source (default: the data package's name, else the folder's name)
    and ``scope`` the place it is imported into (the municipality's code): together they fix
    the namespace of the converted ids, so the same source imported again gets the same ids.
    A path that is no legacy folder gives a data set with that one problem."""
    info = detect(path)
    if info is None:
        dataset = reader.Dataset()
        dataset.problems.append((str(path), "not an HSDS 1.x or Open Referral UK v1 folder"))
        return dataset
    return _Converter(info, source=source, scope=scope).convert()
