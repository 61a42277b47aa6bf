"""The food garden (voedseltuin) as a hub with work places.

Modelled with what the parts already have, plus what was missing:

* work-experience places: the places of the garden's ``Employer``; a job seeker is placed with
  :func:`services.placement_record` (follow-ups at 3, 6 and 12 months, and, with a contract,
  an SROI fulfilment entry valued with the contract's building-block table);
* volunteer shifts: activities of the garden's community hub on the social map (sign-up,
  places and waiting list are the activity's own), linked as ``GardenShift`` by typed
  reference and read through ``socialmap.selectors.hub_activities`` when that part is
  installed;
* produce to the food bank: ``ProduceDelivery`` (date, kilograms, what), new here.

Writes own their transaction and audit line (ids and field names only).
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError

from . import events, services
from .models import (
    Employer,
    FoodGarden,
    GardenShift,
    JobSeeker,
    OfferKind,
    Placement,
    ProduceDelivery,
    SroiContract,
)
from .selectors import _get, _scoped

COORD = "work.coordinate"
MAX_KG = Decimal(5000)


def _socialmap(name: str):
    if "zorgzaam.socialmap" not in settings.INSTALLED_APPS:
        return None
    try:
        return getattr(importlib.import_module("zorgzaam.socialmap.selectors"), name, None)
    except ImportError:
        return None


# --- Reads ---------------------------------------------------------------------------------


def garden_list_for_actor(actor) -> QuerySet[FoodGarden]:
    return _scoped(FoodGarden, actor, COORD).select_related("employer")


def garden_get_for_actor(request, public_id) -> FoodGarden:
    return _get(request, garden_list_for_actor(request.user), FoodGarden, public_id)


def hub_choices(municipality) -> list[dict]:
    found = _socialmap("hub_choices")
    return found(municipality) if found else []


def _hub_activities(garden: FoodGarden, days: int = 21) -> list[dict]:
    found = _socialmap("hub_activities")
    if found is None or garden.hub_public_id is None:
        return []
    return found(garden.municipality, garden.hub_public_id, days=days)


@dataclass
class Places:
    capacity: int
    placements: list[Placement]

    @property
    def free(self) -> int:
        return max(self.capacity - len(self.placements), 0)


def places(garden: FoodGarden) -> Places:
    """The garden's work-experience places and who is on them now (with any SROI entry)."""
    running = (
        Placement.objects.filter(
            employer=garden.employer,
            kind=OfferKind.WORK_EXPERIENCE,
            outcome=Placement.Outcome.OPEN,
        )
        .select_related("job_seeker__person", "fulfilment__contract__table")
        .order_by("start")
    )
    return Places(garden.employer.work_experience_places, list(running))


def sroi_to_date(placements: list[Placement], as_of: dt.date) -> Decimal:
    total = Decimal(0)
    for placement in placements:
        entry = getattr(placement, "fulfilment", None)
        if entry is not None:
            total += entry.value(as_of)
    return total


@dataclass
class Shift:
    link: GardenShift
    sessions: list[dict]


def shifts(garden: FoodGarden) -> tuple[list[Shift], list[dict]]:
    """The garden's volunteer shifts with their coming sessions, and the hub's other
    activities that could be linked as a shift."""
    activities = {a["public_id"]: a for a in _hub_activities(garden)}
    linked = list(garden.shifts.all())
    result = [
        Shift(link, activities.get(link.activity_public_id, {}).get("sessions", []))
        for link in linked
    ]
    taken = {link.activity_public_id for link in linked}
    return result, [a for a in activities.values() if a["public_id"] not in taken]


@dataclass(frozen=True)
class MonthTotal:
    month: dt.date
    kg: Decimal
    deliveries: int


