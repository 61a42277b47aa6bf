"""Sign-in at an identity provider: start (redirect to the provider with state, nonce and a
PKCE challenge), callback (code exchange and checks, then into Zorgzaam or a clear refusal)."""

from __future__ import annotations

import logging
import re
import time
from urllib.parse import parse_qs, urlencode, urlparse

import requests
from django.contrib import auth
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from zorgzaam.accounts.permissions import public, requires
from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError, add_form_error

from . import config, mapping, residents, services
from .assurance import SESSION_KEY, assurance_page, requires_assurance, session_level
from .forms import ConsentForm
from .models import CitizenIdentity
from .services import SignInRefused

logger = logging.getLogger(__name__)
BACKEND = "zorgzaam.identity.backends.OIDCBackend"


def _settings_for(provider):
    overrides = {
        "OIDC_AUTHENTICATION_CALLBACK_URL": "identity:callback",
        "OIDC_RP_SCOPES": provider.scopes,
        "OIDC_USE_NONCE": True,
        "OIDC_USE_PKCE": True,
        "OIDC_PKCE_CODE_CHALLENGE_METHOD": "S256",
        "OIDC_REDIRECT_FIELD_NAME": "next",
        "OIDC_AUTH_REQUEST_EXTRA_PARAMS": {},
        # Set from the discovery document when the view runs (views._Start.get).
        "OIDC_OP_AUTHORIZATION_ENDPOINT": "",
        "OIDC_RP_CLIENT_ID": provider.client_id,
    }

    def get_settings(attr, *args):
        if attr in overrides:
            return overrides[attr]
        return import_from_settings(attr, *args)

    return get_settings


def refused(request, provider, code: str, *, user=None, status: int = 403):
    """The clear page of a refused sign-in, with its audit line's id as a reference."""
    entry = services.sign_in_refusal_record(
        provider=provider, code=code, request=request, user=user
    )
    context = {"provider": provider, "code": code, "reference": entry.public_id}
    return render(request, "identity/refused.html", context, status=status)


class _Start(OIDCAuthenticationRequestView):
    def __init__(self, provider, **kwargs):
        self.get_settings = _settings_for(provider)
        self.provider = provider
        super().__init__(**kwargs)

    def get(self, request):
        document = config.discovery(self.provider)
        self.OIDC_OP_AUTH_ENDPOINT = document["authorization_endpoint"]
        self.OIDC_RP_CLIENT_ID = self.provider.client_id
        response = super().get(request)
        state = parse_qs(urlparse(response["Location"]).query)["state"][0]
        request.session["oidc_states"][state]["provider"] = self.provider.slug
        request.session.modified = True
        return response


@public
def start(request, slug: str):
    """Send the browser to the provider (GET; ?next= is kept when it is a local address)."""
    provider = config.provider_get(slug)
    if provider is None:
        raise Http404
    try:
        view = _Start(provider)
        view.setup(request)
        return view.get(request)
    except (requests.RequestException, ImproperlyConfigured, KeyError, ValueError) as exc:
        logger.warning("identity provider %s: %s", slug, exc.__class__.__name__)
        return refused(request, provider, "provider_unreachable", status=502)


class _Callback(OIDCAuthenticationCallbackView):
    def __init__(self, provider, **kwargs):
        self.get_settings = _settings_for(provider)
        self.provider = provider
        super().__init__(**kwargs)

    def login_failure(self):
        user = getattr(self, "user", None)
        code = "inactive" if user is not None and not user.is_active else "provider_error"
        return refused(self.request, self.provider, code, user=user)

    def login_success(self):
        request, user, provider = self.request, self.user, self.provider
        claims = getattr(request, "zorgzaam_oidc_claims", {})
        auth.login(request, user, backend=BACKEND)
        level = mapping.assurance(provider, claims)
        request.session[SESSION_KEY] = {
            "provider": provider.slug,
            "method": "oidc" if provider.kind == "staff" else provider.kind,
            "level": level,
        }
        services.sign_in_record(request=request, user=user, provider=provider, level=level)
        next_url = self.success_url
        if user.needs_second_factor:
            if provider.kind == "staff" and mapping.second_factor_asserted(provider, claims):
                services.second_factor_mark(request=request, user=user, provider=provider)
            else:
                return HttpResponseRedirect(
                    f"{reverse('accounts:otp')}?{urlencode({'next': next_url})}"
                )
        return HttpResponseRedirect(next_url)


