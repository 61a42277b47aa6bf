"""Writes for tenancy and geography: municipalities from GeoJSON, the PC4 import."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from zorgzaam.common.errors import ApplicationError, ImportRejected

from . import geo
from .models import Area, Municipality, PostcodeArea

DATA_DIR = Path(__file__).resolve().parent / "data"
DEMO_GEOJSON = DATA_DIR / "bodegraven-reeuwijk-2024.geojson"
DEMO_PC4 = DATA_DIR / "pc4-demo.tsv"

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
    """Link the PC4 rows of a municipality to it and to the area holding their centroid."""
    areas = list(municipality.areas.all())
    for pc in PostcodeArea.objects.filter(municipality_code=municipality.code):
        pc.municipality = municipality
        pc.area = next(
            (
                a
                for a in areas
                if a.geometry and geo.contains(a.geometry, pc.latitude, pc.longitude)
            ),
            None,
        )
        pc.save(update_fields=["municipality", "area"])


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
