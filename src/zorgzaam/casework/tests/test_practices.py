"""Werkbrigade (presence, contacts in the village) and discretionary decisions (#24)."""

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from zorgzaam.audit.models import AuditEvent
from zorgzaam.casework import decisions, presence, selectors
from zorgzaam.casework.models import DiscretionaryDecision, HouseholdContact
from zorgzaam.casework.tests.conftest import make_case
from zorgzaam.common.errors import ApplicationError
from zorgzaam.common.testing import login
from zorgzaam.socialmap.models import Hub

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub(world):
    return Hub.objects.create(
        municipality=world.municipality, area=world.village_a, name="Huis van Alles Noorddorp"
    )


def _slot(world, hub, **kw):
    pro = world.users["professional"]
    values = {"weekday": 1, "starts": time(9), "ends": time(12), "hub_public_id": hub.public_id}
    values.update(kw)
    return presence.presence_slot_add(actor=pro, professional=pro, **values)


def test_presence_shows_first_name_on_the_public_hub_page(world, hub, client):
    pro = world.users["professional"]
    pro.first_name, pro.last_name = "Sanne", "Verborgen"
    pro.save()
    _slot(world, hub)
    page = client.get(reverse("socialmap:hub", args=[hub.public_id])).content.decode()
    assert "Elke dinsdag 9:00–12:00 is Sanne van het sociaal team in Huis van Alles" in page
    assert "Verborgen" not in page


def test_presence_rules(world, hub):
    _slot(world, hub)
    with pytest.raises(ApplicationError):  # overlap
        _slot(world, hub, starts=time(11), ends=time(13))
    with pytest.raises(ApplicationError):  # ends before start
        _slot(world, hub, weekday=2, starts=time(13), ends=time(12))
    other = Hub.objects.create(
        municipality=world.other_municipality,
        area=world.other_person.area,
        name="Elders",
    )
    with pytest.raises(ApplicationError):  # a hub of another municipality
        _slot(world, hub, weekday=3, hub_public_id=other.public_id)
    with pytest.raises(PermissionDenied):  # a colleague of another team
        presence.presence_slot_add(
            actor=world.users["professional_b"],
            professional=world.users["professional"],
            weekday=4,
            starts=time(9),
            ends=time(10),
            hub_public_id=hub.public_id,
        )
    # The team lead manages the schedule of their team.
    lead = world.users["team_lead"]
    presence.presence_slot_add(
        actor=lead,
        professional=world.users["professional"],
        weekday=4,
        starts=time(9),
        ends=time(10),
        hub_public_id=hub.public_id,
    )
    assert AuditEvent.objects.filter(event="presence.change").count() == 2


def test_presence_pages_by_role(world, hub, client):
    slot = _slot(world, hub)
    login(client, world.users["hub_coordinator"])
    assert client.get(reverse("casework:presence")).status_code == 200
    login(client, world.other_professional)
    page = client.get(reverse("casework:presence")).content.decode()
    assert "Noorddorp" not in page
    response = client.post(reverse("casework:presence_remove", args=[slot.public_id]))
    assert response.status_code == 403
    login(client, world.users["professional"])
    response = client.post(
        reverse("casework:presence_add"),
        {
            "professional": world.users["professional"].pk,
            "weekday": 3,
            "starts": "13:00",
            "ends": "16:00",
            "hub": str(hub.public_id),
        },
    )
    assert response.status_code == 302
    assert world.users["professional"].presence_slots.count() == 2


def test_share_of_contacts_in_the_village_per_quarter(world, hub):
    case = make_case(world)
    pro = world.users["professional"]
    today = timezone.localdate()
    presence.contact_record(
        actor=pro, household=case, place="hub", held_on=today, hub_public_id=hub.public_id
    )
    presence.contact_record(actor=pro, household=case, place="home", held_on=today)
    presence.contact_record(actor=pro, household=case, place="office", held_on=today)
    with pytest.raises(ApplicationError):
        presence.contact_record(actor=pro, household=case, place="hub", held_on=today)
    with pytest.raises(PermissionDenied):
        presence.contact_record(actor=world.users["professional_b"], household=case, place="home")
    rows = selectors.village_contact_share_by_quarter(world.municipality, (today, today))
    assert rows == [
        {
            "quarter": f"{today.year}-Q{(today.month - 1) // 3 + 1}",
            "contacts": 3,
            "in_village": 2,
            "at_hub": 1,
            "share": pytest.approx(2 / 3),
        }
    ]
    assert HouseholdContact.objects.filter(hub_label=hub.name).count() == 1


