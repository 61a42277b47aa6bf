"""Messages about an accepted task (#19 "contact without exposing numbers") and a resident's
own channel preference: real objects, real SMTP on loopback for the notification, access
refused (and audited) for everyone but the task's parties and the coordinators of its
municipality."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import override_settings

from zorgzaam.accounts.roles import Role
from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.testing import UserFactory, login
from zorgzaam.help import services
from zorgzaam.help.models import (
    CallListEntry,
    ContactPreference,
    HelpRequest,
    Notification,
    TaskMessage,
)
from zorgzaam.help.notifications import notify

from .factories import make_accepted, make_request
from .test_notifications import API_KEY, TEMPLATE
from .test_notifications import smtp as smtp  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def _resident_with_account(world, email="bewoner@example.nl"):
    user = UserFactory(role=Role.RESIDENT, municipality=world.municipality, email=email)
    world.person_a.user = user
    world.person_a.save()
    return user


def _raw_text(message) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM help_taskmessage WHERE id = %s", [message.pk])
        return cursor.fetchone()[0]


def test_volunteer_and_resident_write_each_other_and_are_told(
    helpworld,
    client,
    smtp,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    world = helpworld.world
    resident = _resident_with_account(world)
    req, proposal = make_accepted(helpworld)
    login(client, helpworld.volunteer)
    task_page = client.get(f"/help/tasks/{proposal.public_id}/")
    assert f"/help/tasks/{proposal.public_id}/messages/" in task_page.content.decode()
    url = f"/help/tasks/{proposal.public_id}/messages/"
    page = client.get(url)
    assert page.status_code == 200 and "Berichten over deze taak" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"text": "Ik kom donderdag om 3 uur.\nIs dat goed?"})
    assert response.status_code == 302
    message = TaskMessage.objects.get(help_request=req)
    assert message.side == "volunteer" and message.author == helpworld.volunteer
    assert "donderdag" not in _raw_text(message)  # stored encrypted
    note = Notification.objects.get(kind="task.message", recipient=resident)
    assert note.link == f"/help/my/{req.public_id}/messages/"
    assert "donderdag" not in note.body and helpworld.profile.person.given_name in note.body
    [mail] = [
        m
        for m, r in zip(smtp.messages, smtp.rcpts, strict=True)
        if r == [resident.email] and "bericht" in m["Subject"]
    ]
    assert mail["Subject"] == "Nieuw bericht over uw hulpvraag"
    assert "donderdag" not in mail.get_body(preferencelist=("plain",)).get_content()
    event = AuditEvent.objects.get(event="help.taskmessage.create")
    assert event.subject_id == world.person_a.public_id and "donderdag" not in str(event.__dict__)

    client.logout()
    login(client, resident)
    detail = client.get(f"/help/my/{req.public_id}/").content.decode()
    assert f"/help/my/{req.public_id}/messages/" in detail
    page = client.get(f"/help/my/{req.public_id}/messages/").content.decode()
    assert "Ik kom donderdag om 3 uur.<br>Is dat goed?" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/help/my/{req.public_id}/messages/", {"text": "Prima, tot dan!"})
    answer = TaskMessage.objects.get(help_request=req, side="resident")
    assert answer.author == resident and not answer.on_behalf
    told = Notification.objects.get(kind="task.message", recipient=helpworld.volunteer)
    assert told.link == f"/help/tasks/{proposal.public_id}/messages/"
    assert world.person_a.given_name in told.body


def test_a_resident_without_an_account_is_reached_through_the_hub(
    helpworld, client, django_capture_on_commit_callbacks
):
    world = helpworld.world
    world.person_a.email = ""
    world.person_a.phone = ""
    world.person_a.save()
    req, proposal = make_accepted(helpworld)
    login(client, helpworld.volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/help/tasks/{proposal.public_id}/messages/", {"text": "Welke bel?"})
    resident_note = Notification.objects.get(kind="task.message", person=world.person_a)
    assert resident_note.delivery == "call_list"
    assert CallListEntry.objects.filter(notification=resident_note).exists()
    relay = Notification.objects.get(kind="task.message.relay", recipient=helpworld.coordinator)
    assert relay.link == f"/help/coordinate/requests/{req.public_id}/messages/"

    client.logout()
    login(client, helpworld.coordinator)
    calls = client.get("/help/coordinate/calls/").content.decode()
    assert f"/help/coordinate/requests/{req.public_id}/messages/" in calls
    page = client.get(f"/help/coordinate/requests/{req.public_id}/messages/").content.decode()
    assert "Welke bel?" in page and "Stuur naar de vrijwilliger" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/help/coordinate/requests/{req.public_id}/messages/write/",
            {"text": "De bovenste bel."},
        )
    assert response.status_code == 302
    answer = TaskMessage.objects.get(help_request=req, side="resident")
    assert answer.on_behalf and answer.author == helpworld.coordinator
    assert Notification.objects.filter(kind="task.message", recipient=helpworld.volunteer).exists()
    assert AuditEvent.objects.filter(
        event="help.taskmessage.create", reason="on behalf of the resident"
    ).exists()
    client.logout()
    login(client, helpworld.volunteer)
    page = client.get(f"/help/tasks/{proposal.public_id}/messages/").content.decode()
    assert "De bovenste bel." in page and "De hub, namens" in page


def test_only_the_parties_read_and_write(helpworld, client):
    world = helpworld.world
    resident = _resident_with_account(world)
    req, proposal = make_accepted(helpworld)
    TaskMessage.objects.create(
        municipality=world.municipality, help_request=req, side="volunteer", text="Geheim"
    )
    # a second volunteer with a proposal for another request, and one offered this task
    other_req = make_request(world)
    offered = services.help_request_propose(
        help_request=other_req, volunteer=helpworld.other, actor=helpworld.coordinator
    )
    login(client, helpworld.other.person.user)
    assert client.get(f"/help/tasks/{proposal.public_id}/messages/").status_code == 403
    assert client.get(f"/help/tasks/{offered.public_id}/messages/").status_code == 403  # not yet
    assert (
        client.post(f"/help/tasks/{offered.public_id}/messages/", {"text": "x"}).status_code == 403
    )
    client.logout()
    # another resident
    other_resident = UserFactory(role=Role.RESIDENT, municipality=world.municipality)
    world.person_b.user = other_resident
    world.person_b.save()
    login(client, other_resident)
    assert client.get(f"/help/my/{req.public_id}/messages/").status_code == 403
    client.logout()
    # the coordinator of another municipality, with a real request there
    other_coord = UserFactory(role=Role.HUB_COORDINATOR, municipality=world.other_municipality)
    login(client, other_coord)
    assert client.get(f"/help/coordinate/requests/{req.public_id}/messages/").status_code == 403
    response = client.post(
        f"/help/coordinate/requests/{req.public_id}/messages/write/", {"text": "Hallo"}
    )
    assert response.status_code == 403
    client.logout()
    # the own coordinator reads, but does not write for a resident who answers themselves
    login(client, helpworld.coordinator)
    page = client.get(f"/help/coordinate/requests/{req.public_id}/messages/").content.decode()
    assert "Geheim" in page and "Stuur naar de vrijwilliger" not in page
    client.post(f"/help/coordinate/requests/{req.public_id}/messages/write/", {"text": "Hoi"})
    assert TaskMessage.objects.filter(help_request=req).count() == 1
    denied = AuditEvent.objects.filter(event="access.denied")
    assert denied.count() == 6
    assert "Geheim" not in json.dumps([str(e.__dict__) for e in denied])
    assert resident.is_active


def test_closed_task_is_read_only_and_bad_input_writes_nothing(
    helpworld, client, django_capture_on_commit_callbacks
):
    world = helpworld.world
    resident = _resident_with_account(world)
    req, proposal = make_accepted(helpworld)
    login(client, helpworld.volunteer)
    url = f"/help/tasks/{proposal.public_id}/messages/"
    assert client.post(url, {"text": "   "}).status_code == 400
    assert client.post(url, {"text": "x" * 1001}).status_code == 400
    assert client.post(url, {"text": "bel \x07 mij"}).status_code == 400
    assert not TaskMessage.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"text": "Tot morgen"})
    services.help_request_complete(help_request=req, actor=None)
    assert HelpRequest.objects.get(pk=req.pk).status == "done"
    assert client.get(url).status_code == 403  # like the address: gone once done
    client.logout()
    login(client, resident)
    my = f"/help/my/{req.public_id}/messages/"
    page = client.get(my).content.decode()
    assert "Tot morgen" in page and "berichten zijn gesloten" in page
    assert client.post(my, {"text": "Dank!"}).status_code == 400
    assert TaskMessage.objects.filter(help_request=req).count() == 1
    # messages go with the task
    req.task_messages.all().delete()  # the retention of the task (its rows cascade)
    assert not TaskMessage.objects.exists()


# --------------------------------------------------------------------------- preference
def test_resident_chooses_how_to_be_reached(helpworld, client, django_capture_on_commit_callbacks):
    world = helpworld.world
    resident = _resident_with_account(world, email="")
    login(client, resident)
    assert "/help/my/contact/" in client.get("/help/my/").content.decode()
    page = client.get("/help/my/contact/").content.decode()
    assert "Hoe we u bereiken" in page and "SMS" not in page  # no NotifyNL configured
    bad = client.post("/help/my/contact/", {"preferred": "email", "email": ""})
    assert bad.status_code == 400 and "Geef het e-mailadres" in bad.content.decode()
    bad = client.post("/help/my/contact/", {"preferred": "email", "email": "geen-adres"})
    assert bad.status_code == 400
    bad = client.post("/help/my/contact/", {"preferred": "sms", "phone": "0612345678"})
    assert bad.status_code == 400
    assert not ContactPreference.objects.exists()
    ok = client.post("/help/my/contact/", {"preferred": "email", "email": "mij@example.nl"})
    assert ok.status_code == 302
    pref = ContactPreference.objects.get(person=world.person_a)
    assert pref.preferred == "email" and pref.email == "mij@example.nl"
    event = AuditEvent.objects.get(event="help.contact.preference")
    assert set(event.fields) == {"preferred", "email"} and "mij@" not in str(event.__dict__)

    config = {world.municipality.code: {"api_key": API_KEY, "sms_template": TEMPLATE}}
    with override_settings(ZORGZAAM_NOTIFYNL=json.dumps(config)):
        bad = client.post("/help/my/contact/", {"preferred": "sms", "phone": "0172 123456"})
        assert bad.status_code == 400 and "Nederlands mobiel nummer" in bad.content.decode()
        bad = client.post("/help/my/contact/", {"preferred": "sms", "phone": ""})
        assert bad.status_code == 400
        ok = client.post("/help/my/contact/", {"preferred": "sms", "phone": "06-1234 5678"})
        assert ok.status_code == 302
        pref.refresh_from_db()
        assert pref.preferred == "sms" and pref.phone == "+31612345678"
        with django_capture_on_commit_callbacks():
            note = notify(person=world.person_a, kind="t", subject="s", body="b")
        assert [(d.channel, d.address) for d in note.deliveries.all()][0] == (
            "sms",
            "+31612345678",
        )

    client.post("/help/my/contact/", {"preferred": "inbox"})
    note = notify(person=world.person_a, kind="t", subject="s", body="b")
    assert note.delivery == "inbox_only" and not CallListEntry.objects.exists()
    client.post("/help/my/contact/", {"preferred": "call"})
    note = notify(person=world.person_a, kind="t", subject="s", body="b")
    assert note.delivery == "call_list" and CallListEntry.objects.count() == 1
    assert client.post("/help/my/contact/", {"preferred": "push"}).status_code == 400
