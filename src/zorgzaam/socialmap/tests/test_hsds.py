"""HSDS 3.0 conformance: the official examples import, exports validate against the official
compiled schemas, and import -> export -> import loses no field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zorgzaam.common.errors import ImportRejected
from zorgzaam.common.testing import MunicipalityFactory
from zorgzaam.socialmap.hsds import schemas
from zorgzaam.socialmap.hsds.exporter import Snapshot
from zorgzaam.socialmap.hsds.loader import model_of
from zorgzaam.socialmap.hsds.reader import read_path
from zorgzaam.socialmap.hsds.spec import LOAD_ORDER
from zorgzaam.socialmap.models import ItemVersion, Service
from zorgzaam.socialmap.models.hsds import Phone, Schedule, TaxonomyTerm
from zorgzaam.socialmap.services import hsds_export, hsds_import

EXAMPLES = [
    "base.json",
    "csv",
    "location.json",
    "organization_full.json",
    "organization_list.json",
    "service_at_location_full.json",
    "service_at_location_list.json",
    "service_full.json",
    "service_list.json",
    "tabular.json",
    "taxonomy.json",
    "taxonomy_list.json",
    "taxonomy_term.json",
    "taxonomy_term_list.json",
]


def _rows(dataset) -> dict:
    """{table: {id: {field: value}}} with references and extras merged, for comparison."""
    out = {}
    for table in LOAD_ORDER:
        out[table] = {
            row.id: {**row.extra, **{k: v for k, v in row.values.items() if v is not None}}
            for row in dataset.rows[table].values()
        }
    return out


def _normalise(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _assert_superset(original: dict, exported: dict):
    for table, rows in original.items():
        for ident, fields in rows.items():
            assert ident in exported[table], f"{table} {ident} lost"
            for key, value in fields.items():
                got = exported[table][ident].get(key)
                if isinstance(value, dict | list):
                    continue  # an unknown nested property is carried as JSON text in CSV
                assert _normalise(got) == _normalise(value) or str(got) == str(value), (
                    table,
                    ident,
                    key,
                    value,
                    got,
                )


@pytest.fixture
def examples(shared_dir) -> Path:
    path = shared_dir / "hsds" / "examples"
    assert sorted(p.name for p in path.iterdir()) == sorted(EXAMPLES), "examples changed"
    return path


@pytest.mark.django_db
@pytest.mark.parametrize("name", EXAMPLES)
def test_every_official_example_imports(examples, name):
    municipality = MunicipalityFactory()
    source = examples / name
    dataset = read_path(source)
    assert not dataset.problems, dataset.problems
    summary = hsds_import(path=source, municipality=municipality)
    assert summary.total == dataset.count()
    # Idempotent: the second run updates, never duplicates.
    again = hsds_import(path=source, municipality=municipality)
    assert sum(again.created.values()) == 0
    assert sum(again.updated.values()) == dataset.count()
    # Each imported service has a version per import.
    for ident in dataset.rows["service"]:
        numbers = ItemVersion.objects.filter(item_id=ident).values_list("number", flat=True)
        assert sorted(numbers) == [1, 2]


def _wipe(municipality):
    for table in reversed(LOAD_ORDER):
        model_of(table).objects.for_municipality(municipality).delete()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["service_full.json", "organization_full.json", "csv"])
@pytest.mark.parametrize("form", ["json", "csv"])
def test_round_trip_loses_no_field(examples, name, form, tmp_path):
    municipality = MunicipalityFactory()
    original = _rows(read_path(examples / name))
    hsds_import(path=examples / name, municipality=municipality)
    before = Snapshot(municipality).rows
    hsds_export(directory=tmp_path, municipality=municipality)
    # Everything the source said is in the export ...
    _assert_superset(original, _rows(read_path(tmp_path / form)))
    # ... and importing the export into an empty map gives the very same rows back.
    _wipe(municipality)
    assert Service.objects.for_municipality(municipality).count() == 0
    hsds_import(path=tmp_path / form, municipality=municipality)
    after = Snapshot(municipality).rows
    assert after == before


@pytest.mark.django_db
def test_ids_of_another_municipality_are_refused(examples):
    hsds_import(path=examples / "service_full.json", municipality=MunicipalityFactory())
    with pytest.raises(ImportRejected) as caught:
        hsds_import(path=examples / "service_full.json", municipality=MunicipalityFactory())
    assert "service id ac148810-d857-441c-9679-408f346de14b is used by another" in (
        caught.value.report()
    )


@pytest.mark.django_db
def test_export_validates_against_the_official_compiled_schemas(examples, tmp_path):
    municipality = MunicipalityFactory()
    for name in ("service_full.json", "organization_full.json", "taxonomy_term.json"):
        hsds_import(path=examples / name, municipality=municipality)
    hsds_export(directory=tmp_path, municipality=municipality)
    services = json.loads((tmp_path / "json" / "services.json").read_text())
    organizations = json.loads((tmp_path / "json" / "organizations.json").read_text())
    assert services and organizations
    official = schemas.SCHEMA_DIR  # the copies are gzipped originals: compare with ../shared
    assert official.is_dir()
    for service in services:
        assert schemas.errors("service", service) == []
    for organization in organizations:
        assert schemas.errors("organization", organization) == []
    for term in json.loads((tmp_path / "json" / "taxonomy_terms.json").read_text()):
        assert schemas.errors("taxonomy_term", term) == []


def test_shipped_schemas_are_the_official_ones(shared_dir):
    for name in schemas.COMPILED:
        official = json.loads((shared_dir / "hsds/schema/compiled" / f"{name}.json").read_text())
        assert schemas.schema(name) == official, name


@pytest.mark.django_db
def test_bad_input_is_refused_whole_with_every_record_named(tmp_path):
    municipality = MunicipalityFactory()
    good = "11111111-1111-4111-8111-111111111111"
    payload = [
        {"id": good, "name": "Koffieochtend", "status": "active"},
        {"id": "not-a-uuid", "name": "X", "status": "active"},
        {"id": "22222222-2222-4222-8222-222222222222", "name": "Y", "status": "open"},
        {
            "id": "33333333-3333-4333-8333-333333333333",
            "name": "Z" * 30_000,
            "status": "active",
        },
        {
            "id": "44444444-4444-4444-8444-444444444444",
            "name": "Inloop",
            "status": "active",
            "schedules": [
                {
                    "id": "55555555-5555-4555-8555-555555555555",
                    "byday": "XX",
                    "opens_at": "25:00",
                    "closes_at": "09:00",
                }
            ],
            "attributes": [
                {
                    "id": "66666666-6666-4666-8666-666666666666",
                    "taxonomy_term_id": "77777777-7777-4777-8777-777777777777",
                    "link_type": "category",
                }
            ],
        },
        {"id": good, "name": "Koffieochtend (dubbel)", "status": "active"},
    ]
    source = tmp_path / "services.json"
    source.write_text(json.dumps(payload))
    with pytest.raises(ImportRejected) as caught:
        hsds_import(path=source, municipality=municipality)
    report = caught.value.report()
    assert "/1/id" in report  # not a UUID
    assert "/2/status" in report  # not in the enum
    assert "30000 characters" in report or "/3/name" in report
    assert "byday" in report and "opens_at" in report
    assert "unknown taxonomy_term" in report
    assert "duplicate service id" in report
    assert Service.objects.count() == 0 and Schedule.objects.count() == 0


@pytest.mark.django_db
def test_broken_csv_is_refused(tmp_path):
    municipality = MunicipalityFactory()
    (tmp_path / "services.csv").write_text('id,name,status\n"1111,"x\n')
    with pytest.raises(ImportRejected, match="problem"):
        hsds_import(path=tmp_path, municipality=municipality)
    (tmp_path / "services.csv").write_text(
        "id,name,status,minimum_age\n11111111-1111-4111-8111-111111111111,X,active,twelve\n"
    )
    with pytest.raises(ImportRejected) as caught:
        hsds_import(path=tmp_path, municipality=municipality)
    assert "services.csv:2/minimum_age" in caught.value.report()


@pytest.mark.django_db
def test_command_imports_and_exports(examples, tmp_path, capsys):
    municipality = MunicipalityFactory(code="GM1901")
    call_command("hsds", "import", str(examples / "service_full.json"), "--municipality", "GM1901")
    assert Service.objects.for_municipality(municipality).count() == 1
    assert Phone.objects.count() == 1 and TaxonomyTerm.objects.count() == 1
    call_command("hsds", "export", str(tmp_path), "--municipality", "GM1901")
    assert (tmp_path / "csv" / "services.csv").exists()
    assert (tmp_path / "csv" / "datapackage.json").exists()
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("hsds", "import", str(bad), "--municipality", "GM1901")
    with pytest.raises(CommandError, match="unknown"):
        call_command("hsds", "import", str(bad), "--municipality", "GM0000")


def test_nul_impossible_dates_and_deep_nesting_are_refused_clearly(tmp_path):
    """Issue #15: the import stored NUL characters and impossible dates, and a deeply nested
    JSON file ended in a RecursionError."""
    from zorgzaam.socialmap.hsds.reader import Dataset, read_json_document

    from .helpers import hsds_service

    nul = hsds_service("Koffie\x00ochtend")
    found = Dataset()
    read_json_document([nul], "nul.json", found)
    assert any("control character" in why for _where, why in found.problems)

    impossible = hsds_service("Wandelclub")
    impossible["assured_date"] = "2026-02-30"
    found = Dataset()
    read_json_document([impossible], "date.json", found)
    assert any("real date" in why for _where, why in found.problems)
    fine = hsds_service("Wandelclub")
    fine["assured_date"] = "2026-02-28"
    found = Dataset()
    read_json_document([fine], "date.json", found)
    assert not found.problems

    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    found = read_path(deep)
    assert any("nested too deeply" in why for _where, why in found.problems)
