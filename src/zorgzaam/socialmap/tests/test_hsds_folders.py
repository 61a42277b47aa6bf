"""Issue #21: published HSDS folders import as they are (normalised comparison, a precedence
rule, HSDS 3.1), round trips through CSV lose nothing, re-import merges, and problems are
reported grouped by kind."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zorgzaam.common.errors import ImportRejected
from zorgzaam.common.testing import MunicipalityFactory
from zorgzaam.socialmap.hsds.exporter import Snapshot
from zorgzaam.socialmap.hsds.loader import model_of
from zorgzaam.socialmap.hsds.reader import same_value
from zorgzaam.socialmap.hsds.spec import LOAD_ORDER
from zorgzaam.socialmap.models import Service
from zorgzaam.socialmap.services import hsds_export, hsds_import
from zorgzaam.tenancy.models import Municipality

SERVICE = "ac148810-d857-441c-9679-408f346de14b"
JSON_FILES = (
    "services.json",
    "organizations.json",
    "locations.json",
    "taxonomies.json",
    "taxonomy_terms.json",
    "unnested.json",
)


@pytest.fixture
def examples(shared_dir) -> Path:
    return shared_dir / "hsds" / "examples"


def _differences(a, b, where: str = "") -> list[str]:
    """Where two JSON values differ (for a readable failure)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return [
            d
            for k in sorted(set(a) | set(b))
            for d in _differences(a.get(k), b.get(k), f"{where}/{k}")
        ]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [
            d
            for i, (x, y) in enumerate(zip(a, b, strict=True))
            for d in _differences(x, y, f"{where}/{i}")
        ]
    return [] if a == b else [f"{where}: {a!r} != {b!r}"]


def _json_export(directory: Path) -> dict:
    return {n: json.loads((directory / "json" / n).read_text()) for n in JSON_FILES}


def test_values_are_compared_after_normalisation():
    assert same_value("10:00", "10:00:00")
    assert same_value("09:30Z", "09:30:00+00:00")
    assert not same_value("10:00", "10:30")
    assert same_value("2005-01-01", "2005-01-01T00:00:00Z")
    assert not same_value("2005-01-01", "2005-01-02")
    assert same_value(100, 100.0) and same_value(10092008082, "10092008082")
    assert not same_value("01234", "1234")  # text stays text: a postcode is not a number
    assert same_value("HTTP://Example.com/", "http://example.com")
    assert not same_value("http://example.com/a", "http://example.com/b")
    assert same_value([{"opens_at": "10:00"}], [{"opens_at": "10:00:00"}])


@pytest.mark.django_db
def test_the_official_examples_folder_imports_whole(examples, capsys):
    """As published: JSON files and csv/ together, on an empty database with a municipality
    made by `zorgzaam municipality add`."""
    call_command("municipality", "add", "GM0513")
    municipality = Municipality.objects.get(code="GM0513")
    capsys.readouterr()
    call_command("hsds", "import", str(examples), "--municipality", "GM0513", "--no-progress")
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("HSDS 3.0 folder")
    assert "1 service" in out.splitlines()[0]
    assert Service.objects.for_municipality(municipality).count() == 1
    # The real disagreements between the example files are reported once each, with both
    # values and both places; the JSON form won (the default).
    assert "conflict" in out
    location = "3a19ff88-4620-4d17-9830-ac1d859eb5d5"
    stored = Snapshot(municipality).rows["location"][location]
    assert stored["external_identifier"] == "///cheer.parent.mole"  # location.json, top level
    assert "10092008082" in out and "location.json" in out
    # Schedules written 10:00 in one file and 10:00:00 in another are the same: no conflict.
    assert "opens_at" not in out


@pytest.mark.django_db
def test_prefer_csv_takes_the_tabular_value(examples):
    municipality = MunicipalityFactory()
    summary = hsds_import(path=examples, municipality=municipality, prefer="csv")
    snapshot = Snapshot(municipality).rows
    contact = snapshot["contact"]["1e7efce3-639b-4880-940c-b95cd30cdb50"]
    assert contact.get("service_at_location_id") is None or contact["service_at_location_id"] == (
        "93eaf18d-1cd2-4ec7-bffb-3c9172ee5070"
    )
    assert any("--prefer csv" in why for _where, why in summary.warnings)


