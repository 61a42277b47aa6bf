"""Groups of neighbouring villages for a measure every village hides
(``suppression.group_rows``)."""

from __future__ import annotations

import math

from django.utils.translation import gettext as _

from ..summary import group_grid
from ..suppression import group_rows
from .base import GroupSet, Section, round_to


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
