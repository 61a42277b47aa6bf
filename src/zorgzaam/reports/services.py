"""Writes of the reports part: the budget table."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError
from zorgzaam.stories.periods import period_parse

from .models import BudgetEntry


@transaction.atomic
def budget_set(
    *, actor, period: str, amounts: Mapping[str, Decimal | int | str | None], request=None
) -> list:
    """Set the spending of a quarter per category (all or some); blank leaves it as is."""
    period_parse(period)
    saved = []
    for category, raw in amounts.items():
        if category not in BudgetEntry.Category.values:
            raise ApplicationError(_("Unknown budget category."), field=category)
        if raw in (None, ""):
            continue
        try:
            amount = Decimal(raw)
        except (InvalidOperation, TypeError, ValueError) as exc:
            raise ApplicationError(
                _("Write an amount in euros, e.g. 125000."), field=category
            ) from exc
        if amount < 0:
            raise ApplicationError(_("An amount cannot be negative."), field=category)
        entry, _created = BudgetEntry.objects.get_or_create(
            municipality=actor.municipality,
            period=period,
            category=category,
            defaults={"amount": amount},
        )
        entry.amount = amount
        try:
            entry.full_clean()
        except ValidationError as exc:
            raise ApplicationError("; ".join(exc.messages), field=category) from exc
        entry.save()
        saved.append(entry)
    if saved:
        audit_record(
            event="reports.budget_change",
            request=request,
            actor=actor,
            target=("reports.budgetentry", period),
            fields=[e.category for e in saved],
        )
    return saved
