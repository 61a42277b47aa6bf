"""The report's figures as open data: one observation per row (tidy), for machines and for
Dutch Excel, and as a Frictionless data package.

Every row is one published figure of the report (``report_build``): the same suppression
and rounding, never a small count. Columns (``FIELDS``): period, area code (the CBS code
of the municipality or village, ``none`` for figures without a village), area name, measure
code, the measure's label in Dutch and English, the value as a plain number (empty when
suppressed), its unit and whether it was suppressed. No sentences and no thousands
separators in the value column. A figure the report cannot give (a part not in use, a
total that is not the sum of its parts, hours that are not recorded) has no row.

* ``tidy_csv``: comma-separated, dot decimal, ``true``/``false``; UTF-8 with a byte-order
  mark so Excel reads the accents.
* ``excel_csv``: the same rows CBS-style for Dutch Excel: semicolons, decimal comma,
  ``ja``/``nee``.
* ``datapackage_zip``: both files with ``datapackage.json`` (Table Schema, licence,
  sources); validated with the ``frictionless`` package in the tests.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_noop

from zorgzaam.common.csvsafe import csv_row

from . import sources
from .suppression import PRIMARY, SECONDARY, TOO_FEW, Cell, suppress_value

NO_AREA = "none"
LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}
FIELDS = [
    "period",
    "area_code",
    "area_name",
    "measure_code",
    "measure_label_nl",
    "measure_label_en",
    "value",
    "unit",
    "suppressed",
]
UNITS = ("count", "days", "hours", "euro", "mean", "percent", "score")

# code -> (English label, marked for translation; unit). Section tables use
# "<section>.<column>", figures their own code.
MEASURES: dict[str, tuple[str, str]] = {
    "stories.total": (gettext_noop("published stories"), "count"),
    "help.asked": (gettext_noop("help asked"), "count"),
    "help.matched": (gettext_noop("matched"), "count"),
    "help.done": (gettext_noop("done"), "count"),
    "help.buddies": (gettext_noop("buddy pairs"), "count"),
    "help.volunteers_active": (gettext_noop("volunteers active"), "count"),
    "help.median_days_to_match": (gettext_noop("median days to match"), "days"),
    f"help.{sources.HELP_HOURS}": (gettext_noop("volunteer hours"), "hours"),
    "help.done_with_hours": (gettext_noop("volunteer hours recorded for"), "count"),
    "socialmap.formal": (gettext_noop("formal care"), "count"),
    "socialmap.welfare": (gettext_noop("welfare"), "count"),
    "socialmap.informal": (gettext_noop("informal"), "count"),
    "socialmap.total": (gettext_noop("services, all kinds"), "count"),
    "hubs.hubs": (gettext_noop("community hubs"), "count"),
    "hubs.activities": (gettext_noop("approved activities"), "count"),
    "hub_attendance.activities": (gettext_noop("activities held"), "count"),
    "hub_attendance.sessions": (gettext_noop("sessions"), "count"),
    "hub_attendance.attendance": (gettext_noop("attendance"), "count"),
    "hub_attendance.mean_attendance": (gettext_noop("mean attendance per session"), "mean"),
    "casework.households": (gettext_noop("households supported"), "count"),
    "casework.plans_with_actions": (gettext_noop("plans with an action"), "count"),
    "casework.plans_with_informal": (gettext_noop("of which with an informal action"), "count"),
    "casework.referrals_finished": (gettext_noop("referrals closed"), "count"),
    "informal.plans": (gettext_noop("household plans"), "count"),
    "informal.plans_with_informal": (
        gettext_noop("household plans with an informal action"),
        "count",
    ),
    "work.job_seekers": (gettext_noop("job seekers registered"), "count"),
    "work.jobs_found": (gettext_noop("jobs found"), "count"),
    "work.placements_started": (gettext_noop("placements started"), "count"),
    "work.peer_sessions": (gettext_noop("peer-group sessions"), "count"),
    "work.peer_attendances": (gettext_noop("peer-group attendances"), "count"),
    "work.sroi_contracts": (gettext_noop("social-return contracts"), "count"),
    "work.sroi_owed": (gettext_noop("social return owed (EUR)"), "euro"),
    "work.sroi_expected": (gettext_noop("social return due by now (EUR)"), "euro"),
    "work.sroi_fulfilled": (gettext_noop("social return fulfilled (EUR)"), "euro"),
    "village_contacts.contacts": (gettext_noop("contacts with households"), "count"),
    "village_contacts.in_village": (gettext_noop("held in the village"), "count"),
    "village_contacts.at_hub": (gettext_noop("of which at the community hub"), "count"),
    "village_contacts.share_in_village": (gettext_noop("share held in the village"), "percent"),
    "decisions.requested": (gettext_noop("decisions requested"), "count"),
    "decisions.approved": (gettext_noop("decisions approved"), "count"),
    "decisions.rejected": (gettext_noop("decisions rejected"), "count"),
    "decisions.reviewed": (gettext_noop("decisions reviewed"), "count"),
    "decisions.approved_cost": (gettext_noop("cost approved (EUR)"), "euro"),
    "budget.formal": (gettext_noop("spending on formal provisions"), "euro"),
    "budget.welfare": (gettext_noop("spending on welfare"), "euro"),
    "budget.informal": (gettext_noop("spending on informal support"), "euro"),
}
# Measures whose code has a part that is data (a domain of change, a ZRM domain).
STORIES_DOMAIN = gettext_noop("published stories: %(domain)s")
ZRM = {
    "improved": gettext_noop("ZRM %(domain)s: households improved"),
    "same": gettext_noop("ZRM %(domain)s: households the same"),
    "worse": gettext_noop("ZRM %(domain)s: households worse"),
    "households": gettext_noop("ZRM %(domain)s: households measured twice"),
    "mean_change": gettext_noop("ZRM %(domain)s: mean change"),
}
ZRM_ALL = gettext_noop("all domains")
NO_VILLAGE = gettext_noop("no village")


@dataclass(frozen=True)
class Observation:
    period: str
    area_code: str
    area_name: str
    measure_code: str
    label_nl: str
    label_en: str
    value: int | float | Decimal | None
    unit: str
    suppressed: bool


def _labels(msgid: str, params: dict | None = None) -> tuple[str, str]:
    out = []
    for language in ("nl", "en"):
        with translation.override(language):
            text = gettext(msgid)
            out.append(text % params if params else text)
    return out[0], out[1]


class _Rows:
    def __init__(self, report):
        self.report = report
        self.rows: list[Observation] = []
        self.codes = {a.pk: a.code for a in report.areas}
        self.names = {a.pk: a.name for a in report.areas}
        self.municipality = (report.municipality.code, report.municipality.name)

    def area(self, key) -> tuple[str, str]:
        if isinstance(key, tuple):  # a group of villages: (code, name)
            return key
        if key == "municipality":
            return self.municipality
        if key is None:
            return NO_AREA, _labels(NO_VILLAGE)[0]
        return self.codes[key], self.names[key]

    def add(self, key, code, value, *, period=None, suppressed=False, label=None, unit=None):
        msgid, default_unit = MEASURES.get(code, (code, "count"))
        nl, en = label or _labels(msgid)
        area_code, area_name = self.area(key)
        self.rows.append(
            Observation(
                period or self.report.period,
                area_code,
                area_name,
                code,
                nl,
                en,
                None if suppressed else value,
                unit or default_unit,
                suppressed,
            )
        )

    def cell(self, key, code, cell, **kw) -> None:
        """A table cell or figure: published, suppressed, or (unpublished) no row."""
        if cell.status in (PRIMARY, SECONDARY, TOO_FEW):
            self.add(key, code, None, suppressed=True, **kw)
        elif cell.status == "" and cell.value is not None:
            self.add(key, code, cell.value, **kw)


def observations(report) -> list[Observation]:
    out = _Rows(report)
    _stories(out, report)
    for section in report.sections:
        if not section.has_data:
            continue
        if section.key == "zrm":
            _zrm(out, section)
            continue
        if section.key == "informal":
            _informal(out, report)
            continue
        if section.key == "budget":
            _budget(out, report)
            continue
        if section.key in QUARTERLY:
            _quarterly(out, section)
            continue
        if section.table is not None:
            _table(out, section.key, section.table)
        _groups(out, section)
        _figures(out, section)
    return out.rows


#: sections whose table has a row per quarter (the municipality's figures), not per village
QUARTERLY = ("village_contacts", "decisions")


def _quarterly(out: _Rows, section) -> None:
    table = section.table
    for quarter, cells, _total in table.rows():
        for column, cell in zip(table.columns, cells, strict=True):
            out.cell("municipality", f"{section.key}.{column}", cell, period=quarter)


def _groups(out: _Rows, section) -> None:
    """Measures every village hides, for groups of neighbouring villages: area code the
    villages' codes joined by "+", area name their names (``summary.group_ref``)."""
    from .summary import group_label, group_ref

    for groupset in section.groups:
        for group in groupset.groups:
            if len(group.members) == 1:
                # A "group" of one village (a village left alone with nothing to hide, e.g.
                # 0) is that village's own row, already written: a second row would repeat
                # the observation's key (period, area, measure).
                continue
            area = (
                group_ref(group.members, out.codes),
                group_label(group.members, out.names),
            )
            for column, cell in zip(groupset.columns, group.cells, strict=True):
                out.cell(area, f"{section.key}.{column}", cell)


