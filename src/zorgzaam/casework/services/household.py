"""Writes of a household: intake, members, team assignment, closing, consent, network, urgency
and the retention purge."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgzaam.accounts.models import TeamMembership, User
from zorgzaam.accounts.roles import Role
from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError
from zorgzaam.common.updates import model_update
from zorgzaam.people.services import person_create
from zorgzaam.tenancy.selectors import postcode_area_in_municipality, postcode_normalise

from .. import permissions
from ..bsn import bsn_clean, bsn_index, bsn_indexes
from ..models import (
    BreakGlass,
    CaseNote,
    Consent,
    Household,
    HouseholdMember,
    Measurement,
    MeasurementScore,
    NetworkMember,
    Plan,
    Referral,
    UrgencyRequest,
)
from .base import (
    BsnConflict,
    IntakeInput,
    MemberInput,
    _audit,
    _bsn_conflict_audited,
    _bsn_holder,
    _ensure_access,
    _save,
    _scores_clean,
    _team_check,
    current_zrm_version,
)


@_bsn_conflict_audited
@transaction.atomic
def household_intake(*, actor, data: IntakeInput, request=None) -> Household:
    """The one-page intake: household, members, optional own network, scores and a note."""
    if actor.role not in (Role.PROFESSIONAL, Role.TEAM_LEAD) or actor.municipality is None:
        raise PermissionDenied("not a team role")
    municipality = actor.municipality
    _team_check(actor, data.team)
    if not data.name.strip():
        raise ApplicationError(_("Give the household a name."), field="name")
    postcode = postcode_normalise(data.postcode)
    pc_area = postcode_area_in_municipality(postcode, municipality)
    members = [m for m in data.members if m.person is not None or m.family_name.strip()]
    if not members:
        raise ApplicationError(_("Register at least one household member."), field="members")
    version = current_zrm_version()
    scores = _scores_clean(version, data.scores)

    household = Household(
        municipality=municipality,
        name=data.name.strip(),
        postcode=postcode,
        postcode_area=pc_area,
        area=pc_area.area,
        team=data.team,
        zrm_version=version,
    )
    _save(household)
    household.professionals.add(actor)
    Plan.objects.create(household=household)

    for i, m in enumerate(members, start=1):
        _member_create(household=household, data=m, n=i, actor=actor, request=request)
    seen_bsn = any(m.bsn.strip() for m in members)

    if data.network_name.strip():
        network = NetworkMember(
            household=household,
            name=data.network_name.strip(),
            relation=data.network_relation.strip() or _("acquaintance"),
            can_help_with=data.network_can_help_with.strip(),
        )
        _save(network)
    if scores:
        measurement = Measurement.objects.create(
            household=household, moment=Measurement.Moment.INTAKE, recorded_by=actor
        )
        MeasurementScore.objects.bulk_create(
            [MeasurementScore(measurement=measurement, domain=d, score=s) for d, s in scores]
        )
    if data.note.strip():
        CaseNote.objects.create(household=household, text=data.note.strip(), author=actor)
    fields = ["name", "postcode", "team", "members"]
    fields += ["bsn"] if seen_bsn else []
    fields += ["scores"] if scores else []
    fields += ["note"] if data.note.strip() else []
    _audit(actor, "case.create", household, request=request, fields=fields)
    return household


def _bsn_set(member: HouseholdMember, value: str) -> None:
    household = member.household
    number = bsn_clean(value)
    index, indexes = bsn_index(number), bsn_indexes(number)
    if household.members.filter(bsn_index__in=indexes).exclude(pk=member.pk).exists():
        raise ApplicationError(_("The same BSN is given twice."), field="bsn")
    holder = _bsn_holder(household.municipality, indexes, exclude_household=household)
    if holder is not None:
        raise BsnConflict(holder, household)
    member.bsn, member.bsn_index = number, index


def _member_create(
    *, household: Household, data: MemberInput, n: int = 1, actor=None, request=None
) -> HouseholdMember:
    municipality = household.municipality
    person = data.person
    if person is None:
        if not data.given_name.strip() or not data.family_name.strip():
            raise ApplicationError(
                _("Member %(n)s needs a first and a last name.") % {"n": n}, field="members"
            )
        person = person_create(
            municipality=municipality,
            given_name=data.given_name,
            infix=data.infix,
            family_name=data.family_name,
            postcode=household.postcode,
            date_of_birth=data.date_of_birth,
            actor=actor,
            request=request,
            reason="household member",
        )
    elif person.municipality_id != municipality.pk:
        raise ApplicationError(_("That person is not known in your municipality."))
    elif (
        HouseholdMember.objects.filter(person=person, household__status=Household.Status.OPEN)
        .exclude(household=household)
        .exists()
    ):
        raise ApplicationError(
            _(
                "%(name)s is already a member of an open household. Ask your team lead; "
                "one household, one plan."
            )
            % {"name": person.full_name},
            field="members",
        )
    if household.members.filter(person=person).exists():
        raise ApplicationError(_("The same person is listed twice."), field="members")
    if data.role not in HouseholdMember.Role.values:
        raise ApplicationError(_("Choose the role in the household."), field="role")
    member = HouseholdMember(
        household=household,
        person=person,
        role=data.role,
        date_of_birth=data.date_of_birth or person.date_of_birth,
    )
    if data.bsn.strip():
        _bsn_set(member, data.bsn)
    _save(member)
    return member


@_bsn_conflict_audited
@transaction.atomic
def member_add(*, actor, household: Household, data: MemberInput, request=None):
    """Add someone to the household after the intake."""
    _ensure_access(actor, household)
    member = _member_create(household=household, data=data, actor=actor, request=request)
    fields = ["members"] + (["bsn"] if data.bsn.strip() else [])
    _audit(actor, "case.change", household, request=request, fields=fields)
    return member


@_bsn_conflict_audited
@transaction.atomic
def member_update(
    *,
    actor,
    member: HouseholdMember,
    role: str,
    date_of_birth: date | None,
    bsn: str | None = None,
    remove_bsn: bool = False,
    request=None,
) -> HouseholdMember:
    """Rectification (AVG art. 16): role, date of birth, BSN (``None`` keeps it, or remove)."""
    household = member.household
    _ensure_access(actor, household)
    if role not in HouseholdMember.Role.values:
        raise ApplicationError(_("Choose the role in the household."), field="role")
    changed = model_update(
        member, {"role": role, "date_of_birth": date_of_birth}, clean=False, save=False
    )
    if remove_bsn and member.bsn_index:
        member.bsn, member.bsn_index = "", ""
        changed.append("bsn")
    elif bsn and bsn.strip():
        previous = member.bsn_index
        _bsn_set(member, bsn)
        if member.bsn_index != previous:
            changed.append("bsn")
    _save(member)
    if changed:
        audit_record(
            event="case.change",
            actor=actor,
            request=request,
            target=member,
            subject_id=member.person.public_id,
            fields=changed,
        )
    return member


@transaction.atomic
def household_assign(*, actor, household: Household, professionals: list[User], request=None):
    _ensure_access(actor, household)
    team_user_ids = set(
        TeamMembership.objects.filter(team=household.team).values_list("user_id", flat=True)
    )
    if not professionals:
        raise ApplicationError(_("Assign at least one professional."))
    for user in professionals:
        if user.pk not in team_user_ids:
            raise ApplicationError(_("Assign only members of the holding team."))
    household.professionals.set(professionals)
    _audit(actor, "case.change", household, request=request, fields=["professionals"])


@transaction.atomic
def household_close(*, actor, household: Household, request=None) -> Household:
    _ensure_access(actor, household)
    if household.status == Household.Status.CLOSED:
        raise ApplicationError(_("This household is already closed."))
    household.status = Household.Status.CLOSED
    household.closed_on = timezone.localdate()
    household.save(update_fields=["status", "closed_on", "updated_at"])
    _audit(actor, "case.close", household, request=request, fields=["status", "closed_on"])
    return household


@transaction.atomic
def consent_register(
    *,
    actor,
    household: Household,
    member: HouseholdMember,
    what: str,
    with_whom: str,
    method: str,
    given_on: date | None = None,
    request=None,
) -> Consent:
    _ensure_access(actor, household)
    if member.household_id != household.pk:
        raise ApplicationError(_("That person is not a member of this household."))
    if not what.strip() or not with_whom.strip():
        raise ApplicationError(_("Say what is shared and with whom."))
    consent = Consent(
        household=household,
        member=member,
        what=what.strip(),
        with_whom=with_whom.strip(),
        method=method,
        given_on=given_on or timezone.localdate(),
        recorded_by=actor,
    )
    if consent.given_on > timezone.localdate():
        raise ApplicationError(_("Consent cannot be given in the future."), field="given_on")
    _save(consent)
    audit_record(
        event="case.consent",
        actor=actor,
        request=request,
        target=consent,
        subject_id=member.person.public_id,
        fields=["what", "with_whom", "method", "given_on"],
    )
    return consent


@transaction.atomic
def consent_withdraw(*, actor, consent: Consent, request=None) -> Consent:
    _ensure_access(actor, consent.household)
    if consent.withdrawn_on is not None:
        raise ApplicationError(_("This consent was already withdrawn."))
    consent.withdrawn_on = timezone.localdate()
    consent.save(update_fields=["withdrawn_on", "updated_at"])
    audit_record(
        event="case.consent_withdraw",
        actor=actor,
        request=request,
        target=consent,
        subject_id=consent.member.person.public_id,
        fields=["withdrawn_on"],
    )
    return consent


@transaction.atomic
def network_member_add(
    *,
    actor,
    household: Household,
    name: str,
    relation: str,
    can_help_with: str = "",
    domains=(),
    request=None,
) -> NetworkMember:
    _ensure_access(actor, household)
    if not name.strip() or not relation.strip():
        raise ApplicationError(_("Give a name and the relation to the household."))
    member = NetworkMember(
        household=household,
        name=name.strip(),
        relation=relation.strip(),
        can_help_with=can_help_with.strip(),
    )
    _save(member)
    member.domains.set([d for d in domains if d.version_id == household.zrm_version_id])
    _audit(actor, "case.change", household, request=request, fields=["network"])
    return member


@transaction.atomic
def households_purge(*, retention_days: int, today: date | None = None) -> int:
    """Delete households closed longer ago than the retention period, with everything of
    theirs (members, plan, notes, scores, referrals, consents). Persons stay (other parts
    use them). One audit line per household and person concerned, as the system."""
    if retention_days < 0:
        raise ApplicationError(_("The retention period cannot be negative."))
    cutoff = (today or timezone.localdate()) - timedelta(days=retention_days)
    due = list(
        Household.objects.filter(
            status=Household.Status.CLOSED, closed_on__lt=cutoff
        ).select_related("municipality")
    )
    for household in due:
        for subject_id in permissions.subject_ids(household) or [None]:
            audit_record(
                event="case.purge",
                target=household,
                subject_id=subject_id,
                reason=f"retention {retention_days} days",
                municipality_code=household.municipality.code,
            )
        BreakGlass.objects.filter(household=household).delete()
        Referral.objects.filter(action__goal__plan__household=household).delete()
        household.delete()
    return len(due)


@transaction.atomic
def urgency_request(*, actor, household: Household, reason: str, request=None) -> UrgencyRequest:
    """Record a social-team urgency request for housing."""
    _ensure_access(actor, household)
    if len((reason or "").strip()) < 10:
        raise ApplicationError(_("Explain the reason for urgency in a sentence."), field="reason")
    if household.urgencies.filter(decision=UrgencyRequest.Decision.PENDING).exists():
        raise ApplicationError(_("An urgency request is already waiting for a decision."))
    urgency = UrgencyRequest(household=household, reason=reason.strip(), requested_by=actor)
    _save(urgency)
    _audit(actor, "case.change", household, request=request, fields=["urgency"])
    return urgency


@transaction.atomic
def urgency_decide(
    *,
    actor,
    urgency: UrgencyRequest,
    decision: str,
    note: str = "",
    decided_on: date | None = None,
    request=None,
) -> UrgencyRequest:
    """Record the decision that came back on an urgency request."""
    household = urgency.household
    _ensure_access(actor, household)
    if urgency.decision != UrgencyRequest.Decision.PENDING:
        raise ApplicationError(_("A decision has already been recorded."))
    if decision not in (UrgencyRequest.Decision.GRANTED, UrgencyRequest.Decision.REFUSED):
        raise ApplicationError(_("Choose granted or refused."), field="decision")
    decided_on = decided_on or timezone.localdate()
    if decided_on < urgency.requested_on or decided_on > timezone.localdate():
        raise ApplicationError(
            _("The decision date lies between the request and today."), field="decided_on"
        )
    urgency.decision, urgency.decided_on = decision, decided_on
    urgency.decision_note = (note or "").strip()
    _save(urgency)
    _audit(actor, "case.change", household, request=request, fields=["urgency.decision"])
    return urgency
