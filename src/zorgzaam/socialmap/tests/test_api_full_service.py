"""HSDS OpenAPI ``full_service`` (on /organizations and /organizations/{id}): the services
array holds full service objects; without it, the one-to-one fields. Validated against the
official compiled schemas."""

from __future__ import annotations

import pytest

from zorgzaam.common.testing import MunicipalityFactory
from zorgzaam.socialmap.hsds import schemas
from zorgzaam.socialmap.models import Service
from zorgzaam.socialmap.models.hsds import Organization
from zorgzaam.socialmap.services import hsds_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def official(shared_dir):
    municipality = MunicipalityFactory()
    for name in ("service_full.json", "organization_full.json", "taxonomy_term.json"):
        hsds_import(path=shared_dir / "hsds" / "examples" / name, municipality=municipality)
    return municipality


def _organization_with_services():
    organization = Organization.objects.filter(service__isnull=False).distinct().first()
    assert organization is not None
    return organization


def test_detail_has_simple_services_by_default(client, official):
    organization = _organization_with_services()
    body = client.get(f"/hsds/organizations/{organization.public_id}").json()
    assert schemas.errors("organization", body) == []
    assert body["services"], "the services array is there"
    for item in body["services"]:
        assert "service_at_locations" not in item and "phones" not in item
        assert {"id", "name", "status"} <= set(item)


def test_detail_full_service_validates(client, official):
    organization = _organization_with_services()
    body = client.get(f"/hsds/organizations/{organization.public_id}?full_service=true").json()
    assert schemas.errors("organization", body) == []
    (service,) = body["services"]
    # Each service is a full compiled service object (nested records included) ...
    assert schemas.errors("service", service) == []
    assert service["phones"] and service["service_at_locations"][0]["location"]
    assert service["attributes"][0]["taxonomy_term"]
    # ... without repeating its organization inside.
    assert "organization" not in service
    assert service["organization_id"] == str(organization.public_id)


def test_list_full_service_validates(client, official):
    page = client.get("/hsds/organizations?full_service=true").json()
    assert page["total_items"] >= 1
    with_services = [o for o in page["contents"] if o["services"]]
    assert with_services
    for organization in page["contents"]:
        assert schemas.errors("organization", organization) == []
        for service in organization["services"]:
            assert schemas.errors("service", service) == []
    # full=true alone: full organizations with the simple service array.
    full = client.get("/hsds/organizations?full=true").json()
    for organization in full["contents"]:
        assert schemas.errors("organization", organization) == []
        for service in organization["services"]:
            assert "service_at_locations" not in service
    # The plain list keeps the list form.
    plain = client.get("/hsds/organizations").json()
    for organization in plain["contents"]:
        assert schemas.errors("organization_list", organization) == []
        assert "services" not in organization


def test_full_service_only_published_and_bad_values(client, official):
    organization = _organization_with_services()
    Service.objects.filter(organization=organization).update(published=False)
    url = f"/hsds/organizations/{organization.public_id}"
    assert client.get(f"{url}?full_service=true").json()["services"] == []
    assert client.get(f"{url}?full_service=maybe").status_code == 400
    assert client.get("/hsds/organizations?full_service=maybe").status_code == 400
    assert client.get("/hsds/organizations?full_service=true&per_page=50").status_code == 400
    missing = "/hsds/organizations/00000000-0000-4000-8000-000000000000?full_service=true"
    assert client.get(missing).status_code == 404


def test_full_service_is_documented(client):
    schema = client.get("/api/schema/?format=json").json()
    for path in ("/hsds/organizations", "/hsds/organizations/{public_id}"):
        names = [p["name"] for p in schema["paths"][path]["get"]["parameters"]]
        assert "full_service" in names, path
