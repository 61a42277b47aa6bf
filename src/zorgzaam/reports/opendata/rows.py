"""The report's published figures as observations, one per figure (tidy):
``observations(report)``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext

from .. import sources
from ..suppression import PRIMARY, SECONDARY, TOO_FEW, Cell, suppress_value
from .measures import MEASURES, NO_AREA, NO_VILLAGE, STORIES_DOMAIN, ZRM, ZRM_ALL


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
    from ..summary import group_label, group_ref

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

    from ..models import BudgetEntry

    periods = period_range(report.period, 4)
    entries = BudgetEntry.objects.for_municipality(report.municipality).filter(period__in=periods)
    for entry in sorted(entries, key=lambda e: (e.period, e.category)):
        if entry.amount is not None and f"budget.{entry.category}" in MEASURES:
            out.add("municipality", f"budget.{entry.category}", entry.amount, period=entry.period)