def _request(world, case, actor=None):
    return decisions.decision_request(
        actor=actor or world.users["professional"],
        household=case,
        legal_ground="pw_16",
        reason="Geen recht op bijstand, maar zonder steun valt het gezin uit elkaar.",
        expected_effect="De kinderen blijven thuis wonen en de huur wordt betaald.",
        cost=Decimal("850.00"),
        review_on=timezone.localdate() + timedelta(days=90),
    )


def test_decision_four_eyes_review_and_counts(world):
    case = make_case(world)
    lead = world.users["team_lead"]
    decision = _request(world, case)
    with pytest.raises(PermissionDenied):  # a professional is no lead
        decisions.decision_decide(
            actor=world.users["professional"], decision=decision, approve=True
        )
    own = _request(world, case, actor=lead)
    with pytest.raises(ApplicationError):  # four eyes: never the requester
        decisions.decision_decide(actor=lead, decision=own, approve=True)
    with pytest.raises(ApplicationError):  # reject needs a reason
        decisions.decision_decide(actor=lead, decision=decision, approve=False)
    with pytest.raises(ApplicationError):  # not yet approved
        decisions.decision_review(
            actor=lead, decision=decision, outcome="achieved", note="Het gezin is bij elkaar."
        )
    assert list(decisions.awaiting_approval(lead)) == [decision]
    decisions.decision_decide(actor=lead, decision=decision, approve=True)
    decision.refresh_from_db()
    assert decision.status == "approved" and decision.decided_by == lead
    assert list(decisions.due_for_review(lead, today=decision.review_on)) == [decision]
    assert list(decisions.due_for_review(lead)) == []
    decisions.decision_review(
        actor=world.users["professional"],
        decision=decision,
        outcome="achieved",
        note="De kinderen wonen thuis, de huurachterstand is weg.",
    )
    decision.refresh_from_db()
    assert decision.status == "reviewed" and decision.outcome == "achieved"
    # Encrypted at rest.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reason, outcome_note FROM casework_discretionarydecision WHERE id = %s",
            [decision.pk],
        )
        raw = cursor.fetchone()
    assert "bijstand" not in raw[0] and "kinderen" not in raw[1]
    today = timezone.localdate()
    (row,) = selectors.discretionary_decisions_by_quarter(world.municipality, (today, today))
    assert (row["requested"], row["approved"], row["rejected"], row["reviewed"]) == (2, 1, 0, 1)
    assert row["approved_cost"] == Decimal("850.00")
    assert (
        selectors.discretionary_decisions_by_quarter(world.other_municipality, (today, today))[0][
            "requested"
        ]
        == 0
    )
    events = set(AuditEvent.objects.values_list("event", flat=True))
    assert {"case.decision_request", "case.decision_decide", "case.decision_review"} <= events


def test_decision_pages(world, client):
    case = make_case(world)
    pro, lead = world.users["professional"], world.users["team_lead"]
    login(client, pro)
    url = reverse("casework:decision_add", args=[case.public_id])
    review_on = (timezone.localdate() + timedelta(days=60)).isoformat()
    data = {
        "legal_ground": "pw_16",
        "reason": "Geen recht, wel nodig.",
        "expected_effect": "Rust in het gezin.",
        "cost": "120",
        "review_on": review_on,
    }
    assert client.post(url, {**data, "legal_ground": ""}).status_code == 400
    assert client.post(url, data).status_code == 302
    decision = DiscretionaryDecision.objects.get()
    decide = reverse("casework:decision_decide", args=[case.public_id, decision.public_id])
    assert client.post(decide, {"approve": "1"}).status_code == 403  # no capability
    login(client, world.users["professional_b"])  # another team: no need-to-know
    assert (
        client.get(reverse("casework:household_decisions", args=[case.public_id])).status_code
        == 403
    )
    login(client, world.other_professional)
    assert (
        client.get(reverse("casework:household_decisions", args=[case.public_id])).status_code
        == 403
    )
    login(client, lead)
    page = client.get(reverse("casework:decisions")).content.decode()
    assert case.name in page
    assert client.post(decide, {"approve": "1"}).status_code == 302
    decision.refresh_from_db()
    assert decision.status == "approved"


def test_selectors_quarters():
    assert selectors._quarters((date(2026, 2, 3), date(2026, 12, 31))) == [
        "2026-Q1",
        "2026-Q2",
        "2026-Q3",
        "2026-Q4",
    ]
