"""Recurrence in words in both languages (#18): never "TU" or "FREQ=WEEKLY;BYDAY=FR"."""

from datetime import datetime
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from zorgzaam.common.recurrence import describe, describe_rule


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("nl", "elke dinsdag 10:00–12:00"), ("en", "every Tuesday 10:00–12:00")],
)
def test_hsds_weekly_schedule_in_words(lang, expected):
    with translation.override(lang):
        assert describe(freq="WEEKLY", byday="TU", opens_at="10:00", closes_at="12:00") == expected


def test_days_in_a_row_and_pairs():
    with translation.override("nl"):
        assert describe(byday="MO,TU,WE,TH,FR", opens_at="09:00", closes_at="17:00") == (
            "elke maandag t/m vrijdag 09:00–17:00"
        )
        assert describe(freq="WEEKLY", byday="TU,TH") == "elke dinsdag en donderdag"
        assert describe(freq="WEEKLY", interval=2, byday="WE") == "om de 2 weken op woensdag"


def test_activity_rule_in_words():
    first = timezone.make_aware(datetime(2026, 12, 4, 10, 0))  # a Friday
    with translation.override("nl"):
        assert describe_rule("FREQ=WEEKLY;BYDAY=FR", first, 120) == "elke vrijdag 10:00–12:00"
        assert describe_rule("FREQ=WEEKLY", first, 90) == "elke vrijdag 10:00–11:30"
        assert describe_rule("FREQ=MONTHLY", first, 60) == "elke maand op de 4e 10:00–11:00"
    with translation.override("en"):
        assert describe_rule("FREQ=WEEKLY;BYDAY=FR", first, 120) == "every Friday 10:00–12:00"


def test_filter_takes_schedules_and_activities():
    template = Template("{% load recurrence %}{{ s|recurrence }}|{{ a|recurrence }}")
    schedule = SimpleNamespace(freq="WEEKLY", byday="SA", opens_at="14:00", closes_at="16:00")
    activity = SimpleNamespace(
        rrule="FREQ=WEEKLY;BYDAY=FR",
        starts_at=timezone.make_aware(datetime(2026, 12, 4, 10, 0)),
        duration_minutes=120,
    )
    with translation.override("nl"):
        out = template.render(Context({"s": schedule, "a": activity}))
    assert out == "elke zaterdag 14:00–16:00|elke vrijdag 10:00–12:00"
    assert "FREQ" not in out and "SA" not in out
