"""Residents with DigiD and organisations with eHerkenning, through an OpenID Connect broker.

The BSN (or KvK number) from the broker is checked, looked up by its blind index, stored only
encrypted (``CitizenIdentity``) and never logged. The first sign-in asks for consent: the
number waits, encrypted, in the session until the person agrees and gives the name and
postcode their Person record needs (``citizen_register``).

A resident the municipality already knows by BSN (a household member in casework) is linked to
that Person instead of getting a second one: parts that hold BSNs register a finder
(``person_finder_register``), so this foundation module names no part."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from zorgzaam.accounts.models import User
from zorgzaam.accounts.roles import Role
from zorgzaam.audit.services import audit_record
from zorgzaam.common.fields import blind_indexes, decrypt_text, encrypt_text
from zorgzaam.people.models import Person
from zorgzaam.people.services import person_create
from zorgzaam.tenancy.models import Municipality

from . import mapping
from .config import Provider
from .models import CitizenIdentity, citizen_identifier_index
from .services import SignInRefused

PENDING_KEY = "zorgzaam_citizen_pending"
#: How long a first sign-in may wait for consent, in seconds.
PENDING_FOR = 15 * 60


#: ``finder(municipality, bsn) -> Person | None``: the one Person of the municipality, without an
#: account yet, that the part knows by this BSN (None when none or several).
PersonFinder = Callable[[Municipality, str], Person | None]
_person_finders: list[PersonFinder] = []


def person_finder_register(finder: PersonFinder) -> None:
    if finder not in _person_finders:
        _person_finders.append(finder)


def person_for_bsn(municipality: Municipality, bsn: str) -> Person | None:
    """The Person the parts know by this BSN, when they agree on exactly one without an
    account; otherwise None (a new Person is made, nothing is guessed)."""
    found: dict[int, Person] = {}
    for finder in _person_finders:
        person = finder(municipality, bsn)
        if person is not None and person.user_id is None:
            found[person.pk] = person
    return next(iter(found.values())) if len(found) == 1 else None


class ConsentNeeded(Exception):
    """A first sign-in: the person is asked for consent before an account is made."""

    def __init__(self, pending: dict):
        super().__init__("consent needed")
        self.pending = pending


def bsn_is_valid(value: str) -> bool:
    """The 11-proef of a BSN (9 digits)."""
    if len(value) != 9 or not value.isdigit() or value == "000000000":
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(int(d) * w for d, w in zip(value, weights, strict=True)) % 11 == 0


def identifier_clean(provider: Provider, claims: dict) -> str:
    raw = claims.get(provider.identifier_claim)
    value = str(raw).strip() if isinstance(raw, str | int) else ""
    if provider.kind == "digid":
        if len(value) == 8 and value.isdigit():
            value = "0" + value
        if not bsn_is_valid(value):
            raise SignInRefused("identifier")
    elif not (len(value) == 8 and value.isdigit()):
        raise SignInRefused("identifier")
    return value


def _lookup(provider: Provider, value: str) -> CitizenIdentity | None:
    indexes = blind_indexes("identity.citizen:" + value)
    return (
        CitizenIdentity.objects.select_related("user")
        .filter(
            municipality__code=provider.municipality,
            kind=provider.kind,
            identifier_index__in=indexes,
        )
        .first()
    )


def resident_user_for_claims(*, provider: Provider, claims: dict, request=None) -> User:
    """The account linked to the broker's BSN/KvK number (its level of assurance updated), or
    ConsentNeeded for a first sign-in."""
    value = identifier_clean(provider, claims)
    level = mapping.assurance(provider, claims)
    if not level:
        raise SignInRefused("level")
    identity = _lookup(provider, value)
    if identity is None:
        raise ConsentNeeded(
            {
                "provider": provider.slug,
                "identifier": encrypt_text(value),
                "level": level,
                "given_name": str(claims.get("given_name") or "")[:80],
                "family_name": str(claims.get("family_name") or "")[:120],
                "until": time.time() + PENDING_FOR,
            }
        )
    if not identity.user.is_active:
        raise SignInRefused("inactive", user=identity.user)
    if identity.level != level:
        identity.level = level
        identity.save(update_fields=["level", "updated_at"])
    return identity.user


@transaction.atomic
def citizen_register(
    *,
    provider: Provider,
    pending: dict,
    given_name: str,
    family_name: str,
    postcode: str,
    request=None,
) -> User:
    """After consent: a resident account, its Person (name and postcode) and the encrypted
    BSN/KvK link. ApplicationError (from person_create) on a bad name or postcode."""
    municipality = Municipality.objects.get(code=provider.municipality)
    value = decrypt_text(pending["identifier"])
    if _lookup(provider, value) is not None:
        raise SignInRefused("state")
    user = User(
        username=f"{provider.kind}-{secrets.token_hex(8)}",
        role=Role.RESIDENT,
        municipality=municipality,
        first_name=given_name.strip()[:150],
        last_name=family_name.strip()[:150],
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    person = person_for_bsn(municipality, value) if provider.kind == "digid" else None
    if person is not None:
        # Known to the municipality: this account is theirs; their record is not rewritten
        # from the form (the team keeps it).
        person.user = user
        person.save(update_fields=["user"])
        fields = ["identifier", "person"]
    else:
        person = person_create(
            municipality=municipality,
            given_name=given_name,
            family_name=family_name,
            postcode=postcode,
            user=user,
            actor=user,
            request=request,
            reason=f"first sign-in method={provider.kind}",
        )
        fields = ["identifier", "given_name", "family_name", "postcode"]
    identity = CitizenIdentity(
        municipality=municipality,
        kind=provider.kind,
        identifier=value,
        identifier_index=citizen_identifier_index(value),
        user=user,
        level=pending["level"],
        consented_at=timezone.now(),
    )
    identity.full_clean()
    identity.save()
    audit_record(
        event="identity.citizen_registered",
        actor=user,
        request=request,
        target=identity,
        subject_id=person.public_id,
        fields=fields,
        reason=f"method={provider.kind} loa={pending['level']} provider={provider.slug}"
        + (" person=existing" if fields[-1] == "person" else ""),
        municipality_code=municipality.code,
    )
    return user


def identifier_masked(identity: CitizenIdentity) -> str:
    """The number with all but its last three digits hidden, for the person themself."""
    value = identity.identifier
    return "•" * (len(value) - 3) + value[-3:]
