"""The council's work visits and hearings (#24): invitees are told when a visit's date, start
time or place changes after they were invited (``reports.signals.visit_changed``, sent by the
reports part on commit). One queued message per invitee and change (inbox plus their own
channel), in their language, saying what changed, what it is now and what it was. Nothing of
residents is in it: only what the visit is, when and where. Connected in ``HelpConfig.ready``.
"""

from __future__ import annotations

from django.dispatch import receiver
from django.urls import reverse
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zorgzaam.reports.signals import visit_changed

from .notifications import notify

KINDS = {"work_visit": _("work visit"), "hearing": _("hearing")}
CHANGED_NAMES = {"date": _("the date"), "start_time": _("the time"), "place": _("the place")}
CHANGED_SUBJECT = _("Changed: %(title)s (%(kind)s)")
CHANGED_BODY = _(
    "You are invited to a %(kind)s of the council: '%(title)s'.\n"
    "Changed: %(what)s.\n"
    "When: %(when)s\n"
    "Where: %(where)s\n"
    "Before the change: %(before)s\n"
    "The visit's page has the details."
)


def _when(date, start_time) -> str:
    text = date_format(date, "l j F Y")
    return f"{text}, {time_format(start_time, 'H:i')}" if start_time else text


def _where(hub_name: str, villages: list[str]) -> str:
    places = ", ".join(villages)
    if hub_name and places:
        return f"{hub_name} ({places})"
    return hub_name or places or gettext("to be announced")


@receiver(visit_changed, dispatch_uid="help.notify_visits.visit_changed")
def visit_changed_tell(
    sender,
    *,
    visit_public_id,
    invitations,
    version,
    changed,
    kind,
    title,
    date,
    start_time,
    hub_name,
    villages,
    before,
    **kwargs,
) -> int:
    """Each invitee gets one message per change (idempotency key: the invitation and the
    change's version). Returns how many were queued."""
    from zorgzaam.accounts.models import User

    users = User.objects.filter(pk__in=[u for _i, u in invitations], is_active=True)
    by_pk = {u.pk: u for u in users}
    link = reverse("reports:visit_detail", args=[visit_public_id])

    def before_text() -> str:
        parts = []
        if {"date", "start_time"} & set(changed):
            parts.append(_when(before["date"], before["start_time"]))
        if "place" in changed:
            parts.append(_where(before["hub_name"], before["villages"]))
        return "; ".join(parts)

    queued = 0
    for invitation_id, user_id in invitations:
        user = by_pk.get(user_id)
        if user is None:
            continue
        note = notify(
            recipient=user,
            kind="visit.changed",
            subject=CHANGED_SUBJECT,
            body=CHANGED_BODY,
            params={
                "kind": lambda: str(KINDS.get(kind, KINDS["work_visit"])),
                "title": title,
                "what": lambda: ", ".join(str(CHANGED_NAMES[c]) for c in changed),
                "when": lambda: _when(date, start_time),
                "where": lambda: _where(hub_name, villages),
                "before": before_text,
            },
            link=link,
            key=f"visit_changed:{invitation_id}:{version}",
            essential=True,
        )
        queued += note is not None
    return queued
