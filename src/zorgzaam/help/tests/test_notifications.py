"""The notification service on real channels: e-mail through a real SMTP server on loopback
(aiosmtpd), SMS through a loopback NotifyNL endpoint that checks the JWT and the payload like
the published API, the call list for residents without either; the inbox always for users.
Queued after commit, retried with back-off, never lost, never queued twice."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from zorgzaam.accounts.roles import Role
from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.errors import ApplicationError
from zorgzaam.common.testing import UserFactory, login
from zorgzaam.help import channels, notifications, services
from zorgzaam.help.models import CallListEntry, ContactPreference, Notification

from .factories import make_accepted, make_request

pytestmark = pytest.mark.django_db

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"zorgzaam_test-{SERVICE_ID}-{SECRET}"
TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a"


# --------------------------------------------------------------------------- loopback servers
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Inbox:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.rcpts: list[list[str]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(
            email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        )
        self.rcpts.append(list(envelope.rcpt_tos))
        return "250 OK"


@pytest.fixture
def smtp():
    inbox = _Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        DEFAULT_FROM_EMAIL="zorgzaam@gemeente.example.nl",
    ):
        yield inbox
    controller.stop()


class _NotifyNL(BaseHTTPRequestHandler):
    server: _NotifyServer

    def log_message(self, *args):  # keep test output quiet
        pass

    def _answer(self, status: int, body: dict):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):  # noqa: N802 (http.server's name)
        length = int(self.headers.get("Content-Length", 0))
        payload = json.loads(self.rfile.read(length) or b"{}")
        auth = self.headers.get("Authorization", "")
        errors = []
        try:
            token = auth.removeprefix("Bearer ")
            header = jwt.get_unverified_header(token)
            claims = jwt.decode(token, SECRET, algorithms=["HS256"], options={"verify_iat": True})
            if header.get("typ") != "JWT" or claims["iss"] != SERVICE_ID:
                errors.append("AuthError: issuer")
            if abs(time.time() - claims["iat"]) > 30:
                errors.append("AuthError: iat not fresh")
        except (jwt.PyJWTError, KeyError) as exc:
            errors.append(f"AuthError: {exc}")
        if errors:
            return self._answer(403, {"status_code": 403, "errors": errors})
        if self.path != "/v2/notifications/sms":
            return self._answer(404, {"status_code": 404, "errors": ["not found"]})
        self.server.requests.append(payload)
        if self.server.fail_with:
            return self._answer(
                self.server.fail_with,
                {"status_code": self.server.fail_with, "errors": [{"error": "Error"}]},
            )
        required = {"phone_number", "template_id"}
        if not required <= set(payload) or set(payload) - {
            "phone_number",
            "template_id",
            "personalisation",
            "reference",
            "sms_sender_id",
        }:
            return self._answer(400, {"status_code": 400, "errors": ["BadRequestError"]})
        return self._answer(
            201,
            {
                "id": "740e5834-3a29-46b4-9a6f-16142fde533a",
                "reference": payload.get("reference"),
                "content": {"body": payload["personalisation"]["body"], "from_number": "Gemeente"},
                "uri": "https://api.notifynl.nl/v2/notifications/740e5834",
                "template": {"id": payload["template_id"], "version": 1, "uri": "..."},
            },
        )


class _NotifyServer(ThreadingHTTPServer):
    requests: list[dict]
    fail_with: int = 0


@pytest.fixture
def notifynl(world):
    server = _NotifyServer(("127.0.0.1", 0), _NotifyNL)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    config = {
        world.municipality.code: {
            "api_key": API_KEY,
            "base_url": f"http://127.0.0.1:{server.server_address[1]}",
            "sms_template": TEMPLATE,
        }
    }
    with override_settings(ZORGZAAM_NOTIFYNL=json.dumps(config)):
        yield server
    server.shutdown()
    server.server_close()


def _accept(helpworld, capture, **kw):
    with capture(execute=True):
        req, proposal = make_accepted(helpworld, **kw)
    return req, proposal


def _part(message, subtype):
    return message.get_body(preferencelist=(subtype,)).get_content()


# --------------------------------------------------------------------------- done when
def test_accepting_a_task_mails_the_resident_with_an_account(
    helpworld, smtp, django_capture_on_commit_callbacks
):
    """Done-when scenario: inbox item + e-mail on the loopback SMTP server, in Dutch, with
    the volunteer's first name; essential, so no unsubscribe header."""
    world = helpworld.world
    user = UserFactory(role=Role.RESIDENT, municipality=world.municipality, email="a@example.nl")
    world.person_a.user = user
    world.person_a.save()
    req, _proposal = _accept(helpworld, django_capture_on_commit_callbacks)
    note = Notification.objects.get(kind="request.accepted", person=world.person_a)
    assert note.recipient == user and note.delivery == "sent"
    assert note in Notification.objects.filter(recipient=user)  # the inbox
    [message] = [m for m, r in zip(smtp.messages, smtp.rcpts, strict=True) if r == [user.email]]
    first_name = helpworld.profile.person.given_name
    assert message["Subject"] == "Een vrijwilliger gaat u helpen"
    assert message["Content-Language"] == "nl"
    assert message["Message-ID"] == f"<{note.public_id}@gemeente.example.nl>"
    assert "List-Unsubscribe" not in message
    text, html = _part(message, "plain"), _part(message, "html")
    assert first_name in text and first_name in html and '<html lang="nl">' in html
    assert f"/help/my/{req.public_id}/" in text
    assert [d.status for d in note.deliveries.all()] == ["sent"]


