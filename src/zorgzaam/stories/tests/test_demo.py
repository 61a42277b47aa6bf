import random
from datetime import date
from types import SimpleNamespace

import pytest

from zorgzaam.accounts.roles import Role
from zorgzaam.reports.selectors import report_build
from zorgzaam.stories.demo import generate
from zorgzaam.stories.models import Level, Round, Selection, Story

pytestmark = pytest.mark.django_db


def test_demo_stories_and_rounds(world):
    users = {
        "bewoner": world.users[Role.RESIDENT],
        "vrijwilliger": world.users[Role.VOLUNTEER],
        "coordinator": world.users[Role.HUB_COORDINATOR],
        "professional": world.users[Role.PROFESSIONAL],
        "teamleider": world.users[Role.TEAM_LEAD],
        "beleid": world.users[Role.POLICY_OFFICER],
    }
    ctx = SimpleNamespace(
        municipality=world.municipality,
        users=users,
        teams=[world.team_a, world.team_b],
        rng=random.Random(3),
        today=date(2026, 11, 15),
    )
    counts = generate(ctx)
    assert counts["stories"] >= 60 and Story.objects.count() == counts["stories"]
    assert Story.objects.values("area").distinct().count() == 2
    assert Story.objects.values("domain").distinct().count() == 3
    assert Round.objects.count() == 2
    for level in (Level.TEAM, Level.MUNICIPALITY, Level.COUNCIL):
        assert Selection.objects.filter(level=level).exists(), level
    assert all(s.reason for s in Selection.objects.all())
    report = report_build(world.municipality, "2026-Q3")
    assert report.stories and report.selections
