"""Writes of employers and job seekers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError
from zorgzaam.common.updates import model_update
from zorgzaam.common.validators import phone_clean
from zorgzaam.tenancy.models import PostcodeArea

from .. import events, vocab
from ..models import (
    ContactPerson,
    Employer,
    JobSeeker,
)
from .base import _check_terms, _clean, _same_municipality, normalise_postcode

# --- employers -----------------------------------------------------------------------------


@transaction.atomic
def employer_create(
    *,
    actor,
    name: str,
    sector: str,
    postcode: str,
    kvk_number: str = "",
    work_experience_places: int = 0,
    job_openings: int = 0,
    buddy_capacity: int = 0,
    hosts_peer_group: bool = False,
    is_social_enterprise: bool = False,
    skills: Iterable[str] = (),
    languages: Iterable[str] = ("nl",),
    availability: int = 0,
    socialmap_organization_id=None,
    contacts: Iterable[dict[str, str]] = (),
) -> Employer:
    postcode = normalise_postcode(postcode)
    area = PostcodeArea.objects.filter(pc4=postcode[:4]).first()
    if area is None:
        raise ApplicationError(
            _("Postcode area %(pc4)s is not known; check the postcode.") % {"pc4": postcode[:4]},
            field="postcode",
        )
    employer = Employer(
        municipality=actor.municipality,
        name=name.strip(),
        sector=sector,
        kvk_number=(kvk_number or "").replace(" ", ""),
        postcode=postcode,
        latitude=area.latitude,
        longitude=area.longitude,
        work_experience_places=work_experience_places,
        job_openings=job_openings,
        buddy_capacity=buddy_capacity,
        hosts_peer_group=hosts_peer_group,
        is_social_enterprise=is_social_enterprise,
        skills=_check_terms(skills, vocab.SKILLS, "skills"),
        languages=list(dict.fromkeys(languages)),
        availability=availability,
        socialmap_organization_id=socialmap_organization_id,
    )
    if (
        employer.kvk_number
        and Employer.objects.for_municipality(actor.municipality)
        .filter(kvk_number=employer.kvk_number)
        .exists()
    ):
        raise ApplicationError(
            _("An employer with this KvK number exists already."), field="kvk_number"
        )
    _clean(employer)
    employer.save()
    for contact in contacts:
        if "phone" in contact:
            contact = {**contact, "phone": phone_clean(contact["phone"], field="contact_phone")}
        person = ContactPerson(employer=employer, **contact)
        _clean(person)
        person.save()
    audit_record(event=events.EMPLOYER_CREATED, actor=actor, target=employer)
    return employer


# --- job seekers ---------------------------------------------------------------------------


@transaction.atomic
def job_seeker_register(
    *,
    actor,
    person,
    target_group: str,
    work_goal: str,
    wishes: str = "",
    limits: str = "",
    skills: Iterable[str] = (),
    sectors: Iterable[str] = (),
    availability: int = 0,
    hours_per_week: Decimal = Decimal(24),
    max_travel_km: Decimal = Decimal(10),
    plan_goal_id=None,
    registered_on: dt.date | None = None,
) -> JobSeeker:
    _same_municipality(actor, person)
    if JobSeeker.objects.filter(person=person).exists():
        raise ApplicationError(_("This person is registered as a job seeker already."))
    seeker = JobSeeker(
        municipality=person.municipality,
        person=person,
        target_group=target_group,
        work_goal=work_goal.strip(),
        wishes=wishes.strip(),
        limits=limits.strip(),
        skills=_check_terms(skills, vocab.SKILLS, "skills"),
        sectors=_check_terms(sectors, vocab.SECTORS, "sectors"),
        availability=availability,
        hours_per_week=hours_per_week,
        max_travel_km=max_travel_km,
        plan_goal_id=plan_goal_id,
        registered_on=registered_on or dt.date.today(),
    )
    _clean(seeker)
    seeker.save()
    audit_record(
        event=events.JOB_SEEKER_REGISTERED,
        actor=actor,
        target=seeker,
        subject_id=person.public_id,
        fields=["target_group", "work_goal", "skills", "sectors", "availability"],
    )
    return seeker


JOB_SEEKER_FIELDS = (
    "target_group",
    "work_goal",
    "wishes",
    "limits",
    "skills",
    "sectors",
    "availability",
    "hours_per_week",
    "max_travel_km",
    "plan_goal_id",
    "status",
)


@transaction.atomic
def job_seeker_update(*, actor, job_seeker: JobSeeker, **changes) -> JobSeeker:
    """Change a job seeker's work profile; the audit line names the changed fields."""
    _same_municipality(actor, job_seeker)
    unknown = set(changes) - set(JOB_SEEKER_FIELDS)
    if unknown:
        raise ValueError(f"cannot change {', '.join(sorted(unknown))}")
    if "skills" in changes:
        changes["skills"] = _check_terms(changes["skills"], vocab.SKILLS, "skills")
    if "sectors" in changes:
        changes["sectors"] = _check_terms(changes["sectors"], vocab.SECTORS, "sectors")
    for key in ("work_goal", "wishes", "limits"):
        if key in changes:
            changes[key] = changes[key].strip()
    changed = model_update(job_seeker, changes, JOB_SEEKER_FIELDS, clean=_clean)
    if changed:
        audit_record(
            event=events.JOB_SEEKER_CHANGED,
            actor=actor,
            target=job_seeker,
            subject_id=job_seeker.person.public_id,
            fields=changed,
        )
    return job_seeker


EMPLOYER_FIELDS = (
    "name",
    "sector",
    "work_experience_places",
    "job_openings",
    "buddy_capacity",
    "hosts_peer_group",
    "is_social_enterprise",
    "skills",
    "availability",
    "socialmap_organization_id",
    "active",
)


@transaction.atomic
def employer_update(*, actor, employer: Employer, **changes) -> Employer:
    """Change what an employer offers (or deactivate it); running placements stay."""
    _same_municipality(actor, employer)
    unknown = set(changes) - set(EMPLOYER_FIELDS)
    if unknown:
        raise ValueError(f"cannot change {', '.join(sorted(unknown))}")
    if "skills" in changes:
        changes["skills"] = _check_terms(changes["skills"], vocab.SKILLS, "skills")
    changed = model_update(employer, changes, EMPLOYER_FIELDS, clean=_clean)
    if changed:
        audit_record(event=events.EMPLOYER_CHANGED, actor=actor, target=employer, fields=changed)
    return employer
