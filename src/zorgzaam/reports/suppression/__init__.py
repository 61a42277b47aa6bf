"""Small-cell suppression for published tables (plain Python + OR-Tools, no Django).

Primary: a count from 1 to ``threshold - 1`` people/households is never published; it is
shown as "< threshold". Zero is published (nobody is identified by it).

Secondary: a hidden cell must not be recoverable from the published cells and the row and
column totals. After primary suppression every hidden cell's feasible range is computed
with linear programming over the table's additivity equations (each row, each column, the
total row and the total column), with a primary cell known to lie in ``[1, threshold-1]``
and any other hidden cell known to be ``>= 0``. While some hidden cell is pinned to a
range narrower than one, one more cell of an equation it appears in is hidden (the
smallest non-zero inner cell first, then zeros, then a total). Secondary cells are shown
as "x" (not "< 5": they may be large). When everything around a pinned cell is hidden and
the "< threshold" bounds alone still pin it, those small cells are shown as "x" too.

Limitation, documented in docs/reports.md: the reader also knows a secondary cell is not in
``[1, threshold-1]``; the check uses the convex relaxation (``>= 0``), the standard
practice (as in tau-argus' linear "audit").

Sums (volunteer hours) are not counts: ``suppress_sums`` hides them for the number of
people behind them and protects a hidden sum with other hidden sums of enough weight.

A column whose total is not its sum (volunteers active: someone who helped in two villages
is one person for the municipality) publishes the distinct number instead of the sum with
``distinct_total``, after ``suppress_table`` audited the column with the sum.

One module per seam: ``cells`` (``Cell``, ``Table``, the statuses, rounding, single
figures), ``audit`` (the additivity model and the LP audit), ``tables``
(``suppress_table``, ``distinct_total``), ``groups`` (``group_rows``) and ``sums``
(``suppress_sums``). Callers import from this package; the names below are its public
surface.
"""

from __future__ import annotations

from .audit import feasible_ranges
from .cells import (
    PRIMARY,
    SECONDARY,
    TOO_FEW,
    UNPUBLISHED,
    Cell,
    Table,
    median_cell,
    rounded,
    suppress_value,
)
from .groups import Group, group_rows
from .sums import suppress_sums
from .tables import distinct_total, suppress_table

__all__ = [
    "PRIMARY",
    "SECONDARY",
    "TOO_FEW",
    "UNPUBLISHED",
    "Cell",
    "Group",
    "Table",
    "distinct_total",
    "feasible_ranges",
    "group_rows",
    "median_cell",
    "rounded",
    "suppress_sums",
    "suppress_table",
    "suppress_value",
]
