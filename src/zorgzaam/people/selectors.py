"""Reads of persons with need-to-know: a professional sees the persons living in an area
served by one of their teams, in their own municipality. Nobody else sees person pages
(parts such as casework narrow this further to assigned households)."""

from __future__ import annotations

import re
from datetime import date

from django.db.models import Q, QuerySet
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


_POSTCODE = re.compile(r"^(\d{4})\s*([A-Za-z]{2})?$")
_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$|^(\d{4})-(\d{2})-(\d{2})$")
#: A search shows at most this many matches (the page asks for a narrower search beyond).
SEARCH_LIMIT = 50


def _birth_date(term: str) -> date | None:
    match = _DATE.match(term)
    if match is None:
        return None
    day, month, year = (
        (match[1], match[2], match[3]) if match[1] else (match[6], match[5], match[4])
    )
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def person_search(actor, query: str) -> QuerySet[Person]:
    """Persons the actor may see (``person_list_for_actor``: the one rule) matching every
    term of ``query``: a word matches a first name, infix or last name (start of the word),
    ``2801`` or ``2801 AB`` a postcode, ``12-3-1948`` or ``1948-03-12`` a date of birth.
    An empty query gives all of them."""
    qs = person_list_for_actor(actor)
    text = " ".join((query or "").split())[:100]
    postcode = _POSTCODE.match(text)
    if postcode:
        return qs.filter(
            postcode__istartswith=postcode[1] + (f" {postcode[2]}" if postcode[2] else "")
        )
    for term in text.split(" "):
        if not term:
            continue
        born = _birth_date(term)
        if born is not None:
            qs = qs.filter(date_of_birth=born)
            continue
        words = Q()
        for field in ("given_name", "infix", "family_name"):
            words |= Q(**{f"{field}__istartswith": term}) | Q(**{f"{field}__icontains": f" {term}"})
        qs = qs.filter(words)
    return qs


def person_get_for_actor(request, public_id) -> Person:
    """The person, or an audited refusal (403 for another municipality's or team's person,
    404 for an id that does not exist)."""
    person = Person.objects.filter(public_id=public_id).select_related("area").first()
    if person is None:
        raise Http404
    if not person_list_for_actor(request.user).filter(pk=person.pk).exists():
        deny(request, target=person, subject_id=person.public_id, reason="no need-to-know")
    return person
