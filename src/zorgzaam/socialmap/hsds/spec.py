"""The HSDS 3.0 tables as Zorgzaam stores them: scalar fields, references and nesting.

One table spec drives the importer (JSON forms and the tabular CSV datapackage), the exporter
and the API serialisers, so a field added here is carried everywhere. Names are spelled as the
standard spells them. No Django import: this module is pure data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

STRING = "string"
NUMBER = "number"


@dataclass(frozen=True)
class Ref:
    """A reference column (``service_id``) to another table.

    ``model_field`` is the Django field holding it; ``soft`` references may point outside the
    data set (HSDS allows a parent term or a parent organization kept elsewhere) and are kept
    as a plain UUID, the others must resolve to a row of the same municipality."""

    column: str
    target: str
    model_field: str
    soft: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    model: str
    csv: str
    scalars: dict[str, str]
    refs: tuple[Ref, ...] = ()
    # key -> child table, for arrays nested in this table's JSON objects; the child row points
    # back at this row through its reference column to this table.
    arrays: dict[str, str] = field(default_factory=dict)
    # key -> (child table, reference column on THIS table), for single nested objects.
    objects: dict[str, tuple[str, str]] = field(default_factory=dict)
    required: tuple[str, ...] = ()

    def ref(self, column: str) -> Ref | None:
        return self._refs_by_column.get(column)

    @cached_property
    def _refs_by_column(self) -> dict[str, Ref]:
        return {ref.column: ref for ref in self.refs}

    def ref_to(self, target: str) -> Ref | None:
        """The (first) reference column of this table that points at ``target``."""
        for ref in self.refs:
            if ref.target == target and not ref.soft:
                return ref
        return None

    @property
    def columns(self) -> list[str]:
        """CSV column order: id, references, scalars (as in the official datapackage)."""
        return ["id", *[r.column for r in self.refs], *self.scalars]


S, N = STRING, NUMBER
_AM = {"attributes": "attribute", "metadata": "metadata"}

TABLES: dict[str, Table] = {
    t.name: t
    for t in [
        Table(
            "taxonomy",
            "Taxonomy",
            "taxonomies.csv",
            {"name": S, "description": S, "uri": S, "version": S},
            arrays={"metadata": "metadata"},
            required=("name", "description"),
        ),
        Table(
            "taxonomy_term",
            "TaxonomyTerm",
            "taxonomy_terms.csv",
            {"code": S, "name": S, "description": S, "taxonomy": S, "language": S, "term_uri": S},
            refs=(
                Ref("parent_id", "taxonomy_term", "parent_id", soft=True),
                Ref("taxonomy_id", "taxonomy", "taxonomy_detail"),
            ),
            arrays={"metadata": "metadata"},
            objects={"taxonomy_detail": ("taxonomy", "taxonomy_id")},
            required=("name", "description"),
        ),
        Table(
            "organization",
            "Organization",
            "organizations.csv",
            {
                "name": S,
                "alternate_name": S,
                "description": S,
                "email": S,
                "website": S,
                "tax_status": S,
                "tax_id": S,
                "year_incorporated": N,
                "legal_status": S,
                "logo": S,
                "uri": S,
            },
            refs=(Ref("parent_organization_id", "organization", "parent_organization_id", True),),
            arrays={
                "funding": "funding",
                "contacts": "contact",
                "phones": "phone",
                "locations": "location",
                "programs": "program",
                "organization_identifiers": "organization_identifier",
                "services": "service",
                **_AM,
            },
            required=("name", "description"),
        ),
        Table(
            "organization_identifier",
            "OrganizationIdentifier",
            "organization_identifiers.csv",
            {"identifier_scheme": S, "identifier_type": S, "identifier": S},
            refs=(Ref("organization_id", "organization", "organization"),),
            arrays=dict(_AM),
            required=("identifier_type", "identifier"),
        ),
        Table(
            "program",
            "Program",
            "programs.csv",
            {"name": S, "alternate_name": S, "description": S},
            refs=(Ref("organization_id", "organization", "organization"),),
            arrays=dict(_AM),
            required=("name", "description"),
        ),
        Table(
            "service",
            "Service",
            "services.csv",
            {
                "name": S,
                "alternate_name": S,
                "description": S,
                "url": S,
                "email": S,
                "status": S,
                "interpretation_services": S,
                "application_process": S,
                "fees_description": S,
                "wait_time": S,
                "fees": S,
                "accreditations": S,
                "eligibility_description": S,
                "minimum_age": N,
                "maximum_age": N,
                "assured_date": S,
                "assurer_email": S,
                "licenses": S,
                "alert": S,
                "last_modified": S,
            },
            refs=(
                Ref("organization_id", "organization", "organization"),
                Ref("program_id", "program", "program"),
            ),
            arrays={
                "phones": "phone",
                "schedules": "schedule",
                "service_areas": "service_area",
                "service_at_locations": "service_at_location",
                "languages": "language",
                "funding": "funding",
                "cost_options": "cost_option",
                "required_documents": "required_document",
                "contacts": "contact",
                **_AM,
            },
            objects={
                "organization": ("organization", "organization_id"),
                "program": ("program", "program_id"),
            },
            required=("name", "status"),
        ),
        Table(
            "location",
            "Location",
            "locations.csv",
            {
                "location_type": S,
                "url": S,
                "name": S,
                "alternate_name": S,
                "description": S,
                "transportation": S,
                "latitude": N,
                "longitude": N,
                "external_identifier": S,
                "external_identifier_type": S,
            },
            refs=(Ref("organization_id", "organization", "organization"),),
            arrays={
                "languages": "language",
                "addresses": "address",
                "contacts": "contact",
                "accessibility": "accessibility",
                "phones": "phone",
                "schedules": "schedule",
                **_AM,
            },
            required=("location_type",),
        ),
        Table(
            "service_at_location",
            "ServiceAtLocation",
            "service_at_location.csv",
            {"description": S},
            refs=(
                Ref("service_id", "service", "service"),
                Ref("location_id", "location", "location"),
            ),
            arrays={"contacts": "contact", "phones": "phone", "schedules": "schedule", **_AM},
            objects={
                "location": ("location", "location_id"),
                "service": ("service", "service_id"),
            },
        ),
        Table(
            "contact",
            "Contact",
            "contacts.csv",
            {"name": S, "title": S, "department": S, "email": S},
            refs=(
                Ref("organization_id", "organization", "organization"),
                Ref("service_id", "service", "service"),
                Ref("service_at_location_id", "service_at_location", "service_at_location"),
                Ref("location_id", "location", "location"),
            ),
            arrays={"phones": "phone", **_AM},
        ),
        Table(
            "phone",
            "Phone",
            "phones.csv",
            {"number": S, "extension": N, "type": S, "description": S},
            refs=(
                Ref("location_id", "location", "location"),
                Ref("service_id", "service", "service"),
                Ref("organization_id", "organization", "organization"),
                Ref("contact_id", "contact", "contact"),
                Ref("service_at_location_id", "service_at_location", "service_at_location"),
            ),
            arrays={"languages": "language", **_AM},
            required=("number",),
        ),
        Table(
            "address",
            "Address",
            "addresses.csv",
            {
                "attention": S,
                "address_1": S,
                "address_2": S,
                "city": S,
                "region": S,
                "state_province": S,
                "postal_code": S,
                "country": S,
                "address_type": S,
            },
            refs=(Ref("location_id", "location", "location"),),
            arrays=dict(_AM),
            required=(
                "address_1",
                "city",
                "state_province",
                "postal_code",
                "country",
                "address_type",
            ),
        ),
        Table(
            "schedule",
            "Schedule",
            "schedules.csv",
            {
                "valid_from": S,
                "valid_to": S,
                "dtstart": S,
                "timezone": N,
                "until": S,
                "count": N,
                "wkst": S,
                "freq": S,
                "interval": N,
                "byday": S,
                "byweekno": S,
                "bymonthday": S,
                "byyearday": S,
                "description": S,
                "opens_at": S,
                "closes_at": S,
                "schedule_link": S,
                "attending_type": S,
                "notes": S,
            },
            refs=(
                Ref("service_id", "service", "service"),
                Ref("location_id", "location", "location"),
                Ref("service_at_location_id", "service_at_location", "service_at_location"),
            ),
            arrays=dict(_AM),
        ),
        Table(
            "funding",
            "Funding",
            "funding.csv",
            {"source": S},
            refs=(
                Ref("organization_id", "organization", "organization"),
                Ref("service_id", "service", "service"),
            ),
            arrays=dict(_AM),
        ),
        Table(
            "service_area",
            "ServiceArea",
            "service_areas.csv",
            {"name": S, "description": S, "extent": S, "extent_type": S, "uri": S},
            refs=(Ref("service_id", "service", "service"),),
            arrays=dict(_AM),
        ),
        Table(
            "required_document",
            "RequiredDocument",
            "required_documents.csv",
            {"document": S, "uri": S},
            refs=(Ref("service_id", "service", "service"),),
            arrays=dict(_AM),
        ),
        Table(
            "language",
            "Language",
            "languages.csv",
            {"name": S, "code": S, "note": S},
            refs=(
                Ref("service_id", "service", "service"),
                Ref("location_id", "location", "location"),
                Ref("phone_id", "phone", "phone"),
            ),
            arrays=dict(_AM),
        ),
        Table(
            "accessibility",
            "Accessibility",
            "accessibility.csv",
            {"description": S, "details": S, "url": S},
            refs=(Ref("location_id", "location", "location"),),
            arrays=dict(_AM),
        ),
        Table(
            "cost_option",
            "CostOption",
            "cost_options.csv",
            {
                "valid_from": S,
                "valid_to": S,
                "option": S,
                "currency": S,
                "amount": N,
                "amount_description": S,
            },
            refs=(Ref("service_id", "service", "service"),),
            arrays=dict(_AM),
        ),
        Table(
            "attribute",
            "Attribute",
            "attributes.csv",
            {"link_type": S, "link_entity": S, "value": S},
            refs=(
                Ref("link_id", "*", "link_id", soft=True),
                Ref("taxonomy_term_id", "taxonomy_term", "taxonomy_term"),
            ),
            arrays={"metadata": "metadata"},
            objects={"taxonomy_term": ("taxonomy_term", "taxonomy_term_id")},
        ),
        Table(
            "metadata",
            "Metadata",
            "metadata.csv",
            {
                "resource_type": S,
                "last_action_date": S,
                "last_action_type": S,
                "field_name": S,
                "previous_value": S,
                "replacement_value": S,
                "updated_by": S,
            },
            refs=(Ref("resource_id", "*", "resource_id", soft=True),),
            required=(
                "last_action_date",
                "last_action_type",
                "field_name",
                "previous_value",
                "replacement_value",
                "updated_by",
            ),
        ),
        Table(
            "meta_table_description",
            "MetaTableDescription",
            "meta_table_descriptions.csv",
            {"name": S, "language": S, "character_set": S},
            arrays=dict(_AM),
        ),
    ]
}

#: Load order: a table only references tables loaded before it (soft references aside).
LOAD_ORDER = [
    "taxonomy",
    "taxonomy_term",
    "organization",
    "organization_identifier",
    "program",
    "service",
    "location",
    "service_at_location",
    "contact",
    "phone",
    "address",
    "schedule",
    "funding",
    "service_area",
    "required_document",
    "language",
    "accessibility",
    "cost_option",
    "attribute",
    "metadata",
    "meta_table_description",
]
assert sorted(LOAD_ORDER) == sorted(TABLES)  # noqa: S101 - a programming error otherwise

CSV_FILES = {t.csv: t.name for t in TABLES.values()}

#: Generic links: an attribute's link_id / a metadata row's resource_id point at the row in
#: which they were nested; the entity is named in link_entity / resource_type.
GENERIC_LINK = {
    "attribute": ("link_id", "link_entity"),
    "metadata": ("resource_id", "resource_type"),
}

#: Zorgzaam's kind of a service (formal care, welfare and social work, informal help) is not an
#: HSDS field. It is carried as an extension property of the service object (a column of
#: services.csv in the tabular form): HSDS 3.0 allows additional properties, the official
#: schemas do not forbid them, and the name cannot clash with a future HSDS field.
KIND_FIELD = "zorgzaam_kind"
KINDS = ("formal", "welfare", "informal")  # = models.Kind.values (a test checks)

#: Longest string accepted in any field (a description of a whole page is far shorter).
MAX_STRING = 20_000


@dataclass(frozen=True)
class Extension:
    """An HSDS 3.1 table that Zorgzaam keeps inside the row 3.1 nests it in (in ``extra``):
    3.1 is a superset of 3.0, so a 3.0 map holds 3.1 data without a table of its own and
    exports it again in both forms. ``parents``: (reference column, parent table, array key);
    ``objects``: key of a nested object -> (extension table, reference column)."""

    name: str
    csv: str
    columns: dict[str, str]
    parents: tuple[tuple[str, str, str], ...] = ()
    objects: dict[str, tuple[str, str]] = field(default_factory=dict)


EXTENSIONS: dict[str, Extension] = {
    e.name: e
    for e in [
        Extension(
            "url",
            "url.csv",
            {"id": S, "label": S, "url": S, "organization_id": S, "service_id": S},
            parents=(
                ("service_id", "service", "additional_urls"),
                ("organization_id", "organization", "additional_websites"),
            ),
        ),
        Extension(
            "unit",
            "units.csv",
            {"id": S, "name": S, "scheme": S, "identifier": S, "uri": S},
        ),
        Extension(
            "service_capacity",
            "service_capacity.csv",
            {
                "id": S,
                "service_id": S,
                "unit_id": S,
                "available": N,
                "maximum": N,
                "description": S,
                "updated": S,
            },
            parents=(("service_id", "service", "capacities"),),
            objects={"unit": ("unit", "unit_id")},
        ),
    ]
}
EXTENSION_CSV = {e.csv: e.name for e in EXTENSIONS.values()}
#: The extra properties of a table that hold 3.1 rows (not CSV columns of that table).
EXTENSION_KEYS: dict[str, set[str]] = {}
for _ext in EXTENSIONS.values():
    for _column, _parent, _key in _ext.parents:
        EXTENSION_KEYS.setdefault(_parent, set()).add(_key)
