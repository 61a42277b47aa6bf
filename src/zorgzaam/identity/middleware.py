"""Logout at the provider: after Zorgzaam's own logout (accounts:logout, unchanged) the
browser is sent on to the provider's end-session address when the user had signed in there.
The pages of such a session allow that provider in CSP ``form-action``, since the logout
button's form is followed by that redirect."""

from __future__ import annotations

from urllib.parse import urlparse

from . import config
from .views import SESSION_KEY


def _origin(url: str) -> str:
    parts = urlparse(url)
    return f"{parts.scheme}://{parts.netloc}"


class ProviderLogoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        signed_in = None
        session = getattr(request, "session", None)
        if session is not None and SESSION_KEY in session:
            signed_in = session.get(SESSION_KEY)
        response = self.get_response(request)
        url = getattr(request, "zorgzaam_end_session_url", "")
        if url and response.status_code in (301, 302, 303):
            response["Location"] = url
        if signed_in:
            provider = config.provider_get(signed_in.get("provider", ""))
            if provider is not None:
                origins = {_origin(provider.issuer)}
                if url:
                    origins.add(_origin(url))
                update = dict(getattr(response, "_csp_update", None) or {})
                update["form-action"] = sorted({*update.get("form-action", ()), *origins})
                response._csp_update = update
        return response