def _stories(out: _Rows, report) -> None:
    slugs = {s.domain.name: s.domain.slug for s in report.stories}
    table = report.story_table

    def domain_label(name):
        return _labels(STORIES_DOMAIN, {"domain": name})

    for key, cells, total in table.rows():
        for name, cell in zip(table.columns, cells, strict=True):
            out.cell(key, f"stories.{slugs[name]}", cell, label=domain_label(name))
        out.cell(key, "stories.total", total)
    per_domain: dict[str, int] = {}
    for story in report.stories:
        per_domain[story.domain.name] = per_domain.get(story.domain.name, 0) + 1
    for name in table.columns:
        out.add(
            "municipality",
            f"stories.{slugs[name]}",
            per_domain.get(name, 0),
            label=domain_label(name),
        )
    for period, count in report.trend:
        out.add("municipality", "stories.total", count, period=period)


def _table(out: _Rows, key: str, table) -> None:
    for row_key, cells, total in table.rows():
        for column, cell in zip(table.columns, cells, strict=True):
            out.cell(row_key, f"{key}.{column}", cell)
        if table.has_row_totals:
            out.cell(row_key, f"{key}.total", total)
    for column, cell in zip(table.columns, table.column_totals, strict=True):
        out.cell("municipality", f"{key}.{column}", cell)
    if table.has_row_totals:
        out.cell("municipality", f"{key}.total", table.grand_total)


