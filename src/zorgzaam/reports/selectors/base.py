"""What every section of the council report shares: the publication settings
(threshold, rounding), the ``Section`` (with ``GroupSet`` and ``Note``) and the helpers
that build and label a table of villages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .. import sources
from ..summary import Grid
from ..suppression import Cell, Group, Table, median_cell, suppress_table

CREDIT = "Bron: CBS / Kadaster, 2024"
TREND_QUARTERS = 6
MAP_QUARTERS = 4


def threshold() -> int:
    """``REPORT_SMALL_CELL_THRESHOLD`` (default 10, as in conf/base.py): no published figure
    from fewer people or households."""
    return int(getattr(settings, "REPORT_SMALL_CELL_THRESHOLD", 10))


def round_to() -> int:
    """``REPORT_ROUND_TO`` (default 5, as in conf/base.py): publish counts about people rounded
    to it."""
    return int(getattr(settings, "REPORT_ROUND_TO", 5))


@dataclass
class Section:
    key: str
    title: str
    status: str
    table: Table | None = None
    column_labels: list[str] = field(default_factory=list)
    figures: list[tuple[str, Any]] = field(default_factory=list)  # (label, Cell | str)
    note: str = ""
    grid: Grid | None = None  # the table as shown (summary.grid_of), set by report_build
    #: the suppressed counts behind the table, for groups of villages (``_group``): the
    #: exact counts, the columns audited together, the audited table, the columns whose
    #: total is their sum (a group's figure is then the sum over its villages)
    audits: list[tuple[Any, list[str], Table, list[str]]] = field(default_factory=list)
    groups: list[GroupSet] = field(default_factory=list)  # set by report_build

    @property
    def has_data(self) -> bool:
        return self.status == sources.OK

    def data_table(self) -> Table:
        """The table of a section with data (set together with its status)."""
        if self.table is None:
            raise ValueError(f"report section {self.key!r} has no table")
        return self.table

    def status_text(self) -> str:
        return {
            sources.NO_MODULE: _("no data yet: this part of Zorgzaam is not in use yet"),
            sources.NO_DATA: _("no data yet for this period"),
            sources.BROKEN: _("not available: the figures could not be computed"),
        }.get(self.status, "")


@dataclass
class GroupSet:
    """Measures every village hides, published for groups of neighbouring villages
    (``suppression.group_rows``): the columns, and the groups with one cell per column."""

    columns: list[str]
    groups: list[Group]


@dataclass(frozen=True)
class Note:
    """A figure that is a statement, not a number ("not recorded"): ``text`` on the page,
    ``code`` in the CSV, under ``measure`` (default: the figure's label)."""

    text: str
    code: str
    measure: str = ""

    def display(self) -> str:
        return self.text

    def csv(self) -> str:
        return self.code


def _village_section(
    key, title, result, columns, labels, areas, t, *, additive=False, suppress=True, note=""
) -> Section:
    """``additive``: the columns add up (kinds of one thing), so row totals are published.
    ``suppress=False`` only for counts that are not about people (services on the map)."""
    section = Section(
        key, title, result.status, column_labels=[labels[c] for c in columns], note=note
    )
    if result.ok:
        order = [a.pk for a in areas if a.pk in result.rows]
        if None in result.rows:
            order.append(None)
        if suppress:
            section.table = suppress_table(
                result.rows,
                columns,
                threshold=t,
                row_order=order,
                row_totals=additive,
                round_to=round_to(),
            )
            section.audits.append((result.rows, list(columns), section.table, list(columns)))
        else:
            section.table = _unsuppressed(result.rows, columns, order, additive=additive)
        _label_villages(section.table, areas)
    return section


def _label_villages(table: Table, areas) -> None:
    names = {a.pk: a.name for a in areas}
    table.row_labels = [names.get(k, _("no village")) for k in table.row_keys]
    table.row_title = _("Village")


def _decimal(value: float) -> str:
    return number_format(value, 1)


def _append_column(section: Section, key: str, label: str, cells: list[Cell], total: Cell):
    table = section.data_table()
    table.columns.append(key)
    for row, cell in zip(table.cells, cells, strict=True):
        row.append(cell)
    table.column_totals.append(total)
    section.column_labels.append(label)


def _median(values, t: int) -> Cell:
    cell = median_cell(values, threshold=t)
    if cell.hidden or cell.value is None:
        return cell
    return Cell(cell.value, "", t, shown=_decimal(cell.value))


def _unsuppressed(counts, columns, order, *, additive: bool = True) -> Table:
    cells = [[Cell(int(counts[k].get(c, 0))) for c in columns] for k in order]
    row_sums = [sum(int(counts[k].get(c, 0)) for c in columns) for k in order]
    col_totals = [Cell(sum(int(counts[k].get(c, 0)) for k in order)) for c in columns]
    return Table(
        columns=list(columns),
        row_keys=list(order),
        cells=cells,
        row_totals=[Cell(n) for n in row_sums],
        column_totals=col_totals,
        grand_total=Cell(sum(row_sums)),
        has_row_totals=additive,
    )


def _euros(amount) -> str:
    return "€ " + f"{float(amount):,.0f}".replace(",", ".")
