"""Read API following the HSDS 3.0 OpenAPI (``../shared/hsds/schema/openapi.json``).

Public, read-only, published items only. Lists are HSDS pages (``total_items``,
``total_pages``, ``page_number``, ``size``, ``first_page``, ``last_page``, ``empty``,
``contents``); single objects are fully nested compiled objects. Optional
``municipality=GM....`` narrows every list to one municipality.
"""

from __future__ import annotations

import math
import uuid
from datetime import datetime

from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from zorgzaam.tenancy.models import Municipality
from zorgzaam.tenancy.selectors import postcode_area_get

from .hsds import render
from .models import Service
from .models.hsds import Attribute, Organization, ServiceAtLocation, Taxonomy, TaxonomyTerm
from .search import bounding_box, fts_sql

#: 20, the page size OpenReferral UK's validator asks for: its paging check takes the number
#: of pages of the plain first request (this default) for the number of pages at its own
#: ``perPage``, so with a default of 50 a directory of 60 to 150 services failed it.
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PER_PAGE_FULL = 20

P_SEARCH = OpenApiParameter("search", str, description="Full text search (Dutch stemming).")
P_PAGE = OpenApiParameter("page", int, description="Page number of paginated result.")
P_PER_PAGE = OpenApiParameter(
    "per_page",
    int,
    description=(
        f"Results per page (1..{MAX_PER_PAGE}, default {DEFAULT_PER_PAGE}); "
        "`perPage` (as OpenReferral UK's validator sends it) is accepted too."
    ),
)
P_MUNICIPALITY = OpenApiParameter("municipality", str, description="CBS code, e.g. GM1901.")
P_TERM = OpenApiParameter("taxonomy_term_id", str, description="Services with this term.")
P_TAXONOMY = OpenApiParameter("taxonomy_id", str, description="Services with a term of this.")
P_ORG = OpenApiParameter("organization_id", str, description="Services of this organization.")
P_MODIFIED = OpenApiParameter(
    "modified_after", str, description="Changed on or after this date or datetime."
)
P_MINIMAL = OpenApiParameter("minimal", bool, description="Only id and modified date.")
P_FULL = OpenApiParameter("full", bool, description="Fully nested objects.")
P_FULL_SERVICE = OpenApiParameter(
    "full_service",
    bool,
    description=(
        "Fully nested organization with service array that contains full service "
        "information (HSDS 3.0). Without it the services array holds the one-to-one fields "
        "of each published service only. On the list it implies full=true "
        f"(per_page at most {MAX_PER_PAGE_FULL})."
    ),
)
P_POSTCODE = OpenApiParameter("postcode", str, description="Dutch postcode (PC4 centroid).")
P_PROXIMITY = OpenApiParameter("proximity", int, description="Metres from the postcode.")
P_PARENT = OpenApiParameter("parent_id", str, description="Terms with this parent.")
P_TOP = OpenApiParameter("top_only", bool, description="Only terms without a parent.")

PAGE = OpenApiResponse(OpenApiTypes.OBJECT, description="An HSDS page.")
OBJECT = OpenApiResponse(OpenApiTypes.OBJECT, description="A fully nested HSDS object.")
BAD = OpenApiResponse(OpenApiTypes.OBJECT, description="Invalid parameter.")
MISSING = OpenApiResponse(OpenApiTypes.OBJECT, description="No such (published) object.")


