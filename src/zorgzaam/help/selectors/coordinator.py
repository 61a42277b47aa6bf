"""The coordinator's reads: requests, villages, concerns, pairings, volunteers and
the hub's call list."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q, QuerySet

from zorgzaam.accounts.access import get_for_actor

from ..models import (
    BuddyPairing,
    ConcernReport,
    HelpRequest,
    Notification,
    VolunteerProfile,
)


# --------------------------------------------------------------------------- coordinator
def help_request_list_for_coordinator(actor, *, area=None, status=None) -> QuerySet:
    qs = HelpRequest.objects.for_municipality(actor.municipality).select_related(
        "area", "requester", "volunteer"
    )
    if area is not None:
        qs = qs.filter(area=area)
    if status:
        qs = qs.filter(status__in=status if isinstance(status, list | tuple) else [status])
    return qs


def help_request_get_for_coordinator(request, public_id) -> HelpRequest:
    return get_for_actor(
        request,
        HelpRequest.objects.select_related(
            "municipality", "requester", "area", "volunteer__person"
        ),
        public_id,
        subject=lambda obj: obj.requester.public_id,
        reason="another municipality",
    )


def village_summary(actor) -> list[dict]:
    """Open and active requests per village of the coordinator's municipality."""
    from zorgzaam.tenancy.models import Area

    counts = {
        (area_id, status): n
        for area_id, status, n in HelpRequest.objects.for_municipality(actor.municipality)
        .filter(status__in=[*HelpRequest.OPEN, *HelpRequest.ACTIVE])
        .values_list("area_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    }
    out = []
    for area in Area.objects.filter(municipality=actor.municipality).order_by("name"):
        out.append(
            {
                "area": area,
                "new": counts.get((area.pk, "new"), 0),
                "proposed": counts.get((area.pk, "proposed"), 0),
                "active": counts.get((area.pk, "accepted"), 0)
                + counts.get((area.pk, "planned"), 0),
            }
        )
    return out


def area_get_for_coordinator(request, public_id):
    from zorgzaam.tenancy.models import Area

    return get_for_actor(request, Area, public_id, reason="another municipality")


def concern_list_for_coordinator(actor) -> QuerySet:
    return ConcernReport.objects.for_municipality(actor.municipality).select_related(
        "request", "request__area"
    )


def concern_get_for_coordinator(request, public_id) -> ConcernReport:
    return get_for_actor(
        request,
        ConcernReport.objects.select_related("request"),
        public_id,
        reason="another municipality",
    )


def pairing_list_for_coordinator(actor) -> QuerySet:
    return BuddyPairing.objects.for_municipality(actor.municipality).select_related(
        "request", "request__area", "volunteer__person", "requester"
    )


def pairing_get_for_actor(request, public_id) -> BuddyPairing:
    """A coordinator of the municipality, or the buddy volunteer of the pairing."""
    user = request.user
    visible = BuddyPairing.objects.all()
    if user.role != "hub_coordinator":
        visible = visible.filter(volunteer__person__user=user)
    return get_for_actor(
        request,
        BuddyPairing.objects.select_related(
            "municipality", "requester", "volunteer__person", "request"
        ),
        public_id,
        visible=visible,
        subject=lambda obj: obj.requester.public_id,
        reason="no need-to-know",
    )


def volunteer_get_for_coordinator(request, public_id) -> VolunteerProfile:
    return get_for_actor(
        request,
        VolunteerProfile.objects.select_related("person"),
        public_id,
        reason="another municipality",
    )


# --------------------------------------------------------------------------- call list
def call_list_for_coordinator(actor, *, today=None) -> QuerySet:
    """The hub's call list: lines still to call that are due today or earlier, then the
    ones ticked off today (oldest first)."""
    from django.utils import timezone

    from ..models import CallListEntry

    today = today or timezone.localdate()
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    return (
        CallListEntry.objects.for_municipality(actor.municipality)
        .filter(Q(called_at__isnull=True, due_on__lte=today) | Q(called_at__gte=start))
        .select_related("person", "area", "notification", "notification__help_request")
        .order_by(F("called_at").asc(nulls_first=True), "due_on", "created_at")
    )


def call_entry_get_for_coordinator(request, public_id):
    from ..models import CallListEntry

    return get_for_actor(
        request,
        CallListEntry.objects.select_related("person"),
        public_id,
        subject=lambda obj: obj.person.public_id,
        reason="another municipality",
    )


def notifications_of_request(help_request) -> QuerySet:
    """The messages sent about one request, with their channels (for the coordinator)."""
    return (
        Notification.objects.filter(help_request=help_request)
        .select_related("recipient", "person")
        .prefetch_related("deliveries")
        .order_by("-created_at")
    )


def contact_preference_of(person) -> str:
    """The person's preferred channel ("" when they have none)."""
    from ..models import ContactPreference

    pref = ContactPreference.objects.filter(person=person).first()
    return pref.preferred if pref else ""
