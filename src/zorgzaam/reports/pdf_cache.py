"""The report PDF rendered once per data version and served from the store, and a per-client
limit on the public one.

A PDF takes seconds of CPU (WeasyPrint: ~10 s for 35,000 residents); a report is read long
after its quarter is over. So:

* Two documents per report (``pdf``): the report itself and its annex (all other published
  stories of the quarter), each a tagged PDF of its own.
* Each rendered PDF is kept in the database (``ReportPdf``: municipality, quarter, audience,
  language, document) under its *data version*: the SHA-256 of everything it is made of, its
  HTML (figures, stories, period, municipality, language) and ``PDF_VERSION`` (raise it when
  the PDF's making changes without the HTML changing). Only the newest version is kept.
* ``report_pdfs`` (a command, run when a quarter is over and nightly) enqueues
  ``tasks.report_pdf_render`` for the last completed quarter of every municipality, both
  audiences and both documents: the renders happen in the background worker, not while
  someone waits.
* ``pdf_serve`` returns the stored file (one indexed query, no report built: well under
  100 ms). When it was last checked against the data more than ``REPORTS_PDF_FRESH_SECONDS``
  (600) ago, it is still served and a background task checks it (builds the report, and
  renders a new version only when the data changed).
* A missing file is rendered on demand. One render at a time per municipality, quarter,
  audience, language and document: a request that finds another rendering waits for its file instead
  of rendering too (a lock in the shared cache, and the database's unique constraint behind
  it).
* Per client address at most ``REPORTS_PUBLIC_PDF_PER_HOUR`` (30) public PDFs an hour;
  beyond that 429 with ``Retry-After``.
"""

from __future__ import annotations

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

PDF_VERSION = "3"  # 3: the annex a document of its own
REPORT, ANNEX = "report", "annex"
DOCUMENTS = (REPORT, ANNEX)
RENDER_WAIT_SECONDS = 120

log = logging.getLogger(__name__)


def fresh_seconds() -> int:
    return int(getattr(settings, "REPORTS_PDF_FRESH_SECONDS", 600))


def public_per_hour() -> int:
    return int(getattr(settings, "REPORTS_PUBLIC_PDF_PER_HOUR", 30))


def digest_of(html: str) -> str:
    return hashlib.sha256(f"{PDF_VERSION}\n{html}".encode()).hexdigest()


def _rows(municipality, period: str, audience: str, language: str, document: str = REPORT):
    from .models import ReportPdf

    return ReportPdf.objects.filter(
        municipality=municipality,
        period=period,
        audience=audience,
        language=language,
        document=document,
    )


def pdf_stored(municipality, period: str, audience: str, language: str, document: str = REPORT):
    """The newest stored PDF of this report (or of its annex), or None."""
    rows = _rows(municipality, period, audience, language, document)
    return rows.order_by("-created_at").first()


def pdf_serve(
    municipality, period: str, audience: str, language: str, document: str = REPORT
) -> tuple[bytes, bool]:
    """The report's PDF (or its annex's): the stored one (checked in the background when it
    has not been checked for a while), else rendered now. Returns the bytes and whether this
    call rendered them."""
    row = pdf_stored(municipality, period, audience, language, document)
    if row is not None:
        age = (timezone.now() - row.checked_at).total_seconds()
        if age > fresh_seconds():
            enqueue_render(municipality, period, audience, language, document)
        return bytes(row.pdf), False
    row, rendered = pdf_render(municipality, period, audience, language, document)
    return bytes(row.pdf), rendered


def enqueue_render(
    municipality, period: str, audience: str, language: str, document: str = REPORT
) -> None:
    from .tasks import report_pdf_render

    try:
        report_pdf_render.enqueue(municipality.pk, period, audience, language, document)
    except Exception:  # the stored file is served all the same
        log.exception("could not enqueue the report PDF of %s %s", municipality.pk, period)


def document_html(municipality, period: str, audience: str, document: str = REPORT) -> str:
    """The HTML a document's PDF is made of: the report's (the report built), or the annex's
    (only the quarter's stories read: ``selectors.annex_build``)."""
    from .exports import annex_pdf_html, report_pdf_html
    from .selectors import annex_build, report_build

    if document == ANNEX:
        return annex_pdf_html(annex_build(municipality, period, audience=audience), audience)
    if document != REPORT:
        raise ValueError(f"no such report document: {document!r}")
    return report_pdf_html(report_build(municipality, period, audience=audience))


def pdf_render(municipality, period: str, audience: str, language: str, document: str = REPORT):
    """Make sure the stored PDF is the one of the current data: build the report (or the
    annex), and render and store it only when no file of this data version is stored yet.
    Returns the row and whether this call rendered it."""
    from .exports import pdf_from_html

    with translation.override(language):
        html = document_html(municipality, period, audience, document)
    digest = digest_of(html)
    rows = _rows(municipality, period, audience, language, document)

    def current():
        row = rows.filter(digest=digest).first()
        if row is not None:
            row.checked_at = timezone.now()
            row.save(update_fields=["checked_at", "updated_at"])
        return row

    if (row := current()) is not None:
        return row, False
    lock = f"reports:pdf-render:{municipality.pk}:{period}:{audience}:{language}:{document}"
    acquired = cache.add(lock, True, RENDER_WAIT_SECONDS)
    deadline = time.monotonic() + RENDER_WAIT_SECONDS
    while not acquired and time.monotonic() < deadline:  # another process renders it
        time.sleep(0.2)
        if (row := current()) is not None:
            return row, False
        acquired = cache.add(lock, True, RENDER_WAIT_SECONDS)
    try:
        if (row := current()) is not None:
            return row, False
        started = time.perf_counter()
        data = pdf_from_html(html)
        seconds = time.perf_counter() - started
        try:
            with transaction.atomic():
                row = rows.create(
                    municipality=municipality,
                    period=period,
                    audience=audience,
                    language=language,
                    document=document,
                    digest=digest,
                    pdf=data,
                    size=len(data),
                    render_seconds=round(seconds, 3),
                    checked_at=timezone.now(),
                )
                rows.exclude(pk=row.pk).delete()  # older data versions
        except IntegrityError:  # stored meanwhile by a process that did not see the lock
            return current(), False
        log.info(
            "report PDF rendered: municipality %s %s %s %s %s in %.1f s (%d bytes)",
            municipality.pk,
            period,
            audience,
            language,
            document,
            seconds,
            len(data),
        )
        return row, True
    finally:
        if acquired:
            cache.delete(lock)


def public_allowed(client: str) -> tuple[bool, int]:
    """Count one public PDF for ``client`` (an IP address) in the current hour; whether it
    is within the limit, and the seconds until the hour is over."""
    now = int(time.time())
    hour = now // 3600
    key = f"reports:public-pdf:{client}:{hour}"
    cache.add(key, 0, 3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, 3600)
        count = 1
    return count <= public_per_hour(), 3600 - now % 3600
