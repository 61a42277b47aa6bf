"""The report's first page and how its tables are shown (issue #20).

One source of truth for every number: a figure on the page is always a suppressed ``Cell``
of a table in ``report_build`` (its ``display()`` text), marked with the reference of that
cell (``Shown.ref``: ``section.column.row``). The summary's figures are the theme tables'
own cells, and a change against an earlier quarter is computed from the figures published
for both quarters, so it shows nothing the tables hide.

Where every village of a measure is hidden (or zero), the measure is shown for the whole
municipality instead of a column of "< 10": the column is left out of the table on the page
and its total (already published in the table's footer) is listed under it. That takes
information away, never adds it: the tables as audited (``Section.table``, also in the open
data) are unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _

from .suppression import UNPUBLISHED, Cell, Table

MINUS = "\u2212"


@dataclass(frozen=True)
class Shown:
    """A figure as it is printed, with the reference of the table cell it comes from."""

    text: str
    ref: str
    hidden: bool = False

    def __str__(self) -> str:
        return self.text


def shown(cell: Cell, ref: str) -> Shown:
    return Shown(cell.display(), ref, cell.hidden)


def row_ref(key, codes: dict) -> str:
    if key is None:
        return "none"
    if key in codes:
        return codes[key]
    return slugify(str(key)) or "row"


def village_anchor(area) -> str:
    return f"dorp-{slugify(area.name) or area.code}"


@dataclass
class Grid:
    """A table as shown: the columns kept, and the columns shown for the municipality only."""

    row_title: str
    columns: list[str]  # labels of the columns kept
    rows: list[tuple[str, str, list[Shown], Shown | None]]  # label, anchor, cells, total
    footer_label: str
    footer: list[Shown]
    grand_total: Shown | None
    municipal: list[tuple[str, Shown]] = field(default_factory=list)
    collapsed: list[str] = field(default_factory=list)  # column keys shown as municipal
    #: the collapsed columns shown for groups of villages (``group_grid``), each a table
    grouped: list[Grid] = field(default_factory=list)
    caption: str = ""

    @property
    def has_columns(self) -> bool:
        return bool(self.columns)


def _uninformative(cells: list[Cell]) -> bool:
    """A column of the villages that says nothing per village: some hidden, none > 0."""
    return any(c.hidden for c in cells) and not any(
        not c.hidden and (c.value or 0) > 0 for c in cells
    )


def grid_of(
    key: str,
    table: Table,
    labels: list[str],
    codes: dict,
    municipality_name: str,
    *,
    anchors: dict | None = None,
) -> Grid:
    anchors = anchors or {}
    keep = []
    municipal = []
    collapsed: list[str] = []
    for j, column in enumerate(table.columns):
        cells = [row[j] for row in table.cells]
        if table.collapsible and len(cells) > 1 and _uninformative(cells):
            total = table.column_totals[j]
            if total.status != UNPUBLISHED:
                municipal.append((labels[j], shown(total, f"{key}.{column}.all")))
            collapsed.append(column)
            continue
        keep.append(j)
    # A table with row totals keeps its totals only when all its columns are kept.
    totals = table.has_row_totals and len(keep) == len(table.columns)
    names = table.row_labels or [str(k) for k in table.row_keys]
    rows = []
    for name, row_key, cells, total in zip(
        names, table.row_keys, table.cells, table.row_totals, strict=True
    ):
        ref = row_ref(row_key, codes)
        rows.append(
            (
                name,
                anchors.get(row_key, ""),
                [shown(cells[j], f"{key}.{table.columns[j]}.{ref}") for j in keep],
                shown(total, f"{key}.total.{ref}") if totals else None,
            )
        )
    return Grid(
        row_title=table.row_title or _("Village"),
        columns=[labels[j] for j in keep],
        rows=rows if keep else [],
        footer_label=table.footer_label or municipality_name,
        footer=[shown(table.column_totals[j], f"{key}.{table.columns[j]}.all") for j in keep]
        if any(table.column_totals[j].status != UNPUBLISHED for j in keep)
        else [],  # a table without totals (quarters): no footer
        grand_total=shown(table.grand_total, f"{key}.total.all") if totals else None,
        municipal=municipal,
        collapsed=collapsed,
    )


def group_ref(members, codes: dict) -> str:
    """A group's reference and open-data area code: its villages' codes joined by "+"."""
    return "+".join(row_ref(k, codes) for k in members)


def group_label(members, names: dict) -> str:
    return ", ".join(names.get(k, _("no village")) for k in members)


def group_grid(
    key: str,
    table: Table,
    columns: list[str],
    labels: list[str],
    groups: list,
    names: dict,
    codes: dict,
    municipality_name: str,
    *,
    caption: str,
) -> Grid:
    """The table of a measure shown for groups of villages (``suppression.Group``): a row
    per group (its villages' names), and the municipality's total (as published)."""
    rows: list[tuple[str, str, list[Shown], Shown | None]] = []
    for group in groups:
        ref = group_ref(group.members, codes)
        rows.append(
            (
                group_label(group.members, names),
                "",
                [
                    shown(cell, f"{key}.{column}.{ref}")
                    for column, cell in zip(columns, group.cells, strict=True)
                ],
                None,
            )
        )
    return Grid(
        row_title=_("Villages"),
        columns=labels,
        rows=rows,
        footer_label=table.footer_label or municipality_name,
        footer=[
            shown(table.column_totals[table.columns.index(c)], f"{key}.{c}.all") for c in columns
        ],
        grand_total=None,
        caption=caption,
    )


# ------------------------------------------------------------------ the summary
@dataclass(frozen=True)
class Measure:
    section: str  # "stories" or a section key
    column: str
    label: str


@dataclass
class SummaryFigure:
    label: str
    now: Shown
    quarter: str  # change against the quarter before, "–" when not both published
    year: str  # change against the same quarter a year before


@dataclass
class SummaryCard:
    name: str
    anchor: str
    figures: list[SummaryFigure]


@dataclass
class Summary:
    previous: str  # the quarter before
    year_ago: str  # the same quarter a year before
    villages: list[SummaryCard]
    municipality: SummaryCard
    lights: list[dict]  # {"story", "reason": Selection, "anchor"}
    municipal_only: list[str]  # labels of measures shown for the municipality only
    grouped: list[str] = field(default_factory=list)  # ... and for groups of villages

    @property
    def cards(self) -> list[SummaryCard]:
        return [self.municipality, *self.villages]


def change(now: Cell | None, then: Cell | None) -> str:
    """Published now minus published then; "–" unless both are published numbers."""
    if now is None or then is None or now.hidden or then.hidden:
        return "–"
    if now.value is None or then.value is None:
        return "–"
    diff = now.value - then.value
    if isinstance(diff, float):
        diff = round(diff, 1)
    if diff > 0:
        return f"+{diff}"
    if diff < 0:
        return f"{MINUS}{-diff}"
    return "0"


def cell_at(table: Table | None, row_key: Any, column: str) -> Cell | None:
    """The cell of ``row_key`` ("all": the column total) in ``column``, if the table has it."""
    if table is None or column not in table.columns:
        return None
    j = table.columns.index(column)
    if row_key == "all":
        return table.column_totals[j]
    if row_key not in table.row_keys:
        return None
    return table.cells[table.row_keys.index(row_key)][j]


def three_lights(selections: list[dict]) -> list[dict]:
    """The MSC round's lichtpuntjes: per domain the story chosen at the highest level (the
    council committee, else the municipality), at most three, with the reason."""
    lights: list[dict] = []
    domains: set[int] = set()
    for entry in selections:  # council choices first, then per domain (report_build)
        story = entry["story"]
        if story.domain_id in domains:
            continue
        domains.add(story.domain_id)
        best = sorted(entry["choices"], key=lambda c: c.level != "council")[0]
        lights.append({"story": story, "reason": best, "anchor": f"verhaal-{story.public_id}"})
        if len(lights) == 3:
            break
    return lights
