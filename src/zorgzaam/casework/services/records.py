"""Writes of the case record: ZRM/positive-health measurements, notes and break-the-glass
access."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError

from .. import permissions
from ..models import (
    BreakGlass,
    CaseNote,
    Household,
    HouseholdMember,
    Measurement,
    MeasurementScore,
    PositiveHealth,
)
from .base import _audit, _ensure_access, _save, _scores_clean


@transaction.atomic
def measurement_record(
    *,
    actor,
    household: Household,
    moment: str,
    scores: dict[str, int],
    measured_on: date | None = None,
    spider: dict[str, int | str | None] | None = None,
    spider_member: HouseholdMember | None = None,
    request=None,
) -> Measurement:
    """A ZRM measurement (intake, review or exit) with optional Positieve Gezondheid."""
    _ensure_access(actor, household)
    if moment not in Measurement.Moment.values:
        raise ApplicationError(_("Choose intake, review or exit."), field="moment")
    cleaned = _scores_clean(household.zrm_version, scores)
    if not cleaned:
        raise ApplicationError(_("Give a score for at least one life domain."))
    measured_on = measured_on or timezone.localdate()
    if measured_on > timezone.localdate():
        raise ApplicationError(_("A measurement cannot be in the future."), field="measured_on")
    measurement = Measurement(
        household=household, moment=moment, measured_on=measured_on, recorded_by=actor
    )
    _save(measurement)
    MeasurementScore.objects.bulk_create(
        [MeasurementScore(measurement=measurement, domain=d, score=s) for d, s in cleaned]
    )
    fields = ["scores"]
    if spider and any(v not in (None, "") for v in spider.values()):
        if spider_member is None or spider_member.household_id != household.pk:
            raise ApplicationError(
                _("Choose whose Positive Health this is."), field="spider_member"
            )
        values = {}
        for key in ("body", "mental", "meaning", "quality", "participation", "daily"):
            value = spider.get(key)
            try:
                if value is None:
                    raise ValueError(key)
                values[key] = int(value)
            except ValueError:
                raise ApplicationError(
                    _("Positive Health needs all six dimensions, each 0 to 10.")
                ) from None
            if not 0 <= values[key] <= 10:
                raise ApplicationError(_("Positive Health needs all six dimensions, each 0 to 10."))
        ph = PositiveHealth(
            household=household,
            member=spider_member,
            measurement=measurement,
            recorded_on=measured_on,
            **values,
        )
        _save(ph)
        fields.append("positive_health")
    _audit(actor, "case.measure", household, request=request, fields=fields, target=measurement)
    return measurement


@transaction.atomic
def note_create(
    *,
    actor,
    household: Household,
    text: str,
    domains=(),
    about: HouseholdMember | None = None,
    request=None,
) -> CaseNote:
    """A case note: one text field plus optional domain tags."""
    _ensure_access(actor, household)
    if not text.strip():
        raise ApplicationError(_("The note is empty."), field="text")
    if about is not None and about.household_id != household.pk:
        raise ApplicationError(_("That person is not a member of this household."))
    note = CaseNote(household=household, text=text.strip(), about=about, author=actor)
    _save(note)
    note.domains.set([d for d in domains if d.version_id == household.zrm_version_id])
    _audit(actor, "case.note", household, request=request, fields=["text"], target=note)
    return note


@transaction.atomic
def break_glass_open(
    *, actor, household: Household, reason_code: str, reason: str, request=None
) -> BreakGlass:
    """Open a household outside one's team: reason required, time-limited, flagged to the
    holding team's lead. The audit line carries the reason code, not the free text."""
    if not permissions.can_break_glass(actor, household):
        raise PermissionDenied("break the glass not possible")
    reason = (reason or "").strip()
    if reason_code not in BreakGlass.Reason.values:
        raise ApplicationError(_("Choose a reason."), field="reason_code")
    if len(reason) < 10:
        raise ApplicationError(
            _("Explain in a sentence why you need to open this household."), field="reason"
        )
    grant = BreakGlass(
        household=household,
        user=actor,
        reason_code=reason_code,
        reason=reason[:200],
        expires_at=permissions.break_glass_expiry(),
    )
    _save(grant)
    for subject_id in permissions.subject_ids(household) or [None]:
        audit_record(
            event="case.break_glass",
            actor=actor,
            request=request,
            target=household,
            subject_id=subject_id,
            reason=f"break the glass: {reason_code}",
        )
    return grant


@transaction.atomic
def break_glass_review(*, actor, grant: BreakGlass, request=None) -> BreakGlass:
    if not permissions.break_glass_for_lead(actor).filter(pk=grant.pk).exists():
        raise PermissionDenied("not the lead of the holding team")
    if grant.reviewed_at is None:
        grant.reviewed_by, grant.reviewed_at = actor, timezone.now()
        grant.save(update_fields=["reviewed_by", "reviewed_at", "updated_at"])
        audit_record(
            event="case.change", actor=actor, request=request, target=grant, fields=["reviewed"]
        )
    return grant
