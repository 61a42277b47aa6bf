"""Work and social return (figures of the work part), and the municipality's own
budget table (from care to welfare)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from zorgzaam.stories.periods import period_range

from .. import sources
from ..suppression import Cell, suppress_value
from .base import Section, _euros, round_to


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


def _budget_section(municipality, period: str) -> Section:
    """From care to welfare: the municipality's own budget table (reports.BudgetEntry)."""
    from ..models import BudgetEntry

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
