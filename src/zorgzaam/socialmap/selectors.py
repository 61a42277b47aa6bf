"""Reads of the social map. Public: published items only. Editors (``socialmap.edit``) of a
municipality also see its unpublished items.

The search runs in the database on indexes: full text through the FTS5 / tsvector table, a
bounding box on the indexed latitude/longitude columns, then the exact (equirectangular)
distance in SQL; opening hours through the indexed ``OpeningSlot`` ranges.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from math import sqrt
from typing import Any

from django.db.models import (
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils import timezone

from zorgzaam.accounts.permissions import actor_can
from zorgzaam.tenancy.models import Area, Municipality

from .models import Kind, Service
from .models.hsds import Attribute, Language, TaxonomyTerm
from .search import KM_PER_DEGREE_LAT, fts_sql, km_per_degree_lon

MAX_RADIUS_KM = 50.0


@dataclass(frozen=True)
class SearchQuery:
    """What a search asks. Every field is optional."""

    text: str = ""
    latitude: float | None = None
    longitude: float | None = None
    radius_km: float = 10.0
    taxonomy_term: uuid.UUID | None = None
    kinds: tuple[str, ...] = ()
    informal_first: bool = True
    open_weekday: int | None = None  # 0 = Monday
    open_minute: int | None = None  # minutes after midnight
    language: str = ""
    free: bool = False
    accessible: bool = False
    area: uuid.UUID | None = None

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


def sees_unpublished(municipality, actor) -> bool:
    """Editors (``socialmap.edit``) of this municipality also see its unpublished items."""
    return (
        actor is not None
        and actor_can(actor, "socialmap.edit")
        and actor.municipality_id == getattr(municipality, "pk", None)
    )


def service_base_queryset(municipality, *, actor=None) -> QuerySet[Service]:
    """The services this actor may see in this municipality."""
    qs = Service.objects.for_municipality(municipality)
    if not sees_unpublished(municipality, actor):
        qs = qs.filter(published=True)
    return qs


def service_search_markers(*, municipality, query: SearchQuery, actor=None, limit: int = 1000):
    """``(public_id, name, kind, latitude, longitude)`` of the located matches, best first."""
    from .search_sql import markers

    return markers(
        query,
        municipality_id=municipality.pk,
        published_only=not sees_unpublished(municipality, actor),
        limit=limit,
    )


def service_search_results(*, municipality, query: SearchQuery, actor=None, page_size: int = 20):
    """The same matches as ``service_search``, in the same order, for the search page: one
    hand-written statement per page (``search_sql``), for a Paginator."""
    from .search_sql import SearchResults

    return SearchResults(
        query,
        municipality_id=municipality.pk,
        published_only=not sees_unpublished(municipality, actor),
        page_size=page_size,
    )


def service_search(*, municipality, query: SearchQuery, actor=None) -> QuerySet[Service]:
    """Services matching ``query``, best first: informal first (when asked), then nearest,
    then by name. Annotated with ``distance_km2`` when a point is given.

    The matches are the search page's statement (``search_sql.build``, with the spatial
    index near a point) as a subquery; the queryset orders them and may be filtered further."""
    from .search_sql import build

    statement = build(
        query,
        municipality_id=municipality.pk,
        published_only=not sees_unpublished(municipality, actor),
        ids_only=True,
    )
    qs = service_base_queryset(municipality, actor=actor)
    if statement.empty:
        return qs.none()
    qs = qs.filter(pk__in=RawSQL(statement.sql, statement.params))  # noqa: S611 - fixed fragments, values are parameters
    distance = None
    if query.latitude is not None and query.longitude is not None:
        kx, ky = km_per_degree_lon(query.latitude), KM_PER_DEGREE_LAT
        dx = (F("longitude") - Value(query.longitude)) * Value(kx)
        dy = (F("latitude") - Value(query.latitude)) * Value(ky)
        qs = qs.annotate(
            distance_km2=ExpressionWrapper(dx * dx + dy * dy, output_field=FloatField())
        )
        distance = True
    order = ["informal_rank"] if query.informal_first else []
    if distance is not None:
        order.append("distance_km2")
    order += ["name", "pk"]
    # No joins here: the page loads organization and village for its own rows
    # (prefetch_related), which keeps the search query small to plan.
    return qs.order_by(*order)


def distance_km(service) -> float | None:
    value = getattr(service, "distance_km2", None)
    return None if value is None else round(sqrt(value), 1)


def service_get_public(municipality, public_id, *, actor=None) -> Service:
    service = (
        service_base_queryset(municipality, actor=actor)
        .select_related("organization", "area")
        .filter(public_id=public_id)
        .first()
    )
    if service is None:
        raise Http404
    return service


def service_get_for_editor(request, public_id) -> Service:
    """A service of the editor's own municipality (404 otherwise: ids of other
    municipalities are not disclosed)."""
    service = (
        Service.objects.for_municipality(request.user.municipality)
        .filter(public_id=public_id)
        .first()
    )
    if service is None:
        raise Http404
    return service


def terms_in_use(municipality) -> QuerySet[TaxonomyTerm]:
    # One index probe per term (the attribute index starts with taxonomy_term), not a scan
    # of every attribute of the municipality.
    linked = Attribute.objects.filter(taxonomy_term=OuterRef("pk"), link_entity="service")
    return (
        TaxonomyTerm.objects.for_municipality(municipality).filter(Exists(linked)).order_by("name")
    )


def languages_in_use(municipality) -> list[tuple[str, str]]:
    """(code, name) of the languages the municipality's services are offered in."""
    rows = (
        Language.objects.for_municipality(municipality)
        .filter(service__isnull=False)
        .exclude(code__isnull=True)
        .values_list("code", "name")
        .distinct()
        .order_by("code")
    )
    seen: dict[str, str] = {}
    for code, name in rows:
        seen.setdefault(code, name or code)
    return sorted(seen.items(), key=lambda item: item[1])