@pytest.mark.django_db
def test_one_file_that_contradicts_itself_is_still_refused(tmp_path):
    ident = "11111111-1111-4111-8111-111111111111"
    (tmp_path / "services.json").write_text(
        json.dumps(
            [
                {"id": ident, "name": "Koffie", "status": "active"},
                {"id": ident, "name": "Thee", "status": "active"},
            ]
        )
    )
    with pytest.raises(ImportRejected, match="problem"):
        hsds_import(path=tmp_path, municipality=MunicipalityFactory())


def _wipe(municipality):
    for table in reversed(LOAD_ORDER):
        model_of(table).objects.for_municipality(municipality).delete()


@pytest.mark.django_db
def test_json_export_csv_import_export_gives_the_same_objects(examples, tmp_path):
    """JSON -> export -> CSV -> import -> export: the same objects, field for field (arrays
    and nested objects included)."""
    municipality = MunicipalityFactory()
    hsds_import(path=examples, municipality=municipality)
    hsds_export(directory=tmp_path / "a", municipality=municipality)
    before = Snapshot(municipality).rows
    _wipe(municipality)
    hsds_import(path=tmp_path / "a" / "csv", municipality=municipality)
    hsds_export(directory=tmp_path / "b", municipality=municipality)
    a, b = _json_export(tmp_path / "a"), _json_export(tmp_path / "b")
    for name in JSON_FILES:
        assert a[name] == b[name], (name, _differences(a[name], b[name]))
    assert Snapshot(municipality).rows == before


@pytest.mark.django_db
def test_reimporting_our_own_export_changes_nothing(examples, tmp_path):
    municipality = MunicipalityFactory()
    hsds_import(path=examples, municipality=municipality)
    hsds_export(directory=tmp_path, municipality=municipality)
    before = Snapshot(municipality).rows
    summary = hsds_import(path=tmp_path, municipality=municipality)
    assert sum(summary.created.values()) == 0
    assert not [w for w in summary.warnings if "conflict" in w[1]], summary.warnings
    assert Snapshot(municipality).rows == before


def _service(ident: str, **fields) -> dict:
    return {"id": ident, "name": "Koffieochtend", "status": "active", **fields}


@pytest.mark.django_db
def test_reimport_merges_unless_replace(tmp_path):
    municipality = MunicipalityFactory()
    ident = "11111111-1111-4111-8111-111111111111"
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    first.write_text(
        json.dumps([_service(ident, description="Elke dinsdag", x_a=1, x_b={"k": [1, 2]})])
    )
    second.write_text(json.dumps([_service(ident, x_b="nieuw", x_c=[3])]))
    hsds_import(path=first, municipality=municipality)
    hsds_import(path=second, municipality=municipality)
    service = Service.objects.get(public_id=ident)
    assert service.description == "Elke dinsdag"  # not mentioned: kept
    assert service.extra == {"x_a": 1, "x_b": "nieuw", "x_c": [3]}  # merged key by key
    hsds_import(path=second, municipality=municipality, replace=True)
    service.refresh_from_db()
    assert service.description is None
    assert service.extra == {"x_b": "nieuw", "x_c": [3]}


def _write_csv(path: Path, header: list[str], *rows: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)


SERVICE_31 = "22222222-2222-4222-8222-222222222222"
URL_31 = "33333333-3333-4333-8333-333333333333"
UNIT_31 = "44444444-4444-4444-8444-444444444444"
CAPACITY_31 = "55555555-5555-4555-8555-555555555555"


