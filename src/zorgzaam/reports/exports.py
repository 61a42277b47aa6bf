"""The report as PDF (WeasyPrint). The open data (CSV, data package): ``opendata``."""

from __future__ import annotations

import base64
import re

from .selectors import Report


def report_pdf_html(report: Report) -> str:
    """The HTML the PDF is made of: everything the PDF depends on, nothing of the request
    (its digest is the data version of the stored PDF: ``pdf_cache``). Made by ``pdf``."""
    from .pdf import report_pdf_html as html

    return html(report)


def annex_pdf_html(annex, audience: str) -> str:
    """The HTML of the annex's own PDF (every other published story). Made by ``pdf``."""
    from .pdf import annex_pdf_html as html

    return html(annex, audience)


def pdf_from_html(html: str) -> bytes:
    """The tagged, accessible PDF/UA-1 file (``pdf.pdf_from_html``): what the council and the
    public download, stored by ``pdf_cache``."""
    from .pdf import pdf_from_html as tagged

    return tagged(html)


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
