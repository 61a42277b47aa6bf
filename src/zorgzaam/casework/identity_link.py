"""DigiD sign-in meets casework: a resident who signs in with DigiD for the first time and is
already a household member (by BSN, through its blind index) gets their existing Person linked
to the new account, not a second Person. Registered with the identity app in ``apps.ready``;
reads only, the identity service writes the link and its audit line."""

from __future__ import annotations

from zorgzaam.people.models import Person
from zorgzaam.tenancy.models import Municipality

from .bsn import bsn_indexes
from .models import HouseholdMember


def person_for_bsn(municipality: Municipality, bsn: str) -> Person | None:
    """The one Person of ``municipality`` without an account who is a household member with
    this BSN; None when there is none, or several (then nothing is guessed)."""
    ids = set(
        HouseholdMember.objects.filter(
            household__municipality=municipality,
            bsn_index__in=bsn_indexes(bsn),
            person__user__isnull=True,
        ).values_list("person_id", flat=True)
    )
    if len(ids) != 1:
        return None
    return Person.objects.filter(pk=ids.pop(), municipality=municipality).first()
