"""The hub coordinator's call list: ticking off a resident who was phoned."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError

from ..models import CallListEntry


@transaction.atomic
def call_list_mark_called(*, entry: CallListEntry, actor, request=None) -> CallListEntry:
    """The coordinator phoned the person: ticked off once, audited (ids only)."""
    now = timezone.now()
    done = CallListEntry.objects.filter(pk=entry.pk, called_at__isnull=True).update(
        called_at=now, called_by=actor, updated_at=now
    )
    if not done:
        raise ApplicationError(gettext("This call has already been ticked off."))
    entry.refresh_from_db()
    audit_record(
        event="help.calllist.call",
        actor=actor,
        request=request,
        target=entry,
        subject_id=entry.person.public_id,
        municipality_code=entry.municipality.code,
    )
    return entry
