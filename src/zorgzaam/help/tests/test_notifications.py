"""Notifications: in-app inbox always, e-mail through a django-tasks task after commit;
failed sends are recorded and re-enqueued, never lost."""

from unittest import mock

import pytest
from django.core import mail

from zorgzaam.help import notifications
from zorgzaam.help.models import Notification

pytestmark = pytest.mark.django_db


def _note(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return notifications.notify(
            recipient=user, kind="test", subject="Onderwerp", body="Tekst", link="/help/tasks/"
        )


def test_notification_is_mailed_after_commit_and_kept_in_the_inbox(
    world, django_capture_on_commit_callbacks
):
    user = world.users["volunteer"]
    user.email = "v@example.nl"
    user.save()
    note = _note(user, django_capture_on_commit_callbacks)
    note.refresh_from_db()
    assert note.delivery == "sent" and note.attempts == 1 and note.sent_at
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["v@example.nl"]
    assert "/help/tasks/" in mail.outbox[0].body


def test_nothing_is_sent_before_commit(world):
    user = world.users["volunteer"]
    user.email = "v@example.nl"
    user.save()
    notifications.notify(recipient=user, kind="t", subject="s", body="b")
    assert mail.outbox == []  # the transaction has not committed
    assert Notification.objects.get().delivery == "queued"


def test_a_failed_send_is_retried_and_recorded(world, django_capture_on_commit_callbacks):
    user = world.users["volunteer"]
    user.email = "v@example.nl"
    user.save()
    real = notifications.send_mail
    calls = {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] <= 2:
            raise ConnectionRefusedError("smtp down")
        return real(*args, **kwargs)

    # the immediate backend runs each re-enqueued attempt at once
    with (
        mock.patch.object(notifications, "send_mail", flaky),
        django_capture_on_commit_callbacks(execute=True),
    ):
        note = notifications.notify(recipient=user, kind="t", subject="s", body="b")
    note.refresh_from_db()
    assert calls["n"] == 3
    assert note.delivery == "sent" and note.attempts == 3
    assert len(mail.outbox) == 1


def test_a_send_that_keeps_failing_is_kept_and_retried_by_the_command(
    world, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    user = world.users["volunteer"]
    user.email = "v@example.nl"
    user.save()
    with (
        mock.patch.object(notifications, "send_mail", side_effect=OSError("down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        note = notifications.notify(recipient=user, kind="t", subject="s", body="b")
    note.refresh_from_db()
    assert note.delivery == "failed"
    assert note.attempts == notifications.MAX_ATTEMPTS
    assert note.last_error == "OSError"  # the exception class, no content
    call_command("help_notifications_retry", stdout=open("/dev/null", "w"))  # noqa: SIM115
    note.refresh_from_db()
    assert note.delivery == "sent" and note.attempts == notifications.MAX_ATTEMPTS + 1


def test_users_without_email_get_the_inbox_only(world, django_capture_on_commit_callbacks):
    user = world.users["volunteer"]
    user.email = ""
    user.save()
    note = _note(user, django_capture_on_commit_callbacks)
    assert note.delivery == "inbox_only" and mail.outbox == []


def test_deliver_claims_once(world, django_capture_on_commit_callbacks):
    user = world.users["volunteer"]
    user.email = "v@example.nl"
    user.save()
    note = _note(user, django_capture_on_commit_callbacks)
    assert notifications.deliver(note.pk) == "skipped"  # already sent: not sent twice
    assert len(mail.outbox) == 1
