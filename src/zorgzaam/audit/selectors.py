"""Reads of the audit log, for administrators of the same municipality."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import AuditEvent


def audit_event_list_for_actor(
    actor, *, event: str = "", outcome: str = "", subject: str = "", target: str = ""
) -> QuerySet[AuditEvent]:
    municipality = getattr(actor, "municipality", None)
    if municipality is None:
        return AuditEvent.objects.none()
    qs = AuditEvent.objects.filter(municipality_code=municipality.code)
    if event:
        qs = qs.filter(event=event)
    if outcome:
        qs = qs.filter(outcome=outcome)
    if subject:
        qs = qs.filter(subject_id=subject)
    if target:
        qs = qs.filter(target_id=target)
    return qs
