"""Checks of one audit row, for the tests that trigger an event through its service (#16):
who did it, where it is filed, what it is about, and that it holds ids only."""

from __future__ import annotations

import json

from zorgzaam.audit.models import AuditEvent


def audit_rows(event: str, *, actor, municipality, target=None, since: int = 0) -> list[AuditEvent]:
    """The ``event`` rows written after row pk ``since`` (about ``target`` when given), at
    least one, each checked: allowed, the actor's id and role (none for a task's row), filed
    under ``municipality``, the target's type and public id."""
    rows = AuditEvent.objects.filter(event=event, pk__gt=since).order_by("pk")
    if target is not None:
        rows = rows.filter(target_id=str(target.public_id))
    found = list(rows)
    assert found, f"{event}: no row"
    for row in found:
        assert row.outcome == AuditEvent.Outcome.ALLOWED
        if actor is None:  # written by a task, not by a person
            assert row.actor_id is None and row.actor_role == ""
        else:
            assert row.actor_id == actor.public_id
            assert row.actor_role == actor.role
        assert row.municipality_code == municipality.code
        if target is not None:
            assert row.target_type == target._meta.label_lower
    return found


def audit_row(event: str, *, actor, municipality, target=None, since: int = 0) -> AuditEvent:
    """The one ``event`` row written after row pk ``since``, checked as ``audit_rows``."""
    found = audit_rows(event, actor=actor, municipality=municipality, target=target, since=since)
    assert len(found) == 1, f"{event}: {len(found)} rows"
    return found[0]


def assert_no_personal_data(row: AuditEvent, *values) -> None:
    """None of ``values`` (names, addresses, free text the test typed) is in the row's text
    columns: the reason, the field names, the target."""
    text = " ".join([row.reason, json.dumps(row.fields), row.target_type, row.target_id])
    for value in values:
        value = str(value).strip()
        if value:
            assert value not in text, f"{row.event}: {value!r} in the audit row"


def last_pk() -> int:
    """The newest audit row's pk, to find the rows a call writes."""
    row = AuditEvent.objects.order_by("-pk").first()
    return row.pk if row is not None else 0
