"""accounts.access.get_for_actor: 404 for an unknown id, an audited 403 for another
municipality's or (for team-bound roles) another team's object, ``visible`` overrides."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from zorgzaam.accounts.access import get_for_actor, scoped, team_scoped
from zorgzaam.accounts.roles import Role
from zorgzaam.audit.models import AuditEvent
from zorgzaam.people.models import Person

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/x/")
    request.user = user
    return request


def test_unknown_id_is_404_without_audit(world):
    with pytest.raises(Http404):
        get_for_actor(_request(world.users[Role.PROFESSIONAL]), Person, uuid.uuid4())
    assert not AuditEvent.objects.filter(event="access.denied").exists()


def test_other_municipality_and_other_team_are_refused_and_audited(world):
    professional = world.users[Role.PROFESSIONAL]  # team A: village A
    assert get_for_actor(_request(professional), Person, world.person_a.public_id) == (
        world.person_a
    )
    for person, reason in (
        (world.other_person, "other municipality"),
        (world.person_b, "no need-to-know"),
    ):
        with pytest.raises(PermissionDenied):
            get_for_actor(_request(professional), Person, person.public_id)
        row = AuditEvent.objects.filter(event="access.denied").latest("pk")
        assert (row.actor_id, row.target_id, row.reason) == (
            professional.public_id,
            str(person.public_id),
            reason,
        )


def test_visible_replaces_the_team_rule(world):
    professional = world.users[Role.PROFESSIONAL]
    visible = Person.objects.filter(pk=world.person_b.pk)
    got = get_for_actor(_request(professional), Person, world.person_b.public_id, visible=visible)
    assert got == world.person_b
    with pytest.raises(PermissionDenied):  # the municipality still holds
        get_for_actor(
            _request(professional),
            Person,
            world.other_person.public_id,
            visible=Person.objects.all(),
        )


def test_scoped_querysets(world):
    professional = world.users[Role.PROFESSIONAL]
    assert set(scoped(professional, Person)) == {world.person_a, world.person_b}
    assert list(team_scoped(professional, Person)) == [world.person_a]
    policy = world.users[Role.POLICY_OFFICER]  # not team-bound: the whole municipality
    assert set(team_scoped(policy, Person)) == {world.person_a, world.person_b}


def test_a_queryset_subject_and_reasons_shape_the_fetch_and_the_denial(world):
    """A queryset selects what the caller reads; ``subject`` names the person on denial
    (read only then); ``reason``/``visible_reason`` are the audited reasons."""
    professional = world.users[Role.PROFESSIONAL]
    got = get_for_actor(
        _request(professional), Person.objects.select_related("area"), world.person_a.public_id
    )
    assert got == world.person_a and "area" in got._state.fields_cache
    for person, kwargs, reason in (
        (world.other_person, {"reason": "another municipality"}, "another municipality"),
        (world.person_b, {"visible": Person.objects.none(), "visible_reason": "x"}, "x"),
    ):
        with pytest.raises(PermissionDenied):
            get_for_actor(
                _request(professional),
                Person,
                person.public_id,
                subject=lambda p: p.public_id,
                **kwargs,
            )
        row = AuditEvent.objects.filter(event="access.denied").latest("pk")
        assert (row.subject_id, row.reason) == (person.public_id, reason)
