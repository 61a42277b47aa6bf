"""Reads of the community hubs: lists, contact details, the programme and its feed, and who
decides (the council or a hub coordinator)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from dateutil.rrule import rrulestr
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from zorgzaam.accounts.permissions import actor_can

from ..models import Activity, CouncilMember, Hub, Session, SignUp
from ..models.hsds import Address, Phone, Schedule, ServiceAtLocation

MAX_RRULE_OCCURRENCES = 400


def hub_list(municipality):
    return Hub.objects.for_municipality(municipality).select_related("area").order_by("name")


@dataclass
class HubContact:
    """How to reach a hub: from its HSDS location (its phones, else its organisation's, else
    those of the services held there), its address rows (else the hub's own address field)
    and the location's schedules (opening hours)."""

    phone: str = ""
    address: str = ""
    opening: list = field(default_factory=list)


def hub_contact(hub: Hub) -> HubContact:
    contact = HubContact(address=hub.address)
    location = hub.location
    if location is None:
        return contact
    phones = Phone.objects.filter(location=location)
    if not phones.exists() and location.organization_id:
        phones = Phone.objects.filter(organization_id=location.organization_id)
    if not phones.exists():
        services = ServiceAtLocation.objects.filter(location=location).values("service_id")
        phones = Phone.objects.filter(service_id__in=services)
    phone = phones.exclude(number__isnull=True).exclude(number="").order_by("pk").first()
    if phone is not None:
        contact.phone = phone.number or ""
    address = Address.objects.filter(location=location).order_by("pk").first()
    if address is not None and address.address_1:
        place = " ".join(p for p in (address.postal_code, address.city) if p)
        contact.address = ", ".join(p for p in (address.address_1, place) if p)
    contact.opening = list(Schedule.objects.filter(location=location).order_by("pk"))
    return contact


def hub_list_with_contact(municipality) -> list[tuple[Hub, HubContact]]:
    return [(hub, hub_contact(hub)) for hub in hub_list(municipality).select_related("location")]


def hub_of_service(service) -> Hub | None:
    """The Huis van Alles of a social-map item: the hub at one of its locations, else the hub
    of its village."""
    locations = ServiceAtLocation.objects.filter(service=service).values("location_id")
    hubs = Hub.objects.for_municipality(service.municipality).select_related("area")
    found = hubs.filter(location_id__in=locations).first()
    if found is None and service.area_id:
        found = hubs.filter(area_id=service.area_id).first()
    return found


def hub_of_area(municipality, area_id) -> Hub | None:
    if area_id is None:
        return None
    return (
        Hub.objects.for_municipality(municipality)
        .select_related("location")
        .filter(area_id=area_id)
        .first()
    )


def hub_get(public_id) -> Hub:
    hub = (
        Hub.objects.select_related("area", "municipality", "location")
        .filter(public_id=public_id)
        .first()
    )
    if hub is None:
        raise Http404
    return hub


def activity_get(public_id) -> Activity:
    activity = (
        Activity.objects.select_related("hub", "hub__area", "organiser")
        .filter(public_id=public_id)
        .first()
    )
    if activity is None:
        raise Http404
    return activity


def is_council_member(user, hub: Hub) -> bool:
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    if person is None:
        return False
    return CouncilMember.objects.filter(hub=hub, person=person).exists()


def can_decide(user, hub: Hub) -> bool:
    """The programme council of this hub, or a hub coordinator / administrator of its
    municipality, approves activities."""
    if not getattr(user, "is_authenticated", False) or user.municipality_id != hub.municipality_id:
        return False
    return actor_can(user, "socialmap.edit") or is_council_member(user, hub)


def occurrences(activity: Activity, start: datetime, end: datetime) -> list[datetime]:
    """Start times of the activity's sessions in [start, end)."""
    first = timezone.localtime(activity.starts_at)
    if not activity.rrule:
        return [first] if start <= first < end else []
    rule = rrulestr(activity.rrule, dtstart=first)
    found: list[datetime] = []
    for moment in rule.xafter(max(start, first) - timedelta(seconds=1), inc=True):
        if moment >= end or len(found) >= MAX_RRULE_OCCURRENCES:
            break
        found.append(moment)
    return found


def programme(hub: Hub, *, days: int = 21, include_proposed: bool = False) -> list[dict]:
    """Upcoming sessions of the hub's approved activities in the next ``days`` days."""
    now = timezone.localtime()
    end = now + timedelta(days=days)
    statuses = [Activity.Status.APPROVED] + ([Activity.Status.PROPOSED] if include_proposed else [])
    items: list[dict] = []
    activities = list(
        hub.activities.filter(status__in=statuses).select_related("organiser").order_by("title")
    )
    sessions = {
        (s.activity_id, s.starts_at): s
        for s in Session.objects.filter(activity__in=activities, starts_at__gte=now).annotate(
            confirmed=Count("signups", filter=Q(signups__status=SignUp.Status.CONFIRMED)),
            waiting=Count("signups", filter=Q(signups__status=SignUp.Status.WAITING)),
        )
    }
    for activity in activities:
        for moment in occurrences(activity, now, end):
            session = sessions.get((activity.pk, moment))
            confirmed = session.confirmed if session else 0
            items.append(
                {
                    "activity": activity,
                    "starts_at": moment,
                    "ends_at": moment + timedelta(minutes=activity.duration_minutes),
                    "confirmed": confirmed,
                    "waiting": session.waiting if session else 0,
                    "free_places": None
                    if activity.capacity is None
                    else max(activity.capacity - confirmed, 0),
                }
            )
    items.sort(key=lambda i: (i["starts_at"], i["activity"].title))
    return items


def hub_ical(hub: Hub) -> bytes:
    """The hub's approved programme as an iCalendar feed (RRULEs kept as rules)."""
    from icalendar import Calendar, Event, vRecur

    calendar = Calendar()
    calendar.add("prodid", "-//Zorgzaam//Huis van Alles//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", hub.name)
    calendar.add("x-wr-timezone", "Europe/Amsterdam")
    for activity in hub.activities.filter(status=Activity.Status.APPROVED).order_by("pk"):
        event = Event()
        event.add("uid", f"{activity.public_id}@zorgzaam")
        event.add("summary", activity.title)
        if activity.description:
            event.add("description", activity.description)
        start = timezone.localtime(activity.starts_at)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=activity.duration_minutes))
        event.add("dtstamp", activity.updated_at)
        event.add("location", f"{hub.name}, {hub.address}" if hub.address else hub.name)
        if activity.rrule:
            event.add("rrule", vRecur.from_ical(activity.rrule))
        calendar.add_component(event)
    return calendar.to_ical()


def past_sessions(hub: Hub, *, days: int = 42) -> list[dict]:
    """Recent sessions of approved activities, with their attendance (for the council)."""
    now = timezone.localtime()
    found = {
        (s.activity_id, s.starts_at): s
        for s in Session.objects.filter(activity__hub=hub, starts_at__lt=now)
    }
    items: list[dict] = []
    for activity in hub.activities.filter(status=Activity.Status.APPROVED):
        for moment in occurrences(activity, now - timedelta(days=days), now):
            session = found.get((activity.pk, moment))
            items.append(
                {
                    "activity": activity,
                    "starts_at": moment,
                    "attendance": session.attendance if session else None,
                }
            )
    items.sort(key=lambda i: i["starts_at"], reverse=True)
    return items[:30]