class HsdsView(APIView):
    permission_classes = [AllowAny]
    zorgzaam_public = True
    http_method_names = ["get", "head", "options"]

    def _int(self, name: str, default: int, low: int, high: int) -> int:
        raw = self.request.query_params.get(name)
        if raw in (None, ""):
            return default
        try:
            value = int(raw)
        except ValueError as exc:
            raise ValidationError({name: f"{name} must be a whole number."}) from exc
        if not low <= value <= high:
            raise ValidationError({name: f"{name} must lie between {low} and {high}."})
        return value

    def _bool(self, name: str) -> bool:
        raw = (self.request.query_params.get(name) or "").lower()
        if raw in ("", "false", "0", "no"):
            return False
        if raw in ("true", "1", "yes"):
            return True
        raise ValidationError({name: f"{name} must be true or false."})

    def _uuid(self, name: str) -> uuid.UUID | None:
        raw = self.request.query_params.get(name)
        if not raw:
            return None
        try:
            return uuid.UUID(raw)
        except ValueError as exc:
            raise ValidationError({name: f"{name} must be a UUID."}) from exc

    def _municipality(self):
        code = (self.request.query_params.get("municipality") or "").strip().upper()
        if not code:
            return None
        found = Municipality.objects.filter(code=code).first()
        if found is None:
            raise ValidationError({"municipality": f"Municipality {code} is unknown."})
        return found

    def _scope(self, qs):
        municipality = self._municipality()
        return qs if municipality is None else qs.filter(municipality=municipality)

    def _per_page_name(self) -> str:
        """``per_page`` (HSDS) or ``perPage`` (OpenReferral UK's validator); both given and
        different is a contradiction, not a choice to make silently."""
        params = self.request.query_params
        snake, camel = params.get("per_page"), params.get("perPage")
        if snake not in (None, "") and camel not in (None, "") and snake != camel:
            raise ValidationError({"per_page": "per_page and perPage differ; give one of them."})
        return "perPage" if snake in (None, "") and camel not in (None, "") else "per_page"

    def page(self, qs, render_item, *, full: bool = False) -> Response:
        per_page = self._int(
            self._per_page_name(),
            DEFAULT_PER_PAGE,
            1,
            MAX_PER_PAGE_FULL if full else MAX_PER_PAGE,
        )
        page = self._int("page", 1, 1, 1_000_000)
        total = qs.count()
        pages = max(1, math.ceil(total / per_page))
        items = list(qs[(page - 1) * per_page : page * per_page])
        return Response(
            {
                "total_items": total,
                "total_pages": pages,
                "page_number": page,
                "size": len(items),
                "first_page": page == 1,
                "last_page": page >= pages,
                "empty": total == 0,
                "contents": [render_item(i) for i in items],
            }
        )


def _published_services():
    return Service.objects.filter(published=True).exclude(status__in=["defunct"])


def _modified_after(value: str | None):
    if not value:
        return None
    invalid = ValidationError({"modified_after": "Give a date (YYYY-MM-DD) or datetime."})
    try:  # well-formed but impossible (2026-02-30) raises ValueError
        moment = parse_datetime(value)
        day = parse_date(value) if moment is None else None
    except ValueError as exc:
        raise invalid from exc
    if moment is None:
        if day is None:
            raise invalid
        moment = datetime(day.year, day.month, day.day)
    from django.utils import timezone

    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class ApiRoot(HsdsView):
    @extend_schema(operation_id="hsds_root", responses={200: OBJECT}, tags=["hsds"])
    def get(self, request):
        return Response(
            {
                "version": "3.0",
                "profile": "https://docs.openreferral.org/en/v3.0/",
                "openapi_url": request.build_absolute_uri("/api/schema/"),
            }
        )


class ServiceList(HsdsView):
    @extend_schema(
        operation_id="hsds_services",
        parameters=[
            P_SEARCH,
            P_PAGE,
            P_PER_PAGE,
            P_TERM,
            P_TAXONOMY,
            P_ORG,
            P_MODIFIED,
            P_MINIMAL,
            P_FULL,
            P_MUNICIPALITY,
            P_POSTCODE,
            P_PROXIMITY,
        ],
        responses={200: PAGE, 400: BAD},
        tags=["hsds"],
    )
    def get(self, request):
        qs = self._scope(_published_services()).select_related("organization", "program")
        qs = _service_filters(self, qs)
        full = self._bool("full")
        if self._bool("minimal"):
            return self.page(
                qs.order_by("pk"),
                lambda s: {"id": str(s.public_id), "modified_date": s.updated_at.isoformat()},
            )
        if full:
            return self.page(
                qs.order_by("pk"), lambda s: render.full_object("service", s), full=True
            )
        return self.page(qs.order_by("pk"), render.service_list_item)


