"""A table of counts suppressed (``suppress_table``: primary, then secondary until no
hidden cell is pinned), and the distinct total of a column (``distinct_total``)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

from .audit import _choose_extra, _model, _pinned, _single_hidden_pass
from .cells import PRIMARY, SECONDARY, UNPUBLISHED, Cell, Table, rounded


def suppress_table(
    data: Mapping[Hashable, Mapping[str, int]],
    columns: Sequence[str],
    *,
    threshold: int = 5,
    row_order: Sequence[Hashable] | None = None,
    row_totals: bool = True,
    round_to: int = 1,
) -> Table:
    """Suppress ``data`` (row key -> column -> count; missing counts are 0).

    ``row_totals=False`` for tables whose columns are different measures (asked, matched,
    done): their sum means nothing, so no row total and no grand total is published and
    only the column equations (villages add up to the municipality) constrain the cells.
    """
    with_rows = row_totals
    if threshold < 2:
        raise ValueError("threshold must be at least 2")
    keys = list(row_order) if row_order is not None else list(data)
    cols = list(columns)
    values = []
    for key in keys:
        row = data.get(key, {})
        line = []
        for col in cols:
            v = int(row.get(col, 0) or 0)
            if v < 0:
                raise ValueError("counts cannot be negative")
            line.append(v)
        values.append(line)
    var_value, kind, index, equations = _model(values, n_cols=len(cols), with_rows=with_rows)
    n_rows, n_cols = len(keys), len(cols)

    status = ["" for _ in var_value]
    if not with_rows:  # not published at all: mark them so they are never shown
        for i in range(n_rows):
            status[index[("r", i)]] = UNPUBLISHED
        status[index[("g",)]] = UNPUBLISHED
    for v, value in enumerate(var_value):
        if 0 < value < threshold and not status[v]:
            status[v] = PRIMARY

    _single_hidden_pass(var_value, status, kind, equations)
    while True:
        pinned = _pinned(var_value, status, equations, threshold)
        if not pinned:
            break
        victims: set[int] = set()
        for v in pinned:  # one more hidden cell around every pinned cell, then re-check
            victim = _choose_extra(v, var_value, status, kind, equations, exclude=victims)
            if victim is not None:
                victims.add(victim)
        if victims:
            for m in victims:
                status[m] = SECONDARY
            _single_hidden_pass(var_value, status, kind, equations)
            continue
        # Nothing left to hide around them: the "< t" bounds themselves pin them (e.g. a
        # total "< 3" over two cells "< 3" means both are 1). Show those as "x" instead.
        demote = {v for v in pinned if status[v] == PRIMARY}
        for eq in equations:
            members = [m for m, _ in eq]
            if any(v in members for v in pinned):
                demote |= {m for m in members if status[m] == PRIMARY}
        if not demote:
            break
        for m in demote:
            status[m] = SECONDARY

    def cell(v: int) -> Cell:
        return Cell(None if status[v] else rounded(var_value[v], round_to), status[v], threshold)

    return Table(
        columns=cols,
        row_keys=keys,
        cells=[[cell(index[("c", i, j)]) for j in range(n_cols)] for i in range(n_rows)],
        row_totals=[cell(index[("r", i)]) for i in range(n_rows)],
        column_totals=[cell(index[("k", j)]) for j in range(n_cols)],
        grand_total=cell(index[("g",)]),
        threshold=threshold,
        suppressed=sum(1 for s in status if s in (PRIMARY, SECONDARY)),
        has_row_totals=with_rows,
    )


def distinct_total(table: Table, column: str, distinct: int | None, *, round_to: int = 1) -> Cell:
    """The total to publish for ``column`` of ``table`` when one person may be counted in
    several rows (a volunteer active in two villages): the ``distinct`` number of people,
    not the column's sum. ``table`` comes from ``suppress_table(..., row_totals=False)``,
    which audited the column with its sum ``S`` as the total; its cells stay as they are.

    * ``distinct`` is ``None`` (not known): no total (status ``unpublished``), rather than
      a sum that counts people twice.
    * ``0 < distinct < threshold``: hidden (primary, "< t").
    * the audit hid the sum (to protect the cells): hidden too ("x").
    * else published (``D``), rounded like the counts.

    Why the cells stay safe with ``D`` published instead of ``S``: the reader no longer has
    the equation "the cells add up to S" but the inequalities "the cells add up to at least
    D" and "no cell is above D" (D <= S, D >= every cell). A cell hidden as primary
    (``[1, t-1]``, and ``t-1 < D``) then keeps at least the range the audit gave it with
    ``S``: its upper end is its own bound and its lower end
    ``max(1, D - published - sum of the other hidden cells' upper bounds)`` is at most the
    one with ``S``. A cell hidden as secondary can go from that lower end up to ``D``: at
    least ``min(D, published + t - 1)`` wide, as the audit left no hidden cell alone in
    its column. Only for tables without row totals: with them the grand total would be
    the sum of column totals that are not all sums.

    Published along with the cells, ``S - D`` shows how many times volunteers were
    counted in a second (third ...) village: an aggregate over everyone, not suppressed.
    """
    if table.has_row_totals:
        raise ValueError("a distinct total only for a table without row totals")
    audited = table.column_totals[table.columns.index(column)]
    t = table.threshold
    if distinct is None:
        return Cell(None, UNPUBLISHED, t)
    distinct = int(distinct)
    if distinct < 0:
        raise ValueError("counts cannot be negative")
    if 0 < distinct < t:
        return Cell(None, PRIMARY, t)
    if audited.hidden:
        return Cell(None, SECONDARY, t)
    return Cell(rounded(distinct, round_to), "", t)
