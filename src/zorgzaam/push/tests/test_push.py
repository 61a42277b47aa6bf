"""Web push end to end on loopback: the subscription endpoints, and send_to_user's messages
checked by a push service that verifies the VAPID token (RFC 8292) and decrypts the body
with the browser's key (RFC 8291, aes128gcm)."""

from __future__ import annotations

import json

import pytest

from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.testing import login
from zorgzaam.push import services
from zorgzaam.push.models import PushSubscription
from zorgzaam.push.tests.pushserver import PushServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def push():
    with PushServer() as server:
        yield server


def _post(client, url, data):
    return client.post(url, data=json.dumps(data), content_type="application/json")


def test_subscribe_send_decrypt_and_unsubscribe(client, world, push):
    volunteer = world.users["volunteer"]
    login(client, volunteer)
    response = _post(client, "/push/subscribe/", push.subscription("phone"))
    assert response.status_code == 201
    sub = PushSubscription.objects.get(user=volunteer)
    assert response.json()["id"] == str(sub.public_id)
    assert AuditEvent.objects.filter(event="push.subscribe", target_id=sub.public_id).exists()

    sent = services.send_to_user(
        volunteer,
        title="Nieuwe taak",
        body="Boodschappen in Oudewater",
        url="/help/tasks/",
        tag="proposal-1",
    )
    assert sent == 1
    assert push.errors == []
    [message] = push.received
    assert message["payload"] == {
        "title": "Nieuwe taak",
        "body": "Boodschappen in Oudewater",
        "url": "/help/tasks/",
        "tag": "proposal-1",
    }
    assert message["claims"]["aud"] == push.origin
    assert message["topic"] == "proposal-1"
    sub.refresh_from_db()
    assert sub.last_success_at is not None and sub.failures == 0

    response = _post(client, "/push/unsubscribe/", {"endpoint": sub.endpoint})
    assert response.json()["removed"] == 1
    assert services.send_to_user(volunteer, title="t", body="b", url="/", tag="") == 0


def test_gone_subscription_is_deleted_and_other_failures_counted(world, push, caplog):
    user = world.users["volunteer"]
    services.subscription_save(user=user, info=push.subscription("old"))
    services.subscription_save(user=user, info=push.subscription("busy"))
    services.subscription_save(user=user, info=push.subscription("ok"))
    push.answers.update({"old": 410, "busy": 503})
    assert services.send_to_user(user, title="t", body="b", url="/", tag="x") == 1
    left = {s.endpoint.rsplit("/", 1)[-1]: s for s in PushSubscription.objects.filter(user=user)}
    assert set(left) == {"busy", "ok"}
    assert left["busy"].failures == 1 and left["busy"].last_failure_at is not None
    # the log names the subscription's id, never the endpoint or the person
    assert str(left["busy"].public_id) in caplog.text
    assert push.origin not in caplog.text
    assert user.username not in caplog.text


def test_no_subscription_sends_nothing(world):
    assert services.send_to_user(world.users["resident"], title="t", body="b", url="/", tag="") == 0


def test_bad_subscriptions_are_refused_and_nothing_is_stored(client, world):
    login(client, world.users["volunteer"])
    for body in (
        [],
        {"endpoint": "https://push.example/x"},
        {"endpoint": "http://push.example/x", "keys": {"p256dh": "a", "auth": "b"}},
        {"endpoint": 3, "keys": {"p256dh": "a", "auth": "b"}},
    ):
        response = _post(client, "/push/subscribe/", body)
        assert response.status_code == 400, body
        assert response.json()["error"]
    response = client.post("/push/subscribe/", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert not PushSubscription.objects.exists()


def test_one_cannot_turn_off_another_users_subscription(client, world, push):
    other = world.users["resident"]
    sub = services.subscription_save(user=other, info=push.subscription("theirs"))
    login(client, world.users["volunteer"])
    response = _post(client, "/push/unsubscribe/", {"endpoint": sub.endpoint})
    assert response.json()["removed"] == 0
    assert PushSubscription.objects.filter(pk=sub.pk).exists()


def test_same_browser_signed_in_as_another_user_moves_the_subscription(world, push):
    info = push.subscription("shared")
    services.subscription_save(user=world.users["volunteer"], info=info)
    services.subscription_save(user=world.users["resident"], info=info)
    assert list(PushSubscription.objects.values_list("user", flat=True)) == [
        world.users["resident"].pk
    ]
