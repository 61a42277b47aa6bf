"""Development / demo settings (`make run`): DEBUG on, console e-mail, local SQLite."""

import os

os.environ.setdefault("SECRET_KEY", "dev-only-not-secret-zorgzaam-demo-key-change-me")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("PUBLIC_URL", "http://127.0.0.1:8000")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# A fixed, public development key: demo data only. Production requires its own.
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "3n2v7kP1oJm9b0dZr6yQeX4cW8tFhA5sLgUiN2OqYjk=")
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
