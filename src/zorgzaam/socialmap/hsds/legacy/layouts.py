"""The legacy layouts (HSDS 1.x, Open Referral UK v1): their files, the converted ids'
namespace, and ``LegacyInfo``, what ``detect`` found."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

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
