"""Reads of the audit log, for administrators of the same municipality."""

from __future__ import annotations

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When

from zorgzaam.accounts.models import User

from .models import AuditEvent


def audit_event_list_for_actor(
    actor, *, event: str = "", outcome: str = "", subject: str = "", target: str = ""
) -> QuerySet[AuditEvent]:
    """The lines an administrator sees: those filed under their municipality (its data was
    touched, or a failed login for one of its usernames), and those of its own users that
    touched another municipality's data; ``own`` says which, and ``redact`` blanks the other
    municipality's record and person ids on the second kind."""
    municipality = getattr(actor, "municipality", None)
    if municipality is None:
        return AuditEvent.objects.none()
    own_users = User.objects.filter(municipality=municipality).values("public_id")
    here = Q(municipality_code=municipality.code)
    qs = AuditEvent.objects.filter(here | Q(actor_id__in=own_users)).annotate(
        own=Case(When(here, then=Value(True)), default=Value(False), output_field=BooleanField())
    )
    if event:
        qs = qs.filter(event=event)
    if outcome:
        qs = qs.filter(outcome=outcome)
    # Ids of another municipality are not searchable here either.
    if subject:
        qs = qs.filter(here, subject_id=subject)
    if target:
        qs = qs.filter(here, target_id=target)
    return qs


def redact(row: AuditEvent) -> AuditEvent:
    """A line of another municipality (shown for its actor) without that municipality's
    record and person ids. In memory only: the log itself is append-only."""
    if not getattr(row, "own", True):
        row.target_id, row.subject_id = "", None
    return row
