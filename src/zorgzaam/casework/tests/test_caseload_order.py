"""/cases/ puts the professional's own caseload first and folds overdue actions away behind a
count (issue #18: the caseload was buried under ~80 overdue items)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from zorgzaam.casework import selectors
from zorgzaam.casework.models import Action, Goal
from zorgzaam.casework.services import household_assign
from zorgzaam.common.testing import login

from .conftest import make_case

pytestmark = pytest.mark.django_db


def _actions(household, professional, *, overdue: int, today: int) -> None:
    plan = household.plan
    goal = Goal.objects.create(
        plan=plan, domain=plan.household.zrm_version.domains.first(), description="Rust"
    )
    day = timezone.localdate()
    for i in range(overdue + today):
        Action.objects.create(
            goal=goal,
            kind=Action.Kind.OWN_NETWORK,
            category=Action.Category.INFORMAL,
            description=f"Actie {i}",
            due_on=day - timedelta(days=i + 1) if i < overdue else day,
            created_by=professional,
        )


def test_own_households_first_then_the_team(world):
    professional = world.users["professional"]
    lead = world.users["team_lead"]
    first = make_case(world, actor=lead)
    first.name = "Aa-huishouden"
    first.save(update_fields=["name"])
    mine = make_case(world, actor=lead, bsn_a="999990019", bsn_b="999990032")
    mine.name = "Zz-huishouden"
    mine.save(update_fields=["name"])
    household_assign(actor=lead, household=mine, professionals=[professional])
    household_assign(actor=lead, household=first, professionals=[lead])

    listed = list(selectors.household_list(professional))
    assert [h.name for h in listed][:2] == ["Zz-huishouden", "Aa-huishouden"]
    assert [h.is_mine for h in listed][:2] == [True, False]


def test_overdue_actions_are_counted_and_folded(client, world):
    professional = world.users["professional"]
    household = make_case(world)
    household_assign(actor=professional, household=household, professionals=[professional])
    _actions(household, professional, overdue=60, today=2)
    dashboard = selectors.dashboard_for_actor(professional)
    assert len(dashboard["actions"]) == 2
    assert dashboard["overdue_count"] == 60 and len(dashboard["overdue"]) == 50
    assert dashboard["overdue"][0].due_on < dashboard["overdue"][-1].due_on  # oldest first

    login(client, professional)
    page = client.get("/cases/").content.decode()
    # The caseload comes before the actions, the overdue ones sit in a closed <details>.
    assert page.index("Caseload") < page.index("Uw acties")
    assert "<summary>60 achterstallige acties</summary>" in page
    assert "van u" in page
