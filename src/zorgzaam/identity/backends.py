"""Authentication backends.

``OIDCBackend``: mozilla-django-oidc's authorization code flow, configured per provider (the
callback view puts the provider on the request) and stricter than the library's default: the
ID token's signature, ``iss``, ``aud`` (and ``azp``), ``exp``/``iat`` and ``nonce`` are all
checked, each failure with its own refusal code.

``LocalPasswordPolicyBackend``: stands before Django's ModelBackend and stops a password sign-in
for an account of a municipality whose local passwords are switched off.
"""

from __future__ import annotations

import jwt
import requests
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from . import config
from .services import SignInRefused, staff_user_for_claims

#: Clock skew allowed between Zorgzaam and the provider, in seconds.
LEEWAY = 30
#: Claims the ID token must have.
REQUIRED = ["iss", "aud", "exp", "iat", "sub"]


class OIDCBackend(OIDCAuthenticationBackend):
    def __init__(self, *args, **kwargs):
        # The library reads one global configuration here; ours is per provider and is set in
        # authenticate(), once the callback has said which provider answered.
        from django.contrib.auth import get_user_model

        self.UserModel = get_user_model()
        self.provider = None

    def get_settings(self, attr, *args):
        provider = self.provider
        overrides = {
            "OIDC_AUTHENTICATION_CALLBACK_URL": "identity:callback",
            "OIDC_USE_NONCE": True,
            "OIDC_TIMEOUT": provider.timeout if provider else 10,
            "OIDC_RP_SCOPES": provider.scopes if provider else "openid",
            # The ID token is kept for the logout at the provider (id_token_hint); a
            # DigiD/eHerkenning broker's token may carry the BSN, so never that one.
            "OIDC_STORE_ID_TOKEN": bool(provider and provider.kind == "staff"),
            "OIDC_STORE_ACCESS_TOKEN": False,
            "OIDC_VERIFY_SSL": True,
            "OIDC_TOKEN_USE_BASIC_AUTH": False,
        }
        if attr in overrides:
            return overrides[attr]
        return super().get_settings(attr, *args)

    def authenticate(self, request, **kwargs):
        provider = getattr(request, "zorgzaam_oidc_provider", None) if request else None
        if provider is None or "nonce" not in kwargs:
            return None
        self.provider = provider
        document = config.discovery(provider)
        self.OIDC_OP_TOKEN_ENDPOINT = document["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = document.get("userinfo_endpoint")
        self.OIDC_OP_JWKS_ENDPOINT = document["jwks_uri"]
        self.OIDC_RP_CLIENT_ID = provider.client_id
        self.OIDC_RP_CLIENT_SECRET = provider.client_secret
        self.OIDC_RP_SIGN_ALGO = provider.sign_algo
        self.OIDC_RP_IDP_SIGN_KEY = None
        return super().authenticate(request, **kwargs)

    def _decode(self, token: str, *, nonce: str | None, check_nonce: bool) -> dict:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise SignInRefused("invalid_token") from exc
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SignInRefused("signature")
        try:
            key = self.retrieve_matching_jwk(token)
        except SuspiciousOperation as exc:
            raise SignInRefused("signature") from exc
        try:
            payload = jwt.decode(
                token,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=self.provider.issuer,
                leeway=LEEWAY,
                options={"require": REQUIRED},
            )
        except jwt.ExpiredSignatureError as exc:
            raise SignInRefused("expired") from exc
        except jwt.InvalidAudienceError as exc:
            raise SignInRefused("audience") from exc
        except jwt.InvalidIssuerError as exc:
            raise SignInRefused("issuer") from exc
        except jwt.InvalidSignatureError as exc:
            raise SignInRefused("signature") from exc
        except jwt.ImmatureSignatureError as exc:
            raise SignInRefused("expired") from exc
        except jwt.PyJWTError as exc:
            raise SignInRefused("invalid_token") from exc
        audiences = payload["aud"] if isinstance(payload["aud"], list) else [payload["aud"]]
        if len(audiences) > 1 and payload.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SignInRefused("audience")
        if check_nonce and (not nonce or payload.get("nonce") != nonce):
            raise SignInRefused("nonce")
        return payload

    def verify_token(self, token, **kwargs):
        return self._decode(token, nonce=kwargs.get("nonce"), check_nonce=True)

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims with the userinfo endpoint's added (the ID token's own
        ``iss``, ``aud``, ``acr``, ``amr``, ``sub`` win; the two ``sub`` must agree)."""
        claims: dict = {}
        if self.OIDC_OP_USER_ENDPOINT:
            try:
                response = requests.get(
                    self.OIDC_OP_USER_ENDPOINT,
                    headers={"Authorization": f"Bearer {access_token}"},
                    timeout=self.provider.timeout,
                )
                response.raise_for_status()
            except requests.RequestException as exc:
                raise SignInRefused("provider_unreachable") from exc
            if response.headers.get("content-type", "").lower().startswith("application/jwt"):
                claims = self._decode(response.text, nonce=None, check_nonce=False)
            else:
                claims = response.json()
            if str(claims.get("sub", "")) != str(payload.get("sub", "")):
                raise SignInRefused("subject")
        claims.update(payload)
        return claims

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        self.request.zorgzaam_oidc_claims = claims
        if self.provider.kind == "staff":
            return staff_user_for_claims(
                provider=self.provider, claims=claims, request=self.request
            )
        from .residents import resident_user_for_claims

        return resident_user_for_claims(provider=self.provider, claims=claims, request=self.request)


class LocalPasswordPolicyBackend:
    """Refuses (PermissionDenied: Django stops and reports a failed login) a password for an
    account of a municipality that signs in only through its identity provider. It has no
    ``get_user``: it never logs anyone in (and so ``Client.force_login`` passes it by)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        from zorgzaam.accounts.models import User

        code = (
            User.objects.filter(username=username)
            .values_list("municipality__code", flat=True)
            .first()
        )
        if code and not config.local_passwords_allowed(code):
            if request is not None:
                request.zorgzaam_password_off = True
            raise PermissionDenied("local passwords are switched off for this municipality")
        return None
