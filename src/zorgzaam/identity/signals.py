"""Every sign-in gets an ``identity.login`` audit line with its method and level of
assurance (a password sign-in here; one through a provider in ``views.callback``), and a
logout of someone who signed in at a provider goes on to the provider's logout
(RP-initiated logout; ``middleware.ProviderLogoutMiddleware`` sends the browser there)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.shortcuts import resolve_url

from zorgzaam.audit.services import audit_record

from . import config
from .services import sign_in_record
from .views import BACKEND, SESSION_KEY


@receiver(user_logged_in)
def _password_login(sender, request, user, **kwargs):
    if request is None or request.session.get(BACKEND_SESSION_KEY) == BACKEND:
        return
    sign_in_record(request=request, user=user, provider=None, level="password")


def end_session_url(request) -> str:
    """The provider's logout address for this session ("" when it has none)."""
    signed_in = request.session.get(SESSION_KEY) or {}
    provider = config.provider_get(signed_in.get("provider", ""))
    if provider is None:
        return ""
    try:
        endpoint = config.discovery(provider).get("end_session_endpoint")
    except Exception:  # noqa: BLE001 - the local logout must go on when the provider is away
        return ""
    if not endpoint:
        return ""
    params = {
        "client_id": provider.client_id,
        "post_logout_redirect_uri": request.build_absolute_uri(
            resolve_url(settings.LOGOUT_REDIRECT_URL)
        ),
    }
    id_token = request.session.get("oidc_id_token")
    if id_token:
        params["id_token_hint"] = id_token
    return f"{endpoint}?{urlencode(params)}"


@receiver(user_logged_out)
def _provider_logout(sender, request, user, **kwargs):
    if request is None or user is None:
        return
    url = end_session_url(request)
    if url:
        request.zorgzaam_end_session_url = url
        audit_record(
            event="identity.logout",
            actor=user,
            request=request,
            target=user,
            reason=f"provider={request.session[SESSION_KEY]['provider']}",
        )
