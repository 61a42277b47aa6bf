import pytest
from django.db import DatabaseError, connection, transaction

from zorgzaam.audit.models import AppendOnlyError, AuditEvent
from zorgzaam.audit.services import audit_record
from zorgzaam.common.testing import UserFactory, login

pytestmark = pytest.mark.django_db


def test_record_holds_ids_not_content(world):
    user = world.users["professional"]
    event = audit_record(
        event="person.view",
        actor=user,
        target=world.person_a,
        subject_id=world.person_a.public_id,
        fields=["phone", "email"],
    )
    assert event.actor_id == user.public_id
    assert event.actor_role == "professional"
    assert event.municipality_code == world.municipality.code
    assert event.target_type == "people.person"
    assert event.target_id == str(world.person_a.public_id)
    assert event.fields == ["email", "phone"]


def test_unknown_event_is_refused(world):
    with pytest.raises(ValueError, match="Unknown audit event"):
        audit_record(event="person.peek", actor=world.users["professional"])


def test_append_only_in_the_application(world):
    event = audit_record(event="auth.login", actor=world.users["resident"])
    event.reason = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.update(reason="x")


def test_append_only_in_the_database(world):
    audit_record(event="auth.login", actor=world.users["resident"])
    for sql in ("UPDATE audit_auditevent SET reason = 'x'", "DELETE FROM audit_auditevent"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditEvent.objects.count() == 1


def test_viewing_a_person_is_logged_without_personal_content(client, world):
    login(client, world.users["professional"])
    response = client.get(f"/people/{world.person_a.public_id}/")
    assert response.status_code == 200
    event = AuditEvent.objects.get(event="person.view")
    assert event.subject_id == world.person_a.public_id
    assert event.ip_address == "127.0.0.1"
    person = world.person_a
    secrets = [
        person.given_name,
        person.family_name,
        person.phone,
        person.street_address,
        person.postcode,
    ]
    for row in AuditEvent.objects.all().values():
        text = " ".join(str(v) for v in row.values())
        for secret in secrets:
            assert secret not in text


def test_audit_viewer_is_scoped_to_own_municipality(client, world):
    audit_record(event="auth.login", actor=world.users["resident"])
    audit_record(event="auth.login", actor=world.other_professional)
    admin = world.users["administrator"]
    login(client, admin)
    response = client.get("/audit/")
    assert response.status_code == 200
    rows = response.context["page"].object_list
    assert {r.municipality_code for r in rows} == {world.municipality.code}
    export = client.get("/audit/export.csv?outcome=allowed")
    assert export.status_code == 200
    assert export["Content-Type"].startswith("text/csv")
    body = export.content.decode()
    assert str(world.users["resident"].public_id) in body
    assert str(world.other_professional.public_id) not in body
    assert AuditEvent.objects.filter(event="audit.export", actor_id=admin.public_id).exists()


def test_login_and_failed_login_are_logged(client, world):
    from zorgzaam.common.testing import PASSWORD

    user = world.users["volunteer"]
    client.post("/account/login/", {"username": user.username, "password": "wrong"})
    failed = AuditEvent.objects.get(event="auth.login_failed")
    assert failed.outcome == "denied"
    assert user.username not in str(failed.__dict__)
    client.post("/account/login/", {"username": user.username, "password": PASSWORD})
    assert AuditEvent.objects.filter(event="auth.login", actor_id=user.public_id).exists()


def test_a_failed_login_is_seen_by_the_administrator_of_the_named_account(client, world):
    """Issue #15: failed logins were stored without municipality, so no administrator saw
    them. Now filed under the municipality of the account the username names (by id)."""
    user = world.users["volunteer"]
    client.post("/account/login/", {"username": user.username, "password": "wrong"})
    failed = AuditEvent.objects.get(event="auth.login_failed")
    assert failed.municipality_code == world.municipality.code
    assert failed.target_id == str(user.public_id)
    assert user.username not in str(failed.__dict__)
    client.post("/account/login/", {"username": "nobody-at-all", "password": "wrong"})
    assert AuditEvent.objects.filter(event="auth.login_failed", municipality_code="").exists()
    login(client, world.users["administrator"])
    rows = list(client.get("/audit/?event=auth.login_failed").context["page"].object_list)
    assert [r.target_id for r in rows] == [str(user.public_id)]


def test_a_cross_tenant_attempt_is_filed_where_the_data_is(client, world):
    """Issue #15: a refused attempt on another municipality's person was filed under the
    attacker's municipality (their administrator saw the victim's id, the victim's saw
    nothing). Now it is filed under the person's municipality; the attacker's administrator
    still sees that their user tried, without the other municipality's ids."""
    attacker = world.other_professional
    login(client, attacker)
    assert client.get(f"/people/{world.person_a.public_id}/").status_code in (403, 404)
    row = AuditEvent.objects.get(event="access.denied", actor_id=attacker.public_id)
    assert row.municipality_code == world.municipality.code
    assert row.subject_id in (None, world.person_a.public_id)

    login(client, world.users["administrator"])  # the victim's municipality
    page = client.get("/audit/?outcome=denied")
    assert row.pk in {r.pk for r in page.context["page"].object_list}

    other_admin = UserFactory(role="administrator", municipality=attacker.municipality)
    login(client, other_admin)
    rows = {r.pk: r for r in client.get("/audit/?outcome=denied").context["page"].object_list}
    assert rows[row.pk].target_id == "" and rows[row.pk].subject_id is None
    body = client.get("/audit/export.csv?outcome=denied").content.decode()
    assert str(attacker.public_id) in body
    assert str(world.person_a.public_id) not in body
    # Nor can it search the other municipality's ids.
    found = client.get(f"/audit/?subject={world.person_a.public_id}")
    assert not list(found.context["page"].object_list)
