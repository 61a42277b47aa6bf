"""Test settings: pytest-django loads these before any conftest, so they set their own env."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("PUBLIC_URL", "http://127.0.0.1:8000")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "3n2v7kP1oJm9b0dZr6yQeX4cW8tFhA5sLgUiN2OqYjk=")
os.environ.setdefault("ZORGZAAM_VAR_DIR", "/tmp/zorgzaam-test-var")  # noqa: S108
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Web push: a VAPID key made once on this machine (the venv's var folder), not published.
if not os.environ.get("PUSH_VAPID_PRIVATE_KEY") and not os.environ.get(
    "PUSH_VAPID_PRIVATE_KEY_FILE"
):
    from pathlib import Path

    from zorgzaam.push.vapid import dev_key_path, ensure_key_file

    _var = Path(os.environ.get("ZORGZAAM_VAR_DIR", Path(__file__).parents[3] / "var"))
    os.environ["PUSH_VAPID_PRIVATE_KEY_FILE"] = str(ensure_key_file(dev_key_path(_var)))

from .base import *  # noqa: E402,F403
from .base import VAR_DIR  # noqa: E402

VAR_DIR.mkdir(parents=True, exist_ok=True)
(VAR_DIR / "static").mkdir(exist_ok=True)
from .base import STORAGES  # noqa: E402

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PUSH_ALLOW_LOOPBACK = True