@dataclass(frozen=True)
class SearchFacets:
    """The choices of the search form: (value, label) pairs."""

    terms: list[tuple[str, str]]
    languages: list[tuple[str, str]]
    areas: list[tuple[str, str]]


FACETS_CACHE_SECONDS = 600


def _facets_key(municipality) -> str:
    return f"socialmap:search-facets:{municipality.public_id}"


def search_facets(municipality) -> SearchFacets:
    """The categories, languages and villages to offer in the search form. Reading the
    languages means reading every language row, so the facets are cached (shared cache) and
    forgotten when a service of the municipality is re-indexed (every write path) or a
    village changes; ten minutes at most otherwise."""
    from django.core.cache import cache

    key = _facets_key(municipality)
    found = cache.get(key)
    if found is None:
        found = SearchFacets(
            terms=[(str(t.public_id), t.name or "") for t in terms_in_use(municipality)],
            languages=languages_in_use(municipality),
            areas=[
                (str(public_id), name)
                for public_id, name in Area.objects.filter(municipality=municipality)
                .order_by("name")
                .values_list("public_id", "name")
            ],
        )
        cache.set(key, found, FACETS_CACHE_SECONDS)
    return found


def forget_search_facets(municipalities) -> None:
    from django.core.cache import cache

    cache.delete_many([_facets_key(m) for m in municipalities])


def municipalities_with_map() -> QuerySet[Municipality]:
    published = Service.objects.filter(municipality=OuterRef("pk"), published=True)
    return Municipality.objects.filter(Exists(published)).order_by("name")


def informal_resources_near(
    municipality, lat: float, lon: float, domain_or_taxonomy=None, limit: int = 10
) -> list[Service]:
    """Published informal resources nearest to a point (within 15 km), for the informal-first
    nudge of casework. ``domain_or_taxonomy``: a taxonomy term (instance, UUID, or code/name)
    or free text (a life domain such as 'eenzaamheid'), matched on the full-text index.
    Each result carries ``distance_km``."""
    query = SearchQuery(
        latitude=lat, longitude=lon, radius_km=15.0, kinds=(Kind.INFORMAL,), informal_first=False
    )
    qs = service_search(municipality=municipality, query=query)
    if domain_or_taxonomy:
        term = _term_of(municipality, domain_or_taxonomy)
        if term is not None:
            qs = qs.filter(
                public_id__in=Attribute.objects.filter(taxonomy_term=term).values("link_id")
            )
        else:
            sql = fts_sql(str(domain_or_taxonomy))
            if sql is None:
                return []
            qs = qs.filter(pk__in=RawSQL(*sql))  # noqa: S611 - constant SQL, text is a parameter
    results = list(qs[: max(1, min(limit, 100))])
    for service in results:
        service.distance_km = distance_km(service)
    return results


