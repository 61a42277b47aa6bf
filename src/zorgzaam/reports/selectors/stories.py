"""The published stories in the report: the quarter's stories, the trend and the maps
(``_story_sections``), and the annex of stories not chosen in the MSC round."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from zorgzaam.stories.models import Audience, Level, Selection
from zorgzaam.stories.periods import period_range
from zorgzaam.stories.selectors import published_stories
from zorgzaam.tenancy.models import Area

from .. import svg
from ..summary import village_anchor
from .base import CREDIT, MAP_QUARTERS, TREND_QUARTERS


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
