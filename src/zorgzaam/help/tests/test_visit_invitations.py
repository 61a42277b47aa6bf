"""Invitations to the council's work visits and hearings (#24) reach the invitee by e-mail:
the reports part sends ``visit_invitation_sent`` after its commit, the notification service
answers it with one queued message per new invitation, on a real SMTP server on loopback
(aiosmtpd), in the invitee's language, respecting their contact preference."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import translation
from django.utils.formats import date_format

from zorgzaam.accounts.roles import Role
from zorgzaam.audit.models import AuditEvent
from zorgzaam.help.models import ContactPreference, Notification
from zorgzaam.reports import visits
from zorgzaam.reports.models import WorkVisit

from . import test_notifications

pytestmark = pytest.mark.django_db

smtp = test_notifications.smtp  # the loopback SMTP server of the notification tests
_part = test_notifications._part


DAY = dt.date.today() + dt.timedelta(days=9)


def _when(language: str) -> str:
    with translation.override(language):
        return f"{date_format(DAY, 'l j F Y')}, 19:30"


def _visit(world):
    """A hearing still to come (messages are only about visits still to come)."""
    return visits.visit_create(
        actor=world.users[Role.POLICY_OFFICER],
        kind=WorkVisit.Kind.HEARING,
        title="Hoorzitting eenzaamheid",
        date=DAY,
        start_time=dt.time(19, 30),
        hub_id=None,
        villages=[world.village_a, world.village_b],
        purpose="Wat merkt mevrouw Jansen van de buurthulp?",
        period="2026-Q3",
    )


def _invite(world, visit, users, capture):
    with capture(execute=True):
        visits.visit_invite(
            actor=world.users[Role.POLICY_OFFICER],
            visit=visit,
            user_ids=[str(u.public_id) for u in users],
        )


def test_invitees_are_mailed_in_their_language_once(
    world, smtp, django_capture_on_commit_callbacks
):
    council = world.users[Role.COUNCIL_MEMBER]
    council.email = "raad@example.nl"
    council.save()
    coordinator = world.users[Role.HUB_COORDINATOR]
    coordinator.email = "hub@example.nl"
    coordinator.preferred_language = "en"
    coordinator.save()
    visit = _visit(world)
    _invite(world, visit, [council, coordinator], django_capture_on_commit_callbacks)

    by_rcpt = {r[0]: m for m, r in zip(smtp.messages, smtp.rcpts, strict=True)}
    assert set(by_rcpt) == {"raad@example.nl", "hub@example.nl"}
    link = f"http://127.0.0.1:8000/report/visits/{visit.public_id}/"
    dutch = by_rcpt["raad@example.nl"]
    assert dutch["Subject"] == "Uitnodiging voor een hoorzitting: Hoorzitting eenzaamheid"
    assert dutch["Content-Language"] == "nl"
    text, html = _part(dutch, "plain"), _part(dutch, "html")
    weekdays = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
    assert _when("nl").startswith(weekdays) and _when("nl") in text  # "dinsdag 15 december ..."
    assert "Waar: Noorddorp, Zuiddorp" in text
    assert link in text and link in html and '<html lang="nl">' in html
    assert "Hoorzitting eenzaamheid" in html
    english = by_rcpt["hub@example.nl"]
    assert english["Subject"] == "Invitation to a hearing: Hoorzitting eenzaamheid"
    assert _when("en") in _part(english, "plain")
    # nothing of residents: the purpose (free text that may name someone) is left out
    for message in smtp.messages:
        assert "Jansen" not in _part(message, "plain") + _part(message, "html")
    # the inbox too, sent, one delivery each
    notes = Notification.objects.filter(kind="visit.invitation")
    assert {n.recipient for n in notes} == {council, coordinator}
    assert {n.delivery for n in notes} == {"sent"}
    # inviting the same people again queues nothing new; withdrawn and re-invited is new
    _invite(world, visit, [council, coordinator], django_capture_on_commit_callbacks)
    assert len(smtp.messages) == 2
    _invite(world, visit, [coordinator], django_capture_on_commit_callbacks)
    _invite(world, visit, [coordinator, council], django_capture_on_commit_callbacks)
    assert [r for r in smtp.rcpts[2:]] == [["raad@example.nl"]]
    # audited by the visit (ids and field names only), no name in the audit rows
    rows = AuditEvent.objects.filter(event="reports.visit_change", target_id=str(visit.public_id))
    assert rows.count() == 4
    assert all("invitations" in r.fields for r in rows)


def test_the_preference_is_respected_and_nothing_goes_before_commit(
    world, smtp, django_capture_on_commit_callbacks
):
    council = world.users[Role.COUNCIL_MEMBER]
    council.email = "raad@example.nl"
    council.save()
    ContactPreference.objects.create(
        municipality=world.municipality, user=council, preferred=ContactPreference.Preferred.INBOX
    )
    visit = _visit(world)
    # a rolled-back invitation tells no one
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        visits.visit_invite(
            actor=world.users[Role.POLICY_OFFICER], visit=visit, user_ids=[str(council.public_id)]
        )
        raise RuntimeError("roll back")
    assert callbacks == [] and not Notification.objects.exists()
    _invite(world, visit, [council], django_capture_on_commit_callbacks)
    note = Notification.objects.get(kind="visit.invitation")
    assert note.recipient == council and note.delivery == "inbox_only"
    assert note.link == f"/report/visits/{visit.public_id}/"
    # an invitation to a visit already held (the record of who was there) tells no one
    WorkVisit.objects.filter(pk=visit.pk).update(date=dt.date.today() - dt.timedelta(days=1))
    visit.refresh_from_db()
    _invite(world, visit, [], django_capture_on_commit_callbacks)
    _invite(world, visit, [council], django_capture_on_commit_callbacks)
    assert Notification.objects.filter(kind="visit.invitation").count() == 1
    assert smtp.messages == []
