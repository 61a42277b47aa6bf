"""Each audit event of the work part is written, once, for the record and person concerned
(issue #16: every audit event named in a test)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from zorgzaam.accounts.roles import Role
from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.testing import login
from zorgzaam.work import events, services

from . import factories as f

pytestmark = pytest.mark.django_db


def _only(event: str) -> AuditEvent:
    rows = list(AuditEvent.objects.filter(event=event))
    assert len(rows) == 1, (event, rows)
    return rows[0]


def _about(row: AuditEvent) -> tuple[str, str]:
    return str(row.target_id), str(row.subject_id)


def test_work_services_write_their_audit_events(world):
    coord = world.users[Role.HUB_COORDINATOR]
    policy = world.users[Role.POLICY_OFFICER]
    employer = f.employer(coord)
    assert _only("work.employer.create").target_id == str(employer.public_id)
    services.employer_update(actor=coord, employer=employer, buddy_capacity=3)
    changed = _only("work.employer.change")
    assert changed.target_id == str(employer.public_id) and changed.fields == ["buddy_capacity"]

    seeker = f.seeker(coord, world.person_a)
    created = _only("work.jobseeker.create")
    assert _about(created) == (str(seeker.public_id), str(world.person_a.public_id))

    contract = f.contract(policy)
    assert _only("work.contract.create").target_id == str(contract.public_id)
    services.fulfilment_add(actor=policy, contract=contract, kind="custom", hours="30")
    assert _only("work.fulfilment.create").actor_id == policy.public_id

    placement = services.placement_record(
        actor=coord,
        job_seeker=seeker,
        employer=employer,
        kind="work_experience",
        start=dt.date(2026, 1, 1),
        hours_per_week=Decimal(18),
    )
    follow_up = placement.follow_ups.get(months=3)
    services.follow_up_record(
        actor=coord, follow_up=follow_up, done_on=dt.date(2026, 4, 1), still_working=True
    )
    checked = _only(events.FOLLOW_UP_RECORDED.name)
    assert _about(checked) == (str(placement.public_id), str(world.person_a.public_id))
    services.placement_end(
        actor=coord, placement=placement, end=dt.date(2026, 6, 30), outcome="work_found"
    )
    ended = _only("work.placement.change")
    assert _about(ended) == (str(placement.public_id), str(world.person_a.public_id))

    group = services.peer_group_create(
        actor=coord, name="Werkvinden", started_on=dt.date(2026, 1, 10)
    )
    assert _only("work.peergroup.create").target_id == str(group.public_id)
    services.peer_group_add_member(
        actor=coord, group=group, job_seeker=seeker, joined_on=dt.date(2026, 1, 10)
    )
    member = _only("work.peergroup.member")
    assert _about(member) == (str(group.public_id), str(world.person_a.public_id))
    session = services.session_add(
        actor=coord, group=group, date=dt.date(2026, 1, 17), topic="Je netwerk"
    )
    assert _only("work.session.create").target_id == str(group.public_id)
    services.attendance_record(actor=coord, session=session, present=[seeker])
    assert _only("work.attendance.record").fields == ["attendance"]
    # never names or free text
    assert not AuditEvent.objects.filter(reason__icontains=world.person_a.family_name).exists()


def test_work_pages_audit_their_reads(client, world):
    coord = world.users[Role.HUB_COORDINATOR]
    seeker = f.seeker(coord, world.person_a)
    placement = services.placement_record(
        actor=coord,
        job_seeker=seeker,
        employer=f.employer(coord),
        kind="work_experience",
        start=dt.date(2026, 1, 1),
        hours_per_week=Decimal(18),
    )
    login(client, coord)
    assert client.get(reverse("work:jobseeker_list")).status_code == 200
    assert _only("work.jobseeker.list").actor_id == coord.public_id
    url = reverse("work:placement_detail", kwargs={"public_id": placement.public_id})
    assert client.get(url).status_code == 200
    viewed = _only("work.placement.view")
    assert _about(viewed) == (str(placement.public_id), str(world.person_a.public_id))


def test_food_garden_services_write_their_audit_events(world):
    """#24's food garden: registering it and recording produce each write one row (about the
    garden, about the delivery), with field names only (no produce text, no weights)."""
    from zorgzaam.audit.tests.rows import assert_no_personal_data, audit_row, last_pk
    from zorgzaam.socialmap.models import Hub
    from zorgzaam.work import garden

    coord = world.users[Role.HUB_COORDINATOR]
    hub = Hub.objects.create(
        municipality=world.municipality, area=world.village_a, name="Huis van Alles Noorddorp"
    )
    employer = f.employer(coord, sector="green", work_experience_places=2)
    food_garden = garden.garden_create(
        actor=coord,
        name="Voedseltuin De Wilg",
        employer=employer,
        place="Noorddorp",
        food_bank="Voedselbank Noorddorp",
        hub_public_id=hub.public_id,
    )
    row = audit_row(
        "work.garden.change", actor=coord, municipality=world.municipality, target=food_garden
    )
    assert_no_personal_data(row, "Voedseltuin De Wilg", "Voedselbank Noorddorp")
    since = last_pk()
    delivery = garden.produce_record(
        actor=coord,
        garden=food_garden,
        delivered_on=dt.date.today(),
        kg=Decimal("12.5"),
        produce="Pompoenen en boerenkool",
    )
    row = audit_row(
        "work.produce.record",
        actor=coord,
        municipality=world.municipality,
        target=delivery,
        since=since,
    )
    assert sorted(row.fields) == ["delivered_on", "kg", "produce"]
    assert_no_personal_data(row, "Pompoenen en boerenkool", "12.5")
