"""Writes of help requests: creating one, with its time window."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError
from zorgzaam.common.validators import phone_clean
from zorgzaam.people.services import person_create
from zorgzaam.tenancy.selectors import (
    postcode_area_get,
    postcode_area_in_municipality,
    postcode_normalise,
)

from .. import matching
from ..constants import (
    LANGUAGE_CODES,
    ON_BEHALF,
    VOG_SKILLS,
    RequestKind,
    SubmittedVia,
    Urgency,
)
from ..models import (
    HelpRequest,
)
from .base import _check_skill, _notify_coordinators

#: how far ahead a one-off window may start, and the default window when none is given
MAX_LEAD = dt.timedelta(days=365)


DEFAULT_WINDOW = dt.timedelta(days=14)


# --------------------------------------------------------------------------- requests
def _window(recurring, slots, window_start, window_end, now):
    if recurring:
        try:
            mask = matching.slots.check_mask(int(slots or 0), "slots")
        except (matching.MatchingError, TypeError, ValueError) as exc:
            raise ApplicationError(gettext("Choose weekly day parts."), field="slots") from exc
        if mask == 0:
            raise ApplicationError(
                gettext("A recurring request needs at least one weekly day part."), field="slots"
            )
        return None, None, mask
    if (window_start is None) != (window_end is None):
        raise ApplicationError(gettext("Give both the start and the end of the time window."))
    if window_start is None:
        window_start, window_end = now, now + DEFAULT_WINDOW
    if timezone.is_naive(window_start):
        window_start = timezone.make_aware(window_start)
    if timezone.is_naive(window_end):
        window_end = timezone.make_aware(window_end)
    if window_end <= window_start:
        raise ApplicationError(
            gettext("The time window ends before it starts."), field="window_end"
        )
    if window_end <= now:
        raise ApplicationError(
            gettext("The time window has already passed; choose a time in the future."),
            field="window_end",
        )
    if window_start > now + MAX_LEAD:
        raise ApplicationError(
            gettext("The time window starts more than a year from now."), field="window_start"
        )
    local_start = timezone.localtime(max(window_start, now)).replace(tzinfo=None)
    local_end = timezone.localtime(window_end).replace(tzinfo=None)
    if local_end - local_start < dt.timedelta(minutes=30):
        raise ApplicationError(
            gettext("The time window is too short for a volunteer to come (less than 30 minutes)."),
            field="window_end",
        )
    mask = matching.window_to_slots(local_start, local_end)
    if mask == 0:  # pragma: no cover - window_to_slots always yields a slot
        raise ApplicationError(gettext("The time window cannot be met."), field="window_end")
    return window_start, window_end, mask


@transaction.atomic
def help_request_create(
    *,
    municipality,
    requester,
    skill: str,
    description: str,
    postcode: str | None = None,
    address: str | None = None,
    phone: str | None = None,
    window_start: dt.datetime | None = None,
    window_end: dt.datetime | None = None,
    recurring: bool = False,
    slots: int | None = None,
    urgency: str = Urgency.NORMAL,
    language: str = "nl",
    requires_vog: bool = False,
    kind: str = RequestKind.ONE_OFF,
    submitted_via: str = SubmittedVia.SELF,
    submitted_by=None,
    consent: bool = False,
    request=None,
) -> HelpRequest:
    """Store a help request (status ``new``) and tell the hub coordinators.

    ``requester`` is the Person who needs help; ``postcode``/``address``/``phone`` default to
    theirs. Refused with a clear ``ApplicationError``: a postcode outside ``municipality``,
    an unknown skill or language, a window that cannot be met (ends before it starts, already
    passed, too short, more than a year ahead), a recurring request without day parts, and
    asking on behalf of someone (professional, neighbour) without their recorded consent.
    """
    now = timezone.now()
    if requester.municipality_id != municipality.pk:
        raise ApplicationError(gettext("This person lives in another municipality."))
    _check_skill(skill)
    description = (description or "").strip()
    if not description:
        raise ApplicationError(gettext("Describe what help is needed."), field="description")
    if language not in LANGUAGE_CODES:
        raise ApplicationError(
            gettext("Unknown language: %(code)s.") % {"code": language}, field="language"
        )
    if urgency not in Urgency.values:
        raise ApplicationError(gettext("Unknown urgency."), field="urgency")
    if kind not in RequestKind.values:
        raise ApplicationError(gettext("Unknown kind of request."), field="kind")
    if submitted_via not in SubmittedVia.values:
        raise ApplicationError(gettext("Unknown way of asking."))
    if submitted_via in ON_BEHALF and not consent:
        raise ApplicationError(
            gettext("Asking on someone's behalf needs their consent; record that they agreed."),
            field="consent",
        )
    normalised = postcode_normalise(postcode or requester.postcode)
    pc_area = postcode_area_in_municipality(normalised, municipality)
    window_start, window_end, mask = _window(recurring, slots, window_start, window_end, now)
    # at the requester's own postcode, their approximate point (~100 m) and village are more
    # precise than the PC4 centroid; elsewhere (e.g. a pick-up address) the PC4 is used
    at_home = (
        requester.postcode[:4] == normalised[:4]
        and requester.latitude is not None
        and requester.longitude is not None
    )
    lat, lon = (
        (requester.latitude, requester.longitude)
        if at_home
        else (pc_area.latitude, pc_area.longitude)
    )
    area = requester.area if at_home and requester.area_id else pc_area.area
    help_request = HelpRequest(
        municipality=municipality,
        requester=requester,
        submitted_via=submitted_via,
        submitted_by=submitted_by,
        consent_recorded_at=now if (consent or submitted_via in ON_BEHALF) else None,
        skill=skill,
        description=description,
        postcode=normalised,
        postcode_area=pc_area,
        area=area,
        address=(address if address is not None else requester.street_address).strip(),
        phone=phone_clean(phone) if phone is not None else requester.phone.strip(),
        latitude=round(lat, 3),
        longitude=round(lon, 3),
        recurring=bool(recurring),
        window_start=window_start,
        window_end=window_end,
        slots=mask,
        urgency=urgency,
        language=language,
        requires_vog=bool(requires_vog) or skill in VOG_SKILLS,
        kind=kind,
    )
    help_request.full_clean()
    help_request.save()
    audit_record(
        event="help.request.create",
        actor=submitted_by,
        request=request,
        target=help_request,
        subject_id=requester.public_id,
        reason=submitted_via,
        municipality_code=municipality.code,
    )
    link = reverse("help:coordinate_request", args=[help_request.public_id])
    _notify_coordinators(
        municipality,
        kind="request.new",
        subject=_("New help request"),
        body=_("A new help request is waiting for a volunteer. Open it to propose someone."),
        link=link,
        help_request=help_request,
    )
    return help_request


def help_request_create_for_new_person(
    *,
    given_name: str,
    family_name: str,
    postcode: str,
    street_address: str,
    phone: str,
    email: str = "",
    language: str = "nl",
    submitted_by=None,
    request=None,
    **request_fields,
) -> HelpRequest:
    """Store a resident Zorgzaam does not know yet (the public form, a coordinator taking a
    phone call) and their help request, in one transaction: the person is recorded
    (``person.create``, by ``submitted_by`` or nobody) and the request is stored as by
    ``help_request_create`` (``request_fields``: skill, description, window, ...).

    Refused with a clear ``ApplicationError`` on the ``postcode`` field, nothing written: a
    postcode of no municipality served here, or, for a signed-in ``submitted_by``, one
    outside their municipality; and whatever ``person_create`` or ``help_request_create``
    refuses (then the person is not kept either)."""
    pc_area = postcode_area_get(postcode)
    if pc_area.municipality is None:
        raise ApplicationError(
            gettext("Postcode %(pc)s is not served here yet.") % {"pc": pc_area.pc4},
            field="postcode",
        )
    municipality = pc_area.municipality
    if submitted_by is not None and municipality.pk != submitted_by.municipality_id:
        raise ApplicationError(
            gettext("Postcode %(pc)s lies outside %(m)s.")
            % {"pc": pc_area.pc4, "m": submitted_by.municipality.name},
            field="postcode",
        )
    with transaction.atomic():
        person = person_create(
            municipality=municipality,
            given_name=given_name,
            family_name=family_name,
            postcode=postcode,
            street_address=street_address.strip(),
            phone=phone.strip(),
            email=email or "",
            languages=[language],
            actor=submitted_by,
            request=request,
            reason=request_fields.get("submitted_via", ""),
        )
        return help_request_create(
            municipality=municipality,
            requester=person,
            postcode=postcode,
            language=language,
            submitted_by=submitted_by,
            request=request,
            **request_fields,
        )
