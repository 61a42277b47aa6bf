"""Setting up a municipality from the national PC4 list, with or without district outlines."""

import json

import pytest
from django.utils import translation

from zorgzaam.accounts.models import SocialTeam
from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.errors import ApplicationError
from zorgzaam.tenancy.models import Area, Municipality, PostcodeArea
from zorgzaam.tenancy.services import (
    DEMO_GEOJSON,
    municipality_add,
    municipality_name_clean,
    national_municipalities,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are checked by their English msgids (the UI default is Dutch)."""
    with translation.override("en"):
        yield


GOUDA_PC4 = {"2801", "2802", "2803", "2804", "2805", "2806", "2807", "2808", "2809"}


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Gemeente Gouda", "Gouda"),
        ("Assen Municipality", "Assen"),
        ("Katwijk Municipalty", "Katwijk"),
        ("Ameland Municipalitye", "Ameland"),
        ("Bodegraven-Reeuwijk", "Bodegraven-Reeuwijk"),
        ("Gemeente 's-Hertogenbosch", "'s-Hertogenbosch"),
    ],
)
def test_names_lose_the_english_suffix_and_dutch_prefix(raw, clean):
    assert municipality_name_clean(raw) == clean


def test_national_list_knows_every_municipality_once():
    names = national_municipalities()
    assert len(names) > 300
    assert names["GM0513"] == "Gouda" and names["GM1901"] == "Bodegraven-Reeuwijk"
    assert not any("unicipal" in n or n.startswith("Gemeente") for n in names.values())


def test_add_gouda_without_districts_gives_one_area_holding_every_pc4():
    gouda = municipality_add(code="gm0513")
    assert (gouda.code, gouda.name, gouda.slug) == ("GM0513", "Gouda", "gouda")
    postcodes = PostcodeArea.objects.filter(municipality=gouda)
    assert set(postcodes.values_list("pc4", flat=True)) == GOUDA_PC4
    area = Area.objects.get(municipality=gouda)
    assert (area.code, area.name) == ("GM0513", "Gouda")
    assert 51.9 < area.latitude < 52.1
    assert set(postcodes.values_list("area", flat=True)) == {area.pk}
    row = AuditEvent.objects.get(event="tenancy.municipality.add")
    assert row.municipality_code == "GM0513" and row.reason == "cli"
    assert row.target_id == str(gouda.public_id)


def test_add_twice_changes_nothing():
    first = municipality_add(code="GM0513")
    counts = (Municipality.objects.count(), Area.objects.count(), PostcodeArea.objects.count())
    second = municipality_add(code="0513")
    assert second == first
    assert counts == (
        Municipality.objects.count(),
        Area.objects.count(),
        PostcodeArea.objects.count(),
    )


@pytest.mark.parametrize(("code", "words"), [("GM9999", "not a municipality"), ("Gouda", "CBS")])
def test_unknown_code_is_a_clear_error_and_writes_nothing(code, words):
    with pytest.raises(ApplicationError, match=words):
        municipality_add(code=code)
    assert not Municipality.objects.exists() and not PostcodeArea.objects.exists()
    assert not AuditEvent.objects.exists()


def test_add_with_districts_links_each_pc4_to_its_village():
    municipality = municipality_add(code="GM1901", areas_path=DEMO_GEOJSON)
    assert municipality.areas.count() == 7
    assert municipality.outline is not None
    assert PostcodeArea.objects.get(pc4="3466").area.name == "Waarder"
    assert PostcodeArea.objects.get(pc4="2415").area.name == "Nieuwerbrug aan den Rijn"
    assert not PostcodeArea.objects.filter(municipality=municipality, area=None).exists()


def test_districts_added_later_replace_the_whole_municipality_area(tmp_path):
    municipality = municipality_add(code="GM1901")
    whole = Area.objects.get(code="GM1901")
    team = SocialTeam.objects.create(municipality=municipality, name="Team Alles")
    team.areas.set([whole])
    municipality_add(code="GM1901", areas_path=DEMO_GEOJSON)
    assert not Area.objects.filter(code="GM1901").exists()
    assert team.areas.count() == 7
    assert not PostcodeArea.objects.filter(municipality=municipality, area=None).exists()


def test_the_whole_area_stays_while_records_point_at_it():
    from zorgzaam.common.testing import PersonFactory

    municipality = municipality_add(code="GM1901")
    whole = Area.objects.get(code="GM1901")
    PersonFactory(
        municipality=municipality, postcode_area=PostcodeArea.objects.get(pc4="2411"), area=whole
    )
    municipality_add(code="GM1901", areas_path=DEMO_GEOJSON)
    assert Area.objects.filter(code="GM1901").exists()
    assert not whole.postcodes.exists()


def test_cbs_wijken_spelling_and_other_municipalities_in_the_file(tmp_path):
    data = json.loads(DEMO_GEOJSON.read_text())
    features = []
    for feature in data["features"]:
        props = feature["properties"]
        if props["rubriek"] != "wijk":
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": feature["geometry"],
                "properties": {
                    "wijkcode": props["statcode"],
                    "wijknaam": props["statnaam"],
                    "gemeentecode": "GM1901",
                },
            }
        )
    elsewhere = {"wijkcode": "WK051301", "wijknaam": "Binnenstad", "gemeentecode": "GM0513"}
    features.append(
        {"type": "Feature", "geometry": data["features"][1]["geometry"], "properties": elsewhere}
    )
    path = tmp_path / "wijken.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    municipality = municipality_add(code="GM1901", areas_path=path)
    assert municipality.areas.count() == 7
    assert not Area.objects.filter(code="WK051301").exists()
    with pytest.raises(ApplicationError, match="no districts"):
        municipality_add(code="GM0363", areas_path=DEMO_GEOJSON)
    assert not Municipality.objects.filter(code="GM0363").exists()


def test_unreadable_areas_file_writes_nothing(tmp_path):
    path = tmp_path / "kapot.geojson"
    path.write_text("{niet json")
    with pytest.raises(ApplicationError, match="not a readable GeoJSON"):
        municipality_add(code="GM0513", areas_path=path)
    with pytest.raises(ApplicationError, match="not a readable GeoJSON"):
        municipality_add(code="GM0513", areas_path=tmp_path / "missing.geojson")
    assert not Municipality.objects.exists() and not PostcodeArea.objects.exists()


def _square(lon: float, lat: float, size: float = 0.004) -> dict:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def test_a_pc4_outside_every_outline_goes_to_the_nearest_district(tmp_path):
    # Two small districts: 2803 (52.0235, 4.6945) lies in the west one; 2807 (52.0099, 4.7453)
    # in neither, nearest to the east one.
    features = [
        {
            "type": "Feature",
            "geometry": _square(4.692, 52.021),
            "properties": {"wijkcode": "WK051301", "wijknaam": "West"},
        },
        {
            "type": "Feature",
            "geometry": _square(4.735, 52.005),
            "properties": {"wijkcode": "WK051302", "wijknaam": "Oost"},
        },
    ]
    path = tmp_path / "gouda.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    municipality_add(code="GM0513", areas_path=path)
    assert PostcodeArea.objects.get(pc4="2803").area.name == "West"
    assert PostcodeArea.objects.get(pc4="2807").area.name == "Oost"
    assert not PostcodeArea.objects.filter(municipality__code="GM0513", area=None).exists()


def test_a_district_without_polygon_is_refused(tmp_path):
    features = [{"type": "Feature", "geometry": None, "properties": {"wijkcode": "WK051301"}}]
    path = tmp_path / "gouda.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    with pytest.raises(ApplicationError, match="has no polygon outline"):
        municipality_add(code="GM0513", areas_path=path)
    assert not Municipality.objects.exists()
