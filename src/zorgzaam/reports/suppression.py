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
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

PRIMARY = "primary"
SECONDARY = "secondary"
UNPUBLISHED = "unpublished"  # a row total of a table whose columns do not add up
TOO_FEW = "too_few"  # a figure that is not a count (a median, a mean) over too few people


@dataclass(frozen=True)
class Cell:
    value: int | float | None  # None when hidden
    status: str = ""  # "", "primary", "secondary", "unpublished" or "too_few"
    threshold: int = 5
    shown: str = ""  # how a published value is written on the page (e.g. "1,5"), if not str

    @property
    def hidden(self) -> bool:
        return self.status != ""

    def display(self) -> str:
        if self.status == PRIMARY:
            return f"< {self.threshold}"
        if self.status == SECONDARY:
            return "x"
        if self.status == UNPUBLISHED:
            return ""
        if self.status == TOO_FEW:
            return "–"
        return self.shown or str(self.value)

    def csv(self) -> str:
        if self.status == PRIMARY:
            return f"<{self.threshold}"
        if self.status in (SECONDARY, TOO_FEW):
            return "x"
        if self.status == UNPUBLISHED:
            return ""
        return str(self.value)


@dataclass
class Table:
    columns: list[str]
    row_keys: list[Hashable]
    cells: list[list[Cell]]
    row_totals: list[Cell]
    column_totals: list[Cell]
    grand_total: Cell
    threshold: int = 5
    suppressed: int = field(default=0)
    has_row_totals: bool = True
    row_labels: list[str] = field(default_factory=list)  # set by the caller, for display
    row_title: str = ""
    footer_label: str = ""
    #: False for a table whose rows are not villages (quarters): a column hidden in every
    #: row stays a column, there is no municipal figure or group to show instead
    collapsible: bool = True

    def labelled_rows(self) -> list[tuple[str, list[Cell], Cell]]:
        labels = self.row_labels or [str(k) for k in self.row_keys]
        return list(zip(labels, self.cells, self.row_totals, strict=True))

    def rows(self) -> list[tuple[Hashable, list[Cell], Cell]]:
        return list(zip(self.row_keys, self.cells, self.row_totals, strict=True))


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


def _model(
    values: list[list[int]], *, n_cols: int, with_rows: bool
) -> tuple[list[int], list[str], dict[tuple, int], list[list[tuple[int, int]]]]:
    """The additivity model of a table of counts: its variables (inner cells ``("c", i, j)``,
    row totals ``("r", i)``, column totals ``("k", j)``, the grand total ``("g",)``) with
    their exact values and kinds, and its equations (each a list of (variable, coefficient)
    summing to zero): every column adds up to its total; with row totals also every row, and
    both the row and the column totals to the grand total."""
    n_rows = len(values)
    row_sums = [sum(line) for line in values]
    col_totals = [sum(values[i][j] for i in range(n_rows)) for j in range(n_cols)]
    var_value: list[int] = []
    kind: list[str] = []  # "inner", "total" or "grand"
    index: dict[tuple, int] = {}

    def add(key: tuple, value: int, k: str) -> None:
        index[key] = len(var_value)
        var_value.append(value)
        kind.append(k)

    for i in range(n_rows):
        for j in range(n_cols):
            add(("c", i, j), values[i][j], "inner")
    for i in range(n_rows):
        add(("r", i), row_sums[i], "total")
    for j in range(n_cols):
        add(("k", j), col_totals[j], "total")
    add(("g",), sum(row_sums), "grand")

    equations: list[list[tuple[int, int]]] = []  # (var, coefficient); sum == 0
    for j in range(n_cols):
        equations.append([(index[("c", i, j)], 1) for i in range(n_rows)] + [(index[("k", j)], -1)])
    if with_rows:
        for i in range(n_rows):
            cells = [(index[("c", i, j)], 1) for j in range(n_cols)]
            equations.append(cells + [(index[("r", i)], -1)])
        equations.append([(index[("k", j)], 1) for j in range(n_cols)] + [(index[("g",)], -1)])
        equations.append([(index[("r", i)], 1) for i in range(n_rows)] + [(index[("g",)], -1)])
    return var_value, kind, index, equations


