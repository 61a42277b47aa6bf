"""Invitees of a work visit or hearing (#24) are told when its date, time or place changes:
the reports part sends ``visit_changed`` after its commit, ``help.notify_visits`` answers it
with one queued message per invitee and change, on a real SMTP server on loopback (aiosmtpd),
in the invitee's language, saying what changed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import translation
from django.utils.formats import date_format

from zorgzaam.accounts.roles import Role
from zorgzaam.help.models import Notification
from zorgzaam.reports import visits
from zorgzaam.reports.models import WorkVisit

from . import test_notifications
from .test_visit_invitations import DAY, _invite, _visit

pytestmark = pytest.mark.django_db

smtp = test_notifications.smtp
_part = test_notifications._part

LATER = DAY + dt.timedelta(days=7)


def _plan(visit, **changes):
    plan = {
        "kind": visit.kind,
        "title": visit.title,
        "date": visit.date,
        "start_time": visit.start_time,
        "hub_id": visit.hub_id,
        "villages": list(visit.villages.all()),
        "purpose": visit.purpose,
        "period": visit.period,
    }
    plan.update(changes)
    return plan


def _update(world, visit, capture, **changes):
    with capture(execute=True):
        return visits.visit_update(
            actor=world.users[Role.POLICY_OFFICER], visit=visit, **_plan(visit, **changes)
        )


def _invitees(world):
    council = world.users[Role.COUNCIL_MEMBER]
    council.email = "raad@example.nl"
    council.save()
    coordinator = world.users[Role.HUB_COORDINATOR]
    coordinator.email = "hub@example.nl"
    coordinator.preferred_language = "en"
    coordinator.save()
    return council, coordinator


def test_a_changed_date_and_place_is_told_once_per_change_in_the_invitees_language(
    world, smtp, django_capture_on_commit_callbacks
):
    council, coordinator = _invitees(world)
    visit = _visit(world)
    _invite(world, visit, [council, coordinator], django_capture_on_commit_callbacks)
    assert len(smtp.messages) == 2  # the invitations
    _update(
        world,
        visit,
        django_capture_on_commit_callbacks,
        date=LATER,
        start_time=dt.time(20, 0),
        villages=[world.village_a],
    )
    changes = list(zip(smtp.messages[2:], smtp.rcpts[2:], strict=True))
    by_rcpt = {r[0]: m for m, r in changes}
    assert set(by_rcpt) == {"raad@example.nl", "hub@example.nl"}
    dutch = by_rcpt["raad@example.nl"]
    assert dutch["Subject"] == "Gewijzigd: Hoorzitting eenzaamheid (hoorzitting)"
    text = _part(dutch, "plain").replace("\r\n", "\n")
    with translation.override("nl"):
        now, was = date_format(LATER, "l j F Y"), date_format(DAY, "l j F Y")
    assert "Gewijzigd: de datum, de tijd, de plaats." in text
    assert f"Wanneer: {now}, 20:00" in text
    assert "Waar: Noorddorp\n" in text
    assert f"Vóór de wijziging: {was}, 19:30; Noorddorp, Zuiddorp" in text
    assert f"/report/visits/{visit.public_id}/" in text
    assert "Jansen" not in text  # the free-text purpose is never sent
    english = by_rcpt["hub@example.nl"]
    assert english["Subject"] == "Changed: Hoorzitting eenzaamheid (hearing)"
    assert "Changed: the date, the time, the place." in _part(english, "plain")
    notes = Notification.objects.filter(kind="visit.changed")
    assert {n.recipient for n in notes} == {council, coordinator}
    assert {n.delivery for n in notes} == {"sent"}

    # a change of the title or purpose only tells no one
    _update(world, visit, django_capture_on_commit_callbacks, title="Hoorzitting over eenzaamheid")
    assert len(smtp.messages) == 4
    # a second change of the time is a new message; changing it back is one more
    visit.refresh_from_db()
    _update(world, visit, django_capture_on_commit_callbacks, start_time=dt.time(19, 0))
    visit.refresh_from_db()
    _update(world, visit, django_capture_on_commit_callbacks, start_time=dt.time(20, 0))
    assert len(smtp.messages) == 8
    last = {r[0]: m for m, r in zip(smtp.messages[6:], smtp.rcpts[6:], strict=True)}
    assert "Gewijzigd: de tijd." in _part(last["raad@example.nl"], "plain")
    assert Notification.objects.filter(kind="visit.changed").count() == 6


def test_no_message_before_commit_for_a_held_visit_or_without_invitees(
    world, smtp, django_capture_on_commit_callbacks
):
    council, _coordinator = _invitees(world)
    visit = _visit(world)
    # no invitees: nothing to tell
    _update(world, visit, django_capture_on_commit_callbacks, date=LATER)
    assert not Notification.objects.exists()
    visit.refresh_from_db()
    _invite(world, visit, [council], django_capture_on_commit_callbacks)
    # a rolled-back change tells no one
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        visits.visit_update(
            actor=world.users[Role.POLICY_OFFICER], visit=visit, **_plan(visit, date=DAY)
        )
        raise RuntimeError("roll back")
    assert callbacks == []
    assert not Notification.objects.filter(kind="visit.changed").exists()
    # a visit already held (its date corrected afterwards) tells no one
    WorkVisit.objects.filter(pk=visit.pk).update(date=dt.date.today() - dt.timedelta(days=1))
    visit.refresh_from_db()
    _update(
        world,
        visit,
        django_capture_on_commit_callbacks,
        date=dt.date.today() - dt.timedelta(days=2),
    )
    assert not Notification.objects.filter(kind="visit.changed").exists()
    assert len(smtp.messages) == 1  # the invitation only
