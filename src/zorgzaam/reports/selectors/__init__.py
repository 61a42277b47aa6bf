"""The council report: published stories and honest numbers per village.

``report_build(municipality, period, audience="council"|"public")`` gathers everything
the HTML page, the PDF, the CSV and the ``zorgzaam report`` command show. Numbers are
small-cell suppressed (``reports.suppression``); parts that have no data or no selector module
yet are listed as such, never shown as zero.

One module per seam: ``base`` (the publication settings, ``Section`` and the helpers every
section shares), ``stories`` (the quarter's stories, trend, maps and the annex),
``neighbour_help``, ``socialmap`` (hub attendance), ``casework`` (informal share, ZRM),
``practices`` (village contacts, discretionary decisions), ``work`` (work and the budget),
``groups`` (groups of neighbouring villages), ``overview`` (the summary) and ``report``
(``Report`` and ``report_build``). Callers import from this package; the names below are
its public surface.
"""

from __future__ import annotations

from .base import CREDIT, MAP_QUARTERS, TREND_QUARTERS, GroupSet, Note, Section, round_to, threshold
from .casework import Share
from .overview import SUMMARY_MEASURES
from .report import Report, report_build
from .stories import Annex, annex_build
from .stories import _story_sections as _story_sections

__all__ = [
    "CREDIT",
    "MAP_QUARTERS",
    "SUMMARY_MEASURES",
    "TREND_QUARTERS",
    "Annex",
    "GroupSet",
    "Note",
    "Report",
    "Section",
    "Share",
    "annex_build",
    "report_build",
    "round_to",
    "threshold",
]
