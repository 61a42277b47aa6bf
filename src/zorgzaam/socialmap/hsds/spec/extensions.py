"""The HSDS 3.1 tables kept inside their parent (``url.csv``, ``units.csv``,
``service_capacity.csv``): ``EXTENSIONS`` and the keys that hold them."""

from __future__ import annotations

from dataclasses import dataclass, field

from .tables import N, S


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
