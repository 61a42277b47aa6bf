"""Answers to other parts' signals: the council report's work visits and hearings
(``reports.signals.visit_invitation_sent``). The receiver is connected once, when this
module is imported (the package imports it; ``HelpConfig.ready()`` imports the package
through ``activity_messages``); ``dispatch_uid`` guards against a second connection."""

from __future__ import annotations

from django.dispatch import receiver
from django.urls import reverse
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zorgzaam.reports.signals import visit_invitation_sent

from .queue import notify

# --------------------------------------------------------------------------- work visits
VISIT_KINDS = {"work_visit": _("work visit"), "hearing": _("hearing")}
VISIT_SUBJECT = _("Invitation to a %(kind)s: %(title)s")
VISIT_BODY = _(
    "You are invited to a %(kind)s of the council: '%(title)s'.\n"
    "When: %(when)s\n"
    "Where: %(where)s\n"
    "The visit's page has what the council wants to learn and the one-page brief with its "
    "stories and figures."
)


@receiver(visit_invitation_sent, dispatch_uid="help.notifications.visit_invitation")
def visit_invitation_tell(
    sender,
    *,
    visit_public_id,
    invitations,
    kind,
    title,
    date,
    start_time,
    hub_name,
    villages,
    **kwargs,
) -> int:
    """The council report's work visits and hearings: each newly invited user gets one
    message (inbox plus their own channel; idempotency key: the invitation) with what, when
    and where and a link to the visit's page, in their language. Returns how many were
    queued. Nothing of residents is in it; the invitation itself is audited by the visit."""
    from zorgzaam.accounts.models import User

    def when() -> str:
        text = date_format(date, "l j F Y")
        return f"{text}, {time_format(start_time, 'H:i')}" if start_time else text

    def where() -> str:
        places = ", ".join(villages)
        if hub_name and places:
            return f"{hub_name} ({places})"
        return hub_name or places or gettext("to be announced")

    users = User.objects.filter(pk__in=[u for _i, u in invitations], is_active=True)
    by_pk = {u.pk: u for u in users}
    link = reverse("reports:visit_detail", args=[visit_public_id])
    queued = 0
    for invitation_id, user_id in invitations:
        user = by_pk.get(user_id)
        if user is None:
            continue
        note = notify(
            recipient=user,
            kind="visit.invitation",
            subject=VISIT_SUBJECT,
            body=VISIT_BODY,
            params={
                "kind": lambda: str(VISIT_KINDS.get(kind, VISIT_KINDS["work_visit"])),
                "title": title,
                "when": when,
                "where": where,
            },
            link=link,
            key=f"visit_invitation:{invitation_id}",
            essential=True,
        )
        queued += note is not None
    return queued
