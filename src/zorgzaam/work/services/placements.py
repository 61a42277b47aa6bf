"""Writes of placements: recording one (with its bonuses and free places), ending it, and its
follow-ups."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import cast

from django.db import transaction
from django.utils.translation import gettext as _

from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError

from .. import events, sroi
from ..models import (
    FOLLOW_UP_MONTHS,
    Employer,
    FollowUp,
    FulfilmentEntry,
    JobSeeker,
    OfferKind,
    Placement,
    SroiContract,
)
from .base import _add_months, _clean, _same_municipality
from .contracts import _fulfilment_save

# --- placements ----------------------------------------------------------------------------


def placement_bonuses(seeker: JobSeeker, contract_type: str, start: dt.date) -> list[str]:
    """Bonuses of the building-block table that a placement earns: 50+ (age on the start
    date), status holder, permanent contract."""
    bonuses = []
    age = seeker.age_on(start)
    if (age is not None and age >= 50) or seeker.target_group == sroi.TargetGroup.OVER_50:
        bonuses.append(sroi.Bonus.OVER_50.value)
    if seeker.target_group == sroi.TargetGroup.STATUS_HOLDER:
        bonuses.append(sroi.Bonus.STATUS_HOLDER.value)
    if contract_type == Placement.ContractType.PERMANENT:
        bonuses.append(sroi.Bonus.PERMANENT_CONTRACT.value)
    return bonuses


def _free_places(employer: Employer, kind: str) -> int:
    running = employer.placements.filter(kind=kind, outcome=Placement.Outcome.OPEN).count()
    return employer.capacity(kind) - running


@transaction.atomic
def placement_record(
    *,
    actor,
    job_seeker: JobSeeker,
    employer: Employer,
    kind: str,
    start: dt.date,
    hours_per_week: Decimal,
    contract_type: str = Placement.ContractType.NONE,
    end: dt.date | None = None,
    contract: SroiContract | None = None,
) -> Placement:
    """Record a placement (with follow-up checks at 3, 6 and 12 months); with ``contract`` it
    also counts as an SROI fulfilment entry of that contract."""
    _same_municipality(actor, job_seeker, employer, contract)
    if kind not in OfferKind.values:
        raise ApplicationError(
            _("Choose what the employer offers: buddy, place or job."), field="kind"
        )
    if not employer.active:
        raise ApplicationError(_("This employer is no longer active."))
    if _free_places(employer, kind) <= 0:
        raise ApplicationError(
            _("%(employer)s has no free %(kind)s at the moment.")
            % {"employer": employer.name, "kind": OfferKind(kind).label},
            field="kind",
        )
    if job_seeker.placements.filter(
        employer=employer, kind=kind, outcome=Placement.Outcome.OPEN
    ).exists():
        raise ApplicationError(_("This job seeker already has this placement running."))
    if contract is not None and (
        start > contract.end or (end is not None and end < contract.start)
    ):
        raise ApplicationError(
            _("The placement does not fall within the contract period."), field="contract"
        )
    placement = Placement(
        municipality=job_seeker.municipality,
        job_seeker=job_seeker,
        employer=employer,
        kind=kind,
        start=start,
        end=end,
        hours_per_week=hours_per_week,
        contract_type=contract_type,
        created_by=actor,
    )
    _clean(placement)
    placement.save()
    FollowUp.objects.bulk_create(
        FollowUp(placement=placement, months=m, due_on=_add_months(start, m))
        for m in FOLLOW_UP_MONTHS
    )
    if contract is not None:
        table = contract.table.as_table()
        bonuses = [
            b
            for b in placement_bonuses(job_seeker, contract_type, start)
            if sroi.Bonus(b) in table.bonuses
        ]
        _fulfilment_save(
            actor,
            FulfilmentEntry(
                municipality=contract.municipality,
                contract=contract,
                kind=FulfilmentEntry.Kind.PLACEMENT,
                placement=placement,
                target_group=job_seeker.target_group,
                start=start,
                end=end,
                hours_per_week=hours_per_week,
                bonuses=bonuses,
            ),
            subject_id=job_seeker.person.public_id,
        )
    if job_seeker.status == JobSeeker.Status.ACTIVE:
        job_seeker.status = JobSeeker.Status.PLACED
        job_seeker.save(update_fields=["status", "updated_at"])
    audit_record(
        event=events.PLACEMENT_RECORDED,
        actor=actor,
        target=placement,
        subject_id=job_seeker.person.public_id,
        fields=["employer", "kind", "start", "hours_per_week", "contract_type"]
        + (["contract"] if contract else []),
    )
    return placement


@transaction.atomic
def placement_end(*, actor, placement: Placement, end: dt.date, outcome: str) -> Placement:
    _same_municipality(actor, placement)
    if outcome not in Placement.Outcome.values or outcome == Placement.Outcome.OPEN:
        raise ApplicationError(_("Choose how the placement ended."), field="outcome")
    placement.end = end
    placement.outcome = outcome
    _clean(placement)
    placement.save(update_fields=["end", "outcome", "updated_at"])
    entry = FulfilmentEntry.objects.filter(placement=placement).first()
    if entry is not None:
        entry.end = max(end, cast(dt.date, entry.start))
        entry.save(update_fields=["end", "updated_at"])
    seeker = placement.job_seeker
    working = outcome in (Placement.Outcome.WORK_FOUND, Placement.Outcome.PAID_JOB)
    others_open = seeker.placements.filter(outcome=Placement.Outcome.OPEN).exists()
    seeker.status = JobSeeker.Status.PLACED if working or others_open else JobSeeker.Status.ACTIVE
    seeker.save(update_fields=["status", "updated_at"])
    audit_record(
        event=events.PLACEMENT_ENDED,
        actor=actor,
        target=placement,
        subject_id=seeker.person.public_id,
        fields=["end", "outcome"],
    )
    return placement


@transaction.atomic
def follow_up_record(
    *,
    actor,
    follow_up: FollowUp,
    done_on: dt.date,
    still_working: bool,
    hours_per_week: Decimal | None = None,
) -> FollowUp:
    placement = follow_up.placement
    _same_municipality(actor, placement)
    if done_on < placement.start:
        raise ApplicationError(_("The check cannot be before the start of the placement."))
    follow_up.done_on = done_on
    follow_up.still_working = still_working
    follow_up.hours_per_week = hours_per_week if still_working else None
    _clean(follow_up)
    follow_up.save()
    audit_record(
        event=events.FOLLOW_UP_RECORDED,
        actor=actor,
        target=placement,
        subject_id=placement.job_seeker.person.public_id,
        fields=["done_on", "still_working", "hours_per_week"],
    )
    return follow_up
