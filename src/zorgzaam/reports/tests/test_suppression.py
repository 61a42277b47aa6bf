"""Small-cell suppression: no count of 1-4 is published, none can be recomputed."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zorgzaam.reports.suppression import (
    PRIMARY,
    SECONDARY,
    TOO_FEW,
    UNPUBLISHED,
    distinct_total,
    feasible_ranges,
    suppress_sums,
    suppress_table,
    suppress_value,
)


def _lp_check(data, table, threshold):
    """Independent check: with what is published, every hidden cell keeps a range >= 1."""
    import numpy as np
    from scipy.optimize import linprog

    rows, cols = table.row_keys, table.columns
    names, bounds, known = [], [], {}
    cells = {}
    for i, key in enumerate(rows):
        for j, col in enumerate(cols):
            cells[("c", i, j)] = (table.cells[i][j], data.get(key, {}).get(col, 0))
        cells[("r", i)] = (table.row_totals[i], sum(data.get(key, {}).get(c, 0) for c in cols))
    for j, col in enumerate(cols):
        cells[("k", j)] = (table.column_totals[j], sum(data.get(k, {}).get(col, 0) for k in rows))
    cells[("g",)] = (table.grand_total, sum(v[1] for k, v in cells.items() if k[0] == "r"))
    for key, (cell, _true) in cells.items():
        if cell.hidden:
            names.append(key)
            bounds.append((1, threshold - 1) if cell.status == PRIMARY else (0, None))
        else:
            known[key] = cell.value
    if not names:
        return
    pos = {k: n for n, k in enumerate(names)}

    def term(key):
        return ("var", pos[key]) if key in pos else ("const", known[key])

    eqs = []
    for i in range(len(rows)):
        eqs.append([(("c", i, j), 1) for j in range(len(cols))] + [(("r", i), -1)])
    for j in range(len(cols)):
        eqs.append([(("c", i, j), 1) for i in range(len(rows))] + [(("k", j), -1)])
    eqs.append([(("k", j), 1) for j in range(len(cols))] + [(("g",), -1)])
    eqs.append([(("r", i), 1) for i in range(len(rows))] + [(("g",), -1)])
    a, b = [], []
    for eq in eqs:
        row, rhs = np.zeros(len(names)), 0.0
        for key, coef in eq:
            t = term(key)
            if t[0] == "var":
                row[t[1]] += coef
            else:
                rhs -= coef * t[1]
        if row.any():
            a.append(row)
            b.append(rhs)
        else:
            assert abs(rhs) < 1e-9, "published figures are inconsistent"
    for key in names:
        c = np.zeros(len(names))
        c[pos[key]] = 1
        lo = linprog(c, A_eq=a or None, b_eq=b or None, bounds=bounds, method="highs")
        hi = linprog(-c, A_eq=a or None, b_eq=b or None, bounds=bounds, method="highs")
        assert lo.status == 0
        width = float("inf") if hi.status == 3 else -hi.fun - lo.fun
        assert width >= 1 - 1e-9, (key, width)


def test_small_counts_are_shown_as_less_than_five():
    data = {"Noord": {"asked": 3, "done": 12}, "Zuid": {"asked": 20, "done": 8}}
    table = suppress_table(data, ["asked", "done"])
    assert table.cells[0][0].display() == "< 5"
    assert table.cells[0][0].csv() == "<5"
    assert table.cells[0][0].value is None
    # Row total 15 and column total 23 would give the 3 away: more is hidden.
    assert table.suppressed >= 2
    published = [c.display() for row in table.cells for c in row]
    assert "3" not in published
    _lp_check(data, table, 5)


def test_a_row_with_one_small_cell_does_not_leak_through_its_total():
    data = {"A": {"x": 2, "y": 40}, "B": {"x": 30, "y": 50}, "C": {"x": 25, "y": 0}}
    table = suppress_table(data, ["x", "y"])
    row_a = table.cells[0]
    assert row_a[0].status == PRIMARY
    assert row_a[1].hidden or table.row_totals[0].hidden
    _lp_check(data, table, 5)


def test_zeros_and_large_counts_are_published():
    data = {"A": {"x": 0, "y": 40}, "B": {"x": 30, "y": 50}}
    table = suppress_table(data, ["x", "y"])
    assert table.suppressed == 0
    assert table.grand_total.value == 120


def test_single_value():
    assert suppress_value(4).display() == "< 5"
    assert suppress_value(0).display() == "0"
    assert suppress_value(10, threshold=10).display() == "10"
    assert suppress_value(9, threshold=10).display() == "< 10"


def test_threshold_is_configurable():
    data = {"A": {"x": 7, "y": 40}, "B": {"x": 30, "y": 50}}
    assert suppress_table(data, ["x", "y"], threshold=10).cells[0][0].display() == "< 10"
    with pytest.raises(ValueError):
        suppress_table({"A": {"x": -1}}, ["x"])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.integers(min_value=0, max_value=30), min_size=3, max_size=3),
        min_size=1,
        max_size=5,
    ),
    st.sampled_from([3, 5, 10]),
)
def test_no_hidden_cell_can_be_recomputed(matrix, threshold):
    data = {f"r{i}": dict(zip("abc", row, strict=True)) for i, row in enumerate(matrix)}
    table = suppress_table(data, list("abc"), threshold=threshold)
    for i, row in enumerate(matrix):
        for j, v in enumerate(row):
            cell = table.cells[i][j]
            if 0 < v < threshold:
                assert cell.hidden, "a small count is never published"
            if not cell.hidden:
                assert cell.value == v
    _lp_check(data, table, threshold)


def test_rounding_to_five_is_optional():
    data = {"A": {"x": 7, "y": 43}, "B": {"x": 30, "y": 52}}
    exact = suppress_table(data, ["x", "y"])
    assert exact.cells[0][0].display() == "7"
    table = suppress_table(data, ["x", "y"], round_to=5)
    assert [c.display() for c in table.cells[0]] == ["5", "45"]
    assert table.cells[1][1].display() == "50" and table.grand_total.display() == "130"
    assert suppress_value(8, round_to=5).display() == "10"
    assert suppress_value(3, round_to=5).display() == "< 5"


# ------------------------------------------------------------------ sums (volunteer hours)
def _shown(cells, total):
    return [c.display() for c in cells], total.display()


def test_a_sum_is_hidden_for_the_few_people_behind_it_not_for_its_size():
    # 40 hours from 3 volunteers: hidden; 2.5 hours from 10: published; no hours: 0
    cells, total = suppress_sums(
        [40, 2.5, 0, 300], [3, 10, 0, 25], total_people=36, threshold=10, round_to=1
    )
    assert cells[0].status == TOO_FEW and cells[0].display() == "–" and cells[0].csv() == "x"
    assert cells[1].display() == "3" and cells[2].display() == "0"  # whole hours, half up
    assert cells[0].value is None


def test_one_hidden_village_does_not_follow_from_the_total():
    """Total 355 minus the published 5 and 300 would give the hidden 50 exactly: another
    village is hidden too, one heavy enough to blur it."""
    sums, people = [50, 5, 300], [3, 12, 25]
    cells, total = suppress_sums(sums, people, total_people=40, threshold=10)
    assert not total.hidden and total.value == 355
    hidden = [i for i, c in enumerate(cells) if c.hidden]
    assert hidden == [0, 2] and cells[2].status == SECONDARY and cells[2].display() == "x"
    assert not cells[1].hidden  # 5 hours would leave the 50 pinned within 45-55: not enough
    # what a reader can work out: the hidden ones hold total - published = 350 together
    assert total.value - cells[1].value == 350


def test_the_total_is_hidden_when_the_published_villages_cannot_protect():
    cells, total = suppress_sums([40, 5], [3, 10], total_people=13, threshold=10)
    assert _shown(cells, total) == (["–", "5"], "x")
    assert total.status == SECONDARY


def test_the_total_needs_enough_different_people_too():
    # two villages of 6 volunteers each; whether that is 12 people or 6 in both villages
    # only the help part knows
    cells, total = suppress_sums([30, 30], [6, 6], threshold=10)
    assert _shown(cells, total) == (["–", "–"], "–")
    cells, total = suppress_sums([30, 30], [6, 6], total_people=6, threshold=10)
    assert total.hidden
    cells, total = suppress_sums([30, 30], [6, 6], total_people=12, threshold=10)
    assert _shown(cells, total) == (["–", "–"], "60")  # each hides the other (30 >= 7.5)


def test_sums_are_rounded_like_counts():
    cells, total = suppress_sums([12.75, 2.5, 100.25], [10, 10, 10], threshold=10, round_to=5)
    assert _shown(cells, total) == (["15", "5", "100"], "115")
    with pytest.raises(ValueError):
        suppress_sums([-1], [10])
    with pytest.raises(TypeError):
        suppress_sums([True], [10])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=800).map(lambda q: q / 4),  # quarter hours
            st.integers(min_value=0, max_value=25),
        ),
        min_size=1,
        max_size=7,
    ),
    st.sampled_from([3, 5, 10]),
    st.integers(min_value=0, max_value=20),
)
def test_no_hidden_sum_can_be_worked_out(rows, threshold, extra_people):
    sums = [h if n else 0.0 for h, n in rows]  # no hours without someone behind them
    people = [n if h else 0 for h, n in rows]
    total_people = max(people) + extra_people
    cells, total = suppress_sums(sums, people, total_people=total_people, threshold=threshold)
    for value, n, cell in zip(sums, people, cells, strict=True):
        if value > 0 and n < threshold:
            assert cell.hidden, "no sum from fewer than the threshold of people"
        if not cell.hidden:
            assert cell.value == int(value + 0.5)
    if sum(sums) > 0 and total_people < threshold:
        assert total.hidden
    if total.hidden:
        return
    # the reader knows the hidden sums' total; each hidden sum must stay blurred by others
    hidden = [v for v, c in zip(sums, cells, strict=True) if c.hidden]
    assert len(hidden) != 1
    for value, cell in zip(sums, cells, strict=True):
        if cell.status == TOO_FEW:
            assert sum(hidden) - value >= max(1.0, 0.25 * value)


# ------------------------------------------------------------------ a distinct total
def _column(counts, threshold):
    data = {f"v{i}": {"a": n} for i, n in enumerate(counts)}
    return suppress_table(data, ["a"], threshold=threshold, row_totals=False)


def test_a_distinct_total_replaces_the_sum():
    # 30 + 25 + 12 volunteers in three villages, 60 different people
    table = _column([30, 25, 12], 10)
    assert table.column_totals[0].value == 67  # the sum, as audited
    total = distinct_total(table, "a", 60)
    assert total.value == 60 and not total.hidden
    assert distinct_total(table, "a", 62, round_to=5).value == 60
    assert [row[0].value for row in table.cells] == [30, 25, 12]  # the cells stay


def test_a_distinct_total_is_suppressed_like_a_count():
    table = _column([6, 4, 0], 10)  # all small: the sum 10 itself is published
    assert not table.column_totals[0].hidden
    total = distinct_total(table, "a", 8)  # but 8 different people are too few
    assert total.status == PRIMARY and total.display() == "< 10"
    assert distinct_total(table, "a", 0).value == 0
    with pytest.raises(ValueError):
        distinct_total(table, "a", -1)


def test_a_distinct_total_stays_hidden_when_the_audit_hid_the_sum():
    table = _column([4, 0], 5)  # one village: its cell would be the total
    assert table.column_totals[0].hidden
    assert distinct_total(table, "a", 4).status == PRIMARY
    table = _column([12], 5)
    assert not table.cells[0][0].hidden
    table.column_totals[0] = table.column_totals[0].__class__(None, SECONDARY, 5)
    assert distinct_total(table, "a", 12).status == SECONDARY


def test_no_distinct_total_is_no_total_at_all():
    table = _column([30, 25], 10)
    total = distinct_total(table, "a", None)
    assert total.status == UNPUBLISHED and total.value is None and total.display() == ""
    with pytest.raises(ValueError):
        distinct_total(suppress_table({"v": {"a": 30}}, ["a"]), "a", 30)  # with row totals


def _lp_distinct(table, total, threshold):
    """What a reader can work out of the hidden cells from the published cells and the
    distinct total D: each cell at most D, the cells together at least D."""
    import numpy as np
    from scipy.optimize import linprog

    cells = [row[0] for row in table.cells]
    names = [i for i, c in enumerate(cells) if c.hidden]
    if not names:
        return
    d_var = total.hidden and total.status != UNPUBLISHED
    if total.status == UNPUBLISHED:
        return  # nothing about the cells is published beside them: each keeps its bounds

    def bound(cell):
        return (1, threshold - 1) if cell.status == PRIMARY else (0, None)

    bounds = [bound(cells[i]) for i in names] + ([bound(total)] if d_var else [])
    size = len(bounds)
    pos = {i: k for k, i in enumerate(names)}
    a, b = [], []
    for i, cell in enumerate(cells):  # v_i - D <= 0
        row, rhs = np.zeros(size), 0.0
        if i in pos:
            row[pos[i]] = 1
        else:
            rhs -= cell.value
        if d_var:
            row[-1] = -1
        else:
            rhs += total.value
        if row.any():
            a.append(row)
            b.append(rhs)
    row, rhs = np.zeros(size), sum(c.value for c in cells if not c.hidden)  # D - sum <= 0
    for i in names:
        row[pos[i]] = -1
    if d_var:
        row[-1] = 1
    else:
        rhs -= total.value
    a.append(row)
    b.append(rhs)
    for i in names:
        c = np.zeros(size)
        c[pos[i]] = 1
        lo = linprog(c, A_ub=a, b_ub=b, bounds=bounds, method="highs")
        hi = linprog(-c, A_ub=a, b_ub=b, bounds=bounds, method="highs")
        assert lo.status == 0
        width = float("inf") if hi.status == 3 else -hi.fun - lo.fun
        assert width >= 1 - 1e-9, (i, width)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sets(st.integers(min_value=0, max_value=4), min_size=1), max_size=40),
    st.integers(min_value=1, max_value=5),
    st.sampled_from([3, 5, 10]),
)
def test_no_hidden_cell_follows_from_a_distinct_total(volunteers, villages, threshold):
    """Volunteers each active in one or more villages: the villages' counts, suppressed
    and audited with their sum, then the distinct number of volunteers as the total."""
    people = [{v for v in villages_of if v < villages} for villages_of in volunteers]
    people = [p for p in people if p]
    counts = [sum(1 for p in people if v in p) for v in range(villages)]
    table = _column(counts, threshold)
    total = distinct_total(table, "a", len(people))
    for n, row in zip(counts, table.cells, strict=True):
        if 0 < n < threshold:
            assert row[0].hidden
        if not row[0].hidden:
            assert row[0].value == n
    if 0 < len(people) < threshold:
        assert total.hidden
    if not total.hidden:
        assert total.value == len(people)
    _lp_distinct(table, total, threshold)


def _linprog_ranges(var_value, status, equations, threshold):
    """The audit as it was before one GLOP model per table: two SciPy ``linprog`` calls
    per hidden cell, each with the model built anew (the reference for the test below)."""
    import numpy as np
    from scipy.optimize import linprog

    hidden = [v for v, s in enumerate(status) if s in (PRIMARY, SECONDARY)]
    pos = {v: k for k, v in enumerate(hidden)}
    a_rows, b = [], []
    for eq in equations:
        row, rhs, touched = np.zeros(len(hidden)), 0.0, False
        for v, coef in eq:
            if v in pos:
                row[pos[v]] += coef
                touched = True
            else:
                rhs -= coef * var_value[v]
        if touched:
            a_rows.append(row)
            b.append(rhs)
    bounds = [(1, threshold - 1) if status[v] == PRIMARY else (0, None) for v in hidden]
    out = {}
    for v in hidden:
        c = np.zeros(len(hidden))
        c[pos[v]] = 1
        kw = {"A_eq": np.array(a_rows), "b_eq": np.array(b)} if a_rows else {}
        lo = linprog(c, bounds=bounds, method="highs", **kw)
        hi = linprog(-c, bounds=bounds, method="highs", **kw)
        out[v] = (
            lo.fun if lo.status == 0 else float("-inf"),
            -hi.fun if hi.status == 0 else float("inf"),
        )
    return out


@settings(max_examples=80, deadline=None)
@given(
    st.integers(min_value=1, max_value=5).flatmap(
        lambda n: st.lists(
            st.lists(st.integers(min_value=0, max_value=60), min_size=n, max_size=n),
            min_size=1,
            max_size=6,
        )
    ),
    st.sampled_from([3, 5, 10]),
    st.booleans(),
    st.randoms(use_true_random=False),
)
def test_one_model_per_table_gives_the_same_ranges_as_linprog(matrix, threshold, rows, rnd):
    """The GLOP audit finds the very ranges the per-cell ``linprog`` audit found, for
    tables with and without row totals and any mix of primary and secondary cells."""
    n_rows, n_cols = len(matrix), len(matrix[0])
    values = [v for row in matrix for v in row]
    values += [sum(row) for row in matrix]
    values += [sum(row[j] for row in matrix) for j in range(n_cols)]
    values.append(sum(values[: n_rows * n_cols]))
    cell = lambda i, j: i * n_cols + j  # noqa: E731
    row_total = lambda i: n_rows * n_cols + i  # noqa: E731
    col_total = lambda j: n_rows * n_cols + n_rows + j  # noqa: E731
    grand = len(values) - 1
    equations = [
        [(cell(i, j), 1) for i in range(n_rows)] + [(col_total(j), -1)] for j in range(n_cols)
    ]
    if rows:
        equations += [
            [(cell(i, j), 1) for j in range(n_cols)] + [(row_total(i), -1)] for i in range(n_rows)
        ]
        equations.append([(col_total(j), 1) for j in range(n_cols)] + [(grand, -1)])
        equations.append([(row_total(i), 1) for i in range(n_rows)] + [(grand, -1)])
    status = []
    for v in values:
        if 0 < v < threshold:
            status.append(PRIMARY)
        else:
            status.append(SECONDARY if rnd.random() < 0.4 else "")
    if not rows:
        for v in [*map(row_total, range(n_rows)), grand]:
            status[v] = UNPUBLISHED
    new = feasible_ranges(values, status, equations, threshold)
    old = _linprog_ranges(values, status, equations, threshold)
    assert new.keys() == old.keys()
    for v, (lo, hi) in old.items():
        assert new[v][0] == pytest.approx(lo, abs=1e-6), v
        assert new[v][1] == pytest.approx(hi, abs=1e-6), v
        assert (new[v][1] - new[v][0] < 1 - 1e-9) == (hi - lo < 1 - 1e-9), v
