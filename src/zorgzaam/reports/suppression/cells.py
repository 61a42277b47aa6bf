"""The published figure (``Cell``: a value or why it is hidden) and table (``Table``),
the statuses of a hidden figure, rounding, and the figures that stand alone: a single
count (``suppress_value``) and a median (``median_cell``)."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

PRIMARY = "primary"
SECONDARY = "secondary"
UNPUBLISHED = "unpublished"  # a row total of a table whose columns do not add up
TOO_FEW = "too_few"  # a figure that is not a count (a median, a mean) over too few people


@dataclass(frozen=True)
class Cell:
    value: int | float | None  # None when hidden
    status: str = ""  # "", "primary", "secondary", "unpublished" or "too_few"
    threshold: int = 5
    shown: str = ""  # how a published value is written on the page (e.g. "1,5"), if not str

    @property
    def hidden(self) -> bool:
        return self.status != ""

    def display(self) -> str:
        if self.status == PRIMARY:
            return f"< {self.threshold}"
        if self.status == SECONDARY:
            return "x"
        if self.status == UNPUBLISHED:
            return ""
        if self.status == TOO_FEW:
            return "–"
        return self.shown or str(self.value)

    def csv(self) -> str:
        if self.status == PRIMARY:
            return f"<{self.threshold}"
        if self.status in (SECONDARY, TOO_FEW):
            return "x"
        if self.status == UNPUBLISHED:
            return ""
        return str(self.value)


@dataclass
class Table:
    columns: list[str]
    row_keys: list[Hashable]
    cells: list[list[Cell]]
    row_totals: list[Cell]
    column_totals: list[Cell]
    grand_total: Cell
    threshold: int = 5
    suppressed: int = field(default=0)
    has_row_totals: bool = True
    row_labels: list[str] = field(default_factory=list)  # set by the caller, for display
    row_title: str = ""
    footer_label: str = ""
    #: False for a table whose rows are not villages (quarters): a column hidden in every
    #: row stays a column, there is no municipal figure or group to show instead
    collapsible: bool = True

    def labelled_rows(self) -> list[tuple[str, list[Cell], Cell]]:
        labels = self.row_labels or [str(k) for k in self.row_keys]
        return list(zip(labels, self.cells, self.row_totals, strict=True))

    def rows(self) -> list[tuple[Hashable, list[Cell], Cell]]:
        return list(zip(self.row_keys, self.cells, self.row_totals, strict=True))


def rounded(value: int, round_to: int = 1) -> int:
    """Published counts rounded to a multiple of ``round_to`` (half up); 1 = exact. The
    suppression audit works on the exact values, so rounding only adds uncertainty."""
    if round_to <= 1:
        return value
    return ((value * 2 + round_to) // (2 * round_to)) * round_to


def suppress_value(value: int, *, threshold: int = 5, round_to: int = 1) -> Cell:
    """A single published count (no totals around it)."""
    value = int(value)
    if 0 < value < threshold:
        return Cell(None, PRIMARY, threshold)
    return Cell(rounded(value, round_to), "", threshold)


def median_cell(values: Sequence[float], *, threshold: int = 5, digits: int = 1) -> Cell:
    """The median of ``values`` (one per person or request), published only when there are
    at least ``threshold`` of them; otherwise hidden (status ``too_few``, shown as "–").
    Zero values are real values here: an empty list is hidden too."""
    from statistics import median

    if len(values) < threshold:
        return Cell(None, TOO_FEW, threshold)
    return Cell(round(float(median(values)), digits), "", threshold)
