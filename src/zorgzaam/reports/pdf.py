"""The report as an accessible PDF (issue #20).

WeasyPrint's PDF/UA-1 variant: a tagged PDF (structure tree, ``MarkInfo /Marked``) with the
document's language and title (from ``<html lang>`` and ``<title>``), headings as bookmarks
and table headers as ``TH``. The HTML it is made of is ``reports/report_pdf.html``: a cover,
a contents page with page numbers, the one-page summary, the figures by theme (each caption
inside its table, the table kept on one page), the chosen stories and the annex.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

PDF_VARIANT = "pdf/ua-1"


def report_pdf_html(report) -> str:
    """The HTML the PDF is made of: everything the PDF depends on, nothing of the request."""
    return render_to_string(
        "reports/report_pdf.html",
        {"report": report, "pdf": True, "doc_title": _("Council report")},
    )


def pdf_document(html: str):
    """The laid-out document (pages and boxes), also for the tests that check the layout."""
    from weasyprint import HTML

    from .exports import _svg_as_images

    return HTML(string=_svg_as_images(html), base_url=None).render(pdf_variant=PDF_VARIANT)


def pdf_from_html(html: str) -> bytes:
    """A tagged PDF/UA-1 file of ``html``."""
    return pdf_document(html).write_pdf(pdf_variant=PDF_VARIANT)


def report_pdf(report) -> bytes:
    return pdf_from_html(report_pdf_html(report))
