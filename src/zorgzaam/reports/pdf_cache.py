"""The report PDF rendered once per input, and a per-client limit on the public one.

A PDF takes seconds of CPU (WeasyPrint); the public report's URL is anonymous, so every request
used to render it anew: an easy way to exhaust the server. Now:

* The PDF is kept in the shared cache (``CACHES["default"]``: files under ``var/cache`` in
  production) under the SHA-256 of everything it is made of: the report's HTML (its figures,
  stories, period, municipality, language) and ``PDF_VERSION`` (raise it when the PDF's making
  changes without the HTML changing). The same inputs are never rendered twice; while one
  request renders, another for the same inputs waits for it instead of rendering too.
* For ``REPORTS_PDF_FRESH_SECONDS`` (600) the report of a municipality, audience, period and
  language is not even rebuilt: the digest of the last build is served.
* Per client address at most ``REPORTS_PUBLIC_PDF_PER_HOUR`` (30) public PDFs an hour;
  beyond that 429 with ``Retry-After``.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache

PDF_VERSION = "1"
RENDER_WAIT_SECONDS = 60


def fresh_seconds() -> int:
    return int(getattr(settings, "REPORTS_PDF_FRESH_SECONDS", 600))


def public_per_hour() -> int:
    return int(getattr(settings, "REPORTS_PUBLIC_PDF_PER_HOUR", 30))


def digest_of(html: str) -> str:
    return hashlib.sha256(f"{PDF_VERSION}\n{html}".encode()).hexdigest()


def _pdf_key(digest: str) -> str:
    return f"reports:pdf:{digest}"


def recent_digest(key: str) -> str | None:
    """The digest of the last build of ``key`` (municipality, audience, period, language)
    while it is fresh, when its PDF is still kept."""
    digest = cache.get(f"reports:recent:{key}")
    if digest and cache.get(_pdf_key(digest)) is not None:
        return digest
    return None


def remember(key: str, digest: str) -> None:
    cache.set(f"reports:recent:{key}", digest, fresh_seconds())


def cached_pdf(digest: str) -> bytes | None:
    return cache.get(_pdf_key(digest))


def pdf_for(digest: str, render: Callable[[], bytes]) -> tuple[bytes, bool]:
    """The PDF of ``digest``: kept, or rendered now by ``render`` (and kept). Returns the
    bytes and whether they were rendered by this call."""
    key = _pdf_key(digest)
    data = cache.get(key)
    if data is not None:
        return data, False
    lock = f"{key}:rendering"
    if not cache.add(lock, True, RENDER_WAIT_SECONDS):
        deadline = time.monotonic() + RENDER_WAIT_SECONDS
        while time.monotonic() < deadline:  # another request renders the same inputs
            time.sleep(0.2)
            data = cache.get(key)
            if data is not None:
                return data, False
            if cache.get(lock) is None:
                break
    try:
        data = cache.get(key)
        if data is not None:
            return data, False
        data = render()
        cache.set(key, data, None)
        return data, True
    finally:
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
