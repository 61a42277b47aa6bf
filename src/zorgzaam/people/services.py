"""Writes for people."""

from __future__ import annotations

from django.db import transaction

from zorgzaam.common.errors import ApplicationError
from zorgzaam.tenancy.selectors import postcode_area_in_municipality, postcode_normalise

from .models import Person


@transaction.atomic
def person_create(
    *, municipality, given_name: str, family_name: str, postcode: str, infix: str = "", **extra
) -> Person:
    if not given_name.strip() or not family_name.strip():
        raise ApplicationError("A person needs a first and a last name.")
    normalised = postcode_normalise(postcode)
    pc_area = postcode_area_in_municipality(normalised, municipality)
    person = Person(
        municipality=municipality,
        given_name=given_name.strip(),
        infix=infix.strip(),
        family_name=family_name.strip(),
        postcode=normalised,
        postcode_area=pc_area,
        area=extra.pop("area", None) or pc_area.area,
        latitude=extra.pop("latitude", None) or pc_area.latitude,
        longitude=extra.pop("longitude", None) or pc_area.longitude,
        **extra,
    )
    person.full_clean()
    person.save()
    return person
