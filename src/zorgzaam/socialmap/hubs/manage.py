"""Managing hubs and their programme councils (``socialmap.edit``).

Hub coordinators and administrators create and edit the hubs of their own municipality and
add or remove programme council members. Access: the view's ``requires("socialmap.edit")``
plus the two ``*_get_for_manager`` selectors below, the only way the views reach a hub or a
council member (another municipality's id answers 404, like an unknown one). Every change
writes an ItemVersion (table "hub": who, when, changed fields, snapshot without names) and
an audit line with field names only."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from zorgzaam.accounts.permissions import actor_can
from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError
from zorgzaam.common.updates import model_update

from ..events import COUNCIL_ADDED, COUNCIL_REMOVED, COUNCIL_VIEWED, HUB_CHANGED, HUB_CREATED
from ..models import CouncilMember, Hub

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
    from ..models import ItemVersion

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
    from ..models import ItemVersion

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
        stripped = {f: v.strip() if isinstance(v, str) else v for f, v in data.items()}
        changed = model_update(hub, stripped, HUB_FIELDS, clean=False, save=False)
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
