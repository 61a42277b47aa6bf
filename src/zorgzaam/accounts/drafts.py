"""What someone was typing when the idle timeout logged them out, kept until they log in again.

A professional who leaves a half-typed note and comes back after the idle limit submits the
form to a session that has ended. Instead of losing the text (and, after logging in again,
landing on the form's POST-only address: a 405), ``keep`` stores the submitted text fields
encrypted (``FIELD_ENCRYPTION_KEYS``: a note may hold special-category data) in the new,
anonymous session with the page the form was on. After logging in (and the second factor) the
user is sent back to that page, where ``take`` hands the fields to the page once: shown as text
and, with JavaScript, filled into the form's empty fields of the same name. Only the same
account gets them back: someone else logging in on the same computer never sees them, and the
draft is dropped. Passwords, codes and tokens are never kept; nothing is logged.
"""

from __future__ import annotations

import json
import time
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.http import url_has_allowed_host_and_scheme

from zorgzaam.common.fields import decrypt_text, encrypt_text

SESSION_KEY = "zorgzaam_idle_draft"
#: A draft older than this is dropped rather than shown.
KEEP_SECONDS = 24 * 60 * 60
MAX_FIELDS = 40
MAX_CHARS = 20_000
_SECRET_WORDS = ("csrf", "password", "token", "otp", "secret", "code")


def _kept(name: str) -> bool:
    lowered = name.lower()
    return not any(word in lowered for word in _SECRET_WORDS)


def return_path(request) -> str:
    """The page to come back to: the page a POST came from (its Referer, when it is this
    site), else the requested path for a GET; "" when there is none."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, {request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return ""


def keep(request, *, user_pk: int, path: str) -> bool:
    """Store the POST's text fields for ``user_pk`` to get back at ``path``. False when there
    was nothing worth keeping."""
    if request.method != "POST" or not path:
        return False
    fields: list[list[str]] = []
    for name in request.POST:
        if not _kept(name):
            continue
        for value in request.POST.getlist(name):
            if isinstance(value, str) and value.strip() and len(fields) < MAX_FIELDS:
                fields.append([name[:100], value[:MAX_CHARS]])
    if not fields:
        return False
    request.session[SESSION_KEY] = {
        "user": user_pk,
        "path": path.split("?", 1)[0],
        "data": encrypt_text(json.dumps(fields)),
        "at": int(time.time()),
    }
    return True


def take(request) -> list[dict[str, str]] | None:
    """The draft for this page and this user, once (removed from the session). A draft of
    another account, or an old one, is dropped without being shown."""
    session = getattr(request, "session", None)
    user = getattr(request, "user", None)
    if session is None or SESSION_KEY not in session or user is None:
        return None
    if not user.is_authenticated:
        return None
    draft = session[SESSION_KEY]
    if draft.get("user") != user.pk or time.time() - draft.get("at", 0) > KEEP_SECONDS:
        del session[SESSION_KEY]
        return None
    if draft.get("path") != request.path:
        return None
    del session[SESSION_KEY]
    try:
        fields = json.loads(decrypt_text(draft["data"]))
    except (ValueError, KeyError, TypeError, ImproperlyConfigured):
        return None
    return [{"name": name, "value": value} for name, value in fields]


def context(request) -> dict:
    """Template context processor: ``idle_draft`` on the page the draft belongs to."""
    draft = take(request)
    return {"idle_draft": draft} if draft else {}