def _service_filters(view: HsdsView, qs, *, field: str = ""):
    """The HSDS service filters, on services (``field=""``) or through ``service__``."""
    params = view.request.query_params
    prefix = f"{field}__" if field else ""
    text = (params.get("search") or "").strip()
    if text:
        sql = fts_sql(text)
        qs = qs.none() if sql is None else qs.filter(**{f"{prefix}pk__in": RawSQL(*sql)})  # noqa: S611 - constant SQL
    term = view._uuid("taxonomy_term_id")
    if term:
        links = Attribute.objects.filter(taxonomy_term__public_id=term).values("link_id")
        qs = qs.filter(**{f"{prefix}public_id__in": links})
    taxonomy = view._uuid("taxonomy_id")
    if taxonomy:
        links = Attribute.objects.filter(taxonomy_term__taxonomy_detail__public_id=taxonomy).values(
            "link_id"
        )
        qs = qs.filter(**{f"{prefix}public_id__in": links})
    organization = view._uuid("organization_id")
    if organization:
        qs = qs.filter(**{f"{prefix}organization__public_id": organization})
    moment = _modified_after(params.get("modified_after"))
    if moment:
        qs = qs.filter(**{f"{prefix}updated_at__gte": moment})
    postcode = params.get("postcode")
    if postcode:
        from zorgzaam.common.errors import ApplicationError

        try:
            area = postcode_area_get(postcode)
        except ApplicationError as exc:
            raise ValidationError({"postcode": exc.message}) from exc
        metres = view._int("proximity", 10_000, 1, 50_000)
        south, north, west, east = bounding_box(area.latitude, area.longitude, metres / 1000)
        qs = qs.filter(
            **{
                f"{prefix}latitude__gte": south,
                f"{prefix}latitude__lte": north,
                f"{prefix}longitude__gte": west,
                f"{prefix}longitude__lte": east,
            }
        )
    return qs


class ServiceDetail(HsdsView):
    @extend_schema(
        operation_id="hsds_service", responses={200: OBJECT, 404: MISSING}, tags=["hsds"]
    )
    def get(self, request, public_id):
        service = _published_services().filter(public_id=public_id).first()
        if service is None:
            raise NotFound("No published service with this id.")
        return Response(render.full_object("service", service))


def _organization_full(organization, *, full_service: bool) -> dict:
    """The fully nested organization with its ``services`` array (HSDS OpenAPI): the
    one-to-one fields of each published service, or with ``full_service`` each full service
    object (without the organization nested in it again)."""
    out = render.full_object("organization", organization)
    services = (
        _published_services()
        .filter(organization=organization)
        .select_related("organization", "program")
        .order_by("pk")
    )
    items = []
    for service in services:
        if full_service:
            item = render.full_object("service", service)
            item.pop("organization", None)
        else:
            item = render.shallow("service", service)
        items.append(item)
    out["services"] = items
    return out


class OrganizationList(HsdsView):
    @extend_schema(
        operation_id="hsds_organizations",
        parameters=[P_SEARCH, P_FULL_SERVICE, P_FULL, P_PAGE, P_PER_PAGE, P_MUNICIPALITY],
        responses={200: PAGE, 400: BAD},
        tags=["hsds"],
    )
    def get(self, request):
        qs = self._scope(Organization.objects.all())
        text = (request.query_params.get("search") or "").strip()
        if text:
            qs = qs.filter(Q(name__icontains=text) | Q(alternate_name__icontains=text))
        full_service = self._bool("full_service")
        if self._bool("full") or full_service:
            return self.page(
                qs.order_by("pk"),
                lambda o: _organization_full(o, full_service=full_service),
                full=True,
            )
        return self.page(qs.order_by("pk"), lambda o: render.shallow("organization", o))


class OrganizationDetail(HsdsView):
    @extend_schema(
        operation_id="hsds_organization",
        parameters=[P_FULL_SERVICE],
        responses={200: OBJECT, 400: BAD, 404: MISSING},
        tags=["hsds"],
    )
    def get(self, request, public_id):
        full_service = self._bool("full_service")
        organization = Organization.objects.filter(public_id=public_id).first()
        if organization is None:
            raise NotFound("No organization with this id.")
        return Response(_organization_full(organization, full_service=full_service))


