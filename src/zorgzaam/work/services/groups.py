"""Writes of peer groups: the group, its members and their outcomes, sessions and
attendance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError

from .. import events
from ..models import (
    Attendance,
    Employer,
    JobSeeker,
    PeerGroup,
    PeerGroupMembership,
    PeerGroupSession,
)
from .base import _clean, _same_municipality

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
