"""The neighbour-help section: asked / matched / done, buddies and volunteers per
village, the median days to match and the volunteer hours."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .. import sources
from ..suppression import UNPUBLISHED, Cell, distinct_total, suppress_sums, suppress_value
from .base import Note, Section, _append_column, _median, _village_section, round_to


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
