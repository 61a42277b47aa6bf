"""``Report`` and ``report_build(municipality, period, audience)``: the report's stories,
its sections (built by the other modules of this package, in the order the page shows
them), their tables as shown, the groups of villages and the summary."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from zorgzaam.stories.models import Audience, Level, Selection
from zorgzaam.stories.periods import period_bounds
from zorgzaam.tenancy.models import Area

from .. import sources, svg
from ..summary import Grid, Summary, grid_of, village_anchor
from ..suppression import Table
from .base import Section, _label_villages, _unsuppressed, _village_section, round_to, threshold
from .casework import _informal_section, _zrm_section
from .groups import _group
from .neighbour_help import _help_section
from .overview import _summary
from .practices import _decisions_section, _village_contacts_section
from .socialmap import _attendance_section
from .stories import _by_village, _story_sections
from .work import _budget_section, _work_section


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
