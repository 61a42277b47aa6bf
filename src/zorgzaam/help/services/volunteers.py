"""Writes of volunteers: their profile."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext

from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError

from .. import matching
from ..constants import (
    VogStatus,
    WorkBuddyRole,
)
from ..models import (
    VolunteerProfile,
)
from .base import _check_languages, _check_skill


# --------------------------------------------------------------------------- volunteers
@transaction.atomic
def volunteer_profile_save(
    *,
    person,
    actor=None,
    skills: list[str],
    languages: Sequence[str] = (),
    availability: int = matching.ALL_SLOTS,
    radius_km: float = 5.0,
    max_active_tasks: int = 2,
    vog_status: str = VogStatus.NONE,
    vog_expires_on: dt.date | None = None,
    paused: bool = False,
    paused_until: dt.date | None = None,
    work_buddy_role: str = WorkBuddyRole.NONE,
    employer_name: str = "",
    preferences: str = "",
) -> VolunteerProfile:
    """Create or update the volunteer profile of ``person``."""
    skills = list(dict.fromkeys(skills or ()))
    if not skills:
        raise ApplicationError(gettext("Choose at least one kind of help."), field="skills")
    for skill in skills:
        _check_skill(skill)
    languages = _check_languages(languages)
    try:
        matching.slots.check_mask(int(availability), "availability")
    except (matching.MatchingError, TypeError, ValueError) as exc:
        raise ApplicationError(
            gettext("Availability must be a set of weekly day parts."), field="availability"
        ) from exc
    if vog_status == VogStatus.VALID and vog_expires_on is None:
        raise ApplicationError(gettext("A valid VOG needs an expiry date."), field="vog_expires_on")
    if work_buddy_role not in WorkBuddyRole.values:
        raise ApplicationError(gettext("Unknown work buddy role."), field="work_buddy_role")
    if work_buddy_role and not employer_name.strip():
        raise ApplicationError(
            gettext("A work buddy names the local employer."), field="employer_name"
        )
    profile = VolunteerProfile.objects.filter(person=person).first()
    created = profile is None
    if profile is None:
        profile = VolunteerProfile(person=person, municipality_id=person.municipality_id)
    values = {
        "skills": skills,
        "languages": languages,
        "availability": int(availability),
        "radius_km": float(radius_km),
        "max_active_tasks": int(max_active_tasks),
        "vog_status": vog_status,
        "vog_expires_on": vog_expires_on,
        "paused": bool(paused),
        "paused_until": paused_until if paused else None,
        "work_buddy_role": work_buddy_role,
        "employer_name": employer_name.strip(),
        "preferences": preferences.strip(),
    }
    changed = [k for k, v in values.items() if getattr(profile, k) != v]
    for key, value in values.items():
        setattr(profile, key, value)
    try:
        profile.full_clean()
    except Exception as exc:
        raise ApplicationError(gettext("The volunteer profile is not valid: %s") % exc) from exc
    profile.save()
    audit_record(
        event="help.volunteer.change",
        actor=actor,
        target=profile,
        subject_id=person.public_id,
        fields=changed if not created else ["created", *values],
        municipality_code=person.municipality.code,
    )
    return profile
