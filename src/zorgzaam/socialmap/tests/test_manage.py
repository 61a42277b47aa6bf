"""Editing: forms for coordinators and administrators, versions, audit (field names only),
stale list."""

from __future__ import annotations

import pytest

from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.testing import login
from zorgzaam.socialmap.models import ItemVersion, Service

from .helpers import hsds_service, load

pytestmark = pytest.mark.django_db


def test_coordinator_creates_and_edits_with_history(client, world):
    coordinator = world.users["hub_coordinator"]
    login(client, coordinator)
    response = client.post(
        "/map/new/",
        {
            "name": "Jeu de boules",
            "kind": "informal",
            "status": "active",
            "description": "Elke vrijdag op het plein.",
            "published": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    service = Service.objects.get(name="Jeu de boules")
    assert service.municipality == world.municipality and service.kind == "informal"
    response = client.post(
        f"/map/{service.public_id}/edit/",
        {"name": "Jeu de boules Noorddorp", "kind": "informal", "status": "active"},
    )
    assert response.status_code == 302
    versions = list(ItemVersion.objects.filter(item_id=service.public_id).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert "name" in versions[1].changed_fields and "description" in versions[1].changed_fields
    assert versions[1].snapshot["name"] == "Jeu de boules Noorddorp"
    change = AuditEvent.objects.filter(event="socialmap.item_change").get()
    assert "name" in change.fields
    # Field names only: no values in the audit log.
    assert "Noorddorp" not in str(change.__dict__)
    page = client.get(f"/map/{service.public_id}/versions/")
    assert page.status_code == 200 and "Geschiedenis" in page.content.decode()


def test_form_errors_keep_input(client, world):
    login(client, world.users["administrator"])
    response = client.post("/map/new/", {"name": "", "kind": "informal", "status": "active"})
    assert response.status_code == 200
    assert Service.objects.count() == 0


def test_stale_list_and_verify(client, world):
    (old,) = load(world.municipality, [hsds_service("Oude wandelclub")])
    Service.objects.filter(pk=old.pk).update(last_verified="2020-01-01")
    login(client, world.users["hub_coordinator"])
    page = client.get("/map/manage/?months=6")
    assert "1 item al 6 maanden niet gecontroleerd" in page.content.decode()
    assert client.get(f"/map/{old.public_id}/verify/").status_code == 405  # no write on GET
    response = client.post(f"/map/{old.public_id}/verify/")
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.last_verified is not None and old.last_verified.year > 2020
    assert "0 items al 6 maanden" in client.get("/map/manage/?months=6").content.decode()


def test_other_municipality_items_are_not_found(client, world):
    from zorgzaam.common.testing import UserFactory

    (item,) = load(world.other_municipality, [hsds_service("Elders")])
    other = UserFactory(role="hub_coordinator", municipality=world.municipality)
    login(client, other)
    assert client.get(f"/map/{item.public_id}/edit/").status_code == 404


def test_roles_without_edit_get_403(client, world):
    login(client, world.users["resident"])
    assert client.get("/map/manage/").status_code == 403
    assert client.get("/map/new/").status_code == 403


def test_form_sets_place_and_opening_hours(client, world):
    from zorgzaam.socialmap.selectors import SearchQuery, service_search

    pc = world.person_a.postcode_area
    login(client, world.users["hub_coordinator"])
    response = client.post(
        "/map/new/",
        {
            "name": "Soepmiddag",
            "kind": "informal",
            "status": "active",
            "published": "on",
            "address_1": "Dorpsstraat 3",
            "postcode": f"{pc.pc4}AB",
            "days": ["TU", "TH"],
            "opens_at": "12:00",
            "closes_at": "14:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    service = Service.objects.get(name="Soepmiddag")
    assert service.latitude == pc.latitude and service.area == world.village_a
    found = service_search(
        municipality=world.municipality,
        query=SearchQuery(
            latitude=pc.latitude, longitude=pc.longitude, open_weekday=3, open_minute=13 * 60
        ),
    )
    assert [s.name for s in found] == ["Soepmiddag"]
    edit = client.get(f"/map/{service.public_id}/edit/").content.decode()
    assert "Dorpsstraat 3" in edit
    # Impossible hours are refused with a clear message, nothing changes.
    response = client.post(
        f"/map/{service.public_id}/edit/",
        {
            "name": "Soepmiddag",
            "kind": "informal",
            "status": "active",
            "published": "on",
            "address_1": "Dorpsstraat 3",
            "postcode": f"{pc.pc4}AB",
            "days": ["TU"],
            "opens_at": "14:00",
            "closes_at": "12:00",
        },
    )
    assert response.status_code == 200
    assert "Opening hours" in response.content.decode()
    assert ItemVersion.objects.filter(item_id=service.public_id).count() == 1


def test_bad_requests_answer_clearly_instead_of_500(client, world):
    """Issue #15: three 500s. The history of an imported service (a version without a
    user), a page number beyond any integer the database takes, an impossible date."""
    (imported,) = load(world.municipality, [hsds_service("Wandelclub uit de import")])
    login(client, world.users["hub_coordinator"])
    page = client.get(f"/map/{imported.public_id}/versions/")
    assert page.status_code == 200 and "import" in page.content.decode()
    client.logout()
    slug = world.municipality.slug
    for url in (
        "/map/?page=99999999999999999999",
        f"/map/?gemeente={world.municipality.code}&q=wandel&page=99999999999999999999",
        f"/map/?gemeente={slug}&page=-5",
    ):
        assert client.get(url).status_code in (200, 404), url
    bad = client.get("/hsds/services?modified_after=2026-02-30")
    assert bad.status_code == 400 and "modified_after" in bad.json()
    assert client.get("/hsds/services?modified_after=2026-02-28T25:00").status_code == 400
    assert client.get("/hsds/services?modified_after=2026-02-28").status_code == 200


@pytest.mark.parametrize(
    "target", ["https://evil.example/phish", "//evil.example/", "javascript:alert(1)"]
)
def test_verify_does_not_redirect_off_site(client, world, target):
    """Issue #15: an open redirect through ``next`` on the verify POST."""
    (item,) = load(world.municipality, [hsds_service("Koffieochtend")])
    login(client, world.users["hub_coordinator"])
    response = client.post(f"/map/{item.public_id}/verify/", {"next": target})
    assert response.status_code == 302 and response["Location"] == "/map/manage/"
    own = client.post(f"/map/{item.public_id}/verify/", {"next": "/map/manage/?stale=1"})
    assert own["Location"] == "/map/manage/?stale=1"