def rounded(value: int, round_to: int = 1) -> int:
    """Published counts rounded to a multiple of ``round_to`` (half up); 1 = exact. The
    suppression audit works on the exact values, so rounding only adds uncertainty."""
    if round_to <= 1:
        return value
    return ((value * 2 + round_to) // (2 * round_to)) * round_to


def suppress_value(value: int, *, threshold: int = 5, round_to: int = 1) -> Cell:
    """A single published count (no totals around it)."""
    value = int(value)
    if 0 < value < threshold:
        return Cell(None, PRIMARY, threshold)
    return Cell(rounded(value, round_to), "", threshold)


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


def _pinned_with_groups(var_value, status, equations, index, groups, gcols, threshold):
    """The hidden variables pinned once each group's sum in each grouped column is known."""
    values = list(var_value)
    states = list(status)
    extra = []
    for group in groups:
        for j in gcols:
            total = len(values)
            values.append(sum(var_value[index[("c", i, j)]] for i in group))
            states.append("")  # published
            extra.append([(index[("c", i, j)], 1) for i in group] + [(total, -1)])
    return _pinned(values, states, equations + extra, threshold)


def suppress_sums(
    sums: Sequence[float | int | Decimal],
    people: Sequence[int],
    *,
    total_people: int | None = None,
    threshold: int = 5,
    round_to: int = 1,
    protection: float = 0.25,
    minimum: float = 1.0,
) -> tuple[list[Cell], Cell]:
    """A column of sums (volunteer hours per village) and its total, suppressed.

    ``suppress_table`` does not fit sums: it hides a cell for its *value* (a count of
    1 ... t-1 people) and audits with hidden cells in ``[1, t-1]``. A sum is hidden for the
    number of *people behind it*, whatever its size, and a hidden sum has no upper bound.

    * Primary: a sum above zero from fewer than ``threshold`` people (``people[i]``) is
      hidden, status ``too_few`` ("–"; CSV "x"). So is the total when ``total_people``
      (the distinct people behind all sums; ``None``: not known, then the largest
      ``people[i]``, a lower bound, is used) is below the threshold. A zero is published.
    * Secondary: with the total published, the hidden sums add up to the total minus the
      published ones (the only equation of a column). So each sum hidden for its few people
      needs other hidden sums beside it that together hold at least ``protection`` times its
      value, and at
      least ``minimum``: a reader then knows no more than that it lies between 0 and the
      hidden sums' total. Otherwise one more sum is hidden (status ``secondary``, "x"): the
      smallest published non-zero sum that is large enough, else the largest one (when the
      published sums together are large enough), else the total. A published zero is never
      chosen (it protects nothing: a village without done requests has no hours, as the
      published counts show).

    Published values are rounded to a whole multiple of ``max(1, round_to)`` (half up); the
    check works on the exact values, so rounding only adds uncertainty. Returns the cells in
    the order of ``sums`` and the total's cell.
    """
    if threshold < 2:
        raise ValueError("threshold must be at least 2")
    if len(sums) != len(people):
        raise ValueError("one number of people per sum")
    values = [_decimal(v) for v in sums]
    counts = [int(n) for n in people]
    if any(v < 0 for v in values) or any(n < 0 for n in counts):
        raise ValueError("sums and people cannot be negative")
    total = sum(values, Decimal(0))
    behind_total = max([*counts, 0] if total_people is None else [*counts, int(total_people)])
    status = [
        TOO_FEW if v > 0 and n < threshold else "" for v, n in zip(values, counts, strict=True)
    ]
    total_status = TOO_FEW if total > 0 and behind_total < threshold else ""
    need = Decimal(str(protection))
    floor = Decimal(str(minimum))
    while not total_status:
        hidden = [i for i, s in enumerate(status) if s]
        hidden_sum = sum((values[i] for i in hidden), Decimal(0))
        shortfall = max(  # only the sums hidden for their few people need protecting
            (
                max(floor, need * values[i]) - (hidden_sum - values[i])
                for i in hidden
                if status[i] == TOO_FEW
            ),
            default=Decimal(0),
        )
        if shortfall <= 0:
            break
        candidates = [(values[i], i) for i, s in enumerate(status) if not s and values[i] > 0]
        enough = [c for c in candidates if c[0] >= shortfall]
        if enough:
            status[min(enough)[1]] = SECONDARY
        elif sum((c[0] for c in candidates), Decimal(0)) >= shortfall:
            status[max(candidates)[1]] = SECONDARY
        else:  # all published sums together are too light: hide the total instead
            total_status = SECONDARY
    step = max(1, int(round_to))

    def cell(value: Decimal, state: str) -> Cell:
        if state:
            return Cell(None, state, threshold)
        return Cell(int((value / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * step)

    return [cell(v, s) for v, s in zip(values, status, strict=True)], cell(total, total_status)


def _decimal(value) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise TypeError("not a number")
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise ValueError("not a finite number")
    return number


def median_cell(values: Sequence[float], *, threshold: int = 5, digits: int = 1) -> Cell:
    """The median of ``values`` (one per person or request), published only when there are
    at least ``threshold`` of them; otherwise hidden (status ``too_few``, shown as "–").
    Zero values are real values here: an empty list is hidden too."""
    from statistics import median

    if len(values) < threshold:
        return Cell(None, TOO_FEW, threshold)
    return Cell(round(float(median(values)), digits), "", threshold)


def feasible_ranges(var_value, status, equations, threshold):
    """(min, max) of every hidden variable given what is published. Used by the tests too.

    One linear model per table (OR-Tools' GLOP simplex): the hidden cells are its variables
    (a primary cell in ``[1, threshold-1]``, any other ``>= 0``) and every equation with a
    hidden member a constraint. For each hidden cell only the objective changes (minimise
    it, then maximise it) and GLOP starts from the basis it ended with, so a table's 2 x
    hidden solves cost about what one or two did with a model built anew for each.
    ``-inf``/``inf`` where a bound does not exist (infeasible or unbounded).
    """
    from ortools.linear_solver import pywraplp

    hidden = [v for v, s in enumerate(status) if s in (PRIMARY, SECONDARY)]
    if not hidden:
        return {}
    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:  # pragma: no cover - GLOP is part of every OR-Tools build
        raise RuntimeError("OR-Tools' GLOP solver is not available")
    inf = solver.infinity()
    x = {
        v: solver.NumVar(1, threshold - 1, "")
        if status[v] == PRIMARY
        else solver.NumVar(0, inf, "")
        for v in hidden
    }
    for eq in equations:
        coefs: dict[int, float] = {}
        rhs = 0.0
        for v, coef in eq:
            if v in x:
                coefs[v] = coefs.get(v, 0) + coef
            else:
                rhs -= coef * var_value[v]
        if coefs:
            constraint = solver.Constraint(rhs, rhs)
            for v, coef in coefs.items():
                constraint.SetCoefficient(x[v], coef)
    objective = solver.Objective()
    optimal = pywraplp.Solver.OPTIMAL
    out = {}
    for v in hidden:
        objective.Clear()
        objective.SetCoefficient(x[v], 1)
        objective.SetMinimization()
        low = objective.Value() if solver.Solve() == optimal else float("-inf")
        objective.SetMaximization()
        high = objective.Value() if solver.Solve() == optimal else float("inf")
        out[v] = (low, high)
    return out


def _pinned(var_value, status, equations, threshold) -> list[int]:
    ranges = feasible_ranges(var_value, status, equations, threshold)
    return [v for v, (lo, hi) in ranges.items() if hi - lo < 1 - 1e-9]


def _single_hidden_pass(var_value, status, kind, equations) -> None:
    """Cheap first step: no equation may have exactly one hidden member (it would follow
    from the others). The LP audit afterwards catches what this misses."""
    changed = True
    while changed:
        changed = False
        for eq in equations:
            members = [m for m, _ in eq]
            hidden = [m for m in members if status[m]]
            if len(hidden) != 1 or status[hidden[0]] == UNPUBLISHED:
                continue
            victim = _choose_extra(hidden[0], var_value, status, kind, [eq])
            if victim is not None:
                status[victim] = SECONDARY
                changed = True


def _choose_extra(v, var_value, status, kind, equations, exclude=()) -> int | None:
    options = []
    for eq in equations:
        members = [m for m, _ in eq]
        if v not in members:
            continue
        for m in members:
            if status[m] or m in exclude:
                continue
            value = var_value[m]
            # Smallest non-zero inner cell first, then zeros, then the grand total (the
            # least useful figure), then a row or column total.
            rank = {"inner": 0 if value > 0 else 1, "grand": 2}.get(kind[m], 3)
            options.append((rank, value, m))
    if not options:
        return None
    return min(options)[2]