def _term_of(municipality, value) -> TaxonomyTerm | None:
    if isinstance(value, TaxonomyTerm):
        return value
    terms = TaxonomyTerm.objects.for_municipality(municipality)
    try:
        return terms.filter(public_id=uuid.UUID(str(value))).first()
    except ValueError:
        return terms.filter(Q(code__iexact=value) | Q(name__iexact=value)).first()


def socialmap_counts_by_village(municipality) -> list[dict[str, Any]]:
    """Published services per village and kind (for the council report): a list of
    ``{"area": Area, "area_id": uuid, "name": str, "formal": n, "welfare": n, "informal": n,
    "total": n, "hubs": n, "activities": n}``, villages in name order, plus a row with
    ``area=None`` for items without a village."""
    rows = {
        area.pk: {
            "area": area,
            "area_id": area.public_id,
            "name": area.name,
            **{k: 0 for k in Kind.values},
            "total": 0,
            "hubs": 0,
            "activities": 0,
        }
        for area in Area.objects.filter(municipality=municipality).order_by("name")
    }
    unplaced: dict[str, Any] = {
        "area": None,
        "area_id": None,
        "name": "",
        **{k: 0 for k in Kind.values},
        "total": 0,
        "hubs": 0,
        "activities": 0,
    }
    counts = (
        Service.objects.for_municipality(municipality)
        .filter(published=True)
        .values("area_id", "kind")
        .annotate(n=Count("pk"))
    )
    for row in counts:
        target = rows.get(row["area_id"], unplaced)
        target[row["kind"]] += row["n"]
        target["total"] += row["n"]
    _add_hub_counts(municipality, rows)
    result = list(rows.values())
    if unplaced["total"]:
        result.append(unplaced)
    return result


def _add_hub_counts(municipality, rows: dict) -> None:
    from .models import hubs

    for area_id, n in (
        hubs.Hub.objects.for_municipality(municipality)
        .values_list("area_id")
        .annotate(n=Count("pk"))
    ):
        if area_id in rows:
            rows[area_id]["hubs"] = n
    for area_id, n in (
        hubs.Activity.objects.for_municipality(municipality)
        .filter(status=hubs.Activity.Status.APPROVED)
        .values_list("hub__area_id")
        .annotate(n=Count("pk"))
    ):
        if area_id in rows:
            rows[area_id]["activities"] = n


def services_stale(municipality, *, months: int = 12) -> QuerySet[Service]:
    """Items not verified in ``months`` months (or never), oldest first."""
    cutoff = timezone.localdate() - timedelta(days=round(months * 30.44))
    return (
        Service.objects.for_municipality(municipality)
        .filter(Q(last_verified__lt=cutoff) | Q(last_verified__isnull=True))
        .order_by(F("last_verified").asc(nulls_first=True), "name")
    )


def hub_attendance_by_village(municipality, period) -> list[dict]:
    """Hub sessions held in ``period`` (inclusive local dates) with their counted attendance,
    per village of the hub (for the council report): ``[{"area_id": uuid, "area": name,
    "activities": n, "sessions": n, "attendance": n}]`` in village name order, only villages
    with at least one counted session. ``sessions`` are the sessions whose attendance was
    recorded, ``activities`` the distinct activities among them, ``attendance`` the sum of
    their head counts (visits, not different people). Aggregates only."""
    from django.db.models import Sum

    from zorgzaam.common.periods import range_filter

    from .models import hubs

    start, end = period
    rows = (
        hubs.Session.objects.for_municipality(municipality)
        .filter(
            attendance__isnull=False,
            **range_filter("starts_at", start, end),
        )
        .values_list("activity__hub__area__public_id", "activity__hub__area__name")
        .annotate(
            activities=Count("activity", distinct=True),
            sessions=Count("pk"),
            attendance=Sum("attendance"),
        )
        .order_by("activity__hub__area__name")
    )
    return [
        {
            "area_id": area_id,
            "area": name,
            "activities": activities,
            "sessions": sessions,
            "attendance": int(attendance or 0),
        }
        for area_id, name, activities, sessions, attendance in rows
    ]