def produce_by_month(garden: FoodGarden, *, months: int = 12) -> list[MonthTotal]:
    """Kilograms delivered per calendar month, the last ``months`` months, newest first."""
    today = timezone.localdate()
    first = (today.replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(day=1)
    totals: dict[dt.date, list] = defaultdict(lambda: [Decimal(0), 0])
    for d in garden.deliveries.filter(delivered_on__gte=first).only("delivered_on", "kg"):
        row = totals[d.delivered_on.replace(day=1)]
        row[0] += d.kg
        row[1] += 1
    return [MonthTotal(m, kg, n) for m, (kg, n) in sorted(totals.items(), reverse=True)]


def produce_this_year(garden: FoodGarden) -> Decimal:
    year = timezone.localdate().year
    total = garden.deliveries.filter(delivered_on__year=year).aggregate(kg=Sum("kg"))["kg"]
    return total or Decimal(0)


def active_job_seekers(actor) -> QuerySet[JobSeeker]:
    return (
        _scoped(JobSeeker, actor, COORD)
        .filter(status__in=[JobSeeker.Status.ACTIVE, JobSeeker.Status.PLACED])
        .select_related("person")
    )


# --- Writes --------------------------------------------------------------------------------


def _require(actor, municipality) -> None:
    if not getattr(actor, "is_authenticated", False) or actor.municipality_id != municipality.pk:
        raise ApplicationError(_("This food garden is not of your municipality."))


@transaction.atomic
def garden_create(
    *,
    actor,
    name: str,
    employer: Employer,
    place: str,
    food_bank: str,
    hub_public_id=None,
    description: str = "",
) -> FoodGarden:
    """Register a food garden; its employer provides the work-experience places."""
    municipality = actor.municipality
    if municipality is None or employer.municipality_id != municipality.pk:
        raise ApplicationError(_("Choose an employer of your municipality."), field="employer")
    if FoodGarden.objects.filter(employer=employer).exists():
        raise ApplicationError(_("This employer already runs a food garden."), field="employer")
    hub_label = ""
    if hub_public_id:
        hub = next(
            (h for h in hub_choices(municipality) if str(h["public_id"]) == str(hub_public_id)),
            None,
        )
        if hub is None:
            raise ApplicationError(_("Choose a community hub of your municipality."), field="hub")
        hub_label = hub["name"]
    garden = FoodGarden(
        municipality=municipality,
        name=(name or "").strip(),
        employer=employer,
        place=(place or "").strip(),
        food_bank=(food_bank or "").strip(),
        hub_public_id=hub_public_id or None,
        hub_label=hub_label,
        description=(description or "").strip(),
    )
    services._clean(garden)
    garden.save()
    audit_record(
        event=events.GARDEN_CHANGED,
        actor=actor,
        target=garden,
        fields=["name", "employer", "place", "food_bank", "hub", "description"],
    )
    return garden


def garden_place(
    *,
    actor,
    garden: FoodGarden,
    job_seeker: JobSeeker,
    start: dt.date,
    hours_per_week: Decimal,
    contract: SroiContract | None = None,
) -> Placement:
    """A job seeker on a work-experience place of the garden (the part's placement, with its
    follow-ups and, with a contract, its SROI fulfilment entry)."""
    _require(actor, garden.municipality)
    return services.placement_record(
        actor=actor,
        job_seeker=job_seeker,
        employer=garden.employer,
        kind=OfferKind.WORK_EXPERIENCE,
        start=start,
        hours_per_week=hours_per_week,
        contract=contract,
    )


@transaction.atomic
def shift_link(*, actor, garden: FoodGarden, activity_public_id, task: str) -> GardenShift:
    """Count an activity of the garden's hub as a volunteer shift of the garden."""
    _require(actor, garden.municipality)
    activity = next(
        (a for a in _hub_activities(garden) if str(a["public_id"]) == str(activity_public_id)),
        None,
    )
    if activity is None:
        raise ApplicationError(
            _("Choose an activity of the garden's community hub."), field="activity"
        )
    task = (task or "").strip()
    if len(task) < 3:
        raise ApplicationError(_("Say in a few words what volunteers do."), field="task")
    if garden.shifts.filter(activity_public_id=activity["public_id"]).exists():
        raise ApplicationError(_("This activity is already a shift of the garden."))
    shift = GardenShift(
        garden=garden,
        activity_public_id=activity["public_id"],
        activity_label=activity["title"][:200],
        task=task,
    )
    services._clean(shift)
    shift.save()
    audit_record(event=events.GARDEN_CHANGED, actor=actor, target=garden, fields=["shift"])
    return shift


@transaction.atomic
def produce_record(
    *, actor, garden: FoodGarden, delivered_on: dt.date, kg: Decimal, produce: str
) -> ProduceDelivery:
    """Record produce delivered to the food bank."""
    _require(actor, garden.municipality)
    today = timezone.localdate()
    if delivered_on > today:
        raise ApplicationError(_("A delivery cannot be in the future."), field="delivered_on")
    if delivered_on < today - dt.timedelta(days=366):
        raise ApplicationError(
            _("Record deliveries of the last twelve months."), field="delivered_on"
        )
    if kg is None or kg <= 0 or kg > MAX_KG:
        raise ApplicationError(_("Give the weight in kilograms (0.1 to 5000)."), field="kg")
    produce = (produce or "").strip()
    if len(produce) < 3:
        raise ApplicationError(
            _("Say what was delivered, e.g. lettuce and beans."), field="produce"
        )
    delivery = ProduceDelivery(
        garden=garden, delivered_on=delivered_on, kg=kg, produce=produce, recorded_by=actor
    )
    services._clean(delivery)
    delivery.save()
    audit_record(
        event=events.PRODUCE_RECORDED,
        actor=actor,
        target=delivery,
        fields=["delivered_on", "kg", "produce"],
    )
    return delivery
