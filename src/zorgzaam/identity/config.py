"""Who may sign in with which OpenID provider: read from the setting ``ZORGZAAM_OIDC``
(environment variable ``ZORGZAAM_OIDC`` holding JSON, or ``ZORGZAAM_OIDC_FILE`` naming a JSON
file), so an operator configures providers without code. docs/operations.md has examples.

    {"providers": {"<slug>": {...}}, "municipalities": {"GM0513": {"local_passwords": false}}}

A provider entry (keys in ``_PROVIDER_KEYS``) belongs to one municipality and is of a kind:
``staff`` (the municipality's own identity provider: Entra ID, Keycloak, ADFS), ``digid``
(residents, through a broker) or ``eherkenning`` (organisations, through a broker).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

KINDS = ("staff", "digid", "eherkenning")

#: DigiD levels of assurance, weakest first, with the SAML classes brokers send as ``acr``.
DIGID_LEVELS = {
    "basis": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
    "midden": "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract",
    "substantieel": "urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard",
    "hoog": "urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI",
}
LEVEL_ORDER = tuple(DIGID_LEVELS)

_PROVIDER_KEYS = {
    "municipality",  # CBS code, e.g. GM0513
    "kind",  # staff | digid | eherkenning
    "label",  # the button's text ("Inloggen met <label>")
    "issuer",  # expected `iss`; discovery at <issuer>/.well-known/openid-configuration
    "discovery_url",  # optional: another discovery document address
    "client_id",
    "client_secret",  # literal (tests); in production use one of the next two
    "client_secret_env",  # name of an environment variable holding the secret
    "client_secret_file",  # path of a file holding the secret
    "scopes",  # default "openid profile email" (+ "groups" is not added by itself)
    "username_claim",  # default "preferred_username"
    "groups_claim",  # default "groups"
    "groups",  # {"<group>": {"role": "professional", "teams": ["Team Noord"]}}
    "strong_acr",  # acr values that count as a second factor
    "strong_amr",  # amr values of which one counts as a second factor (e.g. "mfa")
    "create_users",  # default true: create a staff member the group mapping gives a role
    "sync_groups",  # default false: re-apply role and teams from the groups at every sign-in
    "sign_algo",  # default RS256
    "identifier_claim",  # digid/eherkenning: the claim with the BSN / KvK number
    "acr_levels",  # digid/eherkenning: {"<acr value>": "basis|midden|substantieel|hoog"}
    "timeout",  # seconds for calls to the provider, default 10
}


@dataclass(frozen=True)
class GroupRule:
    role: str = ""
    teams: tuple[str, ...] = ()


@dataclass(frozen=True)
class Provider:
    slug: str
    municipality: str
    kind: str
    label: str
    issuer: str
    discovery_url: str
    client_id: str
    secret_source: tuple[str, str]
    scopes: str
    username_claim: str
    groups_claim: str
    groups: dict[str, GroupRule] = field(default_factory=dict)
    strong_acr: frozenset[str] = frozenset()
    strong_amr: frozenset[str] = frozenset()
    create_users: bool = True
    sync_groups: bool = False
    sign_algo: str = "RS256"
    identifier_claim: str = ""
    acr_levels: dict[str, str] = field(default_factory=dict)
    timeout: float = 10.0

    @property
    def client_secret(self) -> str:
        how, value = self.secret_source
        if how == "env":
            secret = os.environ.get(value, "")
            if not secret:
                raise ImproperlyConfigured(
                    f"ZORGZAAM_OIDC provider {self.slug!r}: environment variable {value} is empty."
                )
            return secret
        if how == "file":
            try:
                return Path(value).read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ImproperlyConfigured(
                    f"ZORGZAAM_OIDC provider {self.slug!r}: cannot read {value}: {exc}"
                ) from exc
        return value


@dataclass(frozen=True)
class Config:
    providers: dict[str, Provider]
    password_off: frozenset[str]  # municipality codes without local passwords


def _fail(message: str):
    raise ImproperlyConfigured(f"ZORGZAAM_OIDC: {message}")


def _str_list(value, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        _fail(f"{where} must be a list of strings.")
    return tuple(value)


def _provider(slug: str, raw: dict) -> Provider:
    where = f"provider {slug!r}"
    if not isinstance(raw, dict):
        _fail(f"{where} must be an object.")
    unknown = set(raw) - _PROVIDER_KEYS
    if unknown:
        _fail(f"{where}: unknown keys {sorted(unknown)}.")
    for key in ("municipality", "issuer", "client_id"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            _fail(f"{where}: {key} is required.")
    kind = raw.get("kind", "staff")
    if kind not in KINDS:
        _fail(f"{where}: kind must be one of {', '.join(KINDS)}.")
    secrets = [k for k in ("client_secret", "client_secret_env", "client_secret_file") if k in raw]
    if len(secrets) != 1:
        _fail(f"{where}: give exactly one of client_secret_env, client_secret_file.")
    how = {"client_secret": "literal", "client_secret_env": "env", "client_secret_file": "file"}
    groups: dict[str, GroupRule] = {}
    raw_groups = raw.get("groups", {})
    if not isinstance(raw_groups, dict):
        _fail(f"{where}: groups must be an object of group -> {{role, teams}}.")
    for group, rule in raw_groups.items():
        if not isinstance(rule, dict) or set(rule) - {"role", "teams"}:
            _fail(f"{where}: group {group!r} must be {{'role': ..., 'teams': [...]}}.")
        role = rule.get("role", "")
        if role:
            from zorgzaam.accounts.roles import Role

            if role not in Role.values:
                _fail(f"{where}: group {group!r}: unknown role {role!r}.")
        groups[group] = GroupRule(role, _str_list(rule.get("teams"), f"{where} group {group!r}"))
    levels = raw.get("acr_levels", {})
    if kind != "staff" and not levels:
        levels = {acr: level for level, acr in DIGID_LEVELS.items()}
    if not isinstance(levels, dict) or set(levels.values()) - set(LEVEL_ORDER):
        _fail(f"{where}: acr_levels values must be one of {', '.join(LEVEL_ORDER)}.")
    if raw.get("sync_groups") and (kind != "staff" or not groups):
        _fail(f"{where}: sync_groups needs a staff provider with a groups mapping.")
    default_identifier = {"digid": "bsn", "eherkenning": "kvk"}.get(kind, "")
    return Provider(
        slug=slug,
        municipality=raw["municipality"],
        kind=kind,
        label=str(raw.get("label") or slug),
        issuer=raw["issuer"].rstrip("/"),
        discovery_url=raw.get("discovery_url")
        or raw["issuer"].rstrip("/") + "/.well-known/openid-configuration",
        client_id=raw["client_id"],
        secret_source=(how[secrets[0]], str(raw[secrets[0]])),
        scopes=str(raw.get("scopes") or "openid profile email"),
        username_claim=str(raw.get("username_claim") or "preferred_username"),
        groups_claim=str(raw.get("groups_claim") or "groups"),
        groups=groups,
        strong_acr=frozenset(_str_list(raw.get("strong_acr"), f"{where} strong_acr")),
        strong_amr=frozenset(_str_list(raw.get("strong_amr"), f"{where} strong_amr")),
        create_users=bool(raw.get("create_users", True)),
        sync_groups=bool(raw.get("sync_groups", False)),
        sign_algo=str(raw.get("sign_algo") or "RS256"),
        identifier_claim=str(raw.get("identifier_claim") or default_identifier),
        acr_levels=dict(levels),
        timeout=float(raw.get("timeout", 10)),
    )


def parse(raw) -> Config:
    """Validate the raw setting (a dict, a JSON string or empty) into a Config."""
    if raw in (None, "", {}):
        return Config({}, frozenset())
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError as exc:
            _fail(f"not valid JSON: {exc}")
    if not isinstance(raw, dict) or set(raw) - {"providers", "municipalities"}:
        _fail("expected an object with 'providers' and optionally 'municipalities'.")
    providers = {slug: _provider(slug, p) for slug, p in (raw.get("providers") or {}).items()}
    off = set()
    for code, options in (raw.get("municipalities") or {}).items():
        if not isinstance(options, dict) or set(options) - {"local_passwords"}:
            _fail(f"municipality {code!r}: only 'local_passwords' can be set.")
        if options.get("local_passwords") is False:
            if not any(p.municipality == code and p.kind == "staff" for p in providers.values()):
                _fail(f"municipality {code!r}: local passwords off needs a staff provider.")
            off.add(code)
    return Config(providers, frozenset(off))


_parsed: dict[str, Config] = {}


def current() -> Config:
    """The configuration in force, parsed once per distinct value of the setting."""
    raw = getattr(settings, "ZORGZAAM_OIDC", None)
    key = raw if isinstance(raw, str) else json.dumps(raw, sort_keys=True, default=str)
    if key not in _parsed:
        config = parse(raw)
        _parsed.clear()
        _parsed[key] = config
    return _parsed[key]


def providers(kind: str | None = None) -> list[Provider]:
    return [p for p in current().providers.values() if kind is None or p.kind == kind]


def provider_get(slug: str) -> Provider | None:
    return current().providers.get(slug)


def local_passwords_allowed(municipality_code: str | None) -> bool:
    return not municipality_code or municipality_code not in current().password_off


def discovery(provider: Provider) -> dict:
    """The provider's discovery document (cached for an hour); its issuer must match."""
    import requests

    key = f"zorgzaam-oidc-discovery:{provider.discovery_url}"
    document = cache.get(key)
    if document is None:
        response = requests.get(provider.discovery_url, timeout=provider.timeout)
        response.raise_for_status()
        document = response.json()
        if str(document.get("issuer", "")).rstrip("/") != provider.issuer:
            raise ImproperlyConfigured(
                f"ZORGZAAM_OIDC provider {provider.slug!r}: the discovery document names "
                f"issuer {document.get('issuer')!r}, not {provider.issuer!r}."
            )
        cache.set(key, document, 3600)
    return document
