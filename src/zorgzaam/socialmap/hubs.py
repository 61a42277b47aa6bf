"""Community hubs: services (writes) and selectors (reads) for programme, sign-ups and feeds.

Sign-ups are concurrency-safe: the session row is locked (``select_for_update``; SQLite runs
immediate transactions, so writers queue) before places are counted, and a cancellation
promotes the longest-waiting person in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from dateutil.rrule import rrulestr
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from zorgzaam.accounts.permissions import actor_can
from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError
from zorgzaam.common.validators import single_line

from .events import COUNCIL_ADDED, COUNCIL_REMOVED, COUNCIL_VIEWED, HUB_CHANGED, HUB_CREATED
from .models import Activity, CouncilMember, Hub, Session, SignUp
from .models.hsds import Address, Phone, Schedule, ServiceAtLocation

MAX_RRULE_OCCURRENCES = 400


# --- reads ----------------------------------------------------------------------------------
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


# --- writes ---------------------------------------------------------------------------------
def _validate_rrule(rule: str, starts_at: datetime) -> str:
    rule = (rule or "").strip().upper()
    if rule.startswith("RRULE:"):
        rule = rule[6:]
    if not rule:
        return ""
    try:
        parsed = rrulestr(rule, dtstart=timezone.localtime(starts_at))
        next(iter(parsed), None)
    except (ValueError, TypeError) as exc:
        raise ApplicationError(
            f"The repetition {rule!r} is not an RFC 5545 RRULE (e.g. FREQ=WEEKLY;BYDAY=TU).",
            field="rrule",
        ) from exc
    return rule


def activity_propose(*, actor, hub: Hub, data: dict) -> Activity:
    """A resident (or anyone who may propose) proposes an activity; the council decides."""
    if actor.municipality_id != hub.municipality_id:
        raise ApplicationError("You can only propose activities in your own municipality.")
    with transaction.atomic():
        activity = Activity(
            municipality=hub.municipality,
            hub=hub,
            title=single_line(data["title"], field="title"),
            description=data.get("description", ""),
            starts_at=data["starts_at"],
            duration_minutes=data.get("duration_minutes") or 90,
            capacity=data.get("capacity"),
            rrule=_validate_rrule(data.get("rrule", ""), data["starts_at"]),
            organiser=getattr(actor, "person", None),
            proposed_by=actor,
            status=Activity.Status.PROPOSED,
        )
        if can_decide(actor, hub) and data.get("approve_now"):
            activity.status = Activity.Status.APPROVED
            activity.decided_by = actor
            activity.decided_at = timezone.now()
        activity.full_clean()
        activity.save()
        audit_record(
            event="socialmap.activity_propose",
            actor=actor,
            target=activity,
            fields=sorted(k for k in data if k != "approve_now"),
        )
    return activity


def activity_decide(*, actor, activity: Activity, approve: bool) -> Activity:
    if not can_decide(actor, activity.hub):
        raise ApplicationError("Only the programme council or the hub coordinator decides.")
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        if locked.status != Activity.Status.PROPOSED:
            raise ApplicationError("This activity has already been decided.")
        locked.status = Activity.Status.APPROVED if approve else Activity.Status.REJECTED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        audit_record(
            event="socialmap.activity_decide", actor=actor, target=locked, fields=["status"]
        )
    return locked


def _session_for(activity: Activity, starts_at: datetime) -> Session:
    moment = timezone.localtime(starts_at)
    if moment not in occurrences(activity, moment - timedelta(seconds=1), moment + timedelta(1)):
        raise ApplicationError("The activity has no session at that time.", field="starts_at")
    session, _ = Session.objects.get_or_create(
        activity=activity, starts_at=moment, defaults={"municipality": activity.municipality}
    )
    return session


def signup_create(*, actor, activity: Activity, starts_at: datetime) -> SignUp:
    """Sign up for one session: a place if there is one, else the waiting list."""
    if activity.status != Activity.Status.APPROVED:
        raise ApplicationError("You can only sign up for approved activities.")
    if actor.municipality_id != activity.municipality_id:
        raise ApplicationError("This activity is in another municipality.")
    if starts_at < timezone.now():
        raise ApplicationError("This session has already started.")
    with transaction.atomic():
        session = _session_for(activity, starts_at)
        session = Session.objects.select_for_update().get(pk=session.pk)
        active = SignUp.objects.filter(session=session).exclude(status=SignUp.Status.CANCELLED)
        if active.filter(user=actor).exists():
            raise ApplicationError("You have already signed up for this session.")
        confirmed = active.filter(status=SignUp.Status.CONFIRMED).count()
        full = activity.capacity is not None and confirmed >= activity.capacity
        try:
            signup = SignUp.objects.create(
                municipality=activity.municipality,
                session=session,
                user=actor,
                status=SignUp.Status.WAITING if full else SignUp.Status.CONFIRMED,
            )
        except IntegrityError as exc:
            raise ApplicationError("You have already signed up for this session.") from exc
        audit_record(event="socialmap.signup", actor=actor, target=signup, fields=["status"])
    return signup


def signup_cancel(*, actor, signup: SignUp) -> SignUp | None:
    """Cancel a sign-up; when it held a place, the first on the waiting list gets it.
    Returns the promoted sign-up, if any."""
    if signup.user_id != actor.pk:
        raise ApplicationError("You can only cancel your own sign-up.")
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=signup.session_id)
        signup = SignUp.objects.select_for_update().get(pk=signup.pk)
        if signup.status == SignUp.Status.CANCELLED:
            return None
        held_place = signup.status == SignUp.Status.CONFIRMED
        signup.status = SignUp.Status.CANCELLED
        signup.save(update_fields=["status", "updated_at"])
        audit_record(event="socialmap.signup_cancel", actor=actor, target=signup, fields=["status"])
        promoted = None
        if held_place:
            promoted = (
                SignUp.objects.select_for_update()
                .filter(session=session, status=SignUp.Status.WAITING)
                .order_by("created_at", "pk")
                .first()
            )
            if promoted is not None:
                promoted.status = SignUp.Status.CONFIRMED
                promoted.save(update_fields=["status", "updated_at"])
                audit_record(
                    event="socialmap.signup_promote",
                    actor=actor,
                    target=promoted,
                    fields=["status"],
                )
    return promoted


def attendance_record(*, actor, activity: Activity, starts_at: datetime, count: int) -> Session:
    if not can_decide(actor, activity.hub):
        raise ApplicationError("Only the council or the hub coordinator records attendance.")
    if count < 0 or count > 10_000:
        raise ApplicationError("Attendance is a number from 0 to 10000.", field="attendance")
    with transaction.atomic():
        session = _session_for(activity, starts_at)
        session.attendance = count
        session.save(update_fields=["attendance", "updated_at"])
        audit_record(
            event="socialmap.attendance", actor=actor, target=session, fields=["attendance"]
        )
    return session


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


# --- managing hubs and their programme councils (socialmap.edit) ----------------------------
# Hub coordinators and administrators create and edit the hubs of their own municipality and
# add or remove programme council members. Access: the view's ``requires("socialmap.edit")``
# plus the two ``*_get_for_manager`` selectors below, the only way the views reach a hub or a
# council member (another municipality's id answers 404, like an unknown one). Every change
# writes an ItemVersion (table "hub": who, when, changed fields, snapshot without names) and
# an audit line with field names only.
HUB_FIELDS = ("name", "area", "description", "address", "coordinator")


def hub_get_for_manager(request, public_id) -> Hub:
    """A hub of the manager's own municipality (404 otherwise: ids are not disclosed)."""
    hub = (
        Hub.objects.for_municipality(request.user.municipality)
        .select_related("area", "municipality", "coordinator")
        .filter(public_id=public_id)
        .first()
    )
    if hub is None:
        raise Http404
    return hub


