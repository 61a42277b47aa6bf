"""Practices (issue #24): the Werkbrigade's contacts held in the village and the
discretionary decisions, per quarter."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from zorgzaam.stories.periods import period_bounds, period_range

from .. import sources
from ..suppression import TOO_FEW, UNPUBLISHED, Cell, Table, rounded, suppress_value
from .base import Section, _append_column, _euros, round_to


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
