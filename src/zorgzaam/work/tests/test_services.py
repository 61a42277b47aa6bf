"""Services and selectors of the work part: placements, SROI balances, report figures."""

import datetime as dt
from decimal import Decimal

import pytest

from zorgzaam.accounts.roles import Role
from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.errors import ApplicationError
from zorgzaam.work import selectors, services
from zorgzaam.work.models import FulfilmentEntry, JobSeeker, Placement

from . import factories as f

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def coord(world):
    return world.users[Role.HUB_COORDINATOR]


@pytest.fixture
def policy(world):
    return world.users[Role.POLICY_OFFICER]


def test_employer_kvk_and_postcode_are_validated(coord):
    with pytest.raises(ApplicationError, match="8 digits"):
        f.employer(coord, kvk_number="1234567")
    with pytest.raises(ApplicationError, match="looks like 2411 AB"):
        f.employer(coord, postcode="24 AB")
    with pytest.raises(ApplicationError, match="not known"):
        f.employer(coord, postcode="9999 ZZ")
    e = f.employer(coord, kvk_number="1234 5678")
    assert e.kvk_number == "12345678" and e.latitude == 52.05
    with pytest.raises(ApplicationError, match="exists already"):
        f.employer(coord, kvk_number="12345678")


def test_placement_counts_for_a_contract_and_the_balance_changes(world, coord, policy):
    contract = f.contract(policy)
    as_of = dt.date(2026, 7, 1)
    before = selectors.contract_balance(contract, as_of).balance
    assert before.fulfilled == D("0") and before.owed == D("50000.00")
    seeker = f.seeker(coord, world.person_a)
    employer = f.employer(coord)
    placement = services.placement_record(
        actor=coord,
        job_seeker=seeker,
        employer=employer,
        kind="work_experience",
        start=dt.date(2026, 1, 1),
        hours_per_week=D(18),
        contract=contract,
    )
    after = selectors.contract_balance(contract, as_of).balance
    # participatiewet 40,000 x 182/365 x 18/36 (running: counted to as_of)
    assert after.fulfilled == D("9972.60")
    assert [fu.months for fu in placement.follow_ups.all()] == [3, 6, 12]
    assert placement.follow_ups.get(months=6).due_on == dt.date(2026, 7, 1)
    seeker.refresh_from_db()
    assert seeker.status == JobSeeker.Status.PLACED
    row = AuditEvent.objects.get(event="work.placement.create")
    assert row.subject_id == world.person_a.public_id
    assert "contract" in row.fields and world.person_a.family_name not in str(row.__dict__)
    # ending it fixes the period of the fulfilment entry
    services.placement_end(
        actor=coord, placement=placement, end=dt.date(2026, 3, 31), outcome="work_found"
    )
    assert FulfilmentEntry.objects.get(placement=placement).end == dt.date(2026, 3, 31)
    ended = selectors.contract_balance(contract, as_of).balance
    assert ended.fulfilled == D("4931.51")  # 40,000 x 90/365 x 0.5


def test_bonuses_follow_age_status_and_permanent_contract(world, coord, policy):
    person = world.person_a
    person.date_of_birth = dt.date(1970, 5, 1)
    person.save()
    seeker = f.seeker(coord, person, target_group="status_holder")
    contract = f.contract(policy)
    p = services.placement_record(
        actor=coord,
        job_seeker=seeker,
        employer=f.employer(coord, job_openings=1),
        kind="job",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        hours_per_week=D(36),
        contract_type="permanent",
        contract=contract,
    )
    assert sorted(p.fulfilment.bonuses) == ["over_50", "permanent_contract", "status_holder"]
    # 40,000 + 5,000 + 5,000 + 10,000
    assert selectors.contract_balance(contract, dt.date(2027, 1, 1)).balance.fulfilled == D(
        "60000.00"
    )


