"""Social-team figures beyond the village table: the share of household plans with an
informal action (``Share``) and the ZRM change per domain."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from zorgzaam.stories.periods import period_bounds, period_range

from .. import sources
from ..suppression import Cell, suppress_table, suppress_value
from .base import Section, round_to


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
