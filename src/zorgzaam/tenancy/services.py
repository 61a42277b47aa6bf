"""Writes for tenancy and geography: setting up a municipality from the national PC4 list
(and optionally CBS district outlines), municipalities from GeoJSON, the PC4 import."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.text import slugify
from django.utils.translation import gettext

from zorgzaam.common.errors import ApplicationError, ImportRejected

from . import geo
from .models import Area, Municipality, PostcodeArea

DATA_DIR = Path(__file__).resolve().parent / "data"
DEMO_GEOJSON = DATA_DIR / "bodegraven-reeuwijk-2024.geojson"
DEMO_PC4 = DATA_DIR / "pc4-demo.tsv"
#: Every Dutch PC4 with its CBS municipality code (GeoNames, CC BY 4.0; see data/README.md).
NATIONAL_PC4 = DATA_DIR / "pc4-nl-geonames.tsv"

_MUNICIPALITY_CODE = re.compile(r"^(?:GM)?(\d{4})$")


def municipality_code_normalise(value: str) -> str:
    match = _MUNICIPALITY_CODE.match((value or "").strip().upper())
    if not match:
        raise ApplicationError(
            f"{value!r} is not a CBS municipality code (e.g. GM1901).", field="municipality"
        )
    return f"GM{match.group(1)}"


@transaction.atomic
def municipality_load_geojson(path: Path | str) -> Municipality:
    """Create or update a municipality and its areas from a CBS GeoJSON (gemeente + wijken)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        features = data["features"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ApplicationError(
            f"{path}: not a readable GeoJSON FeatureCollection ({exc})."
        ) from exc
    gm = [f for f in features if f.get("properties", {}).get("rubriek") == "gemeente"]
    if len(gm) != 1:
        raise ApplicationError(f"{path}: expected exactly one feature with rubriek 'gemeente'.")
    props = gm[0]["properties"]
    code = municipality_code_normalise(props["statcode"])
    municipality, _ = Municipality.objects.update_or_create(
        code=code,
        defaults={
            "name": props["statnaam"],
            "slug": slugify(props["statnaam"]),
            "outline": gm[0]["geometry"],
        },
    )
    for feature in features:
        fprops = feature.get("properties", {})
        if fprops.get("rubriek") != "wijk":
            continue
        lat, lon = geo.centroid(feature["geometry"])
        Area.objects.update_or_create(
            code=fprops["statcode"],
            defaults={
                "municipality": municipality,
                "name": fprops["statnaam"],
                "kind": Area.Kind.VILLAGE,
                "geometry": feature["geometry"],
                "latitude": lat,
                "longitude": lon,
            },
        )
    postcode_areas_link(municipality)
    return municipality


def postcode_areas_link(municipality: Municipality) -> None:
    """Link the PC4 rows of a municipality to it and to an area: the district whose outline
    holds the PC4's centroid, else the nearest district (outlines are generalised). A
    municipality without districts has one area for the whole municipality; its PC4s go there.
    """
    areas = list(municipality.areas.all())
    parts = [a for a in areas if a.code != municipality.code]
    whole = next((a for a in areas if a.code == municipality.code), None)
    changed = []
    for pc in PostcodeArea.objects.filter(municipality_code=municipality.code):
        area = whole
        if parts:
            area = next(
                (
                    a
                    for a in parts
                    if a.geometry and geo.contains(a.geometry, pc.latitude, pc.longitude)
                ),
                None,
            ) or _nearest(parts, pc.latitude, pc.longitude)
        if pc.municipality_id != municipality.pk or pc.area_id != (area.pk if area else None):
            pc.municipality = municipality
            pc.area = area
            changed.append(pc)
    PostcodeArea.objects.bulk_update(changed, ["municipality", "area"], batch_size=500)


def _nearest(areas: list[Area], lat: float, lon: float) -> Area | None:
    located = [
        (geo.haversine_km(lat, lon, a.latitude, a.longitude), a.pk, a)
        for a in areas
        if a.latitude is not None and a.longitude is not None
    ]
    return min(located)[2] if located else None


# --- Setting up a municipality from the national PC4 list -------------------------------------

_NAME_PREFIX = re.compile(r"^Gemeente\s+", re.IGNORECASE)
_NAME_SUFFIX = re.compile(r"\s+Municipal\w*$", re.IGNORECASE)


def municipality_name_clean(raw: str) -> str:
    """'Gemeente Gouda' -> 'Gouda'; 'Assen Municipality' -> 'Assen' (GeoNames spellings)."""
    return _NAME_SUFFIX.sub("", _NAME_PREFIX.sub("", raw.strip())).strip()


def national_municipalities() -> dict[str, str]:
    """CBS code -> name of every municipality in the national PC4 list."""
    names: dict[str, str] = {}
    with NATIONAL_PC4.open(encoding="utf-8") as handle:
        for line in handle:
            cols = line.rstrip("\n").split("\t")
            if len(cols) > 6 and cols[6].strip():
                names.setdefault(f"GM{cols[6].strip()}", municipality_name_clean(cols[5]))
    return names


def _unique_slug(name: str, code: str, municipality: Municipality | None) -> str:
    slug = slugify(name) or code.lower()
    taken = Municipality.objects.filter(slug=slug)
    if municipality is not None:
        taken = taken.exclude(pk=municipality.pk)
    return f"{slug}-{code.lower()}" if taken.exists() else slug


@transaction.atomic
def municipality_add(*, code: str, areas_path: Path | str | None = None) -> Municipality:
    """Set up (or update) a municipality from the national PC4 list shipped with Zorgzaam:
    its name, its PC4 rows (created or updated) linked to it. ``areas_path``: a GeoJSON of CBS
    districts (wijken); each PC4 goes to the district holding its centroid. Without districts
    the municipality gets one area covering it all, so every page and report that groups by
    village shows one row. Idempotent; an unknown code is an ApplicationError, nothing written.
    """
    code = municipality_code_normalise(code)
    names = national_municipalities()
    if code not in names:
        raise ApplicationError(
            gettext("%(code)s is not a municipality in the national postcode list.")
            % {"code": code},
            field="municipality",
        )
    features = _district_features(areas_path, code) if areas_path is not None else None
    rows = [
        r
        for r in pc4_parse(NATIONAL_PC4.read_text(encoding="utf-8"))
        if r.municipality_code == code
    ]
    existing = Municipality.objects.filter(code=code).first()
    created = existing is None
    if existing is None:
        name = names[code]
        municipality = Municipality.objects.create(
            code=code, name=name, slug=_unique_slug(name, code, None)
        )
    else:
        municipality = existing
    _pc4_upsert(rows)
    fields = ["postcodes"]
    if features is not None:
        outline, districts = features
        if outline is not None and municipality.outline != outline:
            municipality.outline = outline
            municipality.save(update_fields=["outline", "updated_at"])
            fields.append("outline")
        for feature_code, feature_name, geometry in districts:
            lat, lon = geo.centroid(geometry)
            Area.objects.update_or_create(
                code=feature_code,
                defaults={
                    "municipality": municipality,
                    "name": feature_name,
                    "kind": Area.Kind.VILLAGE,
                    "geometry": geometry,
                    "latitude": lat,
                    "longitude": lon,
                },
            )
        fields.append("areas")
    elif not municipality.areas.exists():
        _whole_area_ensure(municipality, rows)
        fields.append("areas")
    postcode_areas_link(municipality)
    if features is not None:
        _whole_area_retire(municipality)
    from zorgzaam.audit.services import audit_record

    audit_record(
        event="tenancy.municipality.add",
        target=municipality,
        municipality_code=code,
        reason="cli",
        fields=(["name"] if created else []) + fields,
    )
    return municipality


def _pc4_upsert(rows: list[Pc4Row]) -> None:
    existing = {p.pc4: p for p in PostcodeArea.objects.filter(pc4__in=[r.pc4 for r in rows])}
    new, changed = [], []
    for row in rows:
        current = existing.get(row.pc4)
        if current is None:
            new.append(PostcodeArea(**row.__dict__))
            continue
        if any(getattr(current, key) != value for key, value in row.__dict__.items()):
            for key, value in row.__dict__.items():
                setattr(current, key, value)
            changed.append(current)
    PostcodeArea.objects.bulk_create(new, batch_size=1000)
    PostcodeArea.objects.bulk_update(
        changed, ["place", "municipality_code", "latitude", "longitude"], batch_size=1000
    )


def _whole_area_ensure(municipality: Municipality, rows: list[Pc4Row]) -> Area:
    """The one area of a municipality without districts: code = the municipality's code."""
    lat = sum(r.latitude for r in rows) / len(rows) if rows else None
    lon = sum(r.longitude for r in rows) / len(rows) if rows else None
    area, _ = Area.objects.update_or_create(
        code=municipality.code,
        defaults={
            "municipality": municipality,
            "name": municipality.name,
            "kind": Area.Kind.VILLAGE,
            "latitude": lat,
            "longitude": lon,
        },
    )
    return area


def _whole_area_retire(municipality: Municipality) -> None:
    """After districts arrive: teams that served the whole municipality serve every district,
    and the whole-municipality area goes, unless records still point at it (then it stays,
    without postcodes, so history keeps its label)."""
    whole = Area.objects.filter(municipality=municipality, code=municipality.code).first()
    if whole is None:
        return
    districts = list(municipality.areas.exclude(pk=whole.pk))
    for team in whole.teams.all():
        team.areas.add(*districts)
    try:
        with transaction.atomic():
            whole.delete()
    except ProtectedError:
        pass


def _district_features(
    path: Path | str, code: str
) -> tuple[dict | None, list[tuple[str, str, dict]]]:
    """The municipality outline (or None) and the districts (code, name, geometry) of
    ``code`` in a CBS GeoJSON. Two property spellings are understood: cartomap's
    (``rubriek`` gemeente/wijk, ``statcode``, ``statnaam``) and CBS/PDOK's wijken
    (``wijkcode``, ``wijknaam``, ``gemeentecode``). A file may hold other municipalities:
    only districts whose code starts with WK + the municipality's four digits are taken."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        features = list(data["features"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ApplicationError(
            gettext("%(path)s: not a readable GeoJSON FeatureCollection (%(error)s).")
            % {"path": path, "error": exc},
            field="areas",
        ) from exc
    prefix = "WK" + code[2:]
    outline = None
    districts: dict[str, tuple[str, str, dict]] = {}
    for feature in features:
        props = (feature or {}).get("properties") or {}
        geometry = (feature or {}).get("geometry")
        rubriek = props.get("rubriek")
        if rubriek == "gemeente" and str(props.get("statcode", "")).upper() == code:
            outline = geometry
            continue
        district_code = str(props.get("wijkcode") or "").upper()
        district_name = props.get("wijknaam")
        if rubriek == "wijk":
            district_code = str(props.get("statcode") or "").upper()
            district_name = props.get("statnaam")
        if not district_code.startswith(prefix):
            continue
        try:
            if not isinstance(geometry, dict):
                raise TypeError("no geometry")
            geo.polygons_of(geometry)
        except (ValueError, KeyError, TypeError) as exc:
            raise ApplicationError(
                gettext("%(path)s: district %(district)s has no polygon outline.")
                % {"path": path, "district": district_code},
                field="areas",
            ) from exc
        districts[district_code] = (district_code, str(district_name or district_code), geometry)
    if not districts:
        raise ApplicationError(
            gettext("%(path)s holds no districts (wijken) of %(code)s.")
            % {"path": path, "code": code},
            field="areas",
        )
    return outline, sorted(districts.values())


@dataclass(frozen=True)
class Pc4Row:
    pc4: str
    place: str
    municipality_code: str
    latitude: float
    longitude: float


def _parse_float(value: str, lo: float, hi: float, what: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{what} {value!r} is not a number") from exc
    if not lo <= number <= hi:
        raise ValueError(f"{what} {number} is outside the Netherlands ({lo}..{hi})")
    return number


def _pc4_row(values: dict[str, str]) -> Pc4Row:
    pc4 = (values.get("pc4") or "").strip()
    if not re.fullmatch(r"[1-9]\d{3}", pc4):
        raise ValueError(f"postcode {pc4!r} is not four digits (1000-9999)")
    raw_code = (values.get("municipality_code") or "").strip()
    # Some real rows carry no municipality (e.g. after a merger); they are kept unlinked.
    code = municipality_code_normalise(raw_code) if raw_code else ""
    return Pc4Row(
        pc4=pc4,
        place=(values.get("place") or "").strip()[:100],
        municipality_code=code,
        latitude=_parse_float(values.get("latitude", ""), 50.7, 53.7, "latitude"),
        longitude=_parse_float(values.get("longitude", ""), 3.2, 7.3, "longitude"),
    )


def pc4_parse(text: str, source: str = "input") -> list[Pc4Row]:
    """Parse a PC4 file: GeoNames TSV (no header) or CSV with a header
    ``pc4,place,municipality_code,latitude,longitude``. Raises ImportRejected listing every
    bad line; nothing is imported then."""
    try:
        return _pc4_parse(text, source)
    except csv.Error as exc:
        raise ImportRejected(f"{source}: not a readable CSV/TSV file ({exc}).", []) from exc


def _pc4_parse(text: str, source: str) -> list[Pc4Row]:
    problems: list[tuple[str, str]] = []
    rows: dict[str, Pc4Row] = {}
    lines = text.splitlines()
    if not lines or not any(line.strip() for line in lines):
        raise ImportRejected(f"{source}: the file is empty.", [])
    first = lines[0]
    if "\t" in first:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t")
        records = []
        for n, cols in enumerate(reader, start=1):
            if not cols:
                continue
            if len(cols) < 11:
                problems.append(
                    (f"{source}:{n}", f"expected 12 tab-separated columns, got {len(cols)}")
                )
                continue
            records.append(
                (
                    n,
                    {
                        "pc4": cols[1],
                        "place": cols[2],
                        "municipality_code": cols[6],
                        "latitude": cols[9],
                        "longitude": cols[10],
                    },
                )
            )
    else:
        dict_reader = csv.DictReader(io.StringIO(text, newline=""))
        needed = {"pc4", "municipality_code", "latitude", "longitude"}
        missing = needed - set(dict_reader.fieldnames or [])
        if missing:
            raise ImportRejected(
                f"{source}: not a GeoNames TSV, and the CSV header lacks "
                f"{', '.join(sorted(missing))}.",
                [],
            )
        records = [(n, row) for n, row in enumerate(dict_reader, start=2)]
    for n, values in records:
        try:
            row = _pc4_row(values)
        except (ValueError, ApplicationError) as exc:
            problems.append((f"{source}:{n}", str(getattr(exc, "message", exc))))
            continue
        # A PC4 spanning two places has a row per place; the first place is kept.
        rows.setdefault(row.pc4, row)
    if problems:
        raise ImportRejected(
            f"{source}: {len(problems)} line(s) rejected; nothing imported.", problems
        )
    return list(rows.values())


@transaction.atomic
def pc4_import(text: str, source: str = "input") -> int:
    """All-or-nothing import of PC4 centroids; re-import updates rows by PC4."""
    rows = pc4_parse(text, source)
    existing = {p.pc4: p for p in PostcodeArea.objects.all()}
    new, changed = [], []
    for row in rows:
        current = existing.get(row.pc4)
        if current is None:
            new.append(PostcodeArea(**row.__dict__))
        else:
            for key, value in row.__dict__.items():
                setattr(current, key, value)
            changed.append(current)
    PostcodeArea.objects.bulk_create(new, batch_size=1000)
    PostcodeArea.objects.bulk_update(
        changed, ["place", "municipality_code", "latitude", "longitude"], batch_size=1000
    )
    for municipality in Municipality.objects.filter(code__in={r.municipality_code for r in rows}):
        postcode_areas_link(municipality)
    return len(rows)
