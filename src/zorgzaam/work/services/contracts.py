"""Writes of SROI: building-block tables, contracts and their fulfilment entries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError

from .. import events, sroi
from ..models import (
    BuildingBlockTable,
    Employer,
    FulfilmentEntry,
    SroiContract,
    TargetGroup,
)
from .base import _check_terms, _clean, _same_municipality

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
