from decimal import Decimal

from django import template
from django.utils.formats import number_format

from zorgzaam.work.forms import mask_to_slots, slot_choices

register = template.Library()


@register.filter
def euro(value) -> str:
    """``€ 12.345,67`` (grouping and decimal sign of the active language)."""
    if value in (None, ""):
        return "—"
    return "€\u00a0" + number_format(Decimal(value), 2, use_l10n=True, force_grouping=True)


@register.filter
def slots(mask) -> str:
    """Weekly availability in words."""
    names = dict(slot_choices())
    return ", ".join(names[s] for s in mask_to_slots(int(mask or 0))) or "—"


@register.simple_tag(takes_context=True)
def work_can(context, capability: str) -> bool:
    from zorgzaam.accounts.permissions import actor_can

    return actor_can(context["request"].user, capability)
