"""``requires_assurance("midden")``: a page that needs a minimum DigiD/eHerkenning level of
assurance. Put it inside ``requires(...)``. Someone who logged in at a lower level (or not
with DigiD/eHerkenning) is sent to a page that says so, with a button to log in again; the
refusal is audited."""

from __future__ import annotations

import functools
from urllib.parse import urlencode

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from zorgzaam.audit.services import audit_record

from . import config, mapping

SESSION_KEY = "zorgzaam_oidc"


def session_level(request) -> str:
    return (request.session.get(SESSION_KEY) or {}).get("level", "")


def requires_assurance(minimum: str):
    assert minimum in config.LEVEL_ORDER, minimum

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            level = session_level(request)
            if mapping.level_at_least(level, minimum):
                return view(request, *args, **kwargs)
            audit_record(
                event="identity.assurance_too_low",
                request=request,
                target=("url", request.path[:64]),
                reason=f"needs={minimum} has={level or '-'}",
                denied=True,
            )
            query = urlencode({"minimum": minimum, "next": request.get_full_path()})
            return redirect(f"{reverse('identity:assurance')}?{query}")

        wrapped.zorgzaam_assurance = minimum
        return wrapped

    return decorator


def assurance_page(request):
    """Says which level a page needs and offers the municipality's DigiD/eHerkenning login."""
    minimum = request.GET.get("minimum", "")
    if minimum not in config.LEVEL_ORDER:
        minimum = config.LEVEL_ORDER[-1]
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = ""
    code = getattr(request.user.municipality, "code", None)
    providers = [p for p in config.providers() if p.kind != "staff" and p.municipality == code]
    context = {
        "minimum": minimum,
        "level": session_level(request),
        "providers": providers,
        "next": next_url,
    }
    return render(request, "identity/assurance_too_low.html", context)
