"""The files: the tidy CSV, the CSV for Dutch Excel and the Frictionless data package
(``datapackage.json`` with both CSVs, zipped)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from decimal import Decimal

from django.utils.text import slugify

from zorgzaam.common.csvsafe import csv_row

from .measures import FIELDS, LICENSE, NO_AREA, UNITS
from .rows import Observation, observations


def _plain(value, decimal: str = ".") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):  # pragma: no cover - no boolean measures
        raise TypeError("a measure is a number")
    if isinstance(value, int):
        text = str(value)
    else:
        number = Decimal(str(value)).normalize()
        text = format(number, "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    return text.replace(".", decimal)


def _write(rows: list[Observation], *, delimiter: str, decimal: str, yes: str, no: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(FIELDS)
    for r in rows:
        writer.writerow(
            csv_row(
                [
                    r.period,
                    r.area_code,
                    r.area_name,
                    r.measure_code,
                    r.label_nl,
                    r.label_en,
                    _plain(r.value, decimal),
                    r.unit,
                    yes if r.suppressed else no,
                ]
            )
        )
    return out.getvalue().encode("utf-8-sig")


def tidy_csv(report) -> bytes:
    return _write(observations(report), delimiter=",", decimal=".", yes="true", no="false")


def excel_csv(report) -> bytes:
    return _write(observations(report), delimiter=";", decimal=",", yes="ja", no="nee")


def file_stem(report) -> str:
    return f"zorgzaam-{report.municipality.slug}-{report.period}"


def _schema(*, decimal: str, yes: str, no: str) -> dict:
    return {
        "fields": [
            {
                "name": "period",
                "type": "string",
                "title": "kwartaal / quarter",
                "description": "The quarter, e.g. 2026-Q3 (stories trend and plans: earlier "
                "quarters too).",
                "constraints": {"required": True, "pattern": r"\d{4}-Q[1-4]"},
            },
            {
                "name": "area_code",
                "type": "string",
                "title": "gebiedscode / area code",
                "description": "CBS code of the municipality (GMxxxx) or village "
                f"(district code); '{NO_AREA}' for figures without a village; for a group of "
                "neighbouring villages (a measure every village hides) their codes joined by "
                "'+'.",
                "constraints": {"required": True},
            },
            {"name": "area_name", "type": "string", "title": "gebied / area"},
            {
                "name": "measure_code",
                "type": "string",
                "title": "maatcode / measure code",
                "description": "<section>.<measure>; see docs/reports.md 'Open data'.",
                "constraints": {"required": True},
            },
            {"name": "measure_label_nl", "type": "string", "title": "omschrijving (nl)"},
            {"name": "measure_label_en", "type": "string", "title": "label (en)"},
            {
                "name": "value",
                "type": "number",
                "title": "waarde / value",
                "description": "A plain number; empty when suppressed (small numbers).",
                "decimalChar": decimal,
            },
            {
                "name": "unit",
                "type": "string",
                "title": "eenheid / unit",
                "constraints": {"required": True, "enum": list(UNITS)},
            },
            {
                "name": "suppressed",
                "type": "boolean",
                "title": "onderdrukt / suppressed",
                "description": "The figure is hidden to protect small groups (fewer than "
                "the threshold of people or households, or a figure it would reveal).",
                "trueValues": [yes],
                "falseValues": [no],
                "constraints": {"required": True},
            },
        ],
        "primaryKey": ["period", "area_code", "measure_code"],
        "missingValues": [""],
    }


def datapackage(report) -> dict:
    stem = file_stem(report)
    municipality = report.municipality
    title = f"Zorgzaam, {municipality.name}: {report.period}"
    return {
        "profile": "tabular-data-package",
        "name": slugify(stem),
        "title": title,
        "description": "Published figures of the council report of "
        f"{municipality.name} ({municipality.code}) for {report.period}: one observation per "
        f"row, small numbers suppressed (threshold {report.threshold}, counts rounded to "
        f"{report.round_to}).",
        "licenses": [LICENSE],
        "sources": [{"title": f"Zorgzaam, gemeente {municipality.name}"}],
        "keywords": ["sociaal domein", "leefbaarheid", municipality.name, report.period],
        "resources": [
            {
                "name": "observations",
                "path": f"{stem}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "dialect": {"delimiter": ","},
                "schema": _schema(decimal=".", yes="true", no="false"),
            },
            {
                "name": "observations-excel-nl",
                "title": "Dezelfde rijen voor Nederlandse Excel (puntkomma, decimale komma)",
                "path": f"{stem}-excel.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "dialect": {"delimiter": ";"},
                "schema": _schema(decimal=",", yes="ja", no="nee"),
            },
        ],
    }


def datapackage_zip(report) -> bytes:
    stem = file_stem(report)
    rows = observations(report)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "datapackage.json", json.dumps(datapackage(report), indent=2, ensure_ascii=False)
        )
        archive.writestr(
            f"{stem}.csv", _write(rows, delimiter=",", decimal=".", yes="true", no="false")
        )
        archive.writestr(
            f"{stem}-excel.csv", _write(rows, delimiter=";", decimal=",", yes="ja", no="nee")
        )
    return buffer.getvalue()
