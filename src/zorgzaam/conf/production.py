"""Production settings: secure defaults; SECRET_KEY, ALLOWED_HOSTS and
FIELD_ENCRYPTION_KEYS must come from the environment."""

import os

os.environ.setdefault("DEBUG", "false")

from .base import *  # noqa: E402,F403
from .base import DEBUG, FIELD_ENCRYPTION_KEYS, SECRET_KEY  # noqa: E402

if DEBUG:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DEBUG must be false in production settings.")
if not FIELD_ENCRYPTION_KEYS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is required in production.")
from zorgzaam.common.keys import production_key_problems  # noqa: E402

if problems := production_key_problems(SECRET_KEY, FIELD_ENCRYPTION_KEYS):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(" ".join(problems))

SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
