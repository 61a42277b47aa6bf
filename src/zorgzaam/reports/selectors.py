"""The council report: published stories and honest numbers per village.

``report_build(municipality, period, audience="council"|"public")`` gathers everything
the HTML page, the PDF, the CSV and the ``zorgzaam report`` command show. Numbers are
small-cell suppressed (``suppression.py``); parts that have no data or no selector module
yet are listed as such, never shown as zero.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Count
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from zorgzaam.stories.models import Audience, Level, Selection
from zorgzaam.stories.periods import period_bounds, period_range, period_shift
from zorgzaam.stories.selectors import published_stories
from zorgzaam.tenancy.models import Area

from . import sources, svg
from .summary import (
    Grid,
    Measure,
    Summary,
    SummaryCard,
    SummaryFigure,
    cell_at,
    change,
    grid_of,
    group_grid,
    row_ref,
    shown,
    three_lights,
    village_anchor,
)
from .suppression import (
    TOO_FEW,
    UNPUBLISHED,
    Cell,
    Group,
    Table,
    distinct_total,
    group_rows,
    median_cell,
    rounded,
    suppress_sums,
    suppress_table,
    suppress_value,
)

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


@dataclass
class Report:
    municipality: Any
    period: str
    start: date
    end: date
    audience: str
    threshold: int
    areas: list[Area]
    area_labels: dict[Any, str]
    stories: list
    selections: list[dict]  # {"story": Story, "choices": [Selection]}
    story_table: Table
    domains: list[str]
    trend: list[tuple[str, int]]
    maps: list[dict]
    sections: list[Section]
    trend_svg: str = ""
    round_to: int = 1
    story_grid: Grid | None = None
    summary: Summary | None = None
    annex: list = field(default_factory=list)  # published stories not selected in the round

    def village_anchors(self) -> list[tuple[str, str]]:
        return [(a.name, village_anchor(a)) for a in self.areas]

    def annex_by_village(self) -> list[dict]:
        return _by_village(self.annex, self.areas)

    @property
    def title(self) -> str:
        return _("Council report %(municipality)s, %(period)s") % {
            "municipality": self.municipality.name,
            "period": self.period,
        }

    def label(self, key) -> str:
        return self.area_labels.get(key, _("no village"))


def _by_village(stories, areas) -> list[dict]:
    """Stories per village, in the villages' order: ``{"name", "anchor", "stories"}``."""
    groups: dict[Any, list] = {}
    for story in stories:
        groups.setdefault(story.area_id, []).append(story)
    return [
        {"name": a.name, "anchor": village_anchor(a), "stories": groups[a.pk]}
        for a in areas
        if a.pk in groups
    ]


@dataclass
class Annex:
    """The report's annex on its own page: the quarter's published stories that were not
    chosen in the MSC round (the report itself is not built for it)."""

    municipality: Any
    period: str
    annex: list
    areas: list[Area]

    @property
    def title(self) -> str:
        return _("Council report %(municipality)s, %(period)s") % {
            "municipality": self.municipality.name,
            "period": self.period,
        }

    def annex_by_village(self) -> list[dict]:
        return _by_village(self.annex, self.areas)


def annex_build(municipality, period: str, *, audience: str = Audience.COUNCIL) -> Annex:
    if audience not in (Audience.COUNCIL, Audience.PUBLIC):
        raise ValueError("audience must be council or public")
    areas = list(Area.objects.filter(municipality=municipality).order_by("name"))
    stories = published_stories(municipality, audience=audience, periods=[period]).defer(
        "original_text", "area__geometry"
    )
    chosen = set(
        Selection.objects.filter(
            round__municipality=municipality,
            round__period=period,
            level__in=[Level.MUNICIPALITY, Level.COUNCIL],
            reason_checked=True,
        ).values_list("story_id", flat=True)
    )
    return Annex(municipality, period, [s for s in stories if s.pk not in chosen], areas)