def test_accepting_a_task_texts_the_resident_through_notifynl(
    helpworld, notifynl, smtp, django_capture_on_commit_callbacks
):
    """A resident without account or e-mail but with a phone: an SMS request that the loopback
    NotifyNL endpoint accepted (JWT iss/iat/HS256 checked there), nothing on the call list."""
    world = helpworld.world
    _accept(helpworld, django_capture_on_commit_callbacks, phone="06 12345678")
    note = Notification.objects.get(kind="request.accepted", person=world.person_a)
    [payload] = [p for p in notifynl.requests if p["reference"] == str(note.public_id)]
    assert payload["phone_number"] == "0612345678"
    assert payload["template_id"] == TEMPLATE
    assert payload["reference"] == str(note.public_id)
    assert helpworld.profile.person.given_name in payload["personalisation"]["body"]
    assert payload["personalisation"]["subject"] == "Een vrijwilliger gaat u helpen"
    assert note.recipient is None and note.person == world.person_a
    assert note.delivery == "sent" and not CallListEntry.objects.exists()


def test_a_resident_without_any_channel_is_put_on_the_call_list(
    helpworld, client, django_capture_on_commit_callbacks
):
    world = helpworld.world
    req, _proposal = _accept(helpworld, django_capture_on_commit_callbacks)
    entry = CallListEntry.objects.get()
    assert entry.person == world.person_a and entry.due_on == timezone.localdate()
    assert entry.notification.delivery == "call_list"
    login(client, helpworld.coordinator)
    page = client.get(reverse("help:coordinate_calls")).content.decode()
    assert world.person_a.full_name in page and req.phone in page
    assert helpworld.profile.person.given_name in page  # why: the message itself
    assert AuditEvent.objects.filter(event="help.calllist.view").exists()
    response = client.post(reverse("help:coordinate_call_done", args=[entry.public_id]))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.called_at and entry.called_by == helpworld.coordinator
    event = AuditEvent.objects.get(event="help.calllist.call")
    assert event.subject_id == world.person_a.public_id and world.person_a.given_name not in str(
        event.reason
    )
    with pytest.raises(ApplicationError):
        notifications.call_list_mark_called(entry=entry, actor=helpworld.coordinator)
    page = client.get(reverse("help:coordinate_calls")).content.decode()
    assert "Vandaag gebeld" in page


def test_another_municipality_cannot_see_or_tick_the_call_list(
    helpworld, client, django_capture_on_commit_callbacks
):
    _accept(helpworld, django_capture_on_commit_callbacks)
    entry = CallListEntry.objects.get()
    other = UserFactory(role=Role.HUB_COORDINATOR, municipality=helpworld.world.other_municipality)
    login(client, other)
    assert (
        helpworld.world.person_a.full_name
        not in client.get(reverse("help:coordinate_calls")).content.decode()
    )
    response = client.post(reverse("help:coordinate_call_done", args=[entry.public_id]))
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.called_at is None
    response = client.get(
        reverse(
            "help:coordinate_request_messages",
            args=[entry.notification.help_request_id and entry.notification.help_request.public_id],
        )
    )
    assert response.status_code == 403