def _folder_31(directory: Path) -> Path:
    directory.mkdir()
    _write_csv(
        directory / "services.csv", ["id", "name", "status"], [SERVICE_31, "Opvang", "active"]
    )
    _write_csv(
        directory / "url.csv",
        ["id", "label", "url", "service_id", "organization_id"],
        [URL_31, "Facebook", "https://example.org/opvang", SERVICE_31, ""],
    )
    _write_csv(directory / "units.csv", ["id", "name", "scheme"], [UNIT_31, "Bed", ""])
    _write_csv(
        directory / "service_capacity.csv",
        ["id", "service_id", "unit_id", "available", "maximum", "updated"],
        [CAPACITY_31, SERVICE_31, UNIT_31, "12", "20", "2026-12-01T10:00:00Z"],
    )
    _write_csv(directory / "notes.csv", ["text"], ["not HSDS"])
    return directory


@pytest.mark.django_db
def test_hsds_31_files_are_kept_and_exported(tmp_path):
    municipality = MunicipalityFactory()
    summary = hsds_import(path=_folder_31(tmp_path / "in"), municipality=municipality)
    assert summary.description.startswith("HSDS 3.1 folder, 1 service")
    assert [why for where, why in summary.warnings if where.endswith("notes.csv")]
    extra = Service.objects.get(public_id=SERVICE_31).extra
    assert extra["additional_urls"] == [
        {"id": URL_31, "label": "Facebook", "url": "https://example.org/opvang"}
    ]
    assert extra["capacities"] == [
        {
            "id": CAPACITY_31,
            "available": 12,
            "maximum": 20,
            "updated": "2026-12-01T10:00:00Z",
            "unit": {"id": UNIT_31, "name": "Bed"},
        }
    ]
    hsds_export(directory=tmp_path / "out", municipality=municipality)
    package = json.loads((tmp_path / "out/csv/datapackage.json").read_text())
    assert package["hsds_version"] == "3.1"
    assert "additional_urls" not in (tmp_path / "out/csv/services.csv").read_text()
    with (tmp_path / "out/csv/service_capacity.csv").open() as fh:
        assert next(csv.DictReader(fh))["unit_id"] == UNIT_31
    service = json.loads((tmp_path / "out/json/services.json").read_text())[0]
    assert service["additional_urls"] == extra["additional_urls"]
    # The export reads back into the same objects, from either form.
    before = Snapshot(municipality).rows
    for form in ("csv", "json"):
        _wipe(municipality)
        hsds_import(path=tmp_path / "out" / form, municipality=municipality)
        assert Snapshot(municipality).rows == before, form


@pytest.mark.django_db
def test_problems_are_grouped_by_kind_with_a_report_file(tmp_path, capsys):
    MunicipalityFactory(code="GM1901")
    folder = tmp_path / "bad"
    folder.mkdir()
    rows = [[f"{i:08d}-1111-4111-8111-111111111111", "", "active"] for i in range(7)]
    rows.append(["not-a-uuid", "X", "active"])
    _write_csv(folder / "services.csv", ["id", "name", "status"], *rows)
    report = tmp_path / "report.csv"
    with pytest.raises(CommandError) as caught:
        call_command(
            "hsds", "import", str(folder), "--municipality", "GM1901", "--report", str(report)
        )
    lines = str(caught.value).splitlines()
    assert lines[0].startswith("HSDS 3.0 folder, 8 services")
    assert "refused, nothing was imported" in lines[0] and "8 problems of 2 kinds" in lines[0]
    assert any(line.strip().startswith("7 × ") for line in lines)
    assert any("... and 4 more" in line for line in lines)
    assert len(lines) < 20
    with report.open() as fh:
        written = list(csv.DictReader(fh))
    assert len(written) == 8 and {r["severity"] for r in written} == {"problem"}
    assert Service.objects.count() == 0
    # validate checks without writing; a good folder is importable.
    with pytest.raises(CommandError, match="not importable"):
        call_command("hsds", "validate", str(folder))
    good = _folder_31(tmp_path / "good")
    capsys.readouterr()
    call_command("hsds", "validate", str(good))
    assert "importable; nothing was written" in capsys.readouterr().out
    assert Service.objects.count() == 0
