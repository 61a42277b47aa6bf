"""Writes of casework: ``<entity>_<verb>(*, actor, ...)``, atomic, audited in the same
transaction (ids and field names only, never values)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgzaam.accounts.models import TeamMembership, User
from zorgzaam.accounts.roles import Role
from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError
from zorgzaam.common.validators import phone_clean
from zorgzaam.people.models import Person
from zorgzaam.people.services import person_create
from zorgzaam.tenancy.selectors import postcode_area_in_municipality, postcode_normalise

from . import permissions
from .bsn import bsn_clean, bsn_index, bsn_indexes
from .models import (
    Action,
    BreakGlass,
    CaseNote,
    Consent,
    Goal,
    Household,
    HouseholdMember,
    Measurement,
    MeasurementScore,
    NetworkMember,
    Plan,
    PositiveHealth,
    Referral,
    ReferralUpdate,
    UrgencyRequest,
    ZrmDomain,
    ZrmVersion,
)
from .resources import action_kind_for, suggestions_for


@dataclass
class MemberInput:
    role: str
    person: Person | None = None
    given_name: str = ""
    infix: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    bsn: str = ""


@dataclass
class IntakeInput:
    name: str
    postcode: str
    team: object
    members: list[MemberInput] = field(default_factory=list)
    scores: dict[str, int] = field(default_factory=dict)
    note: str = ""
    network_name: str = ""
    network_relation: str = ""
    network_can_help_with: str = ""


def _validation_message(exc: ValidationError) -> str:
    return "; ".join(exc.messages)


def _save(obj) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise ApplicationError(_validation_message(exc)) from exc
    obj.save()


def _ensure_access(actor, household: Household) -> None:
    if not permissions.can_see(actor, household):
        raise PermissionDenied("no need-to-know")


def _audit(actor, event: str, household: Household, *, request=None, fields=(), target=None):
    for subject_id in permissions.subject_ids(household) or [None]:
        audit_record(
            event=event,
            actor=actor,
            request=request,
            target=target if target is not None else household,
            subject_id=subject_id,
            fields=fields,
        )


def current_zrm_version() -> ZrmVersion:
    """The current ZRM version. The data migration loads the reference data; when a table
    flush removed it (test runs with transactional flushes), it is loaded again here."""
    version = ZrmVersion.objects.filter(is_current=True).first()
    if version is None:
        from .zrm import load_versions

        load_versions(ZrmVersion, ZrmDomain)
        version = ZrmVersion.objects.filter(is_current=True).first()
    if version is None:
        raise ApplicationError(_("No current ZRM version is loaded (run the migrations)."))
    return version


class BsnConflict(ApplicationError):
    """The BSN belongs to a member of another open household. The message says no more than
    that the number cannot be registered (which household, team or person it is would tell a
    professional about a client outside their need-to-know); the refusal is audited, with
    the household and person touched, for the team lead (``_bsn_conflict_audited``)."""

    def __init__(self, other: HouseholdMember, household: Household | None):
        super().__init__(
            _(
                "This BSN cannot be registered. Your team lead can see why and will help; "
                "one household, one plan."
            ),
            field="bsn",
        )
        self.other, self.household = other, household


def _bsn_holder(municipality, indexes: list[str], *, exclude_household=None):
    """The member of another open household of the municipality with this BSN, if any."""
    qs = HouseholdMember.objects.filter(
        bsn_index__in=indexes,
        household__municipality=municipality,
        household__status=Household.Status.OPEN,
    ).select_related("household__municipality", "person")
    if exclude_household is not None:
        qs = qs.exclude(household=exclude_household)
    return qs.first()


def _bsn_conflict_audited(service):
    """Outside the service's transaction: a refusal for a BSN held in another open household
    is rolled back with the rest, but its audit line must stay. Written here, after the
    rollback, then the refusal goes on to the caller."""

    @functools.wraps(service)
    def wrapper(*args, **kwargs):
        try:
            return service(*args, **kwargs)
        except BsnConflict as exc:
            own = exc.household
            own_saved = own is not None and Household.objects.filter(pk=own.pk).exists()
            audit_record(
                event="case.bsn_conflict",
                actor=kwargs.get("actor"),
                request=kwargs.get("request"),
                target=exc.other.household,
                subject_id=exc.other.person.public_id,
                reason=(
                    f"BSN refused for household {own.public_id}"
                    if own_saved
                    else "BSN refused at an intake"
                ),
                fields=["bsn"],
                denied=True,
                municipality_code=exc.other.household.municipality.code,
            )
            raise

    return wrapper


def _team_check(actor, team) -> None:
    if team is None or team.municipality_id != actor.municipality_id:
        raise ApplicationError(_("Choose one of your own teams."), field="team")
    if not TeamMembership.objects.filter(team=team, user=actor).exists():
        raise ApplicationError(_("You can only register a household in your own team."))


def _scores_clean(version: ZrmVersion, scores: dict[str, int]) -> list[tuple[ZrmDomain, int]]:
    domains = {d.code: d for d in version.domains.all()}
    result = []
    for code, value in scores.items():
        if value in (None, ""):
            continue
        if code not in domains:
            raise ApplicationError(_("Unknown ZRM domain %(code)s.") % {"code": code})
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = 0
        if not 1 <= number <= 5:
            raise ApplicationError(
                _("A ZRM score is a whole number from 1 to 5 (%(domain)s).")
                % {"domain": domains[code].name}
            )
        result.append((domains[code], number))
    return result


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
        _member_create(household=household, data=m, n=i)
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


def _member_create(*, household: Household, data: MemberInput, n: int = 1) -> HouseholdMember:
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
    member = _member_create(household=household, data=data)
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
    changed = []
    if member.role != role:
        member.role = role
        changed.append("role")
    if member.date_of_birth != date_of_birth:
        member.date_of_birth = date_of_birth
        changed.append("date_of_birth")
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


def _domain_of(household: Household, domain) -> ZrmDomain:
    if isinstance(domain, str):
        found = household.zrm_version.domains.filter(code=domain).first()
    else:
        found = domain if domain.version_id == household.zrm_version_id else None
    if found is None:
        raise ApplicationError(_("Choose a life domain of the household's ZRM version."))
    return found


@transaction.atomic
def goal_create(*, actor, household: Household, domain, description: str, request=None) -> Goal:
    _ensure_access(actor, household)
    domain = _domain_of(household, domain)
    if not description.strip():
        raise ApplicationError(_("Describe the goal in a few words."), field="description")
    goal = Goal(plan=household.plan, domain=domain, description=description.strip())
    _save(goal)
    _audit(actor, "case.plan_change", household, request=request, fields=["goal"], target=goal)
    return goal


@transaction.atomic
def goal_update(*, actor, goal: Goal, description: str, status: str, request=None) -> Goal:
    household = goal.plan.household
    _ensure_access(actor, household)
    if not description.strip():
        raise ApplicationError(_("Describe the goal in a few words."), field="description")
    changed = [
        f
        for f, v in (("description", description.strip()), ("status", status))
        if getattr(goal, f) != v
    ]
    goal.description, goal.status = description.strip(), status
    _save(goal)
    if changed:
        _audit(actor, "case.plan_change", household, request=request, fields=changed, target=goal)
    return goal


@transaction.atomic
def action_link_suggestion(*, actor, goal: Goal, key: str, request=None) -> Action:
    """Link a resource offered by a provider for the goal's domain (checked again here: the
    link is made only to what a provider offers now)."""
    household = goal.plan.household
    _ensure_access(actor, household)
    offered = {s.key: s for s in suggestions_for(household, goal.domain)}
    suggestion = offered.get(key)
    if suggestion is None:
        raise ApplicationError(_("This resource is no longer offered; refresh the page."))
    if goal.actions.filter(ref_kind=suggestion.kind, ref_public_id=suggestion.public_id).exists():
        raise ApplicationError(_("This resource is already linked to the goal."))
    action = Action(
        goal=goal,
        kind=action_kind_for(suggestion.kind),
        category=suggestion.category,
        description=suggestion.title[:300],
        ref_kind=suggestion.kind,
        ref_public_id=suggestion.public_id,
        ref_label=suggestion.title[:200],
        created_by=actor,
    )
    _save(action)
    _audit(actor, "case.plan_change", household, request=request, fields=["action"], target=goal)
    return action


def domain_has_informal_action(household: Household, domain: ZrmDomain) -> bool:
    return (
        Action.objects.filter(
            goal__plan__household=household,
            goal__domain=domain,
            category=Action.Category.INFORMAL,
        )
        .exclude(status=Action.Status.CANCELLED)
        .exists()
    )


@transaction.atomic
def action_create_formal(
    *,
    actor,
    goal: Goal,
    description: str,
    provision: str,
    reason: str = "",
    due_on: date | None = None,
    request=None,
) -> Action:
    """A formal provision. Without an informal action in the same domain it needs a
    one-line reason why no informal resource fits (informal first)."""
    household = goal.plan.household
    _ensure_access(actor, household)
    if not description.strip():
        raise ApplicationError(_("Describe the action."), field="description")
    if provision not in Action.Provision.values:
        raise ApplicationError(_("Choose the kind of provision."), field="provision")
    reason = (reason or "").strip()
    if "\n" in reason or "\r" in reason:
        raise ApplicationError(_("The reason is one line."), field="formal_reason")
    if not reason and not domain_has_informal_action(household, goal.domain):
        raise ApplicationError(
            _(
                "No informal resource is linked in %(domain)s yet. Say in one line why a "
                "formal provision is needed instead."
            )
            % {"domain": goal.domain.name},
            field="formal_reason",
        )
    action = Action(
        goal=goal,
        kind=Action.Kind.FORMAL,
        category=Action.Category.FORMAL,
        description=description.strip(),
        provision=provision,
        formal_reason=reason,
        due_on=due_on,
        created_by=actor,
    )
    _save(action)
    _audit(actor, "case.plan_change", household, request=request, fields=["action"], target=goal)
    return action


@transaction.atomic
def action_set_status(*, actor, action: Action, status: str, request=None) -> Action:
    household = action.goal.plan.household
    _ensure_access(actor, household)
    if status not in Action.Status.values:
        raise ApplicationError(_("Unknown status."))
    action.status = status
    action.save(update_fields=["status", "updated_at"])
    _audit(actor, "case.plan_change", household, request=request, fields=["action.status"])
    return action


@transaction.atomic
def referral_send(
    *,
    actor,
    action: Action,
    receiver: User,
    receiver_label: str,
    message: str,
    contact_member: HouseholdMember,
    contact_phone: str = "",
    receiver_ref_kind: str = "",
    receiver_ref_public_id=None,
    request=None,
) -> Referral:
    household = action.goal.plan.household
    _ensure_access(actor, household)
    if action.kind == Action.Kind.OWN_NETWORK:
        raise ApplicationError(_("An action with the own network is not referred."))
    if hasattr(action, "referral"):
        raise ApplicationError(_("This action has already been referred."))
    if (
        receiver.role != Role.HUB_COORDINATOR
        or receiver.municipality_id != household.municipality_id
        or not receiver.is_active
    ):
        raise ApplicationError(_("Choose a hub coordinator of your municipality."))
    if contact_member.household_id != household.pk:
        raise ApplicationError(_("The contact person must be a member of the household."))
    if not contact_member.consents.filter(withdrawn_on__isnull=True).exists():
        raise ApplicationError(
            _("Register the contact person's consent to share this with the receiver first."),
            field="contact_member",
        )
    if not message.strip() or not receiver_label.strip():
        raise ApplicationError(_("Name the organisation or hub and write the request."))
    referral = Referral(
        municipality=household.municipality,
        action=action,
        receiver=receiver,
        receiver_label=receiver_label.strip(),
        receiver_ref_kind=receiver_ref_kind,
        receiver_ref_public_id=receiver_ref_public_id,
        message=message.strip(),
        contact_member=contact_member,
        contact_name=contact_member.person.full_name,
        contact_phone=phone_clean(contact_phone, field="contact_phone"),
        sent_by=actor,
    )
    _save(referral)
    ReferralUpdate.objects.create(referral=referral, status=referral.status, by=actor)
    audit_record(
        event="referral.create",
        actor=actor,
        request=request,
        target=referral,
        subject_id=contact_member.person.public_id,
        fields=["message", "contact_name", "contact_phone", "receiver"],
    )
    return referral


@transaction.atomic
def referral_update(
    *, actor, referral: Referral, status: str, decline_reason: str = "", request=None
) -> Referral:
    """The receiving hub coordinator moves the referral on: sent -> accepted -> started ->
    finished, or declined (with a reason) before it starts."""
    if not permissions.referrals_for_receiver(actor).filter(pk=referral.pk).exists():
        raise PermissionDenied("not the receiver")
    allowed = Referral.TRANSITIONS[referral.status]
    if status not in allowed:
        raise ApplicationError(
            _("A referral that is %(now)s cannot become %(next)s.")
            % {
                "now": Referral.Status(referral.status).label,
                "next": Referral.Status(status).label
                if status in Referral.Status.values
                else status,
            }
        )
    decline_reason = (decline_reason or "").strip()
    if status == Referral.Status.DECLINED and not decline_reason:
        raise ApplicationError(_("Say why the referral is declined."), field="decline_reason")
    referral.status = status
    referral.decline_reason = decline_reason if status == Referral.Status.DECLINED else ""
    referral.status_changed_at = timezone.now()
    _save(referral)
    ReferralUpdate.objects.create(referral=referral, status=status, by=actor)
    audit_record(
        event="referral.update",
        actor=actor,
        request=request,
        target=referral,
        subject_id=referral.contact_member.person.public_id if referral.contact_member else None,
        fields=["status"] + (["decline_reason"] if decline_reason else []),
    )
    return referral


@transaction.atomic
def measurement_record(
    *,
    actor,
    household: Household,
    moment: str,
    scores: dict[str, int],
    measured_on: date | None = None,
    spider: dict[str, int] | None = None,
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
            try:
                values[key] = int(spider.get(key))
            except (TypeError, ValueError):
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