_ERROR = re.compile(r"^[a-z_]{1,40}$")


@public
def callback(request):
    """The provider's answer. The state names the provider the browser was sent to; nothing
    else in the answer is trusted before the checks of the ID token."""
    state = request.GET.get("state", "")
    pending = request.session.get("oidc_states") or {}
    entry = pending.get(state) if isinstance(pending, dict) else None
    provider = config.provider_get(entry.get("provider", "")) if entry else None
    if provider is None:
        return refused(request, None, "state", status=400)
    request.zorgzaam_oidc_provider = provider
    if request.GET.get("error"):
        del request.session["oidc_states"][state]
        request.session.modified = True
        return refused(request, provider, "provider_error")
    if "code" not in request.GET:
        return refused(request, provider, "provider_error", status=400)
    view = _Callback(provider)
    view.setup(request)
    try:
        return view.get(request)
    except SignInRefused as exc:
        return refused(request, provider, exc.code, user=exc.user)
    except residents.ConsentNeeded as exc:
        request.session[residents.PENDING_KEY] = exc.pending
        return HttpResponseRedirect(reverse("identity:consent"))
    except (requests.RequestException, ImproperlyConfigured, ValueError) as exc:
        logger.warning("identity provider %s: %s", provider.slug, exc.__class__.__name__)
        return refused(request, provider, "provider_unreachable", status=502)


def _pending(request):
    pending = request.session.get(residents.PENDING_KEY)
    if not isinstance(pending, dict) or pending.get("until", 0) < time.time():
        return None, None
    return pending, config.provider_get(pending.get("provider", ""))


@public
@never_cache
def consent(request):
    """A first sign-in with DigiD/eHerkenning: consent, name and postcode, then the account."""
    pending, provider = _pending(request)
    if pending is None or provider is None:
        return refused(request, provider, "state", status=400)
    initial = {"given_name": pending["given_name"], "family_name": pending["family_name"]}
    form = ConsentForm(request.POST or None, initial=initial, kind=provider.kind)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = residents.citizen_register(
                provider=provider,
                pending=pending,
                given_name=data["given_name"],
                family_name=data["family_name"],
                postcode=data["postcode"],
                request=request,
            )
        except ApplicationError as exc:
            add_form_error(form, exc)
        except SignInRefused as exc:
            return refused(request, provider, exc.code)
        else:
            del request.session[residents.PENDING_KEY]
            return _signed_in(request, user, provider, pending["level"], reverse("identity:me"))
    return render(
        request, "identity/consent.html", {"form": form, "provider": provider}, status=200
    )


def _signed_in(request, user, provider, level: str, next_url: str):
    auth.login(request, user, backend=BACKEND)
    request.session[SESSION_KEY] = {
        "provider": provider.slug,
        "method": provider.kind,
        "level": level,
    }
    services.sign_in_record(request=request, user=user, provider=provider, level=level)
    return HttpResponseRedirect(next_url)


@requires("profile.own")
@requires_assurance("midden")
def me(request):
    """A resident's own DigiD link: the masked BSN and the level of the current sign-in (an
    example of a page that requires a minimum level: midden)."""
    identity = CitizenIdentity.objects.filter(user=request.user).first()
    if identity is None:
        raise Http404
    audit_record(event="identity.citizen_view", request=request, target=identity)
    context = {
        "identity": identity,
        "masked": residents.identifier_masked(identity),
        "level": session_level(request),
    }
    return render(request, "identity/me.html", context)


assurance = requires("home.view")(assurance_page)