def council_for_manager(request, hub: Hub) -> list[CouncilMember]:
    """The hub's programme council as its manager sees it (full names, e-mail addresses:
    person-level). Every member shown is an audit line, like a household in casework: who
    looked at whose details, never the details themselves."""
    members = list(hub.council.select_related("person").order_by("role", "pk"))
    for member in members:
        audit_record(
            event=COUNCIL_VIEWED,
            request=request,
            target=hub,
            subject_id=member.person.public_id,
            municipality_code=hub.municipality.code,
        )
    return members


def council_member_get_for_manager(request, public_id) -> CouncilMember:
    member = (
        CouncilMember.objects.for_municipality(request.user.municipality)
        .select_related("hub", "person")
        .filter(public_id=public_id, hub__municipality=request.user.municipality)
        .first()
    )
    if member is None:
        raise Http404
    return member


def hub_versions(hub: Hub):
    from .models import ItemVersion

    return ItemVersion.objects.filter(table="hub", item_id=hub.public_id).select_related("actor")


def _hub_snapshot(hub: Hub) -> dict:
    return {
        "name": hub.name,
        "area": str(hub.area.public_id) if hub.area_id else None,
        "description": hub.description,
        "address": hub.address,
        "latitude": hub.latitude,
        "longitude": hub.longitude,
        "coordinator": str(hub.coordinator.public_id) if hub.coordinator is not None else None,
        # Council members by their person id and role only: no names in versions.
        "council": [
            {
                "person": str(person_id),
                "role": role,
                "since": since.isoformat() if since else None,
            }
            for person_id, role, since in hub.council.order_by("pk").values_list(
                "person__public_id", "role", "since"
            )
        ],
    }


