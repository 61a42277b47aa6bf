"""SROI building blocks: hand-computed cases, table validation, properties (no database)."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zorgzaam.work.sroi import (
    DEFAULT_TABLE,
    Balance,
    BuildingBlockTable,
    CustomEffortEntry,
    Period,
    PlacementEntry,
    PsoEntry,
    PurchaseEntry,
    SroiError,
    SroiTableError,
    balance,
    expected_to_date,
    obligation,
    value_entry,
)

D = Decimal
TABLE = BuildingBlockTable.from_mapping(DEFAULT_TABLE)
YEAR_2026 = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def placement(group, start, end, hours, bonuses=()):
    return PlacementEntry(group, Period(start, end), D(hours), frozenset(bonuses))


def test_full_time_year_of_a_participatiewet_candidate_is_the_table_value():
    v = value_entry(
        placement("participatiewet", dt.date(2026, 1, 1), dt.date(2026, 12, 31), 36),
        TABLE,
        YEAR_2026,
    )
    assert v.amount == D("40000.00")
    assert v.days_counted == 365


def test_part_time_is_pro_rated_by_hours():
    v = value_entry(
        placement("participatiewet", dt.date(2026, 1, 1), dt.date(2026, 12, 31), 18),
        TABLE,
        YEAR_2026,
    )
    assert v.amount == D("20000.00")


def test_partial_period_and_part_time():
    # 1 Jul - 31 Dec 2026 = 184 days; 40,000 x 184/365 x 24/36 = 13,442.9223...
    v = value_entry(
        placement("participatiewet", dt.date(2026, 7, 1), dt.date(2026, 12, 31), 24),
        TABLE,
        YEAR_2026,
    )
    assert v.days_counted == 184
    assert v.amount == D("13442.92")


def test_bonuses_add_per_full_time_year():
    # WW 20,000 + 50+ bonus 5,000 + permanent contract 10,000
    v = value_entry(
        placement(
            "ww", dt.date(2026, 1, 1), dt.date(2026, 12, 31), 36, ["over_50", "permanent_contract"]
        ),
        TABLE,
        YEAR_2026,
    )
    assert v.amount == D("35000.00")
    assert v.bonus_per_year == D("15000")


def test_bonus_is_pro_rated_with_the_placement():
    # status holder 40,000 + 5,000 bonus, 181 days (Jan-Jun), 30 h: 45,000 x 181/365 x 30/36
    v = value_entry(
        placement(
            "status_holder", dt.date(2026, 1, 1), dt.date(2026, 6, 30), 30, ["status_holder"]
        ),
        TABLE,
        YEAR_2026,
    )
    assert v.amount == D("18595.89")  # 18,595.890410...


def test_only_days_within_the_contract_period_count():
    contract = Period(dt.date(2026, 3, 1), dt.date(2027, 2, 28))
    # placement Jan-Mar 2026: only March (31 days) lies in the contract; 50,000 x 31/365
    v = value_entry(
        placement("banenafspraak", dt.date(2026, 1, 1), dt.date(2026, 3, 31), 36), TABLE, contract
    )
    assert v.days_counted == 31
    assert v.amount == D("4246.58")
    outside = placement("banenafspraak", dt.date(2025, 1, 1), dt.date(2025, 12, 31), 36)
    assert value_entry(outside, TABLE, contract).amount == D("0.00")


def test_hours_above_full_time_are_capped():
    a = value_entry(
        placement("ww", dt.date(2026, 1, 1), dt.date(2026, 12, 31), 40), TABLE, YEAR_2026
    )
    assert a.amount == D("20000.00")


def test_purchase_at_invoice_value_or_configured_percentage():
    assert value_entry(PurchaseEntry(D("12345.67")), TABLE, YEAR_2026).amount == D("12345.67")
    table = BuildingBlockTable.from_mapping({**DEFAULT_TABLE, "social_enterprise_percentage": 30})
    # 12,345.67 x 0.30 = 3,703.701
    assert value_entry(PurchaseEntry(D("12345.67")), table, YEAR_2026).amount == D("3703.70")


def test_pso_certificate_per_year_pro_rated():
    full = PsoEntry("step_2", YEAR_2026)
    assert value_entry(full, TABLE, YEAR_2026).amount == D("5000.00")
    half = PsoEntry("step_2", Period(dt.date(2026, 1, 1), dt.date(2026, 6, 30)))
    assert value_entry(half, TABLE, YEAR_2026).amount == D("2479.45")  # 5000 x 181/365


def test_custom_effort_per_hour_and_rounding_half_up():
    assert value_entry(CustomEffortEntry(D("12.5")), TABLE, YEAR_2026).amount == D("1250.00")
    # 0.00005 h x 100 = 0.005 -> half up to 0.01
    assert value_entry(CustomEffortEntry(D("0.00005")), TABLE, YEAR_2026).amount == D("0.01")
    assert value_entry(CustomEffortEntry(D("0.00004")), TABLE, YEAR_2026).amount == D("0.00")


def test_obligation_and_expected_to_date():
    owed = obligation(D("1250000"), D("5"))
    assert owed == D("62500.00")
    # 1 Jan - 1 Jul 2026 inclusive = 182 days: 62,500 x 182/365 = 31,164.38
    assert expected_to_date(owed, YEAR_2026, dt.date(2026, 7, 1)) == D("31164.38")
    assert expected_to_date(owed, YEAR_2026, dt.date(2025, 12, 31)) == D("0.00")
    assert expected_to_date(owed, YEAR_2026, dt.date(2030, 1, 1)) == owed


def test_balance_falling_behind():
    b = balance(D("10000.00"), [D("2000.00"), D("1000.00")], YEAR_2026, dt.date(2026, 7, 1))
    assert b.fulfilled == D("3000.00")
    assert b.expected == D("4986.30")  # 10,000 x 182/365
    assert b.remaining == D("7000.00")
    assert b.falling_behind()
    assert b.shortfall == D("1986.30")
    assert not b.falling_behind(tolerance=D("0.5"))
    assert b.percent_fulfilled == D("30.0")
    done = Balance(D("100.00"), D("150.00"), D("100.00"))
    assert done.surplus == D("50.00") and done.remaining == 0 and not done.falling_behind()


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"target_groups": {"participatiewet": "-1"}}, "must not be negative"),
        ({"target_groups": {"bijstand_plus": "100"}}, "unknown target group 'bijstand_plus'"),
        ({"full_time_hours": None}, "full_time_hours is missing"),
        ({"full_time_hours": "0"}, "full_time_hours must be more than 0"),
        ({"bonuses": {"over_50": "-5"}}, "bonuses.over_50 must not be negative"),
        ({"bonuses": {"young": "5"}}, "unknown bonus 'young'"),
        ({"pso_levels": {"step_9": "5"}}, "unknown PSO level 'step_9'"),
        ({"social_enterprise_percentage": "150"}, "at most 100"),
        ({"custom_effort_hourly_rate": 100.5}, "not 100.5"),
        ({"target_groups": {}}, "at least one target group"),
        ({"colour": "blue"}, "unknown settings: colour"),
        ({"target_groups": {"ww": "abc"}}, "must be a number"),
    ],
)
def test_a_wrong_table_is_refused_with_a_clear_error(change, fragment):
    with pytest.raises(SroiTableError) as exc:
        BuildingBlockTable.from_mapping({**DEFAULT_TABLE, **change})
    assert fragment in str(exc.value)


def test_all_problems_are_listed_at_once():
    with pytest.raises(SroiTableError) as exc:
        BuildingBlockTable.from_mapping(
            {"target_groups": {"ww": "-1", "nope": "1"}, "custom_effort_hourly_rate": "-3"}
        )
    assert len(exc.value.problems) == 4


def test_table_round_trips_through_plain_data():
    assert BuildingBlockTable.from_mapping(TABLE.to_mapping()) == TABLE


def test_missing_table_value_and_bad_entries_are_refused():
    table = BuildingBlockTable.from_mapping(
        {"full_time_hours": "36", "target_groups": {"ww": "20000"}}
    )
    with pytest.raises(SroiError, match="no value for target group participatiewet"):
        value_entry(
            placement("participatiewet", dt.date(2026, 1, 1), dt.date(2026, 2, 1), 36),
            table,
            YEAR_2026,
        )
    with pytest.raises(SroiError, match="no value for bonus over_50"):
        value_entry(
            placement("ww", dt.date(2026, 1, 1), dt.date(2026, 2, 1), 36, ["over_50"]),
            table,
            YEAR_2026,
        )
    with pytest.raises(SroiError, match="unknown target group"):
        placement("martian", dt.date(2026, 1, 1), dt.date(2026, 2, 1), 36)
    with pytest.raises(SroiError, match="before its start"):
        Period(dt.date(2026, 2, 1), dt.date(2026, 1, 1))
    with pytest.raises(SroiError, match="must not be negative"):
        placement("ww", dt.date(2026, 1, 1), dt.date(2026, 2, 1), -4)
    with pytest.raises(SroiError, match="must not be negative"):
        PurchaseEntry(D("-1"))
    with pytest.raises(SroiError, match="at most 100"):
        obligation(D("1000"), D("101"))


# --- properties ---------------------------------------------------------------------------

dates = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2029, 12, 31))
hours = st.decimals(min_value=0, max_value=60, places=2, allow_nan=False, allow_infinity=False)
groups = st.sampled_from([g for g in TABLE.target_groups])
bonus_sets = st.frozensets(st.sampled_from(list(TABLE.bonuses)))
CONTRACT = Period(dt.date(2025, 1, 1), dt.date(2028, 6, 30))


def _v(group, start, end, h, bonuses=frozenset()):
    return value_entry(
        PlacementEntry(group, Period(start, end), h, bonuses), TABLE, CONTRACT
    ).amount


@settings(max_examples=200, deadline=None)
@given(groups, dates, st.integers(0, 2000), hours, bonus_sets)
def test_value_is_never_negative(group, start, length, h, bonuses):
    end = start + dt.timedelta(days=length)
    assert _v(group, start, end, h, bonuses) >= 0


@settings(max_examples=200, deadline=None)
@given(groups, dates, st.integers(0, 1500), hours, hours)
def test_monotone_in_hours(group, start, length, h1, h2):
    end = start + dt.timedelta(days=length)
    lo, hi = sorted((h1, h2))
    assert _v(group, start, end, lo) <= _v(group, start, end, hi)


@settings(max_examples=200, deadline=None)
@given(groups, dates, st.integers(0, 1500), st.integers(0, 500), hours)
def test_monotone_in_duration(group, start, length, extra, h):
    end = start + dt.timedelta(days=length)
    assert _v(group, start, end, h) <= _v(group, start, end + dt.timedelta(days=extra), h)


@settings(max_examples=300, deadline=None)
@given(groups, dates, st.integers(1, 1500), st.data(), hours, bonus_sets)
def test_additive_over_split_periods_within_rounding(group, start, length, data, h, bonuses):
    end = start + dt.timedelta(days=length)
    cut = data.draw(st.integers(0, length - 1))
    first_end = start + dt.timedelta(days=cut)
    whole = _v(group, start, end, h, bonuses)
    parts = _v(group, start, first_end, h, bonuses) + _v(
        group, first_end + dt.timedelta(days=1), end, h, bonuses
    )
    assert abs(whole - parts) <= D("0.01")
