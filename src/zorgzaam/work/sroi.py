"""Social return (SROI) valuation with a building-block table ("bouwblokkenmethode").

Pure Python (standard library only, no Django): the Django layer stores the table as JSON per
municipality, loads it with :meth:`BuildingBlockTable.from_mapping` and values fulfilment
entries with :func:`value_entry`. See docs/work.md for the rules in words.

Money is :class:`~decimal.Decimal` in euros. Each entry is computed exactly and rounded once,
to cents, half up (:data:`CENT`, ``ROUND_HALF_UP``); sums of entries are sums of those rounded
amounts. The obligation of a contract (value x percentage / 100) is rounded the same way.

Pro-rating of a placement or certificate:

* duration: the days of the entry's period that fall inside the contract period (both ends
  inclusive) divided by 365, so 1 January - 31 December of a normal year is exactly 1.
  A full leap year counts 366/365, as the rule says (no cap);
* hours: hours per week / the table's full-time hours, capped at 1 (overtime adds nothing).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

CENT = Decimal("0.01")
DAYS_PER_YEAR = Decimal(365)
HUNDRED = Decimal(100)


class SroiError(ValueError):
    """Invalid SROI input; the message says what is wrong and is safe to show."""


class SroiTableError(SroiError):
    """A building-block table was refused. ``problems`` lists every problem found."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("Invalid building-block table: " + "; ".join(problems))


class TargetGroup(StrEnum):
    PARTICIPATIEWET = "participatiewet"
    BANENAFSPRAAK = "banenafspraak"
    WW = "ww"
    WIA_WAO = "wia_wao"
    STATUS_HOLDER = "status_holder"
    OVER_50 = "over_50"
    SCHOOL_LEAVER = "school_leaver"


class Bonus(StrEnum):
    OVER_50 = "over_50"
    STATUS_HOLDER = "status_holder"
    PERMANENT_CONTRACT = "permanent_contract"


class PsoLevel(StrEnum):
    """Levels of the PSO certificate (Prestatieladder Socialer Ondernemen)."""

    START = "start"  # aanloopfase
    STEP_1 = "step_1"
    STEP_2 = "step_2"
    STEP_3 = "step_3"
    PSO_30 = "pso_30"  # 30+ ("koploper")


def money(value: Any, what: str) -> Decimal:
    """A non-negative, finite amount as Decimal. Floats are refused (binary rounding)."""
    if isinstance(value, bool | float):
        raise SroiError(f"{what} must be a Decimal, int or string, not {value!r}")
    try:
        d = Decimal(str(value).strip()) if isinstance(value, str) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise SroiError(f"{what} must be a number, not {value!r}") from None
    if not d.is_finite():
        raise SroiError(f"{what} must be a finite number, not {value!r}")
    if d < 0:
        raise SroiError(f"{what} must not be negative ({d})")
    return d


