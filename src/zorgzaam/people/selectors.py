"""Reads of persons with need-to-know: a professional sees the persons living in an area
served by one of their teams, in their own municipality. Nobody else sees person pages
(parts such as casework narrow this further to assigned households)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from zorgzaam.accounts.permissions import deny
from zorgzaam.accounts.roles import TEAM_ROLES

from .models import Person


def person_list_for_actor(actor) -> QuerySet[Person]:
    if not getattr(actor, "is_authenticated", False) or actor.role not in TEAM_ROLES:
        return Person.objects.none()
    return (
        Person.objects.for_municipality(actor.municipality)
        .filter(area__teams__members=actor)
        .distinct()
    )


def person_get_for_actor(request, public_id) -> Person:
    """The person, or an audited refusal (403 for another municipality's or team's person,
    404 for an id that does not exist)."""
    person = Person.objects.filter(public_id=public_id).select_related("area").first()
    if person is None:
        raise Http404
    if not person_list_for_actor(request.user).filter(pk=person.pk).exists():
        deny(request, target=person, subject_id=person.public_id, reason="no need-to-know")
    return person
