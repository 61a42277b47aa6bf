"""The kind of a service (formal care / welfare / informal) survives HSDS export and import, in
both forms, as the ``zorgzaam_kind`` extension property; exports stay schema-valid."""

from __future__ import annotations

import csv
import json

import pytest

from zorgzaam.common.errors import ImportRejected
from zorgzaam.common.testing import MunicipalityFactory
from zorgzaam.socialmap.hsds import schemas
from zorgzaam.socialmap.hsds.loader import model_of
from zorgzaam.socialmap.hsds.reader import Dataset, read_json_document
from zorgzaam.socialmap.hsds.spec import KIND_FIELD, KINDS, LOAD_ORDER
from zorgzaam.socialmap.models import Kind, Service
from zorgzaam.socialmap.services import hsds_export, hsds_import

from .helpers import hsds_service


def test_kinds_are_the_model_choices():
    assert tuple(KINDS) == tuple(Kind.values)


def _import(municipality, objects, **kwargs):
    dataset = Dataset()
    read_json_document(objects, "test", dataset)
    assert not dataset.problems, dataset.problems
    return hsds_import(dataset=dataset, municipality=municipality, **kwargs)


def _kinds(municipality) -> dict[str, str]:
    return {
        str(p): k
        for p, k in Service.objects.for_municipality(municipality).values_list("public_id", "kind")
    }


@pytest.mark.django_db
@pytest.mark.parametrize("form", ["json", "csv"])
def test_round_trip_keeps_kind(form, tmp_path):
    municipality = MunicipalityFactory()
    services = [hsds_service(f"Dienst {k}") for k in KINDS]
    _import(municipality, services)  # all welfare (the default kind) ...
    for service, kind in zip(services, KINDS, strict=True):
        Service.objects.filter(public_id=service["id"]).update(kind=kind)  # ... set by an editor
    before = _kinds(municipality)
    assert sorted(before.values()) == sorted(KINDS)

    hsds_export(directory=tmp_path, municipality=municipality)
    exported = json.loads((tmp_path / "json" / "services.json").read_text())
    assert {s["id"]: s[KIND_FIELD] for s in exported} == before
    for service in exported:
        assert schemas.errors("service", service) == []
    with (tmp_path / "csv" / "services.csv").open(newline="") as fh:
        assert {r["id"]: r[KIND_FIELD] for r in csv.DictReader(fh)} == before

    # Into an empty map, with --kind formal: the data's kind wins over the default.
    for table in reversed(LOAD_ORDER):
        model_of(table).objects.for_municipality(municipality).delete()
    hsds_import(path=tmp_path / form, municipality=municipality, kind=Kind.FORMAL)
    assert _kinds(municipality) == before
    # Not left behind as an unknown property, and exported once again.
    assert not Service.objects.filter(extra__has_key=KIND_FIELD).exists()
    hsds_export(directory=tmp_path / "again", municipality=municipality)
    again = json.loads((tmp_path / "again" / "json" / "services.json").read_text())
    assert {s["id"]: s[KIND_FIELD] for s in again} == before


@pytest.mark.django_db
def test_kind_from_data_updates_a_stored_service_and_absent_kind_keeps_it():
    municipality = MunicipalityFactory()
    with_kind, without = hsds_service("Met soort"), hsds_service("Zonder soort")
    _import(municipality, [with_kind, without], kind=Kind.FORMAL)
    assert set(_kinds(municipality).values()) == {Kind.FORMAL}
    with_kind[KIND_FIELD] = Kind.INFORMAL
    _import(municipality, [with_kind, without], kind=Kind.WELFARE)
    kinds = _kinds(municipality)
    assert kinds[with_kind["id"]] == Kind.INFORMAL
    assert kinds[without["id"]] == Kind.FORMAL  # a re-import without kind keeps the stored one
    # The search rank follows the kind (informal first).
    assert Service.objects.get(public_id=with_kind["id"]).informal_rank == 0


@pytest.mark.django_db
def test_unknown_kind_is_refused():
    municipality = MunicipalityFactory()
    service = hsds_service("Onbekend")
    service[KIND_FIELD] = "mantelzorg"
    with pytest.raises(ImportRejected) as caught:
        _import(municipality, [service])
    assert f"test:/0/{KIND_FIELD}" in caught.value.report()
    assert not Service.objects.exists()
