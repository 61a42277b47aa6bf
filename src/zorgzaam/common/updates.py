"""One way for update services to change a model instance and know what changed.

``model_update`` sets only the fields whose value differs, cleans and saves just those
(plus ``auto_now`` timestamps) and returns the changed field names, which is what the audit
line and the version record name. Services keep their own rules (who may, which values are
allowed) and call it inside their transaction::

    changed = model_update(employer, changes, EMPLOYER_FIELDS, clean=_clean)
    if changed:
        audit_record(event=..., actor=actor, target=employer, fields=changed)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db import models


def _current(instance: models.Model, name: str) -> Any:
    """The stored value of ``name``; for a foreign key its id (no query for the object)."""
    field = instance._meta.get_field(name)
    if getattr(field, "many_to_one", False) or getattr(field, "one_to_one", False):
        return getattr(instance, field.attname)  # type: ignore[union-attr]
    return getattr(instance, name)


def _comparable(instance: models.Model, name: str, value: Any) -> Any:
    field = instance._meta.get_field(name)
    if getattr(field, "many_to_one", False) or getattr(field, "one_to_one", False):
        return value.pk if isinstance(value, models.Model) else value
    return value


def changed_fields(
    instance: models.Model, data: Mapping[str, Any], fields: Iterable[str] | None = None
) -> list[str]:
    """The names in ``data`` (limited to ``fields`` when given) whose value differs from the
    instance's, in ``data``'s order. A foreign key compares by id. Sets nothing."""
    allowed = None if fields is None else set(fields)
    unknown = [n for n in data if allowed is not None and n not in allowed]
    if unknown:
        raise ValueError(f"cannot change {', '.join(sorted(unknown))}")
    return [
        name
        for name, value in data.items()
        if _current(instance, name) != _comparable(instance, name, value)
    ]


def model_update(
    instance: models.Model,
    data: Mapping[str, Any],
    fields: Iterable[str] | None = None,
    *,
    clean: bool | Callable[[models.Model], None] = True,
    save: bool = True,
) -> list[str]:
    """Set the values of ``data`` that differ from ``instance``'s and return their names.

    ``fields``: the names that may change (a ValueError names any other). When something
    changed: ``clean`` runs ``full_clean()`` (True), a function of the instance (a service's
    own that turns a ValidationError into an ApplicationError) or nothing (False); then, with
    ``save``, the instance is saved with ``update_fields`` (the changed fields and any
    ``auto_now`` timestamp). Nothing is cleaned or written when nothing changed; with
    ``save=False`` (a new instance, or one the service saves itself) only the attributes
    are set."""
    changed = changed_fields(instance, data, fields)
    if not changed:
        return changed
    for name in changed:
        setattr(instance, name, data[name])
    if clean is True:
        instance.full_clean()
    elif callable(clean):
        clean(instance)
    if save:
        stamps = [
            f.name
            for f in instance._meta.concrete_fields
            if getattr(f, "auto_now", False) and f.name not in changed
        ]
        instance.save(update_fields=[*changed, *stamps])
    return changed
