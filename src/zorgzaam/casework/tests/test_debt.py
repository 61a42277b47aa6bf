"""Debt help aimed at recovery: the track, its recovery goals, the debt-buddy pool and the
ZRM finance domain over time (#24)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from zorgzaam.audit.models import AuditEvent
from zorgzaam.casework import debt
from zorgzaam.casework.models import DebtBuddy, DebtTrack, Measurement, RecoveryGoal
from zorgzaam.casework.services import measurement_record
from zorgzaam.casework.tests.conftest import make_case
from zorgzaam.common.errors import ApplicationError
from zorgzaam.common.testing import login

pytestmark = pytest.mark.django_db


def _buddy(world, name="Henk de Vries", max_households=1, municipality=None):
    return DebtBuddy.objects.create(
        municipality=municipality or world.municipality,
        name=name,
        area=world.village_a,
        organisation="SchuldHulpMaatje",
        max_households=max_households,
    )


def test_track_goals_buddy_and_audit(world):
    case = make_case(world)
    pro = world.users["professional"]
    buddy = _buddy(world)
    track = debt.track_start(
        actor=pro,
        household=case,
        situation="Vijf schuldeisers, huurachterstand.",
        creditors=5,
        debt_total=Decimal("12400"),
    )
    with pytest.raises(ApplicationError):  # one track per plan
        debt.track_start(actor=pro, household=case)
    with pytest.raises(ApplicationError):  # a goal needs a sentence
        debt.goal_add(actor=pro, track=track, kind="rest", description="kort")
    rest = debt.goal_add(
        actor=pro, track=track, kind="rest", description="Geen nieuwe schulden, beslagvrije voet."
    )
    goal = debt.goal_add(
        actor=pro, track=track, kind="buddy", description="Een maatje dat meekijkt met de post."
    )
    keys = [c.key for c in debt.cards_for(case)]
    assert f"casework.debt_buddy:{buddy.public_id}" in keys
    debt.card_link(actor=pro, goal=goal, key=f"casework.debt_buddy:{buddy.public_id}")
    track.refresh_from_db()
    goal.refresh_from_db()
    assert track.buddy == buddy and goal.ref_label == "Henk de Vries"
    # The buddy's one place is taken: another household is not offered them.
    other = make_case(world, bsn_a="", bsn_b="")
    other_track = debt.track_start(actor=pro, household=other)
    other_goal = debt.goal_add(
        actor=pro, track=other_track, kind="buddy", description="Een maatje voor de post."
    )
    assert buddy.public_id not in {c.public_id for c in debt.cards_for(other)}
    with pytest.raises(ApplicationError):
        debt.card_link(actor=pro, goal=other_goal, key=f"casework.debt_buddy:{buddy.public_id}")
    debt.goal_set_status(actor=pro, goal=rest, status="achieved")
    rest.refresh_from_db()
    assert rest.achieved_on == timezone.localdate()
    # Out of debt: the track closes and the buddy's place is free again.
    debt.track_update(
        actor=pro, track=track, situation="", creditors=0, debt_total=Decimal(0), status="debt_free"
    )
    assert buddy.public_id in {c.public_id for c in debt.cards_for(other)}
    # Encrypted at rest; the audit log holds field names, no text.
    with connection.cursor() as cursor:
        cursor.execute("SELECT description FROM casework_recoverygoal WHERE id = %s", [rest.pk])
        assert "beslagvrije" not in cursor.fetchone()[0]
        cursor.execute("SELECT situation FROM casework_debttrack WHERE id = %s", [track.pk])
        assert "schuldeisers" not in cursor.fetchone()[0]
    rows = AuditEvent.objects.filter(event="case.debt_change")
    assert rows.count() >= 6
    assert not rows.filter(fields__icontains="beslagvrije").exists()
    # No need-to-know: another team's professional cannot write.
    with pytest.raises(PermissionDenied):
        debt.goal_add(
            actor=world.users["professional_b"],
            track=other_track,
            kind="steps",
            description="Een regeling met alle schuldeisers.",
        )


def test_buddy_of_another_municipality_is_never_offered(world):
    case = make_case(world)
    elsewhere = _buddy(world, name="Elders", municipality=world.other_municipality)
    debt.track_start(actor=world.users["professional"], household=case)
    assert elsewhere.public_id not in {c.public_id for c in debt.cards_for(case)}
    with pytest.raises(ApplicationError):
        debt.buddy_add(actor=world.users["professional"], name="Ria", area=world.other_person.area)


def test_finance_domain_over_time(world):
    case = make_case(world)  # intake: finance 2
    measurement_record(
        actor=world.users["professional"],
        household=case,
        moment=Measurement.Moment.REVIEW,
        measured_on=timezone.localdate(),
        scores={"financien": 4},
    )
    assert [p.score for p in debt.finance_over_time(case)] == [2, 4]


def test_debt_pages(world, client):
    case = make_case(world)
    pro = world.users["professional"]
    buddy = _buddy(world, max_households=2)
    login(client, pro)
    page = reverse("casework:debt", args=[case.public_id])
    assert "Traject starten" in client.get(page).content.decode()
    start = reverse("casework:debt_start", args=[case.public_id])
    assert client.post(start, {"creditors": "-1"}).status_code == 400
    assert client.post(start, {"situation": "Huurachterstand", "creditors": "3"}).status_code == 302
    add = reverse("casework:debt_goal_add", args=[case.public_id])
    assert client.post(add, {"kind": "", "description": "Rust"}).status_code == 400
    data = {"kind": "buddy", "description": "Een schuldhulpmaatje naast het gezin."}
    assert client.post(add, data).status_code == 302
    goal = RecoveryGoal.objects.get()
    link = reverse("casework:debt_link", args=[case.public_id])
    key = f"casework.debt_buddy:{buddy.public_id}"
    assert client.post(link, {"key": key, "goal": str(goal.public_id)}).status_code == 302
    assert DebtTrack.objects.get().buddy == buddy
    html = client.get(page).content.decode()
    assert "Henk de Vries" in html
    assert 'class="zrm-domain-chart"' in html
    # Other team and other municipality: an audited 403.
    for user in (world.users["professional_b"], world.other_professional):
        login(client, user)
        assert client.get(page).status_code == 403
        assert client.post(link, {"key": key, "goal": str(goal.public_id)}).status_code == 403
    # The pool: a hub coordinator has no casework capability.
    login(client, world.users["hub_coordinator"])
    assert client.get(reverse("casework:debt_buddies")).status_code == 403
    login(client, pro)
    pool = client.get(reverse("casework:debt_buddies")).content.decode()
    assert "Henk de Vries" in pool
    add_buddy = reverse("casework:debt_buddy_add")
    assert client.post(add_buddy, {"name": "", "max_households": "2"}).status_code == 400
    assert client.post(add_buddy, {"name": "Ria Bos", "max_households": "2"}).status_code == 302
    assert DebtBuddy.objects.filter(name="Ria Bos", municipality=world.municipality).exists()
