"""Base settings of Zorgzaam. Every value comes from here; dev/test/production only set
environment defaults before importing this module."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONCE, SELF
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(env_str("ZORGZAAM_VAR_DIR", str(PROJECT_DIR / "var"), doc="data folder"))

SECRET_KEY = env_str("SECRET_KEY", doc="Django secret key; no default")
DEBUG = env_bool("DEBUG", False, doc="debug mode; never in production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [], doc="comma-separated host names")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [], doc="comma-separated origins")
# The address people use to reach Zorgzaam, for links made outside a request (invitations
# printed by `zorgzaam user add`). Required in production; dev and test default to runserver.
ZORGZAAM_PUBLIC_URL = env_str(
    "PUBLIC_URL", doc="public base URL, e.g. https://zorgzaam.gouda.nl"
).rstrip("/")
if not ZORGZAAM_PUBLIC_URL.startswith(("https://", "http://")):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"PUBLIC_URL must start with https:// (got {ZORGZAAM_PUBLIC_URL!r})."
    )

# Key for special-category data (BSN, health notes): a Fernet key, or several comma-separated
# (first encrypts, all decrypt) for key rotation.
FIELD_ENCRYPTION_KEYS = env_list(
    "FIELD_ENCRYPTION_KEYS", [], doc="Fernet keys for encrypted fields, newest first"
)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "zorgzaam.common",
    "zorgzaam.tenancy",
    "zorgzaam.accounts",
    "zorgzaam.audit",
    "zorgzaam.people",
    "zorgzaam.identity",
    "zorgzaam.web",
    "zorgzaam.push",
]
# Mission parts: every part whose app is present is installed (see docs/architecture.md),
# unless ZORGZAAM_PARTS names the parts to run ("none" for the foundation alone).
_ALL_PARTS = ("socialmap", "help", "casework", "stories", "reports", "work")
_wanted = env_list("ZORGZAAM_PARTS", ["auto"], doc="parts to enable: auto, none, or names")
if _wanted == ["auto"]:
    _wanted = list(_ALL_PARTS)
elif _wanted == ["none"]:
    _wanted = []
for _part in _wanted:
    if _part not in _ALL_PARTS:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"ZORGZAAM_PARTS: unknown part {_part!r}.")
# A part that is built on another brings it along: the council report (reports) shows the
# stories part's published stories and MSC selections.
_PART_NEEDS = {"reports": ("stories",)}
_wanted += [need for _part in list(_wanted) for need in _PART_NEEDS.get(_part, ())]
ZORGZAAM_PART_APPS: list[str] = [
    f"zorgzaam.{part}"
    for part in _ALL_PARTS
    if part in _wanted and (PACKAGE_DIR / part / "apps.py").exists()
]
INSTALLED_APPS += ZORGZAAM_PART_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "zorgzaam.web.middleware.RejectNullCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "zorgzaam.accounts.middleware.SessionTimeoutMiddleware",
    "zorgzaam.common.middleware.PersonPagesNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    # Inside CSPMiddleware: it sends a provider's user on to the provider's logout.
    "zorgzaam.identity.middleware.ProviderLogoutMiddleware",
]

ROOT_URLCONF = "zorgzaam.urls"
WSGI_APPLICATION = "zorgzaam.wsgi.application"
ASGI_APPLICATION = "zorgzaam.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zorgzaam.web.context_processors.shell",
                "zorgzaam.accounts.drafts.context",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str(
    "DATABASE_URL",
    f"sqlite:///{VAR_DIR / 'zorgzaam.sqlite3'}",
    doc="sqlite:///path or postgres://user:pass@host:port/name",
)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Keep each server thread's connection: opening one (and setting its pragmas) cost
    # about 2.5 ms per request, a fifth of the search page. Stop the server before a restore.
    DATABASES["default"]["CONN_MAX_AGE"] = env_int(
        "SQLITE_CONN_MAX_AGE", 600, doc="seconds a server thread keeps its SQLite connection"
    )
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000; "
            "PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DATABASE_URL must be a sqlite:// or postgres:// URL.")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Refuses a password for a municipality that signs in only at its identity provider.
    "zorgzaam.identity.backends.LocalPasswordPolicyBackend",
    "django.contrib.auth.backends.ModelBackend",
    # OpenID Connect (staff) and DigiD/eHerkenning brokers; see docs/operations.md.
    "zorgzaam.identity.backends.OIDCBackend",
]
# Identity providers per municipality (JSON; ZORGZAAM_OIDC_FILE names a file): see
# zorgzaam/identity/config.py and docs/operations.md. Empty: local passwords only.
ZORGZAAM_OIDC = env_str("ZORGZAAM_OIDC", "", doc="identity providers per municipality (JSON)")
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:landing"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
OTP_TOTP_ISSUER = "Zorgzaam"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, doc="failed logins before lock-out")
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True, doc="throttle login attempts")

SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# Professionals and administrators are logged out after this many idle minutes.
PROFESSIONAL_IDLE_TIMEOUT_MINUTES = env_int(
    "PROFESSIONAL_IDLE_TIMEOUT_MINUTES", 30, doc="idle timeout for person-level roles"
)

# --- I18n -----------------------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "conf" / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static ---------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static"), doc="collected static files"))
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media"), doc="uploaded files"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Security -------------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
MAP_TILE_URL = env_str(
    "MAP_TILE_URL",
    "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png",
    doc="map tile URL template; empty for no tiles",
)
_tile_origin = "/".join(MAP_TILE_URL.split("/")[:3]) if MAP_TILE_URL.startswith("http") else ""
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"] + ([_tile_origin] if _tile_origin else []),
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "zorgzaam.common.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Zorgzaam API",
    "DESCRIPTION": "API of Zorgzaam, platform for caring villages and neighbourhoods.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "ENUM_NAME_OVERRIDES": {
        "HouseholdStatusEnum": "zorgzaam.casework.models.Household.Status",
        "ReferralStatusEnum": "zorgzaam.casework.models.Referral.Status",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "zorgzaam.common.api.add_error_responses",
    ],
}

# --- Background tasks -----------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Email ----------------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend", doc="Django email backend"
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost", doc="SMTP host")
EMAIL_PORT = env_int("EMAIL_PORT", 25, doc="SMTP port")
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "", doc="SMTP user name (empty: no login)")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "", doc="SMTP password (or _FILE)")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False, doc="SMTP with STARTTLS (port 587)")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False, doc="SMTP over TLS (port 465)")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30, doc="seconds before an SMTP connection gives up")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "zorgzaam@localhost", doc="sender address")
# SMS through NotifyNL, per municipality (JSON; see zorgzaam/help/channels.py and
# docs/operations.md). Empty: no SMS channel.
ZORGZAAM_NOTIFYNL = env_str("ZORGZAAM_NOTIFYNL", "", doc="NotifyNL SMS per municipality (JSON)")

# --- Web push (VAPID, RFC 8292): docs/operations.md "Web push" ---------------------------
# Empty key: push is off (the subscribe button is not shown, nothing is sent).
PUSH_VAPID_PRIVATE_KEY = env_str(
    "PUSH_VAPID_PRIVATE_KEY", "", doc="VAPID private key (PEM or raw base64url); empty: push off"
)
if PUSH_VAPID_PRIVATE_KEY:
    from zorgzaam.push.vapid import load_private_key

    try:
        load_private_key(PUSH_VAPID_PRIVATE_KEY)
    except ValueError as exc:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"PUSH_VAPID_PRIVATE_KEY is not a VAPID key: {exc}") from exc
PUSH_VAPID_SUBJECT = env_str(
    "PUSH_VAPID_SUBJECT",
    f"mailto:{DEFAULT_FROM_EMAIL}",
    doc="contact the push services see (mailto: or https: URL)",
)
PUSH_TTL_SECONDS = env_int(
    "PUSH_TTL_SECONDS", 86400, doc="seconds a push service keeps a message for an offline phone"
)
# Tests run a push endpoint on http://127.0.0.1; every real push service is https.
PUSH_ALLOW_LOOPBACK = False

# --- Logging: no personal data; only ids and event names ------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO", doc="log level")},
    "loggers": {
        # Request lines carry URLs; URLs carry only UUIDs, never personal data.
        "django.server": {"level": "INFO"},
        "axes": {"level": "WARNING"},
    },
}

# --- Mission parts --------------------------------------------------------------------------
CASEWORK_BREAK_GLASS_HOURS = env_int(
    "CASEWORK_BREAK_GLASS_HOURS", 4, doc="hours a break-the-glass opening lasts"
)
CASEWORK_REFERRAL_STALE_DAYS = env_int(
    "CASEWORK_REFERRAL_STALE_DAYS", 14, doc="days without update before a referral is stale"
)
CASEWORK_RETENTION_DAYS = env_int(
    "CASEWORK_RETENTION_DAYS", 730, doc="days a closed household is kept before purging"
)
WORK_PAID_JOB_MIN_HOURS = env_int(
    "WORK_PAID_JOB_MIN_HOURS", 12, doc="hours per week that count as a paid job"
)

# --- Cache: shared by all worker processes on a host (rate limits of public forms) ----------
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env_str("CACHE_DIR", str(VAR_DIR / "cache"), doc="shared cache folder"),
    }
}
STORY_PHOTO_MAX_BYTES = env_int(
    "STORY_PHOTO_MAX_BYTES", 5 * 1024 * 1024, doc="largest photo accepted with a story"
)
STORY_PHOTO_MAX_PIXELS = env_int(
    "STORY_PHOTO_MAX_PIXELS", 40_000_000, doc="largest photo (width x height) decoded for a story"
)
STORY_ORIGINAL_RETENTION_DAYS = env_int(
    "STORY_ORIGINAL_RETENTION_DAYS", 365, doc="days the team keeps a story's original words"
)
REPORT_SMALL_CELL_THRESHOLD = env_int(
    "REPORT_SMALL_CELL_THRESHOLD", 10, doc="counts below this are suppressed in reports"
)
REPORT_ROUND_TO = env_int("REPORT_ROUND_TO", 5, doc="round published counts to a multiple")
REPORTS_PDF_FRESH_SECONDS = env_int(
    "REPORTS_PDF_FRESH_SECONDS", 600, doc="seconds a rendered report PDF is served again"
)
REPORTS_PUBLIC_PDF_PER_HOUR = env_int(
    "REPORTS_PUBLIC_PDF_PER_HOUR", 30, doc="public report PDFs per client address an hour"
)