_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
_THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+")


def _number(text: str) -> int | Decimal | None:
    """A figure the report writes as text: "1.121.600" (thousands dots) or "+0.35"."""
    text = text.strip()
    if _THOUSANDS.fullmatch(text):
        return int(text.replace(".", ""))
    if _NUMBER.fullmatch(text):
        return int(text) if "." not in text else Decimal(text)
    return None


def _figures(out: _Rows, section) -> None:
    """A section's single figures. Their codes: the ``measure`` of a Note, else the code
    whose label (in the language the report was built in) is the figure's label."""
    by_label = {
        gettext(msgid): code
        for code, (msgid, _unit) in MEASURES.items()
        if code.startswith(f"{section.key}.")
    }
    for label, value in section.figures:
        code = by_label.get(str(label))
        measure = getattr(value, "measure", "")
        if measure:
            code = f"{section.key}.{measure}"
        if code is None or code not in MEASURES:
            continue
        if isinstance(value, Cell):
            out.cell("municipality", code, value)
        else:
            text = value.csv() if hasattr(value, "csv") else str(value)
            if text.startswith("<") or text == "x":
                out.add("municipality", code, None, suppressed=True)
            elif (number := _number(text)) is not None:
                out.add("municipality", code, number)


def _zrm(out: _Rows, section) -> None:
    table = section.table
    changes = dict(
        zip(
            [k for k, _c, total in table.rows() if not total.hidden],
            [v for _label, v in section.figures],
            strict=False,
        )
    )
    for domain, cells, total in table.rows():
        slug = slugify(domain) or "domain"
        for column, cell in zip(table.columns, cells, strict=True):
            label = _labels(ZRM[column], {"domain": domain})
            out.cell("municipality", f"zrm.{slug}.{column}", cell, label=label)
        label = _labels(ZRM["households"], {"domain": domain})
        out.cell("municipality", f"zrm.{slug}.households", total, label=label)
        change = _number(str(changes.get(domain, "")))
        if change is not None:
            label = _labels(ZRM["mean_change"], {"domain": domain})
            out.add("municipality", f"zrm.{slug}.mean_change", change, label=label, unit="score")
    nl_all, en_all = _labels(ZRM_ALL)
    for column, cell in zip(table.columns, table.column_totals, strict=True):
        nl, en = _labels(ZRM[column], {"domain": "%(domain)s"})
        label = (nl % {"domain": nl_all}, en % {"domain": en_all})
        out.cell("municipality", f"zrm.all.{column}", cell, label=label)


def _informal(out: _Rows, report) -> None:
    """Household plans and those with an informal action, per quarter (the report's last
    four), suppressed and rounded like every count of households."""
    from zorgzaam.stories.periods import period_bounds, period_range

    for period in period_range(report.period, 4):
        start, end = period_bounds(period)
        result = sources.informal_share_source(report.municipality, start, end)
        if not result.ok:
            continue
        for code, count in (
            ("informal.plans", result.totals.get("plans", 0)),
            ("informal.plans_with_informal", result.totals.get("informal", 0)),
        ):
            cell = suppress_value(count, threshold=report.threshold, round_to=report.round_to)
            out.cell("municipality", code, cell, period=period)


def _budget(out: _Rows, report) -> None:
    """The municipality's own budget table (amounts, not about people: not suppressed)."""
    from zorgzaam.stories.periods import period_range

    from .models import BudgetEntry

    periods = period_range(report.period, 4)
    entries = BudgetEntry.objects.for_municipality(report.municipality).filter(period__in=periods)
    for entry in sorted(entries, key=lambda e: (e.period, e.category)):
        if entry.amount is not None and f"budget.{entry.category}" in MEASURES:
            out.add("municipality", f"budget.{entry.category}", entry.amount, period=entry.period)


# --- files ----------------------------------------------------------------------------------


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
