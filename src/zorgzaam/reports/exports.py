"""The report as PDF (WeasyPrint) and as open-data CSV (long format, suppressed cells as
"<5" / "x", never a raw small count)."""

from __future__ import annotations

import csv
import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .selectors import Report


def report_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
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
            writer.writerow(
                [report.period, section.key, "", report.municipality.name, str(label), text]
            )
    return out.getvalue()


def report_pdf(report: Report, *, request=None) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "reports/report_pdf.html",
        {"report": report, "pdf": True, "doc_title": _("Council report")},
        request=request,
    )
    return HTML(string=html, base_url=None).write_pdf()