def quantity(value: Any, what: str) -> Decimal:
    """A non-negative quantity (hours); floats are accepted through their shortest repr."""
    if isinstance(value, float):
        value = repr(value)
    return money(value, what)


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Period:
    """A date period, both ends inclusive."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if not isinstance(self.start, dt.date) or not isinstance(self.end, dt.date):
            raise SroiError("a period needs a start date and an end date")
        if self.end < self.start:
            raise SroiError(f"period end {self.end} is before its start {self.start}")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def overlap_days(self, other: Period) -> int:
        start, end = max(self.start, other.start), min(self.end, other.end)
        return max(0, (end - start).days + 1)

    def elapsed_days(self, as_of: dt.date) -> int:
        """Days of this period up to and including ``as_of``."""
        if as_of < self.start:
            return 0
        return (min(as_of, self.end) - self.start).days + 1


@dataclass(frozen=True)
class BuildingBlockTable:
    """Values of a municipality's building blocks.

    ``target_groups``: value of one full-time year of a placement, per target group.
    ``bonuses``: extra value per full-time year, pro-rated like the placement itself.
    ``social_enterprise_percentage``: share of the invoice value of a purchase from a social
    enterprise that counts (100 = invoice value). ``pso_levels``: value of one year of a PSO
    certificate at that level, pro-rated for the days within the contract period.
    ``custom_effort_hourly_rate``: value of one hour of custom effort.
    ``full_time_hours``: hours per week of a full-time job (e.g. 36).
    """

    full_time_hours: Decimal
    target_groups: Mapping[TargetGroup, Decimal]
    bonuses: Mapping[Bonus, Decimal] = field(default_factory=dict)
    social_enterprise_percentage: Decimal = HUNDRED
    pso_levels: Mapping[PsoLevel, Decimal] = field(default_factory=dict)
    custom_effort_hourly_rate: Decimal = Decimal(0)

    KEYS = (
        "full_time_hours",
        "target_groups",
        "bonuses",
        "social_enterprise_percentage",
        "pso_levels",
        "custom_effort_hourly_rate",
    )

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> BuildingBlockTable:
        """Validate a table given as plain data (as stored in JSON); every problem is listed
        in the :class:`SroiTableError`. Amounts may be strings or ints (not floats)."""
        if not isinstance(data, Mapping):
            raise SroiTableError(["the table must be a mapping of settings"])
        problems: list[str] = []
        unknown = sorted(set(data) - set(cls.KEYS))
        if unknown:
            problems.append(f"unknown settings: {', '.join(map(str, unknown))}")

        def amount(value: Any, what: str) -> Decimal:
            try:
                return money(value, what)
            except SroiError as exc:
                problems.append(str(exc))
                return Decimal(0)

        ft = Decimal(0)
        if data.get("full_time_hours") in (None, ""):
            problems.append("full_time_hours is missing")
        else:
            ft = amount(data["full_time_hours"], "full_time_hours")
            if ft == 0 or ft > 80:
                problems.append(f"full_time_hours must be more than 0 and at most 80, not {ft}")

        def section(
            key: str, label: str, enum: type[StrEnum], required: bool
        ) -> dict[Any, Decimal]:
            raw = data.get(key, {})
            if raw is None:
                raw = {}
            if not isinstance(raw, Mapping):
                problems.append(f"{key} must be a mapping")
                return {}
            out: dict[Any, Decimal] = {}
            for name, val in raw.items():
                try:
                    member = enum(name)
                except ValueError:
                    allowed = ", ".join(m.value for m in enum)
                    problems.append(f"unknown {label} {name!r} in {key} (allowed: {allowed})")
                    continue
                out[member] = amount(val, f"{key}.{name}")
            if required and not out and not any(key in p for p in problems):
                problems.append(f"{key} must give a value for at least one target group")
            return out

        groups = section("target_groups", "target group", TargetGroup, True)
        bonuses = section("bonuses", "bonus", Bonus, False)
        pso = section("pso_levels", "PSO level", PsoLevel, False)
        pct = amount(data.get("social_enterprise_percentage", 100), "social_enterprise_percentage")
        if pct > HUNDRED:
            problems.append(f"social_enterprise_percentage must be at most 100, not {pct}")
        rate = amount(data.get("custom_effort_hourly_rate", 0), "custom_effort_hourly_rate")
        if problems:
            raise SroiTableError(problems)
        return cls(ft, groups, bonuses, pct, pso, rate)

    def to_mapping(self) -> dict[str, Any]:
        """Plain data (strings for amounts) that :meth:`from_mapping` reads back."""
        return {
            "full_time_hours": str(self.full_time_hours),
            "target_groups": {k.value: str(v) for k, v in self.target_groups.items()},
            "bonuses": {k.value: str(v) for k, v in self.bonuses.items()},
            "social_enterprise_percentage": str(self.social_enterprise_percentage),
            "pso_levels": {k.value: str(v) for k, v in self.pso_levels.items()},
            "custom_effort_hourly_rate": str(self.custom_effort_hourly_rate),
        }


#: The example table of the issue (a reasonable default for a new municipality).
DEFAULT_TABLE: dict[str, Any] = {
    "full_time_hours": "36",
    "target_groups": {
        "participatiewet": "40000",
        "banenafspraak": "50000",
        "ww": "20000",
        "wia_wao": "35000",
        "status_holder": "40000",
        "over_50": "25000",
        "school_leaver": "15000",
    },
    "bonuses": {"over_50": "5000", "status_holder": "5000", "permanent_contract": "10000"},
    "social_enterprise_percentage": "100",
    "pso_levels": {
        "start": "1000",
        "step_1": "2500",
        "step_2": "5000",
        "step_3": "7500",
        "pso_30": "10000",
    },
    "custom_effort_hourly_rate": "100",
}


@dataclass(frozen=True, slots=True)
class PlacementEntry:
    """A person of ``target_group`` working ``hours_per_week`` during ``period``."""

    target_group: TargetGroup
    period: Period
    hours_per_week: Decimal
    bonuses: frozenset[Bonus] = frozenset()

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "target_group", TargetGroup(self.target_group))
        except ValueError:
            raise SroiError(f"unknown target group {self.target_group!r}") from None
        object.__setattr__(self, "hours_per_week", quantity(self.hours_per_week, "hours per week"))
        try:
            object.__setattr__(self, "bonuses", frozenset(Bonus(b) for b in self.bonuses))
        except ValueError as exc:
            raise SroiError(f"unknown bonus: {exc}") from None


@dataclass(frozen=True, slots=True)
class PurchaseEntry:
    """A purchase from a social enterprise, at invoice value (euros, excl. VAT)."""

    invoice_value: Decimal

    def __post_init__(self) -> None:
        object.__setattr__(self, "invoice_value", money(self.invoice_value, "invoice value"))


@dataclass(frozen=True, slots=True)
class PsoEntry:
    """The contractor holds a PSO certificate of ``level`` during ``period``."""

    level: PsoLevel
    period: Period

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "level", PsoLevel(self.level))
        except ValueError:
            raise SroiError(f"unknown PSO level {self.level!r}") from None


@dataclass(frozen=True, slots=True)
class CustomEffortEntry:
    """Custom effort (e.g. guest lessons, coaching) in hours."""

    hours: Decimal

    def __post_init__(self) -> None:
        object.__setattr__(self, "hours", quantity(self.hours, "hours"))


Entry = PlacementEntry | PurchaseEntry | PsoEntry | CustomEffortEntry


@dataclass(frozen=True, slots=True)
class Valuation:
    """The value of one entry (rounded to cents) and how it was reached."""

    amount: Decimal
    days_counted: int = 0
    year_fraction: Decimal = Decimal(0)
    hours_fraction: Decimal = Decimal(0)
    base_per_year: Decimal = Decimal(0)
    bonus_per_year: Decimal = Decimal(0)


def year_fraction(period: Period, contract: Period) -> tuple[int, Decimal]:
    days = period.overlap_days(contract)
    return days, Decimal(days) / DAYS_PER_YEAR


def hours_fraction(hours_per_week: Decimal, table: BuildingBlockTable) -> Decimal:
    return min(Decimal(1), hours_per_week / table.full_time_hours)


def value_entry(entry: Entry, table: BuildingBlockTable, contract: Period) -> Valuation:
    """The SROI value of ``entry`` for a contract running during ``contract``."""
    if not isinstance(table, BuildingBlockTable):
        raise SroiError("a BuildingBlockTable is needed to value an entry")
    if isinstance(entry, PlacementEntry):
        base = table.target_groups.get(entry.target_group)
        if base is None:
            raise SroiError(f"the table has no value for target group {entry.target_group.value}")
        bonus = Decimal(0)
        for b in sorted(entry.bonuses):
            if b not in table.bonuses:
                raise SroiError(f"the table has no value for bonus {b.value}")
            bonus += table.bonuses[b]
        days, yf = year_fraction(entry.period, contract)
        hf = hours_fraction(entry.hours_per_week, table)
        return Valuation(cents((base + bonus) * yf * hf), days, yf, hf, base, bonus)
    if isinstance(entry, PurchaseEntry):
        return Valuation(cents(entry.invoice_value * table.social_enterprise_percentage / HUNDRED))
    if isinstance(entry, PsoEntry):
        base = table.pso_levels.get(entry.level)
        if base is None:
            raise SroiError(f"the table has no value for PSO level {entry.level.value}")
        days, yf = year_fraction(entry.period, contract)
        return Valuation(cents(base * yf), days, yf, Decimal(0), base)
    if isinstance(entry, CustomEffortEntry):
        return Valuation(cents(entry.hours * table.custom_effort_hourly_rate))
    raise SroiError(f"cannot value {type(entry).__name__}")


def obligation(contract_value: Any, percentage: Any) -> Decimal:
    """What a contractor owes: contract value x percentage / 100, in cents."""
    value = money(contract_value, "contract value")
    pct = money(percentage, "obligation percentage")
    if pct > HUNDRED:
        raise SroiError(f"obligation percentage must be at most 100, not {pct}")
    return cents(value * pct / HUNDRED)


def expected_to_date(owed: Decimal, contract: Period, as_of: dt.date) -> Decimal:
    """The part of ``owed`` that is due by ``as_of`` when fulfilment runs evenly over the
    contract period (pro rata per day, both ends inclusive)."""
    return cents(owed * Decimal(contract.elapsed_days(as_of)) / Decimal(contract.days))


@dataclass(frozen=True, slots=True)
class Balance:
    """Obligation balance of a contract on a date."""

    owed: Decimal
    fulfilled: Decimal
    expected: Decimal

    @property
    def remaining(self) -> Decimal:
        return max(Decimal(0), self.owed - self.fulfilled)

    @property
    def surplus(self) -> Decimal:
        return max(Decimal(0), self.fulfilled - self.owed)

    @property
    def percent_fulfilled(self) -> Decimal:
        if self.owed == 0:
            return HUNDRED
        return (self.fulfilled * HUNDRED / self.owed).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def shortfall(self) -> Decimal:
        """How far fulfilment is behind the pro-rata expectation (0 if not behind)."""
        return max(Decimal(0), self.expected - self.fulfilled)

    def falling_behind(self, tolerance: Decimal = Decimal(0)) -> bool:
        """Behind the pro-rata expectation by more than ``tolerance`` (a fraction of the
        expected amount, e.g. ``Decimal("0.1")`` allows 10 % slack)."""
        return self.fulfilled < self.expected * (Decimal(1) - tolerance)


def balance(owed: Decimal, values: Iterable[Decimal], contract: Period, as_of: dt.date) -> Balance:
    return Balance(owed, sum(values, Decimal(0)), expected_to_date(owed, contract, as_of))
