"""Rows (villages) published together for columns that every row hides
(``group_rows``), audited with the groups' equations added."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass

from .audit import _model, _pinned_with_groups
from .cells import UNPUBLISHED, Cell, Table, rounded


@dataclass
class Group:
    """Rows of a table (villages) published together: ``members`` (row keys, in the table's
    order) and one cell per grouped column, the sum over the members (rounded)."""

    members: list[Hashable]
    cells: list[Cell]


def group_rows(
    data: Mapping[Hashable, Mapping[str, int]],
    table: Table,
    audited: Sequence[str],
    grouped: Sequence[str],
    *,
    distance: Callable[[Hashable, Hashable], float],
    round_to: int = 1,
) -> list[Group] | None:
    """Groups of rows for ``grouped`` columns that every row hides: each group's figure is
    published instead of a column of "< t", and no row's figure follows from them.

    ``data`` and ``audited`` are what ``suppress_table`` made ``table`` of (the exact counts
    and its columns; ``table`` may have columns appended after them); ``grouped`` is a subset
    of ``audited`` whose total is the column's sum. ``distance(a, b)`` between two row keys
    (``inf`` when not known, e.g. the row without a village).

    Start with every row a group. While a group's figure in some grouped column is between
    1 and ``threshold - 1``, the group with the smallest such figure joins its nearest group
    that is still too small itself, else its nearest group (nearest: the smallest distance
    between their members; at equal or unknown distance, the merge that reaches the
    threshold, then the group with the smallest figures). Then the audit of
    ``suppress_table`` runs on the table with the groups' equations added (each group's
    cells add up to its published figure): while a hidden value is pinned to a range
    narrower than one, the group holding it joins its nearest group. All this is done a
    second time with simply the nearest group as partner, and the result with more groups
    is kept. So every group counts at least ``threshold`` (or nothing), and no hidden cell
    follows from the groups, the municipality's total and everything else published, by
    subtraction or otherwise. Returns ``None`` when no grouping with two or more groups
    above zero is safe (then the municipality's figure alone is shown), also when a grouped
    column's total is hidden: the groups would add up to it.
    """
    t = table.threshold
    columns = list(audited)
    if not set(grouped) <= set(columns) or not grouped:
        raise ValueError("grouped columns must be audited columns")
    pos = {c: table.columns.index(c) for c in columns}
    if any(table.column_totals[pos[c]].hidden for c in grouped):
        return None
    # Without row totals the columns' equations are independent: the grouped ones suffice.
    model_cols = columns if table.has_row_totals else list(grouped)
    keys = list(table.row_keys)
    n_rows = len(keys)
    values = [[int(data.get(k, {}).get(c, 0) or 0) for c in model_cols] for k in keys]
    var_value, _kind, index, equations = _model(
        values, n_cols=len(model_cols), with_rows=table.has_row_totals
    )
    status = ["" for _ in var_value]
    for i in range(n_rows):
        for j, c in enumerate(model_cols):
            status[index[("c", i, j)]] = table.cells[i][pos[c]].status
        status[index[("r", i)]] = table.row_totals[i].status
    for j, c in enumerate(model_cols):
        status[index[("k", j)]] = table.column_totals[pos[c]].status
    status[index[("g",)]] = table.grand_total.status
    if not table.has_row_totals:
        for i in range(n_rows):
            status[index[("r", i)]] = UNPUBLISHED
        status[index[("g",)]] = UNPUBLISHED
    gcols = [model_cols.index(c) for c in grouped]

    def sums(group: list[int]) -> list[int]:
        return [sum(values[i][j] for i in group) for j in gcols]

    def join(groups: list[list[int]], g: int, prefer_small: bool) -> None:
        """Join group ``g`` with its nearest group (``prefer_small``: its nearest group that
        is still too small itself, if any)."""
        best = None
        for h, other in enumerate(groups):
            if h == g:
                continue
            near = min(distance(keys[a], keys[b]) for a in groups[g] for b in other)
            # two small neighbours make one group that is large enough, rather than one
            # large group and a small one left over
            done = prefer_small and not any(0 < s < t for s in sums(other))
            merged = [a + b for a, b in zip(sums(groups[g]), sums(other), strict=True)]
            short = any(0 < s < t for s in merged)  # at equal distance: one that suffices
            rank = (done, near, short, sum(sums(other)), h)
            if best is None or rank < best[0]:
                best = (rank, h)
        assert best is not None
        h = best[1]
        merged = sorted(groups[g] + groups[h])
        groups[:] = [x for n, x in enumerate(groups) if n not in (g, h)] + [merged]
        groups.sort(key=lambda x: x[0])

    def attempt(prefer_small: bool) -> list[list[int]] | None:
        groups: list[list[int]] = [[i] for i in range(n_rows)]
        while len(groups) > 1:
            small = [
                (min(s for s in sums(group) if 0 < s < t), g)
                for g, group in enumerate(groups)
                if any(0 < s < t for s in sums(group))
            ]
            if small:
                join(groups, min(small)[1], prefer_small)
                continue
            pinned = _pinned_with_groups(var_value, status, equations, index, groups, gcols, t)
            if not pinned:
                break
            row_of = {v: key[1] for key, v in index.items() if key[0] in ("c", "r")}
            if any(v not in row_of for v in pinned):
                return None  # a hidden total would follow from the groups: none is safe
            owner = {i: g for g, group in enumerate(groups) for i in group}
            culprits = {owner[row_of[v]] for v in pinned}
            join(groups, min(culprits, key=lambda g: (sum(sums(groups[g])), g)), prefer_small)
        # one group with a figure beside groups of zeros says no more than the total
        return groups if sum(1 for group in groups if any(sums(group))) >= 2 else None

    # Two ways of choosing the partner; the one that keeps more groups wins.
    tries = [g for g in (attempt(True), attempt(False)) if g is not None]
    if not tries:
        return None
    groups = max(tries, key=lambda g: sum(1 for group in g if any(sums(group))))
    return [
        Group(
            members=[keys[i] for i in group],
            cells=[Cell(rounded(s, round_to), "", t) for s in sums(group)],
        )
        for group in groups
    ]
