"""A column of sums that are not counts (volunteer hours), hidden for the number of
people behind them (``suppress_sums``)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from .cells import SECONDARY, TOO_FEW, Cell


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
