"""Legacy directories (HSDS 1.1 and Open Referral UK v1): detection, conversion into HSDS 3.0
with stable ids, import and re-import, and the HSDS 3.0 the API then serves.

The fixtures in ``data/`` are made up (Dutch, realistic) in the layouts of the HSDS 1.1.1
data package (github.com/openreferral/specification, branch 1.1) and of the Open Referral UK
v1 extension of it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from zorgzaam.common.errors import ImportRejected
from zorgzaam.common.testing import MunicipalityFactory
from zorgzaam.socialmap.hsds import legacy, schemas
from zorgzaam.socialmap.models import Service
from zorgzaam.socialmap.models.hsds import (
    Address,
    Attribute,
    CostOption,
    Location,
    Organization,
    Schedule,
    TaxonomyTerm,
)
from zorgzaam.socialmap.services import hsds_import

DATA = Path(__file__).resolve().parent / "data"
HSDS11 = DATA / "hsds_1_1"
ORUK = DATA / "oruk_v1"


def _import(path, municipality):
    return hsds_import(
        dataset=legacy.convert(path, scope=municipality.code), municipality=municipality
    )


def test_detect_names_the_version_layout_and_size(shared_dir, tmp_path):
    info = legacy.detect(HSDS11)
    assert (info.layout, info.version, info.declared, info.services) == ("hsds-1", "1.1.1", True, 4)
    assert info.summary().startswith("HSDS 1.1.1 data package, 4 services: converted to HSDS 3.0")
    assert legacy.detect(HSDS11 / "datapackage.json") == info
    oruk = legacy.detect(ORUK)
    assert (oruk.layout, oruk.declared) == ("oruk-1", False)
    assert oruk.summary().startswith("Open Referral UK v1 folder (by its file names), 2 services")
    # HSDS 3.0 (the official examples, a single file) is not legacy.
    assert legacy.detect(shared_dir / "hsds" / "examples" / "csv") is None
    assert legacy.detect(shared_dir / "hsds" / "examples" / "service_full.json") is None
    # A 3.0 package declares 3.0.0 even next to a legacy-looking file name.
    package = tmp_path / "v3"
    shutil.copytree(shared_dir / "hsds" / "examples" / "csv", package, symlinks=False)
    (package / "datapackage.json").write_text(json.dumps({"version": "3.0.0"}))
    (package / "taxonomy.csv").write_text("id,name\n1,x\n")
    assert legacy.detect(package) is None
    # HSDS 2.0 is named, and refused in one clear line.
    v2 = tmp_path / "v2"
    v2.mkdir()
    (v2 / "datapackage.json").write_text(json.dumps({"version": "2.0.1"}))
    (v2 / "services.csv").write_text("id,name\n1,x\n")
    info2 = legacy.detect(v2)
    assert info2.summary() == "HSDS 2.0.1 data package, 1 services: HSDS 2.0 is not converted; " + (
        "nothing will be imported."
    )
    assert info2.head == "HSDS 2.0.1 data package, 1 services (HSDS 2.0: not converted)"
    dataset = legacy.convert(v2)
    assert len(dataset.problems) == 1 and "HSDS 2.0" in dataset.problems[0][1]


def test_ids_are_stable_per_source_and_municipality():
    first = legacy.convert(HSDS11, scope="GM0001")
    again = legacy.convert(HSDS11, scope="GM0001")
    other = legacy.convert(HSDS11, scope="GM0002")
    renamed = legacy.convert(HSDS11, scope="GM0001", source="another source")
    ids = set(first.rows["service"])
    assert len(ids) == 4 and ids == set(again.rows["service"])
    assert not ids & set(other.rows["service"]) and not ids & set(renamed.rows["service"])


@pytest.mark.django_db
def test_hsds_1_1_package_imports_and_reimports(client):
    municipality = MunicipalityFactory()
    summary = _import(HSDS11, municipality)
    assert summary.created["service"] == 4 and summary.created["schedule"] == 5
    coffee = Service.objects.get(name="Koffieochtend in de Schakel")
    assert coffee.fees_description == "Gratis" and coffee.organization.website.startswith(
        "https://welzijn-lekkerkerk"
    )
    # Regular schedules: weekday 2 and 4 -> TU, TH; 9:30 -> 09:30; the holiday closure.
    days = sorted(
        Schedule.objects.filter(service=coffee, freq="WEEKLY").values_list("byday", "opens_at")
    )
    assert days == [("TH", "09:30"), ("TU", "09:30")]
    closed = Schedule.objects.get(service=coffee, valid_from="2026-12-24")
    assert closed.description == "Gesloten" and closed.extra == {"closed": True}
    food = Service.objects.get(name="Voedselpakket")
    assert food.eligibility_description == "huishoudens met een inkomen onder de norm"
    odd_jobs = Service.objects.get(name="Klusjesdienst De Schans")
    assert odd_jobs.status == "inactive" and odd_jobs.extra["payments_accepted"] == "contant, pin"
    address = Address.objects.get(postal_code="2941 EZ")
    assert address.address_2 == "Unit 4, Achteringang" and address.address_type == "physical"
    assert Location.objects.get(name="Postadres De Schans").location_type == "postal"
    assert Organization.objects.get(name="Buurtvereniging De Schans").description == (
        "Buurtvereniging De Schans"
    )
    # Taxonomy: the legacy id is the term's code, parents and vocabulary are kept.
    care = TaxonomyTerm.objects.get(code="MZ")
    assert care.taxonomy_detail.name == "Sociale kaart Lekkerkerk"
    assert str(care.parent_id) == str(TaxonomyTerm.objects.get(code="WZ").public_id)
    linked = Attribute.objects.filter(link_id=odd_jobs.public_id).get()
    assert linked.taxonomy_term.code == "WZ" and linked.value == "klussen"
    assert Attribute.objects.filter(taxonomy_term__code="MZ").count() == 1  # taxonomy_ids
    # The API serves valid HSDS 3.0 for it.
    full = client.get(f"/hsds/services/{coffee.public_id}").json()
    assert schemas.errors("service", full) == []
    assert full["service_at_locations"][0]["location"]["accessibility"][0]["description"] == (
        "rolstoeltoegankelijk"
    )
    # Importing the same package again finds every row: nothing new.
    again = _import(HSDS11, municipality)
    assert sum(again.created.values()) == 0 and again.updated["service"] == 4
    assert Service.objects.filter(municipality=municipality).count() == 4


@pytest.mark.django_db
def test_oruk_v1_folder_imports():
    municipality = MunicipalityFactory()
    _import(ORUK, municipality)
    course = Service.objects.get(name="Valpreventiecursus")
    assert (course.minimum_age, course.maximum_age) == (65, 120)
    assert course.extra["attending_type"] == "venue" and course.assured_date == "2026-02-01"
    option = CostOption.objects.get(service=course)
    assert option.amount == 25.5 and option.option == "Eigen bijdrage"
    # link_taxonomy: the eligibility's link lands on its service, the cost option's on it.
    links = set(
        Attribute.objects.filter(taxonomy_term__code="esdServiceTypes:2").values_list(
            "link_entity", "link_id"
        )
    )
    assert ("service", course.public_id) in links and ("cost_option", option.public_id) in links
    rows = sorted(Schedule.objects.filter(service__municipality=municipality).values_list("byday"))
    assert rows == [("MO,TU,WE,TH,FR",), ("WE",)]
    assert Organization.objects.get().organizationidentifier_set.get().identifier == "12345678"


@pytest.mark.django_db
def test_bad_rows_name_the_legacy_file_and_line_and_nothing_is_written(tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(HSDS11, broken)
    with (broken / "regular_schedules.csv").open("a") as fh:
        fh.write("55,101,,,8,10:00,11:00\n")
    with (broken / "services.csv").open("a") as fh:
        fh.write("105,1,,,,,,geen e-mail,active,,,,,,,\n")
    with (broken / "locations.csv").open("a") as fh:
        fh.write("23,1,Schuur,,,,noord,4.7\n")
    municipality = MunicipalityFactory()
    with pytest.raises(ImportRejected) as caught:
        _import(broken, municipality)
    where = {path: reason for path, reason in caught.value.problems}
    assert any(
        p.endswith("regular_schedules.csv:6/weekday") and "1-7" in r for p, r in where.items()
    )
    assert any(p.endswith("services.csv:6/email") for p in where)
    assert any(p.endswith("services.csv:6/") and "'name'" in r for p, r in where.items())
    assert where[f"{broken}/locations.csv:5/latitude"] == "latitude must be a number, got 'noord'"
    assert not Service.objects.filter(municipality=municipality).exists()


@pytest.mark.django_db
def test_the_import_command_routes_a_legacy_folder():
    from io import StringIO

    from django.core.management import call_command

    municipality = MunicipalityFactory()
    out = StringIO()
    call_command("hsds", "import", str(HSDS11), municipality=municipality.code, stdout=out)
    first = out.getvalue().splitlines()[0]
    assert first.startswith("HSDS 1.1.1 data package, 4 services (converted to HSDS 3.0)")
    call_command("hsds", "import", str(HSDS11), municipality=municipality.code, stdout=StringIO())
    assert Service.objects.filter(municipality=municipality).count() == 4
