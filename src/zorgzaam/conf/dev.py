"""Development / demo settings (`make run`): DEBUG on, console e-mail, local SQLite."""

import os

os.environ.setdefault("SECRET_KEY", "dev-only-not-secret-zorgzaam-demo-key-change-me")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("PUBLIC_URL", "http://127.0.0.1:8000")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# A fixed, public development key: demo data only. Production requires its own.
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "3n2v7kP1oJm9b0dZr6yQeX4cW8tFhA5sLgUiN2OqYjk=")

from .base import *  # noqa: E402,F403
from .base import VAR_DIR  # noqa: E402

VAR_DIR.mkdir(parents=True, exist_ok=True)
