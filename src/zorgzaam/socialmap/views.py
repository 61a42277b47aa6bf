"""Public pages of the social map: search (results list first, map as enhancement), item
detail, and the markers of a search as GeoJSON for the map script."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from zorgzaam.accounts.permissions import actor_can, public
from zorgzaam.tenancy.models import Municipality

from . import hubs, selectors
from .forms import SearchForm
from .models.hsds import Address, Language, Phone, Schedule, ServiceAtLocation
from .search_sql import page_number

PAGE_SIZE = 20
MAX_MARKERS = 1000


def _municipality(request) -> Municipality:
    """The municipality whose map is shown: ?gemeente=GM.... the user's own, or the first
    municipality that has a published map."""
    code = request.GET.get("gemeente", "").strip().upper()
    if code:
        found = Municipality.objects.filter(code=code).first()
        if found is None:
            raise Http404
        return found
    user = request.user
    if getattr(user, "is_authenticated", False) and user.municipality_id:
        return user.municipality
    found = selectors.municipalities_with_map().first() or Municipality.objects.first()
    if found is None:
        raise Http404
    return found


def _form(request, municipality) -> SearchForm:
    facets = selectors.search_facets(municipality)
    return SearchForm(
        request.GET, terms=facets.terms, languages=facets.languages, areas=facets.areas
    )


@public
def search(request):
    municipality = _municipality(request)
    form = _form(request, municipality)
    page = None
    if form.is_valid():
        results = selectors.service_search_results(
            municipality=municipality,
            query=form.to_query(),
            actor=request.user,
            page_size=PAGE_SIZE,
        )
        results.prime(page_number(request.GET.get("page")))
        page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
        for service in page:
            service.distance_km = selectors.distance_km(service)
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "socialmap/search.html",
        {
            "form": form,
            "page": page,
            "municipality": municipality,
            "municipalities": selectors.municipalities_with_map(),
            "query_string": query_string.urlencode(),
        },
    )


@public
def markers(request):
    """GeoJSON of the services matching the same query (for the map; at most 1000)."""
    municipality = _municipality(request)
    form = _form(request, municipality)
    if not form.is_valid():
        return JsonResponse({"error": _("Invalid search."), "fields": form.errors}, status=400)
    rows = selectors.service_search_markers(
        municipality=municipality, query=form.to_query(), actor=request.user, limit=MAX_MARKERS
    )
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
            "properties": {
                "id": str(public_id),
                "name": name,
                "kind": kind,
                "url": f"/map/{public_id}/",
            },
        }
        for public_id, name, kind, lat, lon in rows
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})


@public
def service_detail(request, public_id):
    municipality = _municipality_of_service(request, public_id)
    service = selectors.service_get_public(municipality, public_id, actor=request.user)
    sal = list(ServiceAtLocation.objects.filter(service=service).select_related("location"))
    location_ids = [s.location_id for s in sal if s.location_id]
    context = {
        "service": service,
        "locations": [s.location for s in sal if s.location_id],
        "addresses": Address.objects.filter(location_id__in=location_ids),
        "phones": Phone.objects.filter(service=service),
        "schedules": Schedule.objects.filter(service=service),
        "languages": Language.objects.filter(service=service),
        "municipality": municipality,
        "hub": hubs.hub_of_service(service),
        "can_edit": request.user.is_authenticated
        and actor_can(request.user, "socialmap.edit")
        and request.user.municipality_id == service.municipality_id,
    }
    return render(request, "socialmap/service_detail.html", context)


def _municipality_of_service(request, public_id) -> Municipality:
    from .models import Service

    municipality_id = (
        Service.objects.filter(public_id=public_id)
        .values_list("municipality_id", flat=True)
        .first()
    )
    if municipality_id is None:
        raise Http404
    return Municipality.objects.get(pk=municipality_id)
