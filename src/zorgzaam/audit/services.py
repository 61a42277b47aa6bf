"""audit_record(): the one way to write the audit log, inside the caller's transaction.

A line is filed under the municipality whose data it is about (the target's, else the person
concerned's), and only when neither says under the actor's."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models

from . import events
from .models import AuditEvent


def client_ip(request) -> str | None:
    if request is None:
        return None
    # Behind a reverse proxy, configure it to set REMOTE_ADDR (e.g. granian/gunicorn
    # forwarded-allow-ips); X-Forwarded-For is not trusted blindly.
    return request.META.get("REMOTE_ADDR") or None


def _target_parts(target: Any) -> tuple[str, str]:
    if target is None:
        return "", ""
    if isinstance(target, models.Model):
        label = target._meta.label_lower
        ident = getattr(target, "public_id", None) or target.pk
        return label, str(ident)
    if isinstance(target, tuple):
        return str(target[0]), str(target[1])
    raise TypeError("target must be a model instance or a (type, id) tuple")


def touched_municipality_code(target: Any, subject_id) -> str | None:
    """The code of the municipality whose data the line is about: the target's (a row with a
    municipality), else the person concerned's; None when neither says. A line is filed
    there, so that municipality's administrator sees it, also when the actor came from
    elsewhere (their own administrator sees their attempts through the actor, without the
    other municipality's ids: ``selectors.audit_event_list_for_actor``)."""
    if isinstance(target, models.Model):
        record: Any = target
        if record._meta.label_lower == "tenancy.municipality":
            return record.code
        if getattr(record, "municipality_id", None) is not None:
            return record.municipality.code
    if subject_id:
        from zorgzaam.people.models import Person

        code = (
            Person.objects.filter(public_id=subject_id)
            .values_list("municipality__code", flat=True)
            .first()
        )
        if code:
            return code
    return None


def audit_record(
    *,
    event: str | events.EventType,
    actor=None,
    request=None,
    target: Any = None,
    subject_id: uuid.UUID | str | None = None,
    reason: str = "",
    fields: Iterable[str] = (),
    denied: bool = False,
    municipality_code: str | None = None,
) -> AuditEvent:
    """Append one audit line. ``fields`` are field *names*, never values."""
    event_type = event if isinstance(event, events.EventType) else events.get(event)
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    target_type, target_id = _target_parts(target)
    if municipality_code is None:
        municipality_code = touched_municipality_code(target, subject_id)
    if municipality_code is None:
        municipality = getattr(actor, "municipality", None) if actor is not None else None
        municipality_code = municipality.code if municipality is not None else ""
    return AuditEvent.objects.create(
        event=event_type.name,
        action=event_type.action,
        outcome=AuditEvent.Outcome.DENIED if denied else AuditEvent.Outcome.ALLOWED,
        actor_id=getattr(actor, "public_id", None) if actor is not None else None,
        actor_role=getattr(actor, "role", "") if actor is not None else "",
        municipality_code=municipality_code,
        target_type=target_type,
        target_id=target_id,
        subject_id=subject_id,
        ip_address=client_ip(request),
        reason=reason[:300],
        fields=sorted(set(fields)),
    )
