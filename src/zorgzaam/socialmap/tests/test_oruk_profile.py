"""OpenReferral UK's API test profile "HSDS-3.0", run against our HSDS API.

A mirror of their validator (github.com/tpximpact/OpenReferralApi: ``TestProfiles/HSDS-3.0.json``
and ``Services/ValidatorService.cs``), check for check:

* Level 1, required (a failure fails the validation): ``/`` (API details: ``version``,
  ``profile`` and ``openapi_url`` as URIs), ``/services`` (a page whose ``contents`` are
  service list items, with the paging check) and ``/services/{id}`` for the first id of the
  list (a fully nested service).
* Level 2, optional (warnings there): the same for ``/taxonomies``, ``/taxonomy_terms``,
  ``/organizations`` and ``/service_at_locations`` and their ``/{id}``.
* The paging check, as their ``ValidatePagination``: from the plain first request, the page
  size asked is 20, or for fewer than 60 items ``ceil(total / pages)`` with pages = the first
  request's ``total_pages`` but at most 3; pages 1 to that many are requested with
  ``perPage`` and ``page``; on each, ``total_items`` must not change, ``size`` must be the
  size asked (but on the last page asked), equal the number of items, ``first_page`` be true
  on page 1 only and ``last_page`` be true on the page whose number is the *first request's*
  ``total_pages`` only. (That last rule assumes the server's default page size is the one the
  validator asks for; ours is 20 for that reason.)

The response schemas are the official HSDS 3.0 ones (``hsds.schemas``: the compiled
``service``, ``service_list``, ... shipped with the package; the page header from
``Page`` of the HSDS 3.0 OpenAPI in ``../shared/hsds``). Beyond the validator, every list is
walked at several page sizes (1, 7, 20, 50) with ``per_page`` and ``perPage``: totals and
page counts agree and every item comes exactly once.
"""

from __future__ import annotations

import json
import math
import uuid
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft202012Validator

from zorgzaam.common.testing import MunicipalityFactory
from zorgzaam.socialmap.hsds import schemas
from zorgzaam.socialmap.models import Service

from .helpers import hsds_service, hsds_term, load

pytestmark = pytest.mark.django_db

BASE = "/hsds"
#: (endpoint, schema of each list item, schema of the object by id), as the profile's tests.
REQUIRED = [("/services", "service_list", "service")]
OPTIONAL = [
    ("/taxonomies", "taxonomy", "taxonomy"),
    ("/taxonomy_terms", "taxonomy_term", "taxonomy_term"),
    ("/organizations", "organization_list", "organization"),
    ("/service_at_locations", "service_at_location_list", "service_at_location"),
]
SERVICES = 64  # in 60..150: where a default page size other than 20 failed the paging check


def _get(client, url: str, issues: list[str]):
    response = client.get(url)
    if response.status_code != 200:
        issues.append(f"{url}: HTTP {response.status_code}")
        return None
    try:
        return response.json()
    except ValueError:
        issues.append(f"{url}: not JSON")
        return None


def _page_schema_issues(shared_dir, url: str, page: dict, item_schema: str) -> list[str]:
    openapi = json.loads((shared_dir / "hsds" / "schema" / "openapi.json").read_text())
    header = Draft202012Validator(openapi["components"]["schemas"]["Page"])
    found = [f"{url}: {e.message}" for e in header.iter_errors(page)]
    contents = page.get("contents")
    if not isinstance(contents, list):
        return [*found, f"{url}: contents is not an array"]
    for i, item in enumerate(contents):
        found += [f"{url}: contents/{i}{p}: {m}" for p, m in schemas.errors(item_schema, item)]
    return found


def oruk_paging_issues(client, endpoint: str, first: dict, *, param: str = "perPage") -> list:
    """Their ``ValidatePagination``, rule for rule."""
    per_page = 20
    pages = min(first["total_pages"], 3)
    if first["total_items"] < 60 and pages > 0:
        per_page = (first["total_items"] + pages - 1) // pages
    issues = []
    for number in range(1, pages + 1):
        url = f"{BASE}{endpoint}?{param}={per_page}&page={number}"
        page = _get(client, url, issues)
        if page is None:
            continue
        if page["total_items"] != first["total_items"]:
            issues.append(f"{url}: total_items {page['total_items']} != {first['total_items']}")
        if number < pages and page["size"] != per_page:
            issues.append(f"{url}: size {page['size']} when {per_page} were asked")
        if page["size"] != len(page["contents"]):
            issues.append(f"{url}: size {page['size']} but {len(page['contents'])} items")
        if page["first_page"] != (number == 1):
            issues.append(f"{url}: first_page {page['first_page']} on page {number}")
        if page["last_page"] != (number == first["total_pages"]):
            issues.append(f"{url}: last_page {page['last_page']} on page {number}")
    return issues


