"""The shape of a table spec: ``Table`` (scalars, arrays, nested objects, references) and
``Ref``."""

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
