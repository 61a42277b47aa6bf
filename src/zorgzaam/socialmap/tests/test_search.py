"""Search: Dutch stemming, distance, category, kind (informal first), open at, language,
free, accessible; public pages and the selectors other parts call."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zorgzaam.socialmap.models import Kind, Service
from zorgzaam.socialmap.selectors import (
    SearchQuery,
    informal_resources_near,
    service_search,
    socialmap_counts_by_village,
)

from .helpers import hsds_service, hsds_term, load

pytestmark = pytest.mark.django_db

NEAR = (52.045, 4.73)
FAR = (52.30, 4.73)  # about 28 km north


@pytest.fixture
def items(world):
    m = world.municipality
    garden = hsds_term("Eten", "eten")
    services = load(
        m,
        [
            hsds_service(
                "Wandelgroep Noorddorp",
                description="Elke week wandelingen door de polder.",
                byday="FR",
                opens="09:30",
                closes="10:30",
            ),
            hsds_service(
                "Buurtmoestuin",
                description="Samen tuinieren; de oogst wordt gedeeld.",
                term=garden,
                accessible=True,
                languages=("nl", "ar"),
            ),
            hsds_service(
                "Café Koffiehoek",
                description="Koffie met buren, geen kosten.",
                byday="TU,TH",
                opens="10:00",
                closes="12:00",
            ),
            hsds_service(
                "Fysiotherapie Centrum", cost=40, byday="MO,TU", opens="08:00", closes="18:00"
            ),
            hsds_service("Ver weg tuinclub", lat=FAR[0], lon=FAR[1], term=garden),
        ],
        kinds={
            "Wandelgroep Noorddorp": Kind.INFORMAL,
            "Buurtmoestuin": Kind.INFORMAL,
            "Café Koffiehoek": Kind.INFORMAL,
            "Fysiotherapie Centrum": Kind.FORMAL,
            "Ver weg tuinclub": Kind.INFORMAL,
        },
    )
    return {s.name: s for s in services}


def names(qs) -> list[str]:
    return [s.name for s in qs]


def test_dutch_stemming_and_diacritics(world, items):
    m = world.municipality
    # "wandeling" and "wandelingen" share the stem; "cafe" finds "Café".
    assert names(service_search(municipality=m, query=SearchQuery(text="wandeling"))) == [
        "Wandelgroep Noorddorp"
    ]
    assert "Café Koffiehoek" in names(
        service_search(municipality=m, query=SearchQuery(text="cafe"))
    )
    assert names(service_search(municipality=m, query=SearchQuery(text="tuinieren oogst"))) == [
        "Buurtmoestuin"
    ]
    assert names(service_search(municipality=m, query=SearchQuery(text="zwembad"))) == []
    # Only punctuation: nothing to search for, no error.
    assert names(service_search(municipality=m, query=SearchQuery(text="!!! ---"))) == []


def test_distance_category_kind_and_filters(world, items):
    m = world.municipality
    near = SearchQuery(latitude=NEAR[0], longitude=NEAR[1], radius_km=5)
    found = names(service_search(municipality=m, query=near))
    assert "Ver weg tuinclub" not in found and len(found) == 4
    wide = SearchQuery(latitude=NEAR[0], longitude=NEAR[1], radius_km=50)
    assert "Ver weg tuinclub" in names(service_search(municipality=m, query=wide))
    term = items["Buurtmoestuin"]
    from zorgzaam.socialmap.models.hsds import TaxonomyTerm

    eten = TaxonomyTerm.objects.get(code="eten", municipality=m)
    assert sorted(
        names(service_search(municipality=m, query=SearchQuery(taxonomy_term=eten.public_id)))
    ) == ["Buurtmoestuin", "Ver weg tuinclub"]
    assert term.is_accessible
    assert names(service_search(municipality=m, query=SearchQuery(accessible=True))) == [
        "Buurtmoestuin"
    ]
    assert names(service_search(municipality=m, query=SearchQuery(language="ar"))) == [
        "Buurtmoestuin"
    ]
    free = names(service_search(municipality=m, query=SearchQuery(free=True)))
    assert "Fysiotherapie Centrum" not in free and "Buurtmoestuin" in free
    assert names(service_search(municipality=m, query=SearchQuery(kinds=(Kind.FORMAL,)))) == [
        "Fysiotherapie Centrum"
    ]


def test_informal_first_toggle(world, items):
    m = world.municipality
    first = names(service_search(municipality=m, query=SearchQuery(informal_first=True)))
    assert first[-1] == "Fysiotherapie Centrum"
    plain = names(service_search(municipality=m, query=SearchQuery(informal_first=False)))
    assert plain == sorted(plain)


def test_open_on_day_at_time(world, items):
    m = world.municipality
    tuesday_11 = SearchQuery(open_weekday=1, open_minute=11 * 60)
    assert sorted(names(service_search(municipality=m, query=tuesday_11))) == [
        "Café Koffiehoek",
        "Fysiotherapie Centrum",
    ]
    tuesday_13 = SearchQuery(open_weekday=1, open_minute=13 * 60)
    assert names(service_search(municipality=m, query=tuesday_13)) == ["Fysiotherapie Centrum"]
    friday = SearchQuery(open_weekday=4)
    assert names(service_search(municipality=m, query=friday)) == ["Wandelgroep Noorddorp"]


def test_search_uses_the_index_not_a_scan(world, items):
    m = world.municipality
    query = SearchQuery(
        text="koffie", latitude=NEAR[0], longitude=NEAR[1], open_weekday=1, open_minute=600
    )
    with CaptureQueriesContext(connection) as captured:
        found = list(service_search(municipality=m, query=query)[:20])
    assert [s.name for s in found] == ["Café Koffiehoek"]
    assert len(captured.captured_queries) == 1
    sql = captured.captured_queries[0]["sql"]
    assert "socialmap_service_fts" in sql and "latitude" in sql


def test_unpublished_items_are_hidden_from_the_public(world, items, client):
    m = world.municipality
    hidden = items["Buurtmoestuin"]
    Service.objects.filter(pk=hidden.pk).update(published=False)
    assert "Buurtmoestuin" not in names(service_search(municipality=m, query=SearchQuery()))
    coordinator = world.users["hub_coordinator"]
    assert "Buurtmoestuin" in names(
        service_search(municipality=m, query=SearchQuery(), actor=coordinator)
    )
    assert client.get(f"/map/{hidden.public_id}/").status_code == 404


def test_informal_resources_near(world, items):
    m = world.municipality
    found = informal_resources_near(m, NEAR[0], NEAR[1])
    assert [s.kind for s in found] == [Kind.INFORMAL] * len(found)
    assert "Ver weg tuinclub" not in [s.name for s in found]
    assert all(s.distance_km is not None and s.distance_km < 15 for s in found)
    assert [s.name for s in informal_resources_near(m, *NEAR, domain_or_taxonomy="eten")] == [
        "Buurtmoestuin"
    ]
    assert [s.name for s in informal_resources_near(m, *NEAR, domain_or_taxonomy="wandelen")] == [
        "Wandelgroep Noorddorp"
    ]
    assert informal_resources_near(m, *NEAR, limit=2).__len__() == 2


def test_counts_by_village(world, items):
    rows = socialmap_counts_by_village(world.municipality)
    by_name = {r["name"]: r for r in rows}
    assert by_name["Noorddorp"]["informal"] == 3  # the SQUARE outline holds the near point
    assert by_name["Noorddorp"]["formal"] == 1
    assert sum(r["total"] for r in rows) == 5


def test_search_page_without_javascript(client, world, items):
    code = world.municipality.code
    response = client.get(f"/map/?gemeente={code}&q=wandelingen")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Wandelgroep Noorddorp" in body and "Buurtmoestuin" not in body
    assert "Bron: CBS / Kadaster" in body and "GeoNames" in body
    response = client.get(f"/map/?gemeente={code}&postcode=9999&searched=1")
    assert response.status_code == 200
    assert "onbekend" in response.content.decode()
    markers = client.get(f"/map/markers.json?gemeente={code}").json()
    assert len(markers["features"]) == 5
    detail = client.get(f"/map/{items['Buurtmoestuin'].public_id}/")
    assert detail.status_code == 200 and "Buurtmoestuin" in detail.content.decode()
    assert client.get("/map/?gemeente=GM0000").status_code == 404
