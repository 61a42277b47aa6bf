"""The audit rows of casework that no other test named (#16), each triggered through its
service (or, for the lists the pages audit, through the page) with a real household: actor,
municipality, event, object id, the persons concerned by id, and no personal data."""

from __future__ import annotations

import pytest

from zorgzaam.audit.tests.rows import assert_no_personal_data, audit_row, audit_rows, last_pk
from zorgzaam.casework import debt, presence, services
from zorgzaam.casework.models import HouseholdContact, Measurement
from zorgzaam.common.testing import login

from .conftest import BSN_A, BSN_B

pytestmark = pytest.mark.django_db

#: what the test types or the household holds: none of it may reach an audit row
PRIVATE = (BSN_A, BSN_B, "Partnerman", "Anja Buurvrouw", "Huishouden Test")


def _per_member(event, world, case, actor, *, since, target=None, fields=None):
    """The case events write one row per member (the persons concerned), all alike."""
    rows = audit_rows(
        event, actor=actor, municipality=world.municipality, target=target or case, since=since
    )
    members = {m.person.public_id for m in case.members.select_related("person")}
    assert {r.subject_id for r in rows} == members and len(rows) == len(members)
    for row in rows:
        if fields is not None:
            assert row.fields == sorted(fields)
        assert_no_personal_data(row, *PRIVATE, world.person_a.family_name)
    return rows


def test_a_household_s_consent_contact_measure_plan_referral_and_close(world, case):
    prof = world.users["professional"]
    member = case.members.get(role="applicant")

    since = last_pk()
    consent = services.consent_register(
        actor=prof,
        household=case,
        member=member,
        what="naam en telefoonnummer",
        with_whom="Huis van Alles Noorddorp",
        method="written",
    )
    row = audit_row(
        "case.consent", actor=prof, municipality=world.municipality, target=consent, since=since
    )
    assert row.subject_id == member.person.public_id
    assert row.fields == ["given_on", "method", "what", "with_whom"]
    assert_no_personal_data(row, "telefoonnummer", "Huis van Alles", *PRIVATE)

    since = last_pk()
    contact = presence.contact_record(actor=prof, household=case, place=HouseholdContact.Place.HOME)
    assert contact.pk is not None
    _per_member("case.contact", world, case, prof, since=since, fields=["contact"])

    since = last_pk()
    measurement = services.measurement_record(
        actor=prof,
        household=case,
        moment=Measurement.Moment.REVIEW,
        scores={"financien": 3, "sociaal-netwerk": 4},
    )
    _per_member(
        "case.measure", world, case, prof, since=since, target=measurement, fields=["scores"]
    )

    since = last_pk()
    goal = services.goal_create(
        actor=prof, household=case, domain="financien", description="Rust in de schulden"
    )
    rows = _per_member(
        "case.plan_change", world, case, prof, since=since, target=goal, fields=["goal"]
    )
    assert_no_personal_data(rows[0], "Rust in de schulden")
    action = services.action_create_formal(
        actor=prof, goal=goal, description="Budgetcursus", provision="debt", reason="Schulden"
    )

    since = last_pk()
    referral = services.referral_send(
        actor=prof,
        action=action,
        receiver=world.users["hub_coordinator"],
        receiver_label="Dorpshuis Noorddorp",
        message="Graag een plek in de budgetcursus voor deze inwoner",
        contact_member=member,
        contact_phone="0612345678",
    )
    row = audit_row(
        "referral.create",
        actor=prof,
        municipality=world.municipality,
        target=referral,
        since=since,
    )
    assert row.subject_id == member.person.public_id
    assert row.fields == ["contact_name", "contact_phone", "message", "receiver"]
    assert_no_personal_data(
        row, "budgetcursus", "0612345678", member.person.full_name, "Dorpshuis", *PRIVATE
    )

    since = last_pk()
    services.consent_withdraw(actor=prof, consent=consent)
    row = audit_row(
        "case.consent_withdraw",
        actor=prof,
        municipality=world.municipality,
        target=consent,
        since=since,
    )
    assert row.subject_id == member.person.public_id and row.fields == ["withdrawn_on"]

    since = last_pk()
    services.household_close(actor=prof, household=case)
    _per_member("case.close", world, case, prof, since=since, fields=["status", "closed_on"])


def test_debt_buddy_added_and_the_lists_read_are_audited(client, world, case):
    prof = world.users["professional"]
    since = last_pk()
    buddy = debt.buddy_add(
        actor=prof, name="Gerrit Schuurman", area=world.village_a, phone="0687654321"
    )
    row = audit_row(
        "case.debt_buddy_change",
        actor=prof,
        municipality=world.municipality,
        target=buddy,
        since=since,
    )
    assert "phone" in row.fields
    assert_no_personal_data(row, "Gerrit", "Schuurman", "0687654321")

    for user, url, event, target in (
        (prof, "/cases/debt-buddies/", "case.debt_buddy_list", "casework.debtbuddy"),
        (world.users["team_lead"], "/cases/decisions/", "case.decision_list", "casework.decision"),
        (world.users["hub_coordinator"], "/cases/referrals/", "referral.list", "casework.referral"),
    ):
        since = last_pk()
        assert login(client.__class__(), user).get(url).status_code == 200, url
        row = audit_row(event, actor=user, municipality=world.municipality, since=since)
        assert (row.target_type, row.target_id) == (target, "list")
        assert row.subject_id is None