def test_a_failed_sms_falls_back_to_email_and_the_coordinator_sees_both(
    helpworld, notifynl, smtp, client, django_capture_on_commit_callbacks
):
    world = helpworld.world
    world.person_a.email = "p@example.nl"
    world.person_a.save()
    notifications.contact_preference_set(person=world.person_a, preferred="sms")
    notifynl.fail_with = 500
    req, _proposal = _accept(helpworld, django_capture_on_commit_callbacks)
    note = Notification.objects.get(kind="request.accepted", person=world.person_a)
    statuses = [(d.channel, d.status, d.last_error) for d in note.deliveries.all()]
    assert statuses == [("sms", "failed", "ChannelError"), ("email", "sent", "")]
    sms = [p for p in notifynl.requests if p["reference"] == str(note.public_id)]
    assert len(sms) == 1 and note.delivery == "sent"
    assert [r for r in smtp.rcpts if r == ["p@example.nl"]]
    login(client, helpworld.coordinator)
    page = client.get(reverse("help:coordinate_request_messages", args=[req.public_id]))
    text = page.content.decode()
    assert "sms: mislukt" in text and "e-mail: verzonden" in text


def test_a_bad_request_to_notifynl_also_falls_back(
    helpworld, notifynl, django_capture_on_commit_callbacks
):
    notifynl.fail_with = 400
    _accept(helpworld, django_capture_on_commit_callbacks)
    note = Notification.objects.get(kind="request.accepted", person=helpworld.world.person_a)
    # every channel failed: retried with back-off, then the call list; never lost
    assert note.delivery == "call_list" and note.attempts == notifications.MAX_ATTEMPTS
    sms = [p for p in notifynl.requests if p["reference"] == str(note.public_id)]
    assert len(sms) == notifications.MAX_ATTEMPTS
    assert CallListEntry.objects.filter(notification=note).exists()


