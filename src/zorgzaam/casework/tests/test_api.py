"""API endpoints x actors: same need-to-know, audit, and no BSN."""

import uuid

import pytest

from zorgzaam.accounts.roles import Role
from zorgzaam.audit.models import AuditEvent
from zorgzaam.casework import services
from zorgzaam.common.testing import UserFactory, login

from .conftest import BSN_A, BSN_B

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(world, case):
    prof = world.users["professional"]
    member = case.members.get(role="applicant")
    services.consent_register(
        actor=prof, household=case, member=member, what="naam", with_whom="hub", method="verbal"
    )
    goal = services.goal_create(actor=prof, household=case, domain="financien", description="R")
    action = services.action_create_formal(
        actor=prof, goal=goal, description="Budgetcursus", provision="debt", reason="Schuld"
    )
    return services.referral_send(
        actor=prof,
        action=action,
        receiver=world.users["hub_coordinator"],
        receiver_label="Dorpshuis",
        message="Budgetcursus graag",
        contact_member=member,
    )


def test_household_api_for_the_holding_team(client, world, case):
    login(client, world.users["team_lead"])
    listing = client.get("/cases/api/households/")
    assert listing.status_code == 200
    assert [h["id"] for h in listing.json()["results"]] == [str(case.public_id)]
    detail = client.get(f"/cases/api/households/{case.public_id}/")
    assert detail.status_code == 200
    body = detail.content.decode()
    assert BSN_A not in body and BSN_B not in body
    assert detail.json()["members"][0]["has_bsn"] is True
    assert detail.json()["zrm"][0]["scores"] == {"financien": 2, "sociaal-netwerk": 3}
    assert (
        AuditEvent.objects.filter(
            event="case.view", actor_id=world.users["team_lead"].public_id
        ).count()
        == 2
    )


@pytest.mark.parametrize(
    "who",
    [
        "professional_b",
        "other",
        "resident",
        "volunteer",
        "hub_coordinator",
        "policy_officer",
        "administrator",
    ],
)
def test_household_api_refuses_everybody_else(client, world, case, who):
    user = world.other_professional if who == "other" else world.users[who]
    user.is_superuser = True
    user.save()
    login(client, user)
    detail = client.get(f"/cases/api/households/{case.public_id}/")
    assert detail.status_code == 403
    listing = client.get("/cases/api/households/")
    if user.role in (Role.PROFESSIONAL, Role.TEAM_LEAD):
        assert listing.status_code == 200 and listing.json()["results"] == []
    else:
        assert listing.status_code == 403
    assert "Huishouden Test" not in detail.content.decode() + listing.content.decode()


def test_household_api_guessed_uuid_is_404(client, world, case):
    login(client, world.users["professional"])
    assert client.get(f"/cases/api/households/{uuid.uuid4()}/").status_code == 404


def test_referral_api_for_the_receiver(client, world, referral):
    login(client, world.users["hub_coordinator"])
    listing = client.get("/cases/api/referrals/").json()["results"]
    assert [r["id"] for r in listing] == [str(referral.public_id)]
    assert set(listing[0]) == {
        "id",
        "receiver_label",
        "message",
        "contact_name",
        "contact_phone",
        "status",
        "decline_reason",
        "status_changed_at",
        "stale",
    }
    url = f"/cases/api/referrals/{referral.public_id}/"
    assert client.get(url).status_code == 200
    bad = client.post(url, {"status": "finished"}, content_type="application/json")
    assert bad.status_code == 400
    ok = client.post(url, {"status": "accepted"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "accepted"
    assert client.get(f"/cases/api/referrals/{uuid.uuid4()}/").status_code == 404


@pytest.mark.parametrize(
    "who", ["professional", "team_lead", "volunteer", "administrator", "another"]
)
def test_referral_api_refuses_others(client, world, referral, who):
    if who == "another":
        user = UserFactory(role=Role.HUB_COORDINATOR, municipality=world.municipality)
    else:
        user = world.users[who]
    login(client, user)
    url = f"/cases/api/referrals/{referral.public_id}/"
    assert client.get(url).status_code == 403
    assert (
        client.post(url, {"status": "accepted"}, content_type="application/json").status_code == 403
    )
    referral.refresh_from_db()
    assert referral.status == "sent"