def run_profile(client, shared_dir) -> dict[str, list[str]]:
    """Issues per level: ``required`` (Level 1) and ``optional`` (Level 2)."""
    result: dict[str, list[str]] = {"required": [], "optional": []}
    issues = result["required"]
    root = _get(client, f"{BASE}/", issues)
    if root is not None:
        for key in ("version", "profile", "openapi_url"):
            if not isinstance(root.get(key), str):
                issues.append(f"/: {key} is required and a string")
        for key in ("profile", "openapi_url"):
            parts = urlsplit(str(root.get(key, "")))
            if not (parts.scheme in ("http", "https") and parts.netloc):
                issues.append(f"/: {key} is not a URI")
    for level, tests in (("required", REQUIRED), ("optional", OPTIONAL)):
        issues = result[level]
        for endpoint, item_schema, object_schema in tests:
            url = f"{BASE}{endpoint}"
            first = _get(client, url, issues)
            if first is None:
                continue
            issues += _page_schema_issues(shared_dir, url, first, item_schema)
            saved = (first.get("contents") or [{}])[0].get("id")
            issues += oruk_paging_issues(client, endpoint, first)
            if saved is None:
                issues.append(f"{endpoint}/: could not get a valid id for the request")
                continue
            obj = _get(client, f"{url}/{saved}", issues)
            if obj is not None:
                issues += [f"{url}/{saved}{p}: {m}" for p, m in schemas.errors(object_schema, obj)]
    return result


def walk_pages(client, endpoint: str, size: int, *, param: str = "per_page") -> tuple[list, list]:
    """(ids in page order, issues) of every page of ``endpoint`` at ``size`` per page."""
    issues: list[str] = []
    first = client.get(f"{BASE}{endpoint}?{param}={size}").json()
    total, pages = first["total_items"], first["total_pages"]
    if pages != max(1, math.ceil(total / size)):
        issues.append(f"{endpoint} {param}={size}: {pages} pages for {total} items")
    ids = []
    for number in range(1, pages + 2):  # one past the end: empty, still consistent
        page = client.get(f"{BASE}{endpoint}?{param}={size}&page={number}").json()
        expected = max(0, min(size, total - (number - 1) * size))
        where = f"{endpoint} {param}={size} page {number}"
        if page["size"] != expected or len(page["contents"]) != expected:
            issues.append(f"{where}: {page['size']} items, {expected} expected")
        if (page["total_items"], page["total_pages"], page["page_number"]) != (
            total,
            pages,
            number,
        ):
            issues.append(f"{where}: header {page['total_items']}/{page['total_pages']}")
        if page["first_page"] != (number == 1) or page["last_page"] != (number >= pages):
            issues.append(f"{where}: first_page/last_page wrong")
        ids += [item["id"] for item in page["contents"]]
    if len(ids) != total or len(set(ids)) != total:
        issues.append(f"{endpoint} {param}={size}: {len(set(ids))} distinct of {total} items")
    return ids, issues


@pytest.fixture
def directory():
    municipality = MunicipalityFactory()
    terms = [hsds_term("Ontmoeting", "ontmoeting"), hsds_term("Mantelzorg", "mantelzorg")]
    organizations = [
        {
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"org-{i}")),
            "name": f"Stichting Welzijn {village}",
            "description": f"Welzijnswerk in {village}.",
        }
        for i, village in enumerate(["Lekkerkerk", "Ouderkerk", "Schoonhoven"])
    ]
    services = []
    for i in range(SERVICES + 2):
        service = hsds_service(
            f"Activiteit {i}", description="ontmoeting en advies", term=terms[i % 2]
        )
        service["organization"] = organizations[i % 3]
        services.append(service)
    load(municipality, services)
    # One unpublished and one defunct service: in no list, total or page.
    Service.objects.filter(name="Activiteit 0").update(published=False)
    Service.objects.filter(name="Activiteit 1").update(status="defunct")
    return municipality


def test_oruk_hsds_3_0_profile_passes(client, directory, shared_dir):
    assert client.get(f"{BASE}/services").json()["total_items"] == SERVICES
    assert run_profile(client, shared_dir) == {"required": [], "optional": []}


def test_paging_is_consistent_at_several_page_sizes(client, directory):
    for endpoint in ("/services", "/service_at_locations", "/organizations", "/taxonomy_terms"):
        reference = None
        small = client.get(f"{BASE}{endpoint}").json()["total_items"] <= 10
        for size in (1, 7, 20, 50) if small else (7, 20, 50):
            for param in ("per_page", "perPage"):
                ids, issues = walk_pages(client, endpoint, size, param=param)
                assert issues == []
                reference = reference or ids
                assert ids == reference  # the same order at every size
    default = client.get(f"{BASE}/services").json()
    assert (default["size"], default["total_pages"]) == (20, math.ceil(SERVICES / 20))


def test_the_mirror_fails_a_server_that_ignores_the_page_size(client, directory):
    # A parameter the server does not know stands for a server that ignores the validator's
    # perPage: the checks must then fail, else they would prove nothing.
    _, issues = walk_pages(client, "/services", 7, param="pageSize")
    assert issues
    first = client.get(f"{BASE}/services?per_page=50").json()  # a default of 50
    assert oruk_paging_issues(client, "/services", first, param="perPage") == [
        f"{BASE}/services?perPage=20&page=2: last_page False on page 2"
    ]
    assert client.get(f"{BASE}/services?per_page=5&perPage=6").status_code == 400
    assert client.get(f"{BASE}/services?perPage=0").status_code == 400
    same = client.get(f"{BASE}/services?per_page=5&perPage=5").json()
    assert same["size"] == 5
