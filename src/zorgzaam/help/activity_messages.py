"""People signed up for a hub activity hear of it when the hub coordinator changes or
cancels it, or when a place frees up for them: the social map's ``activity_changed`` signal
(sent after its commit) answered with a message on each person's own channel (inbox plus
e-mail, SMS, push, or the hub's call list for a resident without any of these)."""

from __future__ import annotations

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zorgzaam.accounts.models import User
from zorgzaam.socialmap.signals import activity_changed

from .notifications import notify

SUBJECTS = {
    "cancelled": _("Cancelled: %(title)s"),
    "changed": _("Changed: %(title)s"),
    "promoted": _("You have a place: %(title)s"),
}
BODIES = {
    "cancelled": _(
        "%(title)s at %(hub)s has been cancelled by the hub coordinator. Your sign-up has "
        "ended; you need not do anything."
    ),
    "changed": _(
        "The hub coordinator of %(hub)s changed %(title)s. Look at the programme for what is "
        "new; your place stays yours."
    ),
    "promoted": _(
        "A place has come free for you at %(title)s (%(hub)s). You no longer wait: you are "
        "expected."
    ),
}


@receiver(activity_changed, dispatch_uid="help.activity_messages")
def activity_changed_tell(
    sender, *, activity_id, user_ids, change, title, hub_public_id, hub_name, version, **kwargs
) -> int:
    """One message per person and change (idempotency key: activity, change, version,
    person). Returns how many were queued."""
    if change not in SUBJECTS:
        return 0
    link = reverse("socialmap:hub", args=[hub_public_id])
    queued = 0
    for user in User.objects.filter(pk__in=user_ids, is_active=True).select_related("person"):
        note = notify(
            recipient=user,
            kind=f"activity_{change}",
            subject=SUBJECTS[change],
            body=BODIES[change],
            params={"title": title, "hub": hub_name},
            link=link,
            key=f"activity:{activity_id}:{change}:{version}:{user.pk}",
            essential=True,
        )
        queued += note is not None
    return queued
