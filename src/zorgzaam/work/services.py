"""Writes of the work part: ``<entity>_<verb>(*, actor, ...)``, atomic, validated, audited."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError
from zorgzaam.common.validators import phone_clean
from zorgzaam.tenancy.models import PostcodeArea

from . import events, sroi, vocab
from .models import (
    FOLLOW_UP_MONTHS,
    Attendance,
    BuildingBlockTable,
    ContactPerson,
    Employer,
    FollowUp,
    FulfilmentEntry,
    JobSeeker,
    OfferKind,
    PeerGroup,
    PeerGroupMembership,
    PeerGroupSession,
    Placement,
    SroiContract,
    TargetGroup,
)

_POSTCODE = re.compile(r"^\s*([1-9]\d{3})\s*([A-Za-z]{2})\s*$")


def _clean(obj) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        name, messages = next(iter(exc.message_dict.items()))
        field: str | None = None if name == "__all__" else name
        raise ApplicationError(" ".join(messages), field=field) from None


def _same_municipality(actor, *objs) -> None:
    for obj in objs:
        if obj is not None and obj.municipality_id != actor.municipality_id:
            raise ApplicationError(_("That belongs to another municipality."))


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def normalise_postcode(value: str) -> str:
    match = _POSTCODE.match(value or "")
    if not match:
        raise ApplicationError(_("A postcode looks like 2411 AB."), field="postcode")
    return f"{match.group(1)} {match.group(2).upper()}"


def _check_terms(values: Iterable[str], table: dict, what: str) -> list[str]:
    values = list(dict.fromkeys(values))
    unknown = [v for v in values if v not in table]
    if unknown:
        raise ApplicationError(
            _("Unknown %(what)s: %(terms)s.") % {"what": what, "terms": ", ".join(unknown)},
            field=what,
        )
    return values


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
    changed = [k for k, v in changes.items() if getattr(job_seeker, k) != v]
    for key in changed:
        setattr(job_seeker, key, changes[key])
    _clean(job_seeker)
    if changed:
        job_seeker.save()
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
    changed = [k for k, v in changes.items() if getattr(employer, k) != v]
    for key in changed:
        setattr(employer, key, changes[key])
    _clean(employer)
    if changed:
        employer.save()
        audit_record(event=events.EMPLOYER_CHANGED, actor=actor, target=employer, fields=changed)
    return employer


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


# --- peer groups ---------------------------------------------------------------------------


@transaction.atomic
def peer_group_create(
    *, actor, name: str, started_on: dt.date, host: Employer | None = None, location: str = ""
) -> PeerGroup:
    _same_municipality(actor, host)
    group = PeerGroup(
        municipality=actor.municipality,
        name=name.strip(),
        started_on=started_on,
        host=host,
        location=location.strip(),
    )
    _clean(group)
    group.save()
    audit_record(event=events.PEER_GROUP_CREATED, actor=actor, target=group)
    return group


@transaction.atomic
def peer_group_add_member(
    *, actor, group: PeerGroup, job_seeker: JobSeeker, joined_on: dt.date
) -> PeerGroupMembership:
    _same_municipality(actor, group, job_seeker)
    try:
        with transaction.atomic():
            membership = PeerGroupMembership.objects.create(
                group=group, job_seeker=job_seeker, joined_on=joined_on
            )
    except IntegrityError:
        raise ApplicationError(_("This job seeker is a member of the group already.")) from None
    audit_record(
        event=events.PEER_GROUP_MEMBER_ADDED,
        actor=actor,
        target=group,
        subject_id=job_seeker.person.public_id,
        fields=["members"],
    )
    return membership


@transaction.atomic
def peer_group_set_outcome(
    *, actor, membership: PeerGroupMembership, outcome: str
) -> PeerGroupMembership:
    _same_municipality(actor, membership.group)
    if outcome not in PeerGroupMembership.Outcome.values:
        raise ApplicationError(_("Unknown outcome."), field="outcome")
    membership.outcome = outcome
    membership.save(update_fields=["outcome"])
    audit_record(
        event=events.PEER_GROUP_MEMBER_ADDED,
        actor=actor,
        target=membership.group,
        subject_id=membership.job_seeker.person.public_id,
        fields=["outcome"],
    )
    return membership


@transaction.atomic
def session_add(*, actor, group: PeerGroup, date: dt.date, topic: str) -> PeerGroupSession:
    _same_municipality(actor, group)
    session = PeerGroupSession(group=group, date=date, topic=topic.strip())
    _clean(session)
    session.save()
    audit_record(event=events.SESSION_ADDED, actor=actor, target=group, fields=["sessions"])
    return session


@transaction.atomic
def attendance_record(
    *, actor, session: PeerGroupSession, present: Iterable[JobSeeker]
) -> list[Attendance]:
    """Set attendance of every current member: present if in ``present``, else absent."""
    group = session.group
    _same_municipality(actor, group)
    members = {
        m.job_seeker_id: m.job_seeker for m in group.memberships.select_related("job_seeker")
    }
    present_ids = {s.pk for s in present}
    strangers = present_ids - set(members)
    if strangers:
        raise ApplicationError(_("Only members of the group can attend its sessions."))
    rows = []
    for seeker_id in members:
        row, _created = Attendance.objects.update_or_create(
            session=session, job_seeker_id=seeker_id, defaults={"present": seeker_id in present_ids}
        )
        rows.append(row)
    audit_record(event=events.ATTENDANCE_RECORDED, actor=actor, target=group, fields=["attendance"])
    return rows


# --- SROI ----------------------------------------------------------------------------------


@transaction.atomic
def table_create(
    *, actor, name: str, valid_from: dt.date, data: dict[str, Any]
) -> BuildingBlockTable:
    try:
        table = sroi.BuildingBlockTable.from_mapping(data)
    except sroi.SroiTableError as exc:
        raise ApplicationError(
            _("The table is refused: %(problems)s") % {"problems": "; ".join(exc.problems)},
            field="data",
        ) from None
    row = BuildingBlockTable(
        municipality=actor.municipality,
        name=name.strip(),
        valid_from=valid_from,
        data=table.to_mapping(),
    )
    _clean(row)
    row.save()
    audit_record(event=events.TABLE_CREATED, actor=actor, target=row)
    return row


@transaction.atomic
def contract_create(
    *,
    actor,
    reference: str,
    title: str,
    contractor_name: str,
    contract_value: Decimal,
    start: dt.date,
    end: dt.date,
    table: BuildingBlockTable,
    obligation_percentage: Decimal = Decimal(5),
    contractor: Employer | None = None,
) -> SroiContract:
    _same_municipality(actor, table, contractor)
    contract = SroiContract(
        municipality=actor.municipality,
        reference=reference.strip(),
        title=title.strip(),
        contractor_name=contractor_name.strip() or (contractor.name if contractor else ""),
        contractor=contractor,
        contract_value=contract_value,
        start=start,
        end=end,
        obligation_percentage=obligation_percentage,
        table=table,
    )
    _clean(contract)
    contract.save()
    audit_record(event=events.CONTRACT_CREATED, actor=actor, target=contract)
    return contract


def _decimal(value: Any, what: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise ApplicationError(
            _("%(what)s must be a number.") % {"what": what}, field=what
        ) from None


def _fulfilment_save(actor, entry: FulfilmentEntry, subject_id=None) -> FulfilmentEntry:
    _clean(entry)
    try:  # value it once now: the table and the entry must fit together
        entry.value(entry.end or entry.contract.end)
    except sroi.SroiError as exc:
        raise ApplicationError(
            _("This cannot be valued with the contract's table: %(error)s") % {"error": exc}
        ) from None
    entry.save()
    audit_record(
        event=events.FULFILMENT_ADDED,
        actor=actor,
        target=entry.contract,
        subject_id=subject_id,
        fields=["entries"],
    )
    return entry


@transaction.atomic
def fulfilment_add(
    *,
    actor,
    contract: SroiContract,
    kind: str,
    target_group: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
    hours_per_week: Any = None,
    bonuses: Iterable[str] = (),
    invoice_value: Any = None,
    pso_level: str = "",
    hours: Any = None,
    description: str = "",
) -> FulfilmentEntry:
    """Add a fulfilment entry reported by the contractor (a placement of someone not known
    to the municipality, a purchase, a PSO certificate or custom effort)."""
    _same_municipality(actor, contract)
    kinds = FulfilmentEntry.Kind
    if kind not in kinds.values:
        raise ApplicationError(_("Choose the kind of fulfilment."), field="kind")
    entry = FulfilmentEntry(
        municipality=contract.municipality,
        contract=contract,
        kind=kind,
        description=description.strip(),
    )
    if kind in (kinds.PLACEMENT, kinds.PSO):
        if start is None:
            raise ApplicationError(_("Give the start date."), field="start")
        if end is not None and end < start:
            raise ApplicationError(_("The end date is before the start date."), field="end")
        entry.start, entry.end = start, end
    if kind == kinds.PLACEMENT:
        if target_group not in TargetGroup.values:
            raise ApplicationError(_("Choose the target group."), field="target_group")
        hpw = _decimal(hours_per_week, "hours_per_week")
        if hpw is None or hpw <= 0:
            raise ApplicationError(_("Give the hours per week."), field="hours_per_week")
        entry.target_group, entry.hours_per_week = target_group, hpw
        entry.bonuses = _check_terms(bonuses, {b.value: b for b in sroi.Bonus}, "bonuses")
    elif kind == kinds.PURCHASE:
        value = _decimal(invoice_value, "invoice_value")
        if value is None or value <= 0:
            raise ApplicationError(_("Give the invoice value."), field="invoice_value")
        entry.invoice_value = value
    elif kind == kinds.PSO:
        if pso_level not in FulfilmentEntry.PsoLevel.values:
            raise ApplicationError(_("Choose the PSO level."), field="pso_level")
        entry.pso_level = pso_level
    else:
        value = _decimal(hours, "hours")
        if value is None or value <= 0:
            raise ApplicationError(_("Give the number of hours."), field="hours")
        entry.hours = value
    return _fulfilment_save(actor, entry)
