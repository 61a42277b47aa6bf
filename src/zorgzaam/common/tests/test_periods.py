"""``aware_range``: inclusive local dates as an aware, index-friendly datetime range."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from zorgzaam.common.periods import aware_range, local_midnight, range_filter

AMS = ZoneInfo("Europe/Amsterdam")


def _inside(moment, start, end) -> bool:
    lo, hi = aware_range(start, end)
    return lo <= moment < hi


def test_bounds_are_local_midnights():
    with timezone.override(AMS):
        lo, hi = aware_range(dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert lo == dt.datetime(2026, 6, 30, 22, tzinfo=dt.UTC)  # 00:00 CEST
    assert hi == dt.datetime(2026, 9, 30, 22, tzinfo=dt.UTC)  # 1 October 00:00 CEST
    assert range_filter("created_at", dt.date(2026, 7, 1), dt.date(2026, 9, 30)) == {
        "created_at__gte": lo,
        "created_at__lt": hi,
    }


def test_last_evening_inside_next_midnight_outside():
    start, end = dt.date(2026, 7, 1), dt.date(2026, 9, 30)
    with timezone.override(AMS):
        assert _inside(dt.datetime(2026, 9, 30, 23, 30, tzinfo=AMS), start, end)
        assert _inside(dt.datetime(2026, 9, 30, 23, 59, 59, 999999, tzinfo=AMS), start, end)
        assert not _inside(dt.datetime(2026, 10, 1, 0, 0, tzinfo=AMS), start, end)
        assert _inside(dt.datetime(2026, 7, 1, 0, 0, tzinfo=AMS), start, end)
        assert not _inside(dt.datetime(2026, 6, 30, 23, 59, 59, tzinfo=AMS), start, end)
        # 23:30 local on the last day is 21:30 UTC: a UTC-date filter would also get this
        # right, but 00:30 local on 1 October (22:30 UTC on 30 September) must be outside.
        assert not _inside(dt.datetime(2026, 9, 30, 22, 30, tzinfo=dt.UTC), start, end)


def test_daylight_saving_change_inside_the_period():
    # 25 October 2026, last Sunday of October: 03:00 CEST -> 02:00 CET.
    start, end = dt.date(2026, 10, 1), dt.date(2026, 12, 31)
    with timezone.override(AMS):
        lo, hi = aware_range(start, end)
        assert timezone.localtime(lo).utcoffset() == dt.timedelta(hours=2)  # CEST
        assert timezone.localtime(hi).utcoffset() == dt.timedelta(hours=1)  # CET
        assert timezone.localtime(lo).time() == timezone.localtime(hi).time() == dt.time(0)
        assert hi - lo == dt.timedelta(days=92, hours=1)
        # both 02:30s of the change day are inside
        assert _inside(dt.datetime(2026, 10, 25, 2, 30, fold=0, tzinfo=AMS), start, end)
        assert _inside(dt.datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=AMS), start, end)
        assert _inside(dt.datetime(2026, 12, 31, 23, 30, tzinfo=AMS), start, end)
        assert not _inside(dt.datetime(2027, 1, 1, 0, 0, tzinfo=AMS), start, end)


def test_period_ending_on_the_change_day():
    # The day after the change starts at 00:00 CET (23:00 UTC), not 24 h after 00:00 CEST.
    start = end = dt.date(2026, 10, 25)
    with timezone.override(AMS):
        lo, hi = aware_range(start, end)
        assert hi - lo == dt.timedelta(hours=25)
        assert _inside(dt.datetime(2026, 10, 25, 23, 30, tzinfo=AMS), start, end)
        assert not _inside(dt.datetime(2026, 10, 26, 0, 0, tzinfo=AMS), start, end)
        assert local_midnight(dt.date(2026, 10, 26)) == dt.datetime(2026, 10, 25, 23, tzinfo=dt.UTC)
    # and the spring change (29 March 2026) gives a day of 23 hours
    with timezone.override(AMS):
        lo, hi = aware_range(dt.date(2026, 3, 29), dt.date(2026, 3, 29))
    assert hi - lo == dt.timedelta(hours=23)


def test_agrees_with_the_local_date_of_every_moment():
    # Every quarter hour around both changes of 2026 and a quarter's end: inside the range
    # exactly when the local date is in the period (what ``__date__gte/lte`` meant).
    periods = [
        (dt.date(2026, 3, 29), dt.date(2026, 3, 29)),
        (dt.date(2026, 1, 1), dt.date(2026, 3, 28)),
        (dt.date(2026, 10, 1), dt.date(2026, 10, 25)),
        (dt.date(2026, 10, 26), dt.date(2026, 12, 31)),
    ]
    with timezone.override(AMS):
        for first in (
            dt.datetime(2026, 3, 27, tzinfo=dt.UTC),
            dt.datetime(2026, 10, 23, tzinfo=dt.UTC),
        ):
            for i in range(4 * 24 * 5):
                moment = first + dt.timedelta(minutes=15 * i)
                local_day = timezone.localtime(moment).date()
                for start, end in periods:
                    assert _inside(moment, start, end) == (start <= local_day <= end), moment
