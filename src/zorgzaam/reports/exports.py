"""The report as PDF (WeasyPrint) and as open-data CSV (long format, suppressed cells as
"<5" / "x", never a raw small count)."""

from __future__ import annotations

import base64
import csv
import io
import re

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from zorgzaam.common.csvsafe import csv_row

from .selectors import Report
from .suppression import UNPUBLISHED


class _SafeWriter:
    """Every cell through ``csv_row``: names (of domains, villages, the municipality) come
    from people and must not reach a spreadsheet as a formula."""

    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row) -> None:
        self._writer.writerow(csv_row(row))


def report_csv(report: Report) -> str:
    out = io.StringIO()
    writer = _SafeWriter(csv.writer(out, lineterminator="\n"))
    writer.writerow(["period", "section", "village_code", "village", "measure", "value"])
    codes = {a.pk: a.code for a in report.areas}

    def row(section_key, key, village, measure, value):
        writer.writerow([report.period, section_key, codes.get(key, ""), village, measure, value])

    def table_rows(section_key, table, labels):
        for (key, cells, total), (name, _c, _t) in zip(
            table.rows(), table.labelled_rows(), strict=True
        ):
            for label, cell in zip(labels, cells, strict=True):
                row(section_key, key, name, label, cell.csv())
            if table.has_row_totals:
                row(section_key, key, name, "total", total.csv())
        footer = table.footer_label or report.municipality.name
        for label, cell in zip(labels, table.column_totals, strict=True):
            if cell.status != UNPUBLISHED:  # a total the part cannot give: no row at all
                row(section_key, None, footer, label, cell.csv())
        if table.has_row_totals:
            row(section_key, None, footer, "total", table.grand_total.csv())

    table_rows("stories", report.story_table, report.domains)
    for p, n in report.trend:
        writer.writerow([p, "stories_trend", "", report.municipality.name, "stories", n])
    for section in report.sections:
        if not section.has_data:
            writer.writerow(
                [report.period, section.key, "", report.municipality.name, "status", section.status]
            )
            continue
        if section.table is not None:
            table_rows(section.key, section.table, section.table.columns)
        for label, value in section.figures:
            text = value.csv() if hasattr(value, "csv") else str(value)
            measure = getattr(value, "measure", "") or str(label)
            writer.writerow(
                [report.period, section.key, "", report.municipality.name, measure, text]
            )
    return out.getvalue()


def report_pdf_html(report: Report) -> str:
    """The HTML the PDF is made of: everything the PDF depends on, nothing of the request
    (so its digest names the PDF: ``pdf_cache``)."""
    return render_to_string(
        "reports/report_pdf.html",
        {"report": report, "pdf": True, "doc_title": _("Council report")},
    )


def pdf_from_html(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=_svg_as_images(html), base_url=None).write_pdf()


def report_pdf(report: Report, *, request=None) -> bytes:
    return pdf_from_html(report_pdf_html(report))


_SVG = re.compile(r"<svg\b[^>]*>.*?</svg>", re.S)
_SVG_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title>", re.S)


def _svg_as_images(html: str) -> str:
    """Inline SVG charts and maps as ``<img src="data:image/svg+xml;...">`` for WeasyPrint.

    Same drawing, same size (the charts are ``width="100%"`` with a viewBox), measured
    identical in the rendered pages. WeasyPrint reads inline SVG with its pure-Python HTML
    tokenizer, attribute by attribute (a map has thousands of lights) and computes a CSS
    style for every element; an SVG image it parses with ElementTree. On the 35,000-resident
    benchmark (bench/bench_report.py, ~780 stories, 4 maps) this saves 0.4-0.7 s CPU of the
    PDF. The alt text is the chart's own ``<title>`` (already escaped by ``svg.py``)."""

    def image(match: re.Match[str]) -> str:
        svg = match.group(0)
        if svg.count("<svg") != 1:  # nested SVG: leave it inline
            return svg
        title = _SVG_TITLE.search(svg)
        alt = title.group(1).replace('"', "&quot;") if title else ""
        data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
        return (
            f'<img alt="{alt}" style="width: 100%; height: auto" '
            f'src="data:image/svg+xml;base64,{data}">'
        )

    return _SVG.sub(image, html)
