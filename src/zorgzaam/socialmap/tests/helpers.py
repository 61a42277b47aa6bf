"""Test helpers: social-map items built as HSDS objects and loaded through the importer."""

from __future__ import annotations

import uuid

from zorgzaam.socialmap.hsds.reader import Dataset, read_json_document
from zorgzaam.socialmap.models import Kind, Service
from zorgzaam.socialmap.services import hsds_import


def hsds_service(
    name: str,
    *,
    lat: float = 52.045,
    lon: float = 4.73,
    description: str = "",
    byday: str = "",
    opens: str = "10:00",
    closes: str = "12:00",
    cost: float | None = 0,
    accessible: bool = False,
    languages=("nl",),
    term: dict | None = None,
    postcode: str = "",
) -> dict:
    ident = lambda: str(uuid.uuid4())  # noqa: E731
    location = {
        "id": ident(),
        "location_type": "physical",
        "name": f"Locatie {name}",
        "latitude": lat,
        "longitude": lon,
    }
    if postcode:
        location["addresses"] = [
            {
                "id": ident(),
                "address_1": "Dorpsstraat 1",
                "city": "Testdorp",
                "state_province": "Zuid-Holland",
                "postal_code": postcode,
                "country": "NL",
                "address_type": "physical",
            }
        ]
    if accessible:
        location["accessibility"] = [{"id": ident(), "description": "rolstoeltoegankelijk"}]
    service = {
        "id": ident(),
        "name": name,
        "description": description,
        "status": "active",
        "service_at_locations": [{"id": ident(), "location": location}],
        "languages": [{"id": ident(), "code": c, "name": c} for c in languages],
    }
    if byday:
        service["schedules"] = [
            {
                "id": ident(),
                "freq": "WEEKLY",
                "byday": byday,
                "opens_at": opens,
                "closes_at": closes,
            }
        ]
    if cost is not None:
        service["cost_options"] = [{"id": ident(), "currency": "EUR", "amount": cost}]
    if term is not None:
        service["attributes"] = [{"id": ident(), "link_type": "category", "taxonomy_term": term}]
    return service


def hsds_term(name: str, code: str) -> dict:
    taxonomy = {"id": str(uuid.UUID(int=1)), "name": "Test", "description": "Test"}
    return {
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, code)),
        "code": code,
        "name": name,
        "description": name,
        "taxonomy_detail": taxonomy,
    }


def load(municipality, services: list[dict], kinds: dict[str, str] | None = None) -> list[Service]:
    dataset = Dataset()
    read_json_document(services, "test", dataset)
    assert not dataset.problems, dataset.problems
    hsds_import(dataset=dataset, municipality=municipality)
    loaded = []
    for obj in services:
        service = Service.objects.get(public_id=obj["id"])
        kind = (kinds or {}).get(obj["name"])
        if kind:
            from zorgzaam.socialmap.search import service_reindex

            service.kind = kind
            service.save(update_fields=["kind"])
            service_reindex([service.pk])
            service.refresh_from_db()
        loaded.append(service)
    return loaded


__all__ = ["Kind", "hsds_service", "hsds_term", "load"]