def test_no_free_place_and_other_municipality_are_refused(world, coord):
    employer = f.employer(coord, buddy_capacity=1)
    seeker = f.seeker(coord, world.person_a)
    services.placement_record(
        actor=coord,
        job_seeker=seeker,
        employer=employer,
        kind="buddy",
        start=dt.date(2026, 2, 1),
        hours_per_week=D(4),
    )
    other = f.seeker(coord, world.person_b)
    with pytest.raises(ApplicationError, match="no free"):
        services.placement_record(
            actor=coord,
            job_seeker=other,
            employer=employer,
            kind="buddy",
            start=dt.date(2026, 2, 1),
            hours_per_week=D(4),
        )
    assert Placement.objects.count() == 1
    with pytest.raises(ApplicationError, match="another municipality"):
        services.job_seeker_register(
            actor=coord, person=world.other_person, target_group="ww", work_goal="x"
        )


def test_paid_job_needs_the_minimum_hours(world, coord):
    p = services.placement_record(
        actor=coord,
        job_seeker=f.seeker(coord, world.person_a),
        employer=f.employer(coord, job_openings=1),
        kind="job",
        start=dt.date(2026, 2, 1),
        hours_per_week=D(8),
    )
    with pytest.raises(ApplicationError, match="at least 12 hours"):
        services.placement_end(
            actor=coord, placement=p, end=dt.date(2026, 5, 1), outcome="paid_job"
        )
    p.refresh_from_db()
    assert p.outcome == "open" and p.end is None


def test_fulfilment_kinds_and_falling_behind(world, policy):
    contract = f.contract(policy)  # owes 50,000 over 2026
    services.fulfilment_add(
        actor=policy,
        contract=contract,
        kind="purchase",
        invoice_value="12000",
        description="Catering sociale onderneming",
    )
    services.fulfilment_add(
        actor=policy,
        contract=contract,
        kind="pso",
        pso_level="step_2",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
    )
    services.fulfilment_add(actor=policy, contract=contract, kind="custom", hours="30")
    services.fulfilment_add(
        actor=policy,
        contract=contract,
        kind="placement",
        target_group="ww",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 6, 30),
        hours_per_week="36",
    )
    b = selectors.contract_balance(contract, dt.date(2026, 12, 31)).balance
    # 12,000 + 5,000 + 3,000 + 20,000 x 181/365 (9,917.81)
    assert b.fulfilled == D("29917.81")
    assert b.expected == D("50000.00")
    behind = selectors.contracts_falling_behind(world.municipality, dt.date(2026, 12, 31))
    assert [x.contract for x in behind] == [contract]
    on_track = selectors.contracts_falling_behind(world.municipality, dt.date(2026, 3, 1))
    assert on_track == []  # 20,125 fulfilled vs 8,082 expected by 1 March
    for kwargs, msg in [
        ({"kind": "purchase", "invoice_value": "-5"}, "invoice value"),
        ({"kind": "pso", "pso_level": "step_7", "start": dt.date(2026, 1, 1)}, "PSO level"),
        (
            {
                "kind": "placement",
                "target_group": "martian",
                "start": dt.date(2026, 1, 1),
                "hours_per_week": 10,
            },
            "target group",
        ),
        ({"kind": "custom", "hours": "abc"}, "must be a number"),
        (
            {
                "kind": "placement",
                "target_group": "ww",
                "start": dt.date(2026, 5, 1),
                "end": dt.date(2026, 4, 1),
                "hours_per_week": 10,
            },
            "before the start",
        ),
    ]:
        with pytest.raises(ApplicationError, match=msg):
            services.fulfilment_add(actor=policy, contract=contract, **kwargs)
    assert contract.entries.count() == 4


def test_a_wrong_table_is_refused_by_the_service(policy):
    with pytest.raises(ApplicationError, match="unknown target group 'aliens'"):
        f.table(policy, target_groups={"aliens": "1"})
    with pytest.raises(ApplicationError, match="must not be negative"):
        f.table(policy, custom_effort_hourly_rate="-100")


