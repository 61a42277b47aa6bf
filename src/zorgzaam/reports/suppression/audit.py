"""The secondary-suppression audit: the additivity model of a table (``_model``), the
feasible range of every hidden value by linear programming (``feasible_ranges``,
OR-Tools' GLOP) and the choice of the next cell to hide."""

from __future__ import annotations

from .cells import PRIMARY, SECONDARY, UNPUBLISHED


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
