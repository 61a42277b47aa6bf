"""Writes for people."""

from __future__ import annotations

from django.db import transaction

from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError
from zorgzaam.tenancy.selectors import postcode_area_in_municipality, postcode_normalise

from .models import Person


@transaction.atomic
def person_create(
    *,
    municipality,
    given_name: str,
    family_name: str,
    postcode: str,
    infix: str = "",
    actor=None,
    request=None,
    reason: str = "",
    **extra,
) -> Person:
    """Store a new person and write the one ``person.create`` audit row, in one transaction.
    ``actor`` is the user who recorded them, or None for a system or citizen action without
    one (the request's signed-in user is taken when there is a ``request``); ``reason`` says
    how the person came in (a short code, never personal data). The row holds ids only."""
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
    audit_record(
        event="person.create",
        actor=actor,
        request=request,
        target=person,
        subject_id=person.public_id,
        reason=reason,
        municipality_code=municipality.code,
    )
    return person
