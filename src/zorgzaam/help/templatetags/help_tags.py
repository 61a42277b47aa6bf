from django import template

from ..constants import SKILL_LABELS
from ..engine import explain_stored, ui_lang

register = template.Library()


@register.filter
def skill_label(code: str) -> str:
    return SKILL_LABELS.get(code, {}).get(ui_lang(), code)


@register.filter
def reasons_text(proposal) -> str:
    return explain_stored(proposal)
