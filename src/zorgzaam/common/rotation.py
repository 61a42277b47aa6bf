"""Key rotation for every encrypted field of every model.

Put the new Fernet key first in FIELD_ENCRYPTION_KEYS (old keys after it) and run
``zorgzaam rotate_keys``. The fields are found by their type (``EncryptedTextField`` and
``BlindIndexField`` on every installed model), so a new encrypted field is covered without
being listed. Work goes in batches of rows, each its own transaction; a value that already
reads with the newest key is left alone, so a run that stops half-way is resumed by running it
again. Each update is a compare-and-set on the stored token: a value changed by someone else
meanwhile is not overwritten (the next pass takes it). The run ends with a scan; while any
value still needs an old key it refuses to finish (``RotationIncomplete``), so the old key is
not removed too early. Timestamps are not touched (a rotation changes no content).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.db.models import ExpressionWrapper, F, Value

from .fields import (
    BlindIndexField,
    EncryptedTextField,
    decrypt_text,
    needs_rotation,
    rotate_token,
)

DEFAULT_BATCH = 500


@dataclass
class FieldCount:
    """Per field: values seen, re-encrypted now, and still needing an old key after the run."""

    values: int = 0
    rotated: int = 0
    remaining: int = 0


@dataclass
class RotationReport:
    fields: dict[str, FieldCount] = field(default_factory=dict)

    @property
    def remaining(self) -> int:
        return sum(c.remaining for c in self.fields.values())


class RotationIncomplete(Exception):
    def __init__(self, report: RotationReport):
        self.report = report
        pending = [f"{name} ({c.remaining})" for name, c in report.fields.items() if c.remaining]
        super().__init__(
            "Values still need an old key: " + ", ".join(pending) + ". Keep the old key and "
            "run the rotation again."
        )


@dataclass(frozen=True)
class _ModelPlan:
    model: type[models.Model]
    encrypted: tuple[EncryptedTextField, ...]
    indexes: tuple[BlindIndexField, ...]


def encrypted_fields() -> list[tuple[type[models.Model], EncryptedTextField]]:
    """Every (model, field) stored encrypted, over all installed apps."""
    return [(plan.model, f) for plan in _plans() for f in plan.encrypted]


def _plans() -> list[_ModelPlan]:
    plans = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        local = [f for f in meta.local_concrete_fields]
        encrypted = tuple(f for f in local if isinstance(f, EncryptedTextField))
        indexes = tuple(f for f in local if isinstance(f, BlindIndexField))
        if encrypted:
            plans.append(_ModelPlan(model, encrypted, indexes))
    return plans


def _label(model, f) -> str:
    return f"{model._meta.label}.{f.name}"


def _raw(name: str):
    """The stored column as text: no decryption on read, no encryption on compare."""
    return ExpressionWrapper(F(name), output_field=models.TextField())


def _rotate_batch(plan: _ModelPlan, report: RotationReport, after, size: int):
    """Rotate one batch of rows with pk > ``after``; the last pk seen, or None at the end."""
    names = [f.attname for f in plan.encrypted] + [f.attname for f in plan.indexes]
    aliases = {f"raw_{n}": _raw(n) for n in names}
    qs = plan.model._base_manager.order_by("pk").annotate(**aliases).values_list("pk", *aliases)
    rows = list((qs if after is None else qs.filter(pk__gt=after))[:size])
    if not rows:
        return None
    with transaction.atomic():
        for pk, *values in rows:
            stored = dict(zip(names, values, strict=True))
            changes = {}
            unreadable = set()
            for f in plan.encrypted:
                token = stored[f.attname]
                if not token:
                    continue
                report.fields[_label(plan.model, f)].values += 1
                if needs_rotation(token):
                    try:
                        changes[f.attname] = rotate_token(token)
                    except ImproperlyConfigured:  # no key reads it: counted as remaining
                        unreadable.add(f.attname)
            for ix in plan.indexes:
                source: Any = plan.model._meta.get_field(ix.source)
                token = stored[source.attname]
                if source.attname in unreadable:
                    continue
                wanted = ix.index(decrypt_text(token)) if token else ""
                if stored[ix.attname] != wanted:
                    changes[ix.attname] = wanted
            if not changes:
                continue
            guard = plan.model._base_manager.alias(**aliases).filter(
                pk=pk, **{f"raw_{n}": stored[n] for n in changes}
            )
            if guard.update(
                **{n: Value(v, output_field=models.TextField()) for n, v in changes.items()}
            ):
                for f in plan.encrypted:
                    if f.attname in changes:
                        report.fields[_label(plan.model, f)].rotated += 1
    return rows[-1][0]


def _remaining(plan: _ModelPlan, report: RotationReport, size: int) -> None:
    """Count, per field, the values that still need an old key (or an index made with one)."""
    for f in plan.encrypted:
        report.fields[_label(plan.model, f)].remaining = 0
    names = [f.attname for f in plan.encrypted] + [f.attname for f in plan.indexes]
    aliases = {f"raw_{n}": _raw(n) for n in names}
    qs = plan.model._base_manager.order_by("pk").annotate(**aliases).values_list("pk", *aliases)
    after = None
    while rows := list((qs if after is None else qs.filter(pk__gt=after))[:size]):
        after = rows[-1][0]
        for _pk, *values in rows:
            stored = dict(zip(names, values, strict=True))
            for f in plan.encrypted:
                if needs_rotation(stored[f.attname] or ""):
                    report.fields[_label(plan.model, f)].remaining += 1
            for ix in plan.indexes:
                source: Any = plan.model._meta.get_field(ix.source)
                token = stored[source.attname]
                current = token and not needs_rotation(token)
                if current and stored[ix.attname] != ix.index(decrypt_text(token)):
                    report.fields[_label(plan.model, source)].remaining += 1


def rotate(*, batch_size: int = DEFAULT_BATCH, dry_run: bool = False, progress=None):
    """Re-encrypt every encrypted value with the first key and recompute the blind indexes.

    Returns the report; raises ``RotationIncomplete`` when values still need an old key after
    the run (a value no key reads, or one written meanwhile with an old key). With
    ``dry_run`` nothing is written: the report counts what still needs the old key.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    report = RotationReport()
    plans = _plans()
    for plan in plans:
        for f in plan.encrypted:
            report.fields[_label(plan.model, f)] = FieldCount()
    if not dry_run:
        for plan in plans:
            after = None
            while (after := _rotate_batch(plan, report, after, batch_size)) is not None:
                if progress:
                    progress(plan.model._meta.label, after)
    for plan in plans:
        _remaining(plan, report, batch_size)
    if dry_run:
        for plan in plans:
            for f in plan.encrypted:
                count = report.fields[_label(plan.model, f)]
                count.values = _non_empty(plan.model, f)
    if report.remaining:
        raise RotationIncomplete(report)
    return report


def _non_empty(model, f) -> int:
    return model._base_manager.exclude(**{f.attname: ""}).exclude(**{f.attname: None}).count()