# --------------------------------------------------------------------------- e-mail details
def test_reminders_are_english_with_a_working_one_click_unsubscribe(
    helpworld, smtp, client, django_capture_on_commit_callbacks
):
    world = helpworld.world
    helpworld.volunteer.email = "v@example.nl"
    helpworld.volunteer.preferred_language = "en"
    helpworld.volunteer.save()
    req, _proposal = _accept(helpworld, django_capture_on_commit_callbacks)
    soon = timezone.now() + dt.timedelta(hours=20)
    services.help_request_plan(help_request=req, actor=helpworld.coordinator, planned_for=soon)
    with django_capture_on_commit_callbacks(execute=True):
        n = services.help_reminders_send()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.help_reminders_send() == 0  # idempotent
    assert n >= 1
    [message] = [
        m
        for m, r in zip(smtp.messages, smtp.rcpts, strict=True)
        if r == ["v@example.nl"] and "Reminder" in m["Subject"]
    ]
    assert message["Content-Language"] == "en"
    assert "you help a neighbour" in _part(message, "plain")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = message["List-Unsubscribe"].strip().strip("<>")
    assert url.startswith("http://127.0.0.1:8000/help/unsubscribe/")
    assert url in _part(message, "html")
    # the mail client's one-click POST, without a session or CSRF token
    response = client.post(
        url.removeprefix("http://127.0.0.1:8000"),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    pref = ContactPreference.objects.get(person=helpworld.profile.person)
    assert pref.email_unsubscribed_at is not None
    assert AuditEvent.objects.filter(event="help.contact.unsubscribe").count() == 1
    # a later reminder: inbox only; an essential message still mails
    chain, _call = notifications.channel_chain(
        person=helpworld.profile.person,
        user=helpworld.volunteer,
        municipality=world.municipality,
        essential=False,
    )
    assert "email" not in [c for c, _a in chain]
    chain, _call = notifications.channel_chain(
        person=helpworld.profile.person, user=helpworld.volunteer, municipality=world.municipality
    )
    assert "email" in [c for c, _a in chain]
    assert client.post("/help/unsubscribe/forged-token/").status_code == 400


def test_resident_reminder_the_day_before(helpworld, django_capture_on_commit_callbacks):
    req, _proposal = _accept(helpworld, django_capture_on_commit_callbacks)
    tomorrow = timezone.localtime() + dt.timedelta(days=1)
    planned = tomorrow.replace(hour=23, minute=0, second=0, microsecond=0)
    services.help_request_plan(help_request=req, actor=helpworld.coordinator, planned_for=planned)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("help_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
        call_command("help_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    notes = Notification.objects.filter(kind="reminder.resident")
    assert notes.count() == 1 and notes.get().delivery == "call_list"
    assert CallListEntry.objects.filter(notification=notes.get()).count() == 1


def test_an_expired_request_tells_the_resident(helpworld, django_capture_on_commit_callbacks):
    now = timezone.now()
    req = make_request(helpworld.world, window_start=now, window_end=now + dt.timedelta(minutes=40))
    type(req).objects.filter(pk=req.pk).update(window_end=now - dt.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.help_requests_expire() == 1
        assert services.help_requests_expire() == 0
    note = Notification.objects.get(kind="request.expired")
    assert note.person == helpworld.world.person_a and "Huis van Alles" in note.body


def test_buddy_checkins_reach_the_resident_without_an_account(
    helpworld, django_capture_on_commit_callbacks
):
    from .factories import make_pairing

    with django_capture_on_commit_callbacks(execute=True):
        make_pairing(helpworld)
        assert services.buddy_checkins_prompt() == 1
    kinds = Notification.objects.filter(kind="buddy.checkin")
    assert kinds.filter(person=helpworld.world.person_a, delivery="call_list").count() == 1
    assert kinds.filter(recipient=helpworld.volunteer).count() == 1


# --------------------------------------------------------------------------- queue guarantees
def test_nothing_is_sent_before_commit(world, smtp):
    user = world.users["volunteer"]
    user.email = "v@example.nl"
    user.save()
    notifications.notify(recipient=user, kind="t", subject="s", body="b")
    assert smtp.messages == []  # the transaction has not committed
    assert Notification.objects.get().delivery == "queued"


def test_the_same_key_is_queued_once(world, django_capture_on_commit_callbacks):
    user = world.users["volunteer"]
    first = notifications.notify(recipient=user, kind="t", subject="s", body="b", key="k:1")
    again = notifications.notify(recipient=user, kind="t", subject="s", body="b", key="k:1")
    assert first is not None and again is None
    assert Notification.objects.count() == 1


def test_smtp_down_is_retried_with_backoff_and_sent_once_when_back(
    world, django_capture_on_commit_callbacks
):
    user = world.users["volunteer"]
    user.email = "v@example.nl"
    user.save()
    dead = _free_port()  # nothing listens here
    with (
        override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=dead,
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        note = notifications.notify(recipient=user, kind="t", subject="s", body="b")
    note.refresh_from_db()
    # the immediate test backend runs each re-enqueued round at once
    assert note.delivery == "failed" and note.attempts == notifications.MAX_ATTEMPTS
    assert note.last_error == "ConnectionRefusedError"
    assert notifications.backoff(2) == dt.timedelta(minutes=5)
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=dead)
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=dead,
        ):
            call_command("help_notifications_retry", stdout=open("/dev/null", "w"))  # noqa: SIM115
            call_command("help_notifications_retry", stdout=open("/dev/null", "w"))  # noqa: SIM115
    finally:
        controller.stop()
    note.refresh_from_db()
    assert note.delivery == "sent" and len(inbox.messages) == 1


def test_deliver_claims_once_and_a_dead_worker_is_picked_up(world, smtp):
    user = world.users["volunteer"]
    user.email = "v@example.nl"
    user.save()
    note = notifications.notify(recipient=user, kind="t", subject="s", body="b")
    assert notifications.deliver(note.pk) == "sent"
    assert notifications.deliver(note.pk) == "skipped"
    assert len(smtp.messages) == 1
    # a worker that died after claiming: the lease runs out, the retry command takes it up
    other = notifications.notify(recipient=user, kind="t", subject="s2", body="b")
    Notification.objects.filter(pk=other.pk).update(
        delivery="sending", next_attempt_at=timezone.now() + notifications.LEASE
    )
    assert notifications.deliver(other.pk) == "skipped"  # still leased
    assert notifications.notifications_retry() == 0
    Notification.objects.filter(pk=other.pk).update(
        next_attempt_at=timezone.now() - dt.timedelta(seconds=1)
    )  # the lease ran out
    assert notifications.notifications_retry() == 1
    other.refresh_from_db()
    assert other.delivery == "sent" and len(smtp.messages) == 2


def test_users_without_a_channel_get_the_inbox_only(world):
    user = world.users["volunteer"]
    note = notifications.notify(recipient=user, kind="t", subject="s", body="b")
    assert note.delivery == "inbox_only" and not note.deliveries.exists()
    assert not CallListEntry.objects.exists()


# --------------------------------------------------------------------------- configuration
def test_notifynl_configuration_from_a_file_and_refusals(tmp_path, world):
    from django.core.exceptions import ImproperlyConfigured

    key_file = tmp_path / "key"
    key_file.write_text(API_KEY + "\n")
    code = world.municipality.code
    parsed = channels.notifynl_parse(
        {code: {"api_key_file": str(key_file), "sms_template": TEMPLATE}}
    )
    assert parsed[code].api_key == API_KEY
    assert parsed[code].base_url == "https://api.notifynl.nl"
    for bad in (
        {code: {"sms_template": TEMPLATE}},  # no key
        {code: {"api_key": "short", "sms_template": TEMPLATE}},
        {code: {"api_key": API_KEY}},  # no template
        {code: {"api_key": API_KEY, "sms_template": TEMPLATE, "colour": "red"}},
        "{not json",
    ):
        with pytest.raises(ImproperlyConfigured):
            channels.notifynl_parse(bad)


def test_a_subscribed_volunteer_gets_a_push_message(world, django_capture_on_commit_callbacks):
    """Web push as one channel: delivered through zorgzaam.push to a loopback push service
    that checks VAPID and decrypts the message."""
    from zorgzaam.push import services as push_services
    from zorgzaam.push.tests.pushserver import PushServer

    user = world.users["volunteer"]
    with PushServer() as push:
        push_services.subscription_save(user=user, info=push.subscription("phone"))
        with django_capture_on_commit_callbacks(execute=True):
            note = notifications.notify(
                recipient=user,
                kind="proposal.offered",
                subject="Nieuwe taak",
                body="Tekst",
                link="/help/tasks/",
            )
        assert push.errors == []
        [message] = push.received
    note.refresh_from_db()
    assert [(d.channel, d.status) for d in note.deliveries.all()] == [("push", "sent")]
    assert message["payload"]["title"] == "Nieuwe taak"
    assert message["payload"]["url"] == "/help/tasks/"
    assert message["topic"] == note.public_id.hex


def test_the_coordinator_records_a_phone_call_preference(
    helpworld, client, smtp, django_capture_on_commit_callbacks
):
    """A resident with e-mail who prefers a call: the accept message goes on the call list."""
    world = helpworld.world
    world.person_a.email = "p@example.nl"
    world.person_a.save()
    req = make_request(world)
    login(client, helpworld.coordinator)
    url = reverse("help:coordinate_contact_preference", args=[req.public_id])
    assert client.post(url, {"preferred": "fax"}).status_code == 302
    assert not ContactPreference.objects.exists()
    assert client.post(url, {"preferred": "call"}).status_code == 302
    assert ContactPreference.objects.get(person=world.person_a).preferred == "call"
    assert AuditEvent.objects.filter(event="help.contact.preference").count() == 1
    page = client.get(reverse("help:coordinate_request_messages", args=[req.public_id]))
    assert 'value="call" selected' in page.content.decode()
    proposal = services.help_request_propose(
        help_request=req, volunteer=helpworld.profile, actor=helpworld.coordinator
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_accept(proposal=proposal, actor=None)
    note = Notification.objects.get(kind="request.accepted", person=world.person_a)
    assert note.delivery == "call_list" and not [r for r in smtp.rcpts if r == ["p@example.nl"]]
