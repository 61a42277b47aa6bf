"""``{{ story.period|period_words }}``: a story's quarter as a resident reads it ("oktober t/m
december 2026"), never "2026-Q4" (#18)."""

from __future__ import annotations

from django import template

from zorgzaam.common.errors import ApplicationError

from ..forms import period_words as _period_words

register = template.Library()


@register.filter
def period_words(period: str) -> str:
    try:
        return _period_words(period)
    except ApplicationError:
        return period