def _story_sections(municipality, period: str, audience: str, areas):
    """The stories of ``period`` (objects, for the story cards), the trend (stories per
    quarter) and the maps (stories per village, cumulative, and new per quarter). Only the
    reported quarter's stories are loaded; the earlier quarters are counted in SQL."""
    periods = period_range(period, max(TREND_QUARTERS, MAP_QUARTERS))
    current = list(
        # The cards show title, text, domain, village name and helpers: no need for the
        # encrypted original or the village outline (GeoJSON parsed per row).
        published_stories(municipality, audience=audience, periods=[period]).defer(
            "original_text", "area__geometry"
        )
    )
    counts: Counter[tuple[str, int | None]] = Counter()
    for row in (
        published_stories(municipality, audience=audience, periods=periods)
        .values("period", "area_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[(row["period"], row["area_id"])] += row["n"]
    per_period: Counter[str] = Counter()
    for (p, _area), n in counts.items():
        per_period[p] += n
    trend = [(p, per_period.get(p, 0)) for p in periods[-TREND_QUARTERS:]]
    maps = []
    for index, p in enumerate(periods[-MAP_QUARTERS:]):
        upto = set(periods[: len(periods) - MAP_QUARTERS + index + 1])
        total: Counter[int | None] = Counter()
        new: Counter[int | None] = Counter()
        for (q, area_id), n in counts.items():
            if q in upto:
                total[area_id] += n
            if q == p:
                new[area_id] += n
        villages = [
            {
                "name": a.name,
                "geometry": a.geometry,
                "lat": a.latitude,
                "lon": a.longitude,
                "lights": total.get(a.pk, 0),
                "new": new.get(a.pk, 0),
            }
            for a in areas
        ]
        maps.append(
            {
                "period": p,
                "lights": sum(total.values()),
                "new": sum(new.values()),
                "svg": svg.village_map(
                    villages,
                    title=_("Lichtpuntjes up to %(p)s: one light per published story") % {"p": p},
                    credit=CREDIT,
                ),
            }
        )
    return current, trend, maps, counts


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


def report_build(municipality, period: str, *, audience: str = Audience.COUNCIL) -> Report:
    if audience not in (Audience.COUNCIL, Audience.PUBLIC):
        raise ValueError("audience must be council or public")
    start, end = period_bounds(period)
    t = threshold()
    areas = list(Area.objects.filter(municipality=municipality).order_by("name"))
    labels = {a.pk: a.name for a in areas}
    stories, trend, maps, story_counts = _story_sections(municipality, period, audience, areas)
    domains = sorted({s.domain.name for s in stories})
    counts: dict = {}
    for s in stories:
        counts.setdefault(s.area_id, Counter())[s.domain.name] += 1
    # Each counted story is published in full in this report: its count reveals nothing
    # more, so this table is not suppressed (threshold above any count is not needed).
    story_table = _unsuppressed(counts, domains, [a.pk for a in areas if a.pk in counts])
    _label_villages(story_table, areas)
    chosen: dict[int, dict] = {}
    by_pk = {s.pk: s for s in stories}
    for sel in Selection.objects.filter(
        round__municipality=municipality,
        round__period=period,
        level__in=[Level.MUNICIPALITY, Level.COUNCIL],
        story__in=list(by_pk),
        reason_checked=True,  # only reasons that passed de-identification
    ).order_by("created_at"):
        # The story (with its domain and village) is one of the quarter's, already loaded.
        sel.story = by_pk[sel.story_id]
        entry = chosen.setdefault(sel.story_id, {"story": sel.story, "choices": []})
        entry["choices"].append(sel)
    # The council committee's choices first, then the municipality's, per domain.
    selections = sorted(
        chosen.values(),
        key=lambda e: (
            not any(c.level == Level.COUNCIL for c in e["choices"]),
            e["story"].domain.order,
            e["story"].domain.name,
        ),
    )

    sections = []
    help_labels = {
        "asked": _("help asked"),
        "matched": _("matched"),
        "done": _("done"),
        "buddies": _("buddy pairs"),
        "volunteers_active": _("volunteers active"),
    }
    sections.append(_help_section(municipality, start, end, areas, help_labels, t))
    sm_labels = {
        "formal": _("formal care"),
        "welfare": _("welfare"),
        "informal": _("informal"),
    }
    sections.append(
        _village_section(
            "socialmap",
            _("Social map: services per village"),
            sources.socialmap_source(municipality, start, end, areas),
            list(sources.SOCIALMAP_COLUMNS),
            sm_labels,
            areas,
            t,
            additive=True,
            suppress=False,
            note=_(
                "Published services and activities as they are now (not per quarter); "
                "these are services, not people, so they are not suppressed."
            ),
        )
    )
    sections.append(
        _village_section(
            "hubs",
            _("Community hubs and their activities"),
            sources.socialmap_source(municipality, start, end, areas, sources.HUB_COLUMNS),
            list(sources.HUB_COLUMNS),
            {"hubs": _("community hubs"), "activities": _("approved activities")},
            areas,
            t,
            suppress=False,
            note=_("As they are now on the social map; places, not people."),
        )
    )
    sections.append(_attendance_section(municipality, start, end, areas, t))
    cw_labels = {
        "households": _("households supported"),
        "plans_with_actions": _("plans with an action"),
        "plans_with_informal": _("of which with an informal action"),
        "referrals_finished": _("referrals closed"),
    }
    sections.append(
        _village_section(
            "casework",
            _("Social team"),
            sources.casework_source(municipality, start, end, areas),
            list(sources.CASEWORK_COLUMNS),
            cw_labels,
            areas,
            t,
        )
    )
    sections.append(_informal_section(municipality, period, t))
    sections.append(_village_contacts_section(municipality, period, t))
    sections.append(_decisions_section(municipality, period, t))
    sections.append(_zrm_section(municipality, start, end, t))
    sections.append(_work_section(municipality, start, end, t))
    sections.append(_budget_section(municipality, period))
    report = Report(
        municipality=municipality,
        period=period,
        start=start,
        end=end,
        audience=audience,
        threshold=t,
        areas=areas,
        area_labels=labels,
        stories=stories,
        selections=selections,
        story_table=story_table,
        domains=domains,
        trend=trend,
        maps=maps,
        sections=sections,
        round_to=round_to(),
        trend_svg=svg.bar_chart(
            [(p, n) for p, n in trend],
            title=_("Published stories per quarter"),
            note_hidden=f"< {t}",
        ),
    )
    codes = {a.pk: a.code for a in areas}
    anchors = {a.pk: village_anchor(a) for a in areas}
    report.story_grid = grid_of(
        "stories", story_table, domains, codes, municipality.name, anchors=anchors
    )
    for section in sections:
        if section.has_data and section.table is not None:
            section.grid = grid_of(
                section.key, section.table, section.column_labels, codes, municipality.name
            )
            _group(section, areas, codes, municipality.name)
    chosen_ids = {e["story"].pk for e in selections}
    report.annex = [s for s in stories if s.pk not in chosen_ids]
    report.summary = _summary(report, story_counts, codes)
    return report


def _distance_km(a, b) -> float:
    """Between two villages' centres (equirectangular, good to a few metres at this scale);
    ``inf`` when one has no centre."""
    if a is None or b is None or None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return math.inf
    lat = math.radians((a.latitude + b.latitude) / 2)
    dx = math.radians(b.longitude - a.longitude) * math.cos(lat)
    dy = math.radians(b.latitude - a.latitude)
    return 6371.0 * math.hypot(dx, dy)


def _group(section: Section, areas, codes: dict, municipality_name: str) -> None:
    """A measure every village hides (a column the page would show for the municipality
    only) is shown for groups of neighbouring villages when a safe grouping exists
    (``suppression.group_rows``): villages join their nearest neighbours until every group
    counts at least the threshold and no village's figure follows from the groups and the
    municipality's total. The groups are computed per table and quarter from the data and
    the villages' centres, never fixed in advance."""
    grid = section.grid
    if grid is None or not grid.collapsed:
        return
    by_pk = {a.pk: a for a in areas}
    names = {a.pk: a.name for a in areas}
    labels = dict(zip(section.data_table().columns, section.column_labels, strict=False))

    def distance(a, b) -> float:
        return _distance_km(by_pk.get(a), by_pk.get(b))

    for data, audited, table, groupable in section.audits:
        columns = [
            c
            for c in audited
            if c in grid.collapsed
            and c in groupable
            # a hidden total stays hidden: groups would add up to it
            and not table.column_totals[table.columns.index(c)].hidden
        ]
        if not columns:
            continue
        groups = group_rows(data, table, audited, columns, distance=distance, round_to=round_to())
        if groups is not None:
            found = [(columns, groups)]
        elif len(columns) > 1 and not table.has_row_totals:
            # each measure on its own (its own grouping): without row totals the columns'
            # equations are independent, so each grouping is audited on its own
            found = []
            for column in columns:
                alone = group_rows(
                    data, table, audited, [column], distance=distance, round_to=round_to()
                )
                if alone is not None:
                    found.append(([column], alone))
        else:
            found = []
        for chosen, groups in found:
            section.groups.append(GroupSet(chosen, groups))
            grid.grouped.append(
                group_grid(
                    section.key,
                    table,
                    chosen,
                    [labels[c] for c in chosen],
                    groups,
                    names,
                    codes,
                    municipality_name,
                    caption=_("%(title)s: for groups of neighbouring villages")
                    % {"title": section.title},
                )
            )
            grid.municipal = [m for m in grid.municipal if m[1].ref.split(".")[1] not in chosen]


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


def _help_section(municipality, start, end, areas, labels, t: int) -> Section:
    """Asked / matched / done, buddies and volunteers per village (suppressed counts; the
    municipality's volunteers are its distinct volunteers, not the villages' sum), the
    median days to match (only over at least ``t`` requests), and the volunteer hours
    recorded on the done requests (a suppressed sum, see ``_hours_column``)."""
    result = sources.help_source(municipality, start, end, areas)
    section = _village_section(
        "help",
        _("Neighbour help"),
        result,
        list(sources.HELP_COLUMNS),
        labels,
        areas,
        t,
        note=_(
            "Days to match: the median number of days from asking to a volunteer accepting, "
            "for the requests asked this quarter; '–' where fewer than %(t)d requests were "
            "matched."
        )
        % {"t": t},
    )
    if not section.has_data:
        return section
    # volunteers active: a volunteer of two villages is one person for a group of them too,
    # so a group's figure is not the villages' sum; not shown for groups
    for _data, _audited, _table, groupable in section.audits:
        groupable.remove("volunteers_active")
    _active_total(section, result)
    days = result.totals.get("days_to_match") or {}
    _append_column(
        section,
        "median_days_to_match",
        _("median days to match"),
        [_median(days.get(k, []), t) for k in section.data_table().row_keys],
        _median(sorted(d for values in days.values() for d in values), t),
    )
    _hours_column(section, result, t)
    return section


def _active_total(section: Section, result) -> None:
    """The municipality's volunteers active: each volunteer once, also one who helped in
    several villages (``distinct_total``: the column was audited with its sum)."""
    table = section.data_table()
    col = table.columns.index("volunteers_active")
    total = distinct_total(
        table,
        "volunteers_active",
        result.totals.get("volunteers_active_total"),
        round_to=round_to(),
    )
    table.column_totals[col] = total
    if total.status == UNPUBLISHED:
        section.note += " " + _(
            "Volunteers active: no total for the municipality, as this part of Zorgzaam "
            "cannot count a volunteer who helped in several villages once."
        )
    else:
        section.note += " " + _(
            "Volunteers active: the municipality counts each volunteer once, also one who "
            "helped in several villages, so its total can be less than the villages added up."
        )


def _hours_column(section: Section, result, t: int) -> None:
    """Volunteer hours per village: the hours recorded on the done requests asked this
    quarter. A village's hours are published only when at least ``t`` different volunteers
    recorded them, rounded like counts, and never so that a hidden village follows from the
    total and the others (``suppress_sums``). How complete the figure is: for how many of
    the done requests hours were recorded (a count, suppressed like one)."""
    label = _("volunteer hours")
    hours = result.totals.get("hours")
    if hours is None:
        section.figures.append(
            (
                label,
                Note(
                    _(
                        "not recorded: this part of Zorgzaam does not record how long the "
                        "help took, so no hours are reported"
                    ),
                    "not_recorded",
                    measure=sources.HELP_HOURS,
                ),
            )
        )
        return
    table = section.table
    if table is None:  # pragma: no cover - a section with data has its table
        return
    keys = table.row_keys
    done_with = sum(result.totals["done_with_hours"].get(k, 0) for k in keys)
    if not done_with:
        section.figures.append(
            (
                label,
                Note(
                    _(
                        "none recorded: no hours were filled in for the done requests of this "
                        "quarter"
                    ),
                    "none_recorded",
                    measure=sources.HELP_HOURS,
                ),
            )
        )
        return
    people = result.totals["hours_volunteers"]
    cells, total = suppress_sums(
        [hours.get(k, 0.0) for k in keys],
        [people.get(k, 0) for k in keys],
        total_people=result.totals.get("hours_volunteers_total"),
        threshold=t,
        round_to=round_to(),
    )
    _append_column(section, sources.HELP_HOURS, label, cells, total)
    rounding = (
        _("rounded to a multiple of %(r)d hours") % {"r": round_to()}
        if round_to() > 1
        else _("rounded to whole hours")
    )
    section.note += " " + _(
        "Volunteer hours: as filled in when a request was marked done (optional, so a lower "
        "bound), for the done requests asked this quarter, %(rounding)s; '–' where fewer "
        "than %(t)d volunteers recorded hours, 'x' where hidden so that no hidden village "
        "can be worked out from the total."
    ) % {"t": t, "rounding": rounding}
    done_total = table.column_totals[table.columns.index("done")]
    recorded = suppress_value(done_with, threshold=t, round_to=round_to())
    section.figures.append(
        (
            _("volunteer hours recorded for"),
            Note(_share_of_done(recorded, done_total), recorded.csv(), measure="done_with_hours"),
        )
    )


def _share_of_done(recorded: Cell, done: Cell) -> str:
    """How many of the done requests have hours ("n of the m", and the share when both
    are published, computed from the published figures)."""
    text = _("%(n)s of the %(m)s done requests") % {"n": recorded.display(), "m": done.display()}
    if recorded.hidden or done.hidden or recorded.value is None or not done.value:
        return text
    share = min(100, round(100 * recorded.value / done.value))
    return f"{text} ({share}%)"


def _attendance_section(municipality, start, end, areas, t: int) -> Section:
    """Hub sessions held in the quarter with counted attendance: activities and sessions
    (events, not suppressed), attendance (visits by people: suppressed) and the mean per
    session, computed from the *published* attendance so it reveals nothing more."""
    result = sources.hub_attendance_source(municipality, start, end, areas)
    labels = {
        "activities": _("activities held"),
        "sessions": _("sessions"),
        "attendance": _("attendance"),
    }
    section = Section(
        "hub_attendance",
        _("Activities in the community hubs: sessions and attendance"),
        result.status,
        column_labels=[labels["activities"], labels["sessions"]],
        note=_(
            "Sessions in the quarter whose attendance was counted. Attendance counts visits, "
            "not different people: someone at four coffee mornings counts four times."
        ),
    )
    if not result.ok:
        return section
    order = [a.pk for a in areas if a.pk in result.rows]
    if None in result.rows:
        order.append(None)
    section.table = _unsuppressed(result.rows, ["activities", "sessions"], order, additive=False)
    visits = {k: {"attendance": v.get("attendance", 0)} for k, v in result.rows.items()}
    attendance = suppress_table(
        visits,
        ["attendance"],
        threshold=t,
        row_order=order,
        row_totals=False,
        round_to=round_to(),
    )
    section.audits.append((visits, ["attendance"], attendance, ["attendance"]))
    _append_column(
        section,
        "attendance",
        labels["attendance"],
        [cells[0] for cells in attendance.cells],
        attendance.column_totals[0],
    )

    def mean(att: Cell, sessions: int) -> Cell:
        if att.hidden or att.value is None or not sessions:
            return Cell(None, TOO_FEW, t)
        value = round(att.value / sessions, 1)
        return Cell(value, "", t, shown=_decimal(value))

    sessions = [int(result.rows[k].get("sessions", 0)) for k in order]
    _append_column(
        section,
        "mean_attendance",
        _("mean attendance per session"),
        [mean(cells[0], n) for cells, n in zip(attendance.cells, sessions, strict=True)],
        mean(attendance.column_totals[0], sum(sessions)),
    )
    _label_villages(section.table, areas)
    return section


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


@dataclass(frozen=True)
class Share:
    """ "45 of 105 plans (43%)": two published (suppressed, rounded) counts and the share
    computed from them, so the sentence shows exactly what a table would."""

    part: Cell
    whole: Cell

    def display(self) -> str:
        whole, part = self.whole, self.part
        if whole.value == 0 and not whole.hidden:
            return _("no plans")
        if whole.hidden:
            return _("fewer than %(t)d plans") % {"t": whole.threshold}
        text = _("%(i)s of %(p)s plans") % {"i": part.display(), "p": whole.display()}
        if part.hidden or part.value is None or not whole.value:
            return text
        return f"{text} ({round(100 * part.value / whole.value)}%)"

    def csv(self) -> str:
        return self.display()

    def __str__(self) -> str:
        return self.display()


def _informal_section(municipality, period: str, t: int) -> Section:
    section = Section(
        "informal",
        _("Household plans with at least one informal action (the 1 in 10 figure)"),
        sources.NO_MODULE,
    )
    for p in period_range(period, 4):
        start, end = period_bounds(p)
        result = sources.informal_share_source(municipality, start, end)
        if p == period:
            section.status = result.status
        if result.status in (sources.NO_MODULE, sources.BROKEN):
            section.status = result.status
            section.figures = []
            break
        plans = suppress_value(result.totals.get("plans", 0), threshold=t, round_to=round_to())
        informal = suppress_value(
            result.totals.get("informal", 0), threshold=t, round_to=round_to()
        )
        section.figures.append((p, Share(informal, plans)))
    return section


def _work_section(municipality, start, end, t: int) -> Section:
    result = sources.work_source(municipality, start, end)
    section = Section("work", _("Work and social return"), result.status)
    if result.ok:
        tot = result.totals
        labels = [
            ("job_seekers", _("job seekers registered")),
            ("jobs_found", _("jobs found")),
            ("placements_started", _("placements started")),
            ("peer_sessions", _("peer-group sessions")),
            ("peer_attendances", _("peer-group attendances")),
        ]
        section.figures = [
            (label, suppress_value(tot[k], threshold=t, round_to=round_to())) for k, label in labels
        ]
        section.figures.append((_("social-return contracts"), Cell(tot["sroi_contracts"])))
        for key, label in (
            ("sroi_owed", _("social return owed (EUR)")),
            ("sroi_expected", _("social return due by now (EUR)")),
            ("sroi_fulfilled", _("social return fulfilled (EUR)")),
        ):
            if tot.get(key) is not None:
                section.figures.append((label, f"{float(tot[key]):,.0f}".replace(",", ".")))
    return section


def _zrm_section(municipality, start, end, t: int) -> Section:
    """ZRM change per domain: households measured at least twice in the period, of which
    improved / same / worse (suppressed like any count of households). The mean change is
    shown only for a domain whose household count is published."""
    result = sources.zrm_source(municipality, start, end)
    section = Section(
        "zrm",
        _("Self-reliance (ZRM): change per domain"),
        result.status,
        column_labels=[_("improved"), _("same"), _("worse")],
        note=_("Households with at least two measurements in the quarter."),
    )
    if result.ok:
        order = list(result.rows)
        section.table = suppress_table(
            result.rows,
            ["improved", "same", "worse"],
            threshold=t,
            row_order=order,
            round_to=round_to(),
        )
        section.table.row_title = _("Domain")
        section.table.footer_label = _("All domains (sum)")
        for key, _cells, total in section.table.rows():
            if not total.hidden:
                change = result.totals["mean_change"][key]
                section.figures.append(
                    (_("mean change, %(domain)s") % {"domain": key}, f"{change:+.2f}")
                )
    return section


def _euros(amount) -> str:
    return "€ " + f"{float(amount):,.0f}".replace(",", ".")


def _budget_section(municipality, period: str) -> Section:
    """From care to welfare: the municipality's own budget table (reports.BudgetEntry)."""
    from .models import BudgetEntry

    periods = period_range(period, 4)
    entries = BudgetEntry.objects.for_municipality(municipality).filter(period__in=periods)
    table: dict[str, dict[str, Any]] = {}
    for entry in entries:
        table.setdefault(entry.period, {})[entry.category] = entry.amount
    section = Section(
        "budget",
        _("From care to welfare: spending"),
        sources.OK if table else sources.NO_DATA,
        note=_(
            "From the budget table the municipality enters (formal provisions versus "
            "welfare and informal support)."
        ),
    )
    for p in periods:
        row = table.get(p)
        if not row:
            continue
        formal = row.get("formal") or 0
        other = (row.get("welfare") or 0) + (row.get("informal") or 0)
        total = formal + other
        share = f" · {round(100 * other / total)}% {_('welfare and informal')}" if total else ""
        parts = [
            f"{label}: {_euros(row[c])}"
            for c, label in (
                ("formal", _("formal")),
                ("welfare", _("welfare")),
                ("informal", _("informal")),
            )
            if row.get(c) is not None
        ]
        section.figures.append((p, " · ".join(parts) + share))
    return section


# ------------------------------------------------------------------ practices (issue #24)
def _quarters_table(rows, columns, quarters: list[str], t: int) -> Table:
    """Counts per quarter (rows) and measure, each suppressed on its own (no totals are
    published, so no equation links them)."""
    none = Cell(None, UNPUBLISHED, t)
    return Table(
        columns=list(columns),
        row_keys=list(quarters),
        cells=[
            [
                suppress_value(rows.get(q, {}).get(c, 0), threshold=t, round_to=round_to())
                for c in columns
            ]
            for q in quarters
        ],
        row_totals=[none for _q in quarters],
        column_totals=[none for _c in columns],
        grand_total=none,
        threshold=t,
        has_row_totals=False,
        row_labels=list(quarters),
        row_title=_("Quarter"),
        collapsible=False,
    )


def _quarter_span(period: str) -> tuple[list[str], date, date]:
    quarters = period_range(period, 4)
    return quarters, period_bounds(quarters[0])[0], period_bounds(period)[1]


def _village_contacts_section(municipality, period: str, t: int) -> Section:
    """Werkbrigade: the social team's contacts with households per quarter, those held in
    the village (at the community hub or at home) and at the hub (suppressed counts), and
    the share held in the village, computed from the published counts."""
    quarters, start, end = _quarter_span(period)
    result = sources.village_contacts_source(municipality, start, end)
    labels = {
        "contacts": _("contacts with households"),
        "in_village": _("held in the village"),
        "at_hub": _("of which at the community hub"),
    }
    section = Section(
        "village_contacts",
        _("Werkbrigade: contacts held in the village"),
        result.status,
        column_labels=[labels[c] for c in sources.CONTACT_COLUMNS],
        note=_(
            "Conversations of the social team with households, by where they were held: in the "
            "village means at the community hub or at home. The share is computed from the "
            "published (rounded) counts; '–' where one of them is not published."
        ),
    )
    if not result.ok:
        return section
    section.table = _quarters_table(result.rows, sources.CONTACT_COLUMNS, quarters, t)
    table = section.table

    def share(contacts: Cell, village: Cell) -> Cell:
        if contacts.hidden or village.hidden or not contacts.value or village.value is None:
            return Cell(None, TOO_FEW, t)
        value = min(100, round(100 * village.value / contacts.value))
        return Cell(value, "", t, shown=f"{value}%")

    contacts, village = (table.columns.index(c) for c in ("contacts", "in_village"))
    _append_column(
        section,
        "share_in_village",
        _("share held in the village"),
        [share(row[contacts], row[village]) for row in table.cells],
        Cell(None, UNPUBLISHED, t),
    )
    return section


def _decisions_section(municipality, period: str, t: int) -> Section:
    """Discretionary decisions (support outside the standard rules, four eyes) per quarter:
    requested, approved, rejected and reviewed (suppressed counts), and the cost approved,
    published only where the number of approved decisions is (rounded to EUR 100)."""
    quarters, start, end = _quarter_span(period)
    result = sources.decisions_source(municipality, start, end)
    labels = {
        "requested": _("decisions requested"),
        "approved": _("decisions approved"),
        "rejected": _("decisions rejected"),
        "reviewed": _("decisions reviewed"),
    }
    section = Section(
        "decisions",
        _("Discretion with accountability: decisions outside the standard rules"),
        result.status,
        column_labels=[labels[c] for c in sources.DECISION_COLUMNS],
        note=_(
            "Support given where the standard rules fall short (for example article 16 of the "
            "Participatiewet), requested by a professional and approved by the team lead. "
            "Requested by the date asked, approved and rejected by the date decided, reviewed "
            "by the date of the review. The cost is given only where the number of approved "
            "decisions is, rounded to EUR 100."
        ),
    )
    if not result.ok:
        return section
    section.table = _quarters_table(result.rows, sources.DECISION_COLUMNS, quarters, t)
    table = section.table
    costs = result.totals.get("approved_cost") or {}
    approved = table.columns.index("approved")

    def cost(quarter: str, count: Cell) -> Cell:
        if count.hidden or count.value is None:
            return Cell(None, TOO_FEW, t)
        value = rounded(int(costs.get(quarter, 0)), 100)  # whole euros, half up
        return Cell(value, "", t, shown=_euros(value))

    _append_column(
        section,
        "approved_cost",
        _("cost approved (EUR)"),
        [cost(q, row[approved]) for q, row in zip(quarters, table.cells, strict=True)],
        Cell(None, UNPUBLISHED, t),
    )
    return section
