"""HSDS read API: paging, search, filters, 400/404, and responses that validate against the
official compiled schemas."""

from __future__ import annotations

import pytest

from zorgzaam.common.testing import MunicipalityFactory
from zorgzaam.socialmap.hsds import schemas
from zorgzaam.socialmap.models import Service
from zorgzaam.socialmap.services import hsds_import

from .helpers import hsds_service, hsds_term, load

pytestmark = pytest.mark.django_db

PAGE_KEYS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}


@pytest.fixture
def official(shared_dir):
    municipality = MunicipalityFactory()
    for name in ("service_full.json", "organization_full.json", "taxonomy_term.json"):
        hsds_import(path=shared_dir / "hsds" / "examples" / name, municipality=municipality)
    return municipality


def test_services_list_and_detail_validate(client, official):
    page = client.get("/hsds/services").json()
    assert set(page) == PAGE_KEYS and page["total_items"] == 1 and page["first_page"]
    for item in page["contents"]:
        assert schemas.errors("service_list", item) == []
    ident = page["contents"][0]["id"]
    full = client.get(f"/hsds/services/{ident}").json()
    assert schemas.errors("service", full) == []
    assert full["phones"] and full["service_at_locations"][0]["location"]["addresses"]
    assert full["attributes"][0]["taxonomy_term"]["taxonomy_detail"]
    full_page = client.get("/hsds/services?full=true").json()
    assert schemas.errors("service", full_page["contents"][0]) == []


def test_other_endpoints_validate(client, official):
    orgs = client.get("/hsds/organizations").json()
    for item in orgs["contents"]:
        assert schemas.errors("organization_list", item) == []
    org = client.get(f"/hsds/organizations/{orgs['contents'][0]['id']}").json()
    assert schemas.errors("organization", org) == []
    sals = client.get("/hsds/service_at_locations").json()
    assert sals["total_items"] == 1
    for item in sals["contents"]:
        assert schemas.errors("service_at_location_list", item) == []
    sal = client.get(f"/hsds/service_at_locations/{sals['contents'][0]['id']}").json()
    assert schemas.errors("service_at_location", sal) == []
    terms = client.get("/hsds/taxonomy_terms").json()
    for item in terms["contents"]:
        assert schemas.errors("taxonomy_term", item) == []
    taxonomies = client.get("/hsds/taxonomies").json()
    for item in taxonomies["contents"]:
        assert schemas.errors("taxonomy", item) == []
    root = client.get("/hsds/").json()
    assert root["version"] == "3.0"


def test_paging_search_filters_and_errors(client, world):
    term = hsds_term("Eten", "eten")
    load(
        world.municipality,
        [hsds_service(f"Moestuin {i}", description="tuinieren", term=term) for i in range(3)]
        + [hsds_service("Wandelclub", description="wandelingen")],
    )
    page = client.get("/hsds/services?per_page=2&page=2").json()
    assert page["total_items"] == 4 and page["total_pages"] == 2 and page["size"] == 2
    assert page["last_page"] and not page["first_page"]
    assert client.get("/hsds/services?search=wandeling").json()["total_items"] == 1
    from zorgzaam.socialmap.models.hsds import TaxonomyTerm

    term_id = TaxonomyTerm.objects.get(code="eten").public_id
    assert client.get(f"/hsds/services?taxonomy_term_id={term_id}").json()["total_items"] == 3
    minimal = client.get("/hsds/services?minimal=true").json()["contents"][0]
    assert set(minimal) == {"id", "modified_date"}
    code = world.municipality.code
    assert client.get(f"/hsds/services?municipality={code}").json()["total_items"] == 4
    assert client.get("/hsds/services?municipality=GM0000").status_code == 400
    assert client.get("/hsds/services?page=zero").status_code == 400
    assert client.get("/hsds/services?per_page=1000").status_code == 400
    assert client.get("/hsds/services?taxonomy_term_id=nope").status_code == 400
    assert client.get("/hsds/services?postcode=abc").status_code == 400
    assert client.get("/hsds/services/00000000-0000-4000-8000-000000000000").status_code == 404
    # Unpublished items are not in the public API.
    hidden = Service.objects.get(name="Wandelclub")
    Service.objects.filter(pk=hidden.pk).update(published=False)
    assert client.get(f"/hsds/services/{hidden.public_id}").status_code == 404
    assert client.get("/hsds/services").json()["total_items"] == 3


def test_openapi_documents_the_hsds_endpoints(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert "/hsds/services" in schema["paths"]
    responses = schema["paths"]["/hsds/services"]["get"]["responses"]
    assert "400" in responses
    assert "404" in schema["paths"]["/hsds/services/{public_id}"]["get"]["responses"]