def _hub_version(hub: Hub, *, actor, changed: list[str]) -> None:
    from .models import ItemVersion

    last = ItemVersion.objects.filter(item_id=hub.public_id).order_by("-number").first()
    ItemVersion.objects.create(
        municipality=hub.municipality,
        table="hub",
        item_id=hub.public_id,
        number=(last.number + 1) if last else 1,
        actor=actor,
        source="form",
        changed_fields=sorted(changed),
        snapshot=_hub_snapshot(hub),
    )


def _require_manager(actor, municipality) -> None:
    if not actor_can(actor, "socialmap.edit") or actor.municipality_id != municipality.pk:
        raise ApplicationError(
            gettext("Only a hub coordinator or administrator of this municipality.")
        )


def hub_save(*, actor, hub: Hub | None = None, data: dict) -> Hub:
    """Create (hub=None) or change a hub of the actor's municipality; versioned and audited.

    ``data``: ``name``, ``area`` (an Area of the municipality), ``description``,
    ``address``, ``coordinator`` (a hub coordinator of the municipality, or None) and an
    optional ``postcode`` that places the hub on the map at its PC4 centroid (not stored);
    a new hub without one is placed at its village's centre."""
    from zorgzaam.accounts.roles import Role
    from zorgzaam.tenancy.selectors import postcode_area_in_municipality

    municipality = actor.municipality if hub is None else hub.municipality
    if municipality is None:
        raise ApplicationError(gettext("Only a user of a municipality can manage hubs."))
    _require_manager(actor, municipality)
    data = dict(data)
    postcode = (data.pop("postcode", "") or "").strip()
    unknown = set(data) - set(HUB_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown fields: {', '.join(sorted(unknown))}.")
    name = (data.get("name") or "").strip() if "name" in data else None
    if hub is None and not name:
        raise ApplicationError(gettext("A name is required."), field="name")
    area = data.get("area")
    if area is not None and area.municipality_id != municipality.pk:
        raise ApplicationError(gettext("Choose a village of this municipality."), field="area")
    coordinator = data.get("coordinator")
    if coordinator is not None and (
        coordinator.municipality_id != municipality.pk or coordinator.role != Role.HUB_COORDINATOR
    ):
        raise ApplicationError(
            gettext("Choose a hub coordinator of this municipality."), field="coordinator"
        )
    point: tuple[float | None, float | None] | None = None
    if postcode:
        pc = postcode_area_in_municipality(postcode, municipality)
        point = (pc.latitude, pc.longitude)
    with transaction.atomic():
        creating = hub is None
        if hub is None:
            hub = Hub(municipality=municipality)
        else:
            hub = Hub.objects.select_for_update().get(pk=hub.pk)
        changed = []
        for field, value in data.items():
            if isinstance(value, str):
                value = value.strip()
            if field in ("area", "coordinator"):
                differs = getattr(hub, f"{field}_id") != (value.pk if value else None)
            else:
                differs = getattr(hub, field) != value
            if differs:
                setattr(hub, field, value)
                changed.append(field)
        if (
            name is not None
            and Hub.objects.for_municipality(municipality)
            .filter(name__iexact=name)
            .exclude(pk=hub.pk)
            .exists()
        ):
            raise ApplicationError(gettext("Another hub already has this name."), field="name")
        if hub.area_id is None:
            raise ApplicationError(gettext("Choose a village of this municipality."), field="area")
        if point is None and creating:
            point = (hub.area.latitude, hub.area.longitude)
        if point is not None and (hub.latitude, hub.longitude) != point:
            hub.latitude, hub.longitude = point
            changed.append("location")
        if not changed and not creating:
            return hub
        hub.full_clean()
        hub.save()
        _hub_version(hub, actor=actor, changed=changed)
        audit_record(
            event=HUB_CREATED if creating else HUB_CHANGED,
            actor=actor,
            target=hub,
            fields=changed,
        )
    return hub


def council_person_find(municipality, email: str):
    """The person of this municipality with this e-mail address (their own, or their
    account's). Raises ApplicationError when there is none or more than one."""
    from zorgzaam.people.models import Person

    email = (email or "").strip()
    found = list(
        Person.objects.for_municipality(municipality)
        .filter(Q(email__iexact=email) | Q(user__email__iexact=email))
        .distinct()[:2]
    )
    if not found:
        raise ApplicationError(
            gettext("No resident with this e-mail address is known in this municipality."),
            field="email",
        )
    if len(found) > 1:
        raise ApplicationError(
            gettext(
                "More than one person has this e-mail address; ask the municipality to add them."
            ),
            field="email",
        )
    return found[0]


def council_member_add(*, actor, hub: Hub, email: str, role: str, since=None) -> CouncilMember:
    """Add the resident with this e-mail address to the hub's programme council."""
    _require_manager(actor, hub.municipality)
    if role not in CouncilMember.Role.values:
        raise ApplicationError(gettext("Choose chair or member."), field="role")
    person = council_person_find(hub.municipality, email)
    with transaction.atomic():
        Hub.objects.select_for_update().get(pk=hub.pk)  # one council change at a time
        if CouncilMember.objects.filter(hub=hub, person=person).exists():
            raise ApplicationError(
                gettext("This person is already in the programme council."), field="email"
            )
        if (
            role == CouncilMember.Role.CHAIR
            and CouncilMember.objects.filter(hub=hub, role=CouncilMember.Role.CHAIR).exists()
        ):
            raise ApplicationError(
                gettext("The council already has a chair; remove or change that member first."),
                field="role",
            )
        member = CouncilMember(
            municipality=hub.municipality,
            hub=hub,
            person=person,
            role=role,
            since=since or timezone.localdate(),
        )
        member.full_clean()
        try:
            member.save()
        except IntegrityError as exc:
            raise ApplicationError(
                gettext("This person is already in the programme council.")
            ) from exc
        _hub_version(hub, actor=actor, changed=["council"])
        audit_record(
            event=COUNCIL_ADDED,
            actor=actor,
            target=hub,
            subject_id=person.public_id,
            fields=["council"],
        )
    return member


def council_member_remove(*, actor, member: CouncilMember) -> None:
    hub = member.hub
    _require_manager(actor, hub.municipality)
    with transaction.atomic():
        Hub.objects.select_for_update().get(pk=hub.pk)
        person_id = member.person.public_id
        deleted, _rows = CouncilMember.objects.filter(pk=member.pk).delete()
        if not deleted:
            return
        _hub_version(hub, actor=actor, changed=["council"])
        audit_record(
            event=COUNCIL_REMOVED,
            actor=actor,
            target=hub,
            subject_id=person_id,
            fields=["council"],
        )
