"""The report's summary: per village and for the municipality the few figures that
matter, with their change against earlier quarters."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from zorgzaam.stories.periods import period_bounds, period_shift

from .. import sources
from ..summary import (
    Measure,
    Summary,
    SummaryCard,
    SummaryFigure,
    cell_at,
    change,
    row_ref,
    shown,
    three_lights,
    village_anchor,
)
from ..suppression import Cell, Table
from .base import _village_section
from .neighbour_help import _active_total

if TYPE_CHECKING:
    from .report import Report


#: The few figures of the summary: (section, column) of a theme table.
SUMMARY_MEASURES = (
    ("stories", "total"),
    ("help", "asked"),
    ("help", "matched"),
    ("help", "volunteers_active"),
    ("casework", "households"),
)


def _earlier_tables(municipality, period: str, areas, t: int) -> dict[str, Table | None]:
    """The help and social-team tables of an earlier quarter, suppressed exactly as that
    quarter's report publishes them (the changes in the summary are between published
    figures)."""
    start, end = period_bounds(period)
    out: dict[str, Table | None] = {"help": None, "casework": None}
    result = sources.help_source(municipality, start, end, areas)
    help_section = _village_section(
        "help", "", result, list(sources.HELP_COLUMNS), _HELP_KEYS, areas, t
    )
    if help_section.has_data and help_section.table is not None:
        _active_total(help_section, result)
        out["help"] = help_section.table
    casework = _village_section(
        "casework",
        "",
        sources.casework_source(municipality, start, end, areas),
        list(sources.CASEWORK_COLUMNS),
        {c: c for c in sources.CASEWORK_COLUMNS},
        areas,
        t,
    )
    if casework.has_data:
        out["casework"] = casework.table
    return out


_HELP_KEYS = {c: c for c in sources.HELP_COLUMNS}


def _story_cell(story_counts, period: str, area_pk) -> Cell:
    """Published stories of a village (or all: ``area_pk`` "all") in a quarter: each is
    published in full, so the count is not suppressed."""
    if area_pk == "all":
        return Cell(sum(n for (p, _a), n in story_counts.items() if p == period))
    return Cell(story_counts.get((period, area_pk), 0))


def _summary(report: Report, story_counts, codes) -> Summary:
    """Per village (and for the municipality) the few figures that matter, each the theme
    table's own published cell, with the change against the quarter before and the same
    quarter a year before (between published figures), and the round's three lichtpuntjes."""
    municipality, period = report.municipality, report.period
    previous, year_ago = period_shift(period, -1), period_shift(period, -4)
    t = report.threshold
    tables = {
        period: {s.key: s.table for s in report.sections if s.has_data},
        previous: _earlier_tables(municipality, previous, report.areas, t),
        year_ago: _earlier_tables(municipality, year_ago, report.areas, t),
    }
    labels = {("stories", "total"): _("lichtpuntjes published")}
    for section in report.sections:
        if section.table is not None:
            for column, label in zip(section.table.columns, section.column_labels, strict=False):
                labels[(section.key, column)] = label
    measures = [
        Measure(key, column, labels[(key, column)])
        for key, column in SUMMARY_MEASURES
        if (key, column) in labels
    ]
    grouped = {
        (section.key, column)
        for section in report.sections
        for groupset in section.groups
        for column in groupset.columns
    }
    municipal_only = {
        (section.key, column)
        for section in report.sections
        if section.grid is not None
        for column in section.grid.collapsed
    }

    def cell(p: str, measure: Measure, row_key) -> Cell | None:
        if measure.section == "stories":
            return _story_cell(story_counts, p, row_key)
        return cell_at(tables[p].get(measure.section), row_key, measure.column)

    def card(name: str, anchor: str, row_key, ref: str) -> SummaryCard:
        figures = []
        for m in measures:
            if row_key != "all" and (m.section, m.column) in municipal_only:
                continue
            now = cell(period, m, row_key)
            if now is None:
                continue
            figures.append(
                SummaryFigure(
                    m.label,
                    shown(now, f"{m.section}.{m.column}.{ref}"),
                    change(now, cell(previous, m, row_key)),
                    change(now, cell(year_ago, m, row_key)),
                )
            )
        return SummaryCard(name, anchor, figures)

    villages = [card(a.name, village_anchor(a), a.pk, row_ref(a.pk, codes)) for a in report.areas]
    return Summary(
        previous=previous,
        year_ago=year_ago,
        villages=villages,
        municipality=card(municipality.name, "gemeente", "all", "all"),
        lights=three_lights(report.selections),
        municipal_only=[
            labels[k] for k in SUMMARY_MEASURES if k in municipal_only and k not in grouped
        ],
        grouped=[labels[k] for k in SUMMARY_MEASURES if k in grouped],
    )
