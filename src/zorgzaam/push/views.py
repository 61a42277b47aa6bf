"""The installable app (web app manifest, service worker, offline page) and the push
subscription endpoints the page script calls. Thin: parse, call a service, answer."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from zorgzaam.accounts.permissions import public, requires
from zorgzaam.common.errors import ApplicationError

from . import services

WORKER = Path(__file__).resolve().parent / "static" / "push" / "sw.js"
#: Largest JSON body the subscription endpoints read.
MAX_BODY = 4096
ICONS = [
    ("push/icons/icon-192.png", "192x192", "any"),
    ("push/icons/icon-512.png", "512x512", "any"),
    ("push/icons/maskable-192.png", "192x192", "maskable"),
    ("push/icons/maskable-512.png", "512x512", "maskable"),
]


def start_url() -> str:
    """The page the installed app opens: the volunteer's "Mijn taken" when neighbour help is
    installed, else the home page."""
    try:
        return reverse("help:tasks")
    except NoReverseMatch:
        return reverse("web:home")


@public
@require_GET
@cache_control(max_age=3600, public=True)
def manifest(request):
    """The web app manifest (W3C Web Application Manifest), in Dutch."""
    with translation.override("nl"):
        data = {
            "name": "Zorgzaam",
            "short_name": "Zorgzaam",
            "description": _("Help close to home: your tasks as a volunteer, also offline."),
            "lang": "nl",
            "dir": "ltr",
            "id": start_url(),
            "start_url": start_url(),
            "scope": "/",
            "display": "standalone",
            "orientation": "portrait",
            "background_color": "#ffffff",
            "theme_color": "#154273",
            "icons": [
                {"src": static(src), "sizes": sizes, "type": "image/png", "purpose": purpose}
                for src, sizes, purpose in ICONS
            ],
        }
    return HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1),
        content_type="application/manifest+json; charset=utf-8",
    )


@cache
def _worker_source() -> str:
    return WORKER.read_text(encoding="utf-8")


@public
@require_GET
def service_worker(request):
    """The service worker at the site root, so its scope is the whole site. Its first line
    names the files it keeps for offline use (their current static URLs) and a version that
    changes with them, so a new release replaces the old cache."""
    config = {
        "offline": reverse("push:offline"),
        "precache": [
            reverse("push:offline"),
            static("zorgzaam/zorgzaam.css"),
            static("push/pwa.js"),
            static("push/icons/icon-192.png"),
        ],
        "logout": reverse("accounts:logout"),
        "login": reverse("accounts:login"),
    }
    source = _worker_source()
    version = hashlib.sha256((json.dumps(config) + source).encode()).hexdigest()[:12]
    config["version"] = version
    body = f"const ZORGZAAM = {json.dumps(config)};\n{source}"
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@public
@require_GET
def offline(request):
    """What the app shows for a page it has not kept while there is no connection."""
    return render(request, "push/offline.html", {"start_url": start_url()})


def _json_body(request) -> object:
    if len(request.body) > MAX_BODY:
        raise ApplicationError(_("The request is too large."))
    try:
        return json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ApplicationError(_("The request is not valid JSON.")) from exc


@requires("profile.own")
@require_POST
def subscribe(request):
    """Turn push messages on for this browser: the body is ``PushSubscription.toJSON()``."""
    try:
        sub = services.subscription_save(
            user=request.user, info=_json_body(request), request=request
        )
    except ApplicationError as exc:
        return JsonResponse({"error": exc.message}, status=400)
    return JsonResponse({"id": str(sub.public_id), "status": "subscribed"}, status=201)


@requires("profile.own")
@require_POST
def unsubscribe(request):
    """Turn push messages off for this browser: the body is ``{"endpoint": ...}``."""
    try:
        data = _json_body(request)
    except ApplicationError as exc:
        return JsonResponse({"error": exc.message}, status=400)
    endpoint = data.get("endpoint") if isinstance(data, dict) else None
    if not isinstance(endpoint, str):
        return JsonResponse({"error": _("Say which subscription to turn off.")}, status=400)
    removed = services.subscription_delete(user=request.user, endpoint=endpoint, request=request)
    return JsonResponse({"removed": removed, "status": "unsubscribed"})
