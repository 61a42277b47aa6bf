import datetime as dt

from django import template
from django.utils.translation import gettext_lazy

from ..constants import SKILL_LABELS
from ..engine import explain_stored, ui_lang

register = template.Library()


@register.filter
def skill_label(code: str) -> str:
    return SKILL_LABELS.get(code, {}).get(ui_lang(), code)


#: A request's status as the resident reads it (not the coordinator's one-word status).
RESIDENT_STATUS = {
    "new": gettext_lazy("We are looking for a volunteer"),
    "proposed": gettext_lazy("We asked a volunteer and are waiting for the answer"),
    "accepted": gettext_lazy("A volunteer has been found"),
    "planned": gettext_lazy("The help is planned"),
    "done": gettext_lazy("The help has been given"),
    "cancelled": gettext_lazy("This request was cancelled"),
    "expired": gettext_lazy("We did not find a volunteer in time"),
}


@register.filter
def resident_status(obj) -> str:
    return str(RESIDENT_STATUS.get(obj.status, obj.get_status_display()))


@register.filter
def reasons_text(proposal) -> str:
    return explain_stored(proposal)


@register.filter
def when(obj) -> str:
    """The time of a request in words: weekly day parts, one day with hours, or a period."""
    from django.utils import formats, timezone
    from django.utils.translation import gettext

    from ..matching import slot_name, slots_of

    if obj.recurring:
        names = [slot_name(d, p, ui_lang()) for d, p in slots_of(obj.slots)]
        shown = ", ".join(names[:4]) + (" …" if len(names) > 4 else "")
        return gettext("every week: %(slots)s") % {"slots": shown}
    if obj.window_start is None or obj.window_end is None:
        return "—"
    start, end = timezone.localtime(obj.window_start), timezone.localtime(obj.window_end)
    last = end - dt.timedelta(minutes=1)
    if start.date() == last.date():
        day = formats.date_format(start, "l j F")
        # A window to midnight (a day without a day part) ends at 24:00, not "00:00".
        until = "24:00" if end.date() > start.date() else formats.time_format(end, "H:i")
        return f"{day}, {formats.time_format(start, 'H:i')}–{until}"
    return gettext("between %(start)s and %(end)s") % {
        "start": formats.date_format(start, "j F"),
        "end": formats.date_format(last, "j F"),
    }