def test_work_counts_for_the_council_report(world, coord, policy):
    contract = f.contract(policy)
    employer = f.employer(coord, job_openings=2)
    s1 = f.seeker(coord, world.person_a, registered_on=dt.date(2026, 1, 5))
    s2 = f.seeker(coord, world.person_b, target_group="ww", registered_on=dt.date(2025, 6, 1))
    p1 = services.placement_record(
        actor=coord,
        job_seeker=s1,
        employer=employer,
        kind="job",
        start=dt.date(2026, 1, 1),
        hours_per_week=D(36),
        contract=contract,
    )
    services.placement_end(actor=coord, placement=p1, end=dt.date(2026, 6, 30), outcome="paid_job")
    services.placement_record(
        actor=coord,
        job_seeker=s2,
        employer=employer,
        kind="job",
        start=dt.date(2026, 3, 1),
        hours_per_week=D(20),
    )
    counts = selectors.work_counts(world.municipality, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert counts["jobs_found"] == 1
    assert counts["jobs_found_from_social_assistance"] == 1
    assert counts["placements_started"] == 2
    assert counts["placements_by_outcome"]["paid_job"] == 1
    assert counts["placements_by_outcome"]["open"] == 1
    assert counts["job_seekers"]["new"] == 1 and counts["job_seekers"]["registered"] == 2
    assert counts["job_seekers"]["by_target_group"]["ww"] == 1
    assert counts["sroi"]["contracts"] == 1
    assert counts["sroi"]["owed"] == D("50000.00")
    assert counts["sroi"]["fulfilled"] == D("19835.62")  # 40,000 x 181/365
    assert counts["sroi"]["falling_behind"] == 1
    empty = selectors.work_counts(
        world.other_municipality, dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    )
    assert empty["jobs_found"] == 0 and empty["sroi"]["owed"] == 0
    with pytest.raises(ValueError):
        selectors.work_counts(world.municipality, dt.date(2026, 2, 1), dt.date(2026, 1, 1))


def test_peer_group_attendance(world, coord):
    group = services.peer_group_create(
        actor=coord, name="Werkvinden Bodegraven", started_on=dt.date(2026, 1, 10)
    )
    s1 = f.seeker(coord, world.person_a)
    s2 = f.seeker(coord, world.person_b)
    services.peer_group_add_member(
        actor=coord, group=group, job_seeker=s1, joined_on=dt.date(2026, 1, 10)
    )
    services.peer_group_add_member(
        actor=coord, group=group, job_seeker=s2, joined_on=dt.date(2026, 1, 10)
    )
    with pytest.raises(ApplicationError, match="already"):
        services.peer_group_add_member(
            actor=coord, group=group, job_seeker=s2, joined_on=dt.date(2026, 1, 10)
        )
    session = services.session_add(
        actor=coord, group=group, date=dt.date(2026, 1, 17), topic="Je netwerk in kaart"
    )
    rows = services.attendance_record(actor=coord, session=session, present=[s1])
    assert sorted(r.present for r in rows) == [False, True]
    counts = selectors.work_counts(world.municipality, dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    assert counts["peer_groups"] == {"groups": 1, "sessions": 1, "attendances": 1}


def test_wishes_and_limits_are_encrypted_at_rest(world, coord):
    from django.db import connection

    seeker = f.seeker(coord, world.person_a, limits="Geen zwaar tilwerk", wishes="Buiten werken")
    with connection.cursor() as cursor:
        cursor.execute("SELECT wishes, limits FROM work_jobseeker WHERE id = %s", [seeker.pk])
        raw = cursor.fetchone()
    assert "tilwerk" not in raw[1] and "Buiten" not in raw[0]
    seeker.refresh_from_db()
    assert seeker.limits == "Geen zwaar tilwerk"


def test_work_summary_for_casework(world, coord):
    assert selectors.work_summary_for_person(world.person_a) is None
    seeker = f.seeker(coord, world.person_a, limits="Geen nachtdiensten")
    services.job_seeker_update(
        actor=coord, job_seeker=seeker, plan_goal_id="6f1c1b2e-8a7d-4a57-9a43-1f2a3b4c5d6e"
    )
    services.placement_record(
        actor=coord,
        job_seeker=seeker,
        employer=f.employer(coord),
        kind="buddy",
        start=dt.date(2026, 3, 1),
        hours_per_week=D(4),
    )
    summary = selectors.work_summary_for_person(world.person_a)
    assert summary["status"] == "placed" and summary["placements"][0]["kind"] == "buddy"
    assert str(summary["plan_goal_id"]) == "6f1c1b2e-8a7d-4a57-9a43-1f2a3b4c5d6e"
    assert "Geen nachtdiensten" not in str(summary)
    with pytest.raises(ValueError, match="cannot change person"):
        services.job_seeker_update(actor=coord, job_seeker=seeker, person=world.person_b)
