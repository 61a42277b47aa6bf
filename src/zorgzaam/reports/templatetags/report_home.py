"""``{% council_home user as home %}``: what the council member's home page panel
(``home/council_member.html``) shows: the last completed quarter, whose council report and
open data it links to, and the work visits and hearings from today on that the council member
is invited to (``visits.visits_invited_upcoming``)."""

from __future__ import annotations

from django import template
from django.utils import timezone

from zorgzaam.stories.periods import period_of, period_parse, period_shift

from ..visits import visits_invited_upcoming

register = template.Library()


@register.simple_tag
def council_home(user) -> dict:
    period = period_shift(period_of(timezone.localdate()), -1)
    year, quarter = period_parse(period)
    return {
        "period": period,
        "year": year,
        "quarter": quarter,
        "invited": visits_invited_upcoming(user),
    }