# The sub-records the item editor edits: HSDS field names per table (a contact's first phone
# number is its ``phone``).
SUB_RECORD_FIELDS = {
    "contacts": ("name", "title", "department", "email", "phone"),
    "cost_options": (
        "option",
        "amount",
        "currency",
        "amount_description",
        "valid_from",
        "valid_to",
    ),
    "languages": ("code", "name", "note"),
}


def sub_record_model(key: str):
    """The model of a sub-record table of ``SUB_RECORD_FIELDS``."""
    from .models.hsds import Contact, CostOption, Language

    return {"contacts": Contact, "cost_options": CostOption, "languages": Language}[key]


def service_sub_records(service: Service) -> dict[str, list[dict]]:
    """The service's contacts, cost options and languages as plain values (``id`` is the
    HSDS id), in a stable order: what the editor shows and what a version stores."""
    from .models.hsds import Phone

    out: dict[str, list[dict]] = {}
    for key, names in SUB_RECORD_FIELDS.items():
        model = sub_record_model(key)
        own = [n for n in names if n != "phone"]
        rows = []
        for row in model.objects.filter(service=service).order_by("pk"):
            item: dict[str, object] = {"id": str(row.public_id)}
            item.update({n: getattr(row, n) for n in own})
            if key == "contacts":
                phone = Phone.objects.filter(contact=row).order_by("pk").first()
                item["phone"] = phone.number if phone is not None else None
            rows.append(item)
        out[key] = rows
    return out


def hub_phone_numbers(municipality=None, area_id=None) -> list[dict]:
    """The phone number of each Huis van Alles, for texts that say "call your community hub":
    the hub of ``area_id`` alone when it has one, else every hub of the municipality (the first
    municipality with hubs when none is given). [{"name", "phone", "public_id"}]"""
    from . import hubs
    from .models import Hub

    if municipality is None:
        first = Hub.objects.order_by("municipality_id").values_list("municipality_id").first()
        if first is None:
            return []
        municipality = Municipality.objects.get(pk=first[0])
    found = hubs.hub_of_area(municipality, area_id)
    candidates = [found] if found is not None else list(hubs.hub_list(municipality))
    result = []
    for hub in candidates:
        phone = hubs.hub_contact(hub).phone
        if phone:
            result.append({"name": hub.name, "phone": phone, "public_id": hub.public_id})
    return result


def hub_choices(municipality) -> list[dict]:
    """The community hubs (Huis van Alles) of a municipality, for other parts that refer to
    one by typed reference: [{"public_id", "name", "area_id", "area_name"}], by name."""
    from . import hubs

    return [
        {
            "public_id": hub.public_id,
            "name": hub.name,
            "area_id": hub.area_id,
            "area_name": hub.area.name,
        }
        for hub in hubs.hub_list(municipality)
    ]


def hub_activities(municipality, hub_public_id, *, days: int = 21) -> list[dict]:
    """The approved activities of a community hub of ``municipality`` with their sessions in
    the next ``days`` days, for other parts that refer to a hub by typed reference (the work
    part's food garden shows its volunteer shifts): [{"public_id", "title", "sessions":
    [{"starts_at", "ends_at", "confirmed", "free_places"}]}], by title; counts only, no
    names. ``[]`` when the hub is not one of the municipality's."""
    from . import hubs
    from .models import Activity, Hub

    hub = Hub.objects.filter(municipality=municipality, public_id=hub_public_id).first()
    if hub is None:
        return []
    activities = list(hub.activities.filter(status=Activity.Status.APPROVED).order_by("title"))
    sessions: dict[int, list[dict]] = {a.pk: [] for a in activities}
    for item in hubs.programme(hub, days=days):
        if item["activity"].pk in sessions:
            sessions[item["activity"].pk].append(
                {k: item[k] for k in ("starts_at", "ends_at", "confirmed", "free_places")}
            )
    return [
        {"public_id": a.public_id, "title": a.title, "sessions": sessions[a.pk]} for a in activities
    ]
