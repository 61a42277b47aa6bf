"""The report and its annex as accessible PDFs (issue #20).

WeasyPrint's PDF/UA-1 variant: a tagged PDF (structure tree, ``MarkInfo /Marked``) with the
document's language and title (from ``<html lang>`` and ``<title>``), headings as bookmarks
and table headers as ``TH``.

Two documents (issue #23: the PDF within 10 s for 35,000 residents and 10,000 stories; see
docs/reports.md, "The annex as a document of its own"):

* the report, ``reports/report_pdf.html``: a cover, a contents page with page numbers, the
  one-page summary, the figures by theme (each caption inside its table, the table kept on
  one page), the chosen stories, and where the annex is (its PDF and its page, as links);
* the annex, ``reports/annex_pdf.html``: every other published story of the quarter, by
  village, in flowing text (a heading and one paragraph a story, no boxes), with its own
  contents page and page numbers. It is made from ``selectors.annex_build`` (the stories
  only), so it is rendered without building the report.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

PDF_VARIANT = "pdf/ua-1"


def annex_urls(municipality, period: str, audience: str) -> dict[str, str]:
    """The annex's absolute addresses for a PDF (a PDF has no base address): its page and its
    PDF, the public ones for the public report. Also the report's own page."""
    from zorgzaam.stories.models import Audience

    if audience == Audience.PUBLIC:
        args = [municipality.slug]
        names = ("reports:public", "reports:public_annex", "reports:public_annex_pdf")
    else:
        args, names = [], ("reports:index", "reports:annex", "reports:annex_pdf")
    base = settings.ZORGZAAM_PUBLIC_URL.rstrip("/")
    report, page, pdf = (f"{base}{reverse(n, args=args)}?period={period}" for n in names)
    return {"report": report, "page": page, "pdf": pdf}


def report_pdf_html(report) -> str:
    """The report's PDF as HTML: everything the PDF depends on, nothing of the request."""
    return render_to_string(
        "reports/report_pdf.html",
        {
            "report": report,
            "pdf": True,
            "doc_title": _("Council report"),
            "annex_urls": annex_urls(report.municipality, report.period, report.audience),
        },
    )


def annex_pdf_html(annex, audience: str) -> str:
    """The annex's PDF as HTML (``selectors.annex_build``): every other published story."""
    return render_to_string(
        "reports/annex_pdf.html",
        {
            "annex": annex,
            "audience": audience,
            "villages": annex.annex_by_village(),
            "annex_urls": annex_urls(annex.municipality, annex.period, audience),
        },
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


def annex_pdf(annex, audience: str) -> bytes:
    return pdf_from_html(annex_pdf_html(annex, audience))
