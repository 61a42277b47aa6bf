"""The time of a request in words (#18): a day asked for without a day part reads
"06:00–24:00", never "06:00–00:00"."""

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone, translation

from zorgzaam.help.templatetags.help_tags import when


def _request(start: dt.datetime, end: dt.datetime):
    return SimpleNamespace(
        recurring=False,
        window_start=timezone.make_aware(start),
        window_end=timezone.make_aware(end),
    )


def test_a_whole_day_ends_at_24_00():
    with translation.override("nl"):
        whole = when(_request(dt.datetime(2026, 12, 11, 6), dt.datetime(2026, 12, 12, 0)))
        morning = when(_request(dt.datetime(2026, 12, 11, 6), dt.datetime(2026, 12, 11, 12)))
    assert whole == "vrijdag 11 december, 06:00–24:00"
    assert morning == "vrijdag 11 december, 06:00–12:00"
