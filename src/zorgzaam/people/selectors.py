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


#: A postcode term: four digits (PC4, 1000-9999), with or without its two letters (PC6).
_PC4 = re.compile(r"^([1-9]\d{3})([A-Za-z]{2})?$")
_LETTERS = re.compile(r"^[A-Za-z]{2}$")
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


def _postcode(prefix: str) -> Q:
    """Postcodes starting with ``2411`` or ``2411 AB`` (stored with or without the space)."""
    prefix = prefix.upper()
    if len(prefix) == 4:
        return Q(postcode__startswith=prefix)
    return Q(postcode__istartswith=f"{prefix[:4]} {prefix[4:]}") | Q(postcode__istartswith=prefix)


def _name(term: str) -> Q:
    """A word matches the start of a first name, infix or last name, or of a later word in
    one (``berg`` finds "Van den Berg", ``vries`` finds "de Vries")."""
    words = Q()
    for field in ("given_name", "infix", "family_name"):
        words |= Q(**{f"{field}__istartswith": term}) | Q(**{f"{field}__icontains": f" {term}"})
    return words


def person_search(actor, query: str) -> QuerySet[Person]:
    """Persons the actor may see (``person_list_for_actor``: the one rule) matching every
    term of ``query``, in any order and mixed: ``2411`` or ``2411 AB`` / ``2411ab`` a
    postcode, ``12-3-1948`` or ``1948-03-12`` a date of birth, any other word a first name,
    infix or last name (start of the word). So ``de Vries 2411`` finds the De Vries family
    in postcode area 2411 only. ``2411 de`` is read both ways (postcode 2411 DE, or postcode
    2411 and a name word "de"). An empty query gives all of them."""
    qs = person_list_for_actor(actor)
    terms = " ".join((query or "").split())[:100].split(" ")
    i = 0
    while i < len(terms):
        term = terms[i]
        i += 1
        if not term:
            continue
        postcode = _PC4.match(term)
        if postcode:
            following = terms[i] if i < len(terms) else ""
            if postcode[2] is None and _LETTERS.match(following):
                # "2411 AB": the letters of the postcode, or a two-letter name word.
                i += 1
                qs = qs.filter(_postcode(term + following) | (_postcode(term) & _name(following)))
            else:
                qs = qs.filter(_postcode(term))
            continue
        born = _birth_date(term)
        if born is not None:
            qs = qs.filter(date_of_birth=born)
            continue
        qs = qs.filter(_name(term))
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
