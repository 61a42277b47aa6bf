"""How a person wants to hear from Zorgzaam: the preference (set by a coordinator or by the
resident), Dutch mobile numbers, and one-click unsubscribe from non-essential e-mail."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError

from .. import channels
from ..models import ContactPreference
from .queue import _preference


@transaction.atomic
def contact_preference_set(*, person, preferred: str, actor=None, request=None):
    """Record how a person wants to hear from Zorgzaam (a coordinator, on their behalf)."""
    if preferred not in ContactPreference.Preferred.values:
        raise ApplicationError(gettext("Unknown way of contact."), field="preferred")
    pref, _created = ContactPreference.objects.get_or_create(
        person=person, defaults={"municipality_id": person.municipality_id}
    )
    pref.preferred = preferred
    pref.save(update_fields=["preferred", "updated_at"])
    audit_record(
        event="help.contact.preference",
        actor=actor,
        request=request,
        target=pref,
        subject_id=person.public_id,
        fields=["preferred"],
        municipality_code=person.municipality.code,
    )
    return pref


_MOBILE = re.compile(r"(?:\+31|0031|0)6(\d{8})")
#: what a resident may choose on their own preference screen
OWN_CHOICES = (
    ContactPreference.Preferred.INBOX,
    ContactPreference.Preferred.EMAIL,
    ContactPreference.Preferred.SMS,
    ContactPreference.Preferred.CALL,
)


def dutch_mobile(value: str) -> str:
    """A Dutch mobile number (06 12345678, +31 6 12345678, 0031 6 ...), normalised to
    +316xxxxxxxx; anything else is refused."""
    digits = re.sub(r"[\s\-.()]", "", value or "")
    match = _MOBILE.fullmatch(digits)
    if not match:
        raise ApplicationError(
            gettext("Give a Dutch mobile number, such as 06 12345678."), field="phone"
        )
    return f"+316{match.group(1)}"


def contact_preference_of_user(user) -> ContactPreference | None:
    """The resident's own preference (kept on their person when they have one)."""
    person = getattr(user, "person", None)
    return _preference(person, user)


@transaction.atomic
def contact_preference_save_own(
    *, user, preferred: str, email: str = "", phone: str = "", request=None
) -> ContactPreference:
    """A resident chooses how Zorgzaam reaches them: only the in-app inbox, e-mail, SMS or a
    phone call from the hub (the call list). E-mail needs an e-mail address, SMS a Dutch
    mobile number and a municipality that sends text messages. Audited (field names only)."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    if preferred not in OWN_CHOICES:
        raise ApplicationError(gettext("Choose how we reach you."), field="preferred")
    email = (email or "").strip()
    phone = (phone or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ApplicationError(
                gettext("Give an e-mail address such as naam@voorbeeld.nl."), field="email"
            ) from None
    if phone:
        phone = dutch_mobile(phone)
    if preferred == ContactPreference.Preferred.EMAIL and not email:
        raise ApplicationError(
            gettext("Give the e-mail address we should write to."), field="email"
        )
    if preferred == ContactPreference.Preferred.SMS:
        if not phone:
            raise ApplicationError(gettext("Give the mobile number we should text."), field="phone")
        if channels.notifynl_for(user.municipality) is None:
            raise ApplicationError(
                gettext("Your municipality does not send text messages yet."), field="preferred"
            )
    person = getattr(user, "person", None)
    pref = _preference(person, user)
    if pref is None:
        pref = ContactPreference(
            municipality_id=user.municipality_id,
            person=person,
            user=None if person is not None else user,
        )
    changed = [
        name
        for name, value in (("preferred", preferred), ("email", email), ("phone", phone))
        if getattr(pref, name) != value
    ]
    pref.preferred, pref.email, pref.phone = preferred, email, phone
    if "email" in changed and pref.email_unsubscribed_at and preferred == "email":
        pref.email_unsubscribed_at = None  # a newly given address for e-mail: reminders too
        changed.append("email_unsubscribed_at")
    pref.full_clean()
    pref.save()
    audit_record(
        event="help.contact.preference",
        actor=user,
        request=request,
        target=pref,
        subject_id=person.public_id if person is not None else None,
        fields=changed,
        municipality_code=user.municipality.code,
    )
    return pref


@transaction.atomic
def email_unsubscribe(*, token: str, request=None) -> bool:
    """One-click unsubscribe (RFC 8058) from non-essential e-mail: the signed token names the
    person or user. Returns False for a token that does not check out."""
    from zorgzaam.accounts.models import User
    from zorgzaam.people.models import Person

    who = channels.unsubscribe_subject(token)
    if not who or who[:2] not in ("p:", "u:"):
        return False
    model, field = (Person, "person") if who.startswith("p:") else (User, "user")
    try:
        target = model.objects.filter(public_id=who[2:]).first()
    except (ValueError, TypeError):
        return False
    if target is None or target.municipality_id is None:
        return False
    pref, _created = ContactPreference.objects.get_or_create(
        **{field: target}, defaults={"municipality_id": target.municipality_id}
    )
    if pref.email_unsubscribed_at is None:
        pref.email_unsubscribed_at = timezone.now()
        pref.save(update_fields=["email_unsubscribed_at", "updated_at"])
        audit_record(
            event="help.contact.unsubscribe",
            request=request,
            target=pref,
            subject_id=target.public_id if field == "person" else None,
            fields=["email_unsubscribed_at"],
            municipality_code=getattr(target.municipality, "code", ""),
        )
    return True
