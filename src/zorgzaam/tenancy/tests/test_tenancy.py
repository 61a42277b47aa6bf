import pytest
from django.core.management import CommandError, call_command

from zorgzaam.common.errors import ApplicationError, ImportRejected
from zorgzaam.tenancy import geo
from zorgzaam.tenancy.models import PostcodeArea
from zorgzaam.tenancy.selectors import municipality_get, postcode_area_get, postcode_normalise
from zorgzaam.tenancy.services import (
    DEMO_GEOJSON,
    DEMO_PC4,
    NATIONAL_PC4,
    municipality_load_geojson,
    pc4_import,
    pc4_parse,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("2811ab", "2811 AB"), (" 2411 CD ", "2411 CD"), ("3466", "3466"), ("2811 Ab", "2811 AB")],
)
def test_postcode_normalise(raw, expected):
    assert postcode_normalise(raw) == expected


@pytest.mark.parametrize("raw", ["", "0811 AB", "281 AB", "2811 A", "28111", "2811 SS", "abcd"])
def test_bad_postcode_is_a_clear_error(raw):
    with pytest.raises(ApplicationError, match="is geen Nederlandse postcode"):
        postcode_normalise(raw)


def test_bad_postcode_error_speaks_the_language_of_the_page():
    from django.utils import translation

    with translation.override("en"), pytest.raises(ApplicationError, match="not a Dutch postcode"):
        postcode_normalise("99999")
    with translation.override("nl"), pytest.raises(ApplicationError, match="“99999” is geen"):
        postcode_normalise("99999")


def test_geonames_file_parses_and_keeps_first_place_per_pc4():
    rows = pc4_parse(DEMO_PC4.read_text())
    assert {r.pc4 for r in rows} >= {"2411", "2412", "2415", "2811", "3465", "3466"}
    assert all(r.municipality_code in {"GM1901", "GM0513"} for r in rows)


@pytest.mark.django_db
def test_import_links_postcodes_to_villages():
    pc4_import(DEMO_PC4.read_text())
    municipality = municipality_load_geojson(DEMO_GEOJSON)
    assert municipality.code == "GM1901"
    assert municipality.areas.count() == 7
    assert PostcodeArea.objects.get(pc4="3466").area.name == "Waarder"
    assert PostcodeArea.objects.get(pc4="2415").area.name == "Nieuwerbrug aan den Rijn"
    assert postcode_area_get("2811 AB").municipality == municipality


@pytest.mark.django_db
def test_malformed_pc4_csv_imports_nothing_and_names_every_bad_line():
    text = (
        "pc4,place,municipality_code,latitude,longitude\n"
        "2411,Bodegraven,GM1901,52.08,4.75\n"
        "241,Bodegraven,GM1901,52.08,4.75\n"
        "2412,Bodegraven,1901,north,4.76\n"
        "2413,Nergens,XX12,52.0,4.7\n"
    )
    with pytest.raises(ImportRejected) as exc:
        pc4_import(text, source="bad.csv")
    where = [w for w, _ in exc.value.problems]
    assert where == ["bad.csv:3", "bad.csv:4", "bad.csv:5"]
    assert "four digits" in exc.value.problems[0][1]
    assert "not a number" in exc.value.problems[1][1]
    assert "CBS municipality code" in exc.value.problems[2][1]
    assert PostcodeArea.objects.count() == 0


@pytest.mark.django_db
def test_csv_without_needed_columns_is_refused():
    with pytest.raises(ImportRejected, match="header lacks"):
        pc4_import("postcode,lat\n2411,52\n")


@pytest.mark.django_db
def test_reimport_updates_instead_of_duplicating():
    text = "pc4,place,municipality_code,latitude,longitude\n2411,Bodegraven,GM1901,52.08,4.75\n"
    pc4_import(text)
    pc4_import(text.replace("52.08", "52.09"))
    assert PostcodeArea.objects.count() == 1
    assert PostcodeArea.objects.get().latitude == 52.09


@pytest.mark.django_db
def test_pc4_command_reports_errors(tmp_path):
    bad = tmp_path / "pc4.csv"
    bad.write_text("pc4,place,municipality_code,latitude,longitude\n99999,X,GM1901,52,4.7\n")
    with pytest.raises(CommandError, match="pc4.csv:2"):
        call_command("pc4", "import", str(bad))
    binary = tmp_path / "pc4.bin"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("pc4", "import", str(binary))


@pytest.mark.django_db
def test_full_geonames_file_imports():
    path = NATIONAL_PC4  # shipped in the package (a copy of ../shared/geo/pc4-nl-geonames.tsv)
    count = pc4_import(path.read_text(encoding="utf-8"), source=path.name)
    assert count == 4086
    assert PostcodeArea.objects.count() == 4086


@pytest.mark.django_db
def test_unknown_municipality_is_a_clear_error():
    with pytest.raises(ApplicationError, match="GM9999 is unknown"):
        municipality_get("GM9999")
    with pytest.raises(ApplicationError, match="not a CBS municipality code"):
        municipality_get("Bodegraven")


def test_point_in_polygon_and_centroid():
    square = {"type": "Polygon", "coordinates": [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]]}
    assert geo.contains(square, 1, 1)
    assert not geo.contains(square, 3, 1)
    assert geo.centroid(square) == pytest.approx((1, 1))
    assert geo.haversine_km(52.0, 4.7, 52.0, 4.7) == 0
    assert geo.haversine_km(52.0826, 4.7497, 52.0603, 4.8221) == pytest.approx(5.45, abs=0.1)