class TaxonomyList(HsdsView):
    @extend_schema(
        operation_id="hsds_taxonomies",
        parameters=[P_SEARCH, P_PAGE, P_PER_PAGE, P_MUNICIPALITY],
        responses={200: PAGE, 400: BAD},
        tags=["hsds"],
    )
    def get(self, request):
        qs = self._scope(Taxonomy.objects.all())
        text = (request.query_params.get("search") or "").strip()
        if text:
            qs = qs.filter(name__icontains=text)
        return self.page(qs.order_by("pk"), lambda t: render.shallow("taxonomy", t))


class TaxonomyDetail(HsdsView):
    @extend_schema(
        operation_id="hsds_taxonomy", responses={200: OBJECT, 404: MISSING}, tags=["hsds"]
    )
    def get(self, request, public_id):
        taxonomy = Taxonomy.objects.filter(public_id=public_id).first()
        if taxonomy is None:
            raise NotFound("No taxonomy with this id.")
        return Response(render.shallow("taxonomy", taxonomy))


class TaxonomyTermList(HsdsView):
    @extend_schema(
        operation_id="hsds_taxonomy_terms",
        parameters=[P_SEARCH, P_PAGE, P_PER_PAGE, P_TAXONOMY, P_PARENT, P_TOP, P_MUNICIPALITY],
        responses={200: PAGE, 400: BAD},
        tags=["hsds"],
    )
    def get(self, request):
        qs = self._scope(TaxonomyTerm.objects.select_related("taxonomy_detail"))
        text = (request.query_params.get("search") or "").strip()
        if text:
            qs = qs.filter(Q(name__icontains=text) | Q(code__iexact=text))
        taxonomy = self._uuid("taxonomy_id")
        if taxonomy:
            qs = qs.filter(taxonomy_detail__public_id=taxonomy)
        parent = self._uuid("parent_id")
        if parent:
            qs = qs.filter(parent_id=parent)
        if self._bool("top_only"):
            qs = qs.filter(parent_id__isnull=True)
        return self.page(qs.order_by("pk"), render.term_item)


class TaxonomyTermDetail(HsdsView):
    @extend_schema(
        operation_id="hsds_taxonomy_term", responses={200: OBJECT, 404: MISSING}, tags=["hsds"]
    )
    def get(self, request, public_id):
        term = TaxonomyTerm.objects.select_related("taxonomy_detail").filter(public_id=public_id)
        term = term.first()
        if term is None:
            raise NotFound("No taxonomy term with this id.")
        return Response(render.term_item(term))


class ServiceAtLocationList(HsdsView):
    @extend_schema(
        operation_id="hsds_service_at_locations",
        parameters=[
            P_SEARCH,
            P_PAGE,
            P_PER_PAGE,
            P_TERM,
            P_TAXONOMY,
            P_ORG,
            P_MODIFIED,
            P_FULL,
            P_MUNICIPALITY,
            P_POSTCODE,
            P_PROXIMITY,
        ],
        responses={200: PAGE, 400: BAD},
        tags=["hsds"],
    )
    def get(self, request):
        qs = self._scope(
            ServiceAtLocation.objects.filter(
                service__published=True, service__isnull=False
            ).select_related("service", "location")
        )
        qs = _service_filters(self, qs, field="service")
        if self._bool("full"):
            return self.page(
                qs.order_by("pk"),
                lambda s: render.full_object("service_at_location", s),
                full=True,
            )
        return self.page(qs.order_by("pk"), render.sal_list_item)


class ServiceAtLocationDetail(HsdsView):
    @extend_schema(
        operation_id="hsds_service_at_location",
        responses={200: OBJECT, 404: MISSING},
        tags=["hsds"],
    )
    def get(self, request, public_id):
        sal = ServiceAtLocation.objects.filter(public_id=public_id, service__published=True).first()
        if sal is None:
            raise NotFound("No published service at location with this id.")
        return Response(render.full_object("service_at_location", sal))
