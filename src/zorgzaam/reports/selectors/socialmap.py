"""The community hubs' activities: sessions and (suppressed) attendance per village."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .. import sources
from ..suppression import TOO_FEW, Cell, suppress_table
from .base import Section, _append_column, _decimal, _label_villages, _unsuppressed, round_to


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
