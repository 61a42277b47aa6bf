"""Which secrets a deployment must not run with: the keys published in this repository (the
dev, test and help settings) and malformed Fernet keys.

Pure Python (no Django models), so ``conf/production.py`` calls it at import and refuses to
start; ``common/checks.py`` makes the same findings ``check`` / ``check --deploy`` errors."""

from __future__ import annotations

import binascii

#: Published in conf/dev.py, conf/test.py and conf/help.py (a test keeps this list complete).
PUBLISHED_SECRET_KEYS = frozenset(
    {
        "dev-only-not-secret-zorgzaam-demo-key-change-me",
        "test-only-not-secret",
        "help-only-placeholder-never-used-to-sign-anything",
    }
)
PUBLISHED_FIELD_KEYS = frozenset({"3n2v7kP1oJm9b0dZr6yQeX4cW8tFhA5sLgUiN2OqYjk="})


def malformed_field_keys(keys) -> list[int]:
    """Positions (1-based) of FIELD_ENCRYPTION_KEYS that are not Fernet keys (url-safe base64
    of 32 bytes). Never the key itself: it is a secret."""
    from cryptography.fernet import Fernet

    bad = []
    for n, key in enumerate(keys, start=1):
        try:
            Fernet(str(key).encode())
        except (ValueError, binascii.Error, TypeError):
            bad.append(n)
    return bad


def production_key_problems(secret_key: str, field_keys) -> list[str]:
    """What is wrong with the keys for a production start (empty: nothing)."""
    problems = []
    if secret_key in PUBLISHED_SECRET_KEYS or str(secret_key).startswith("django-insecure-"):
        problems.append(
            "SECRET_KEY is a key published with Zorgzaam (dev/test settings): anyone can forge "
            "sessions. Generate one: python -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )
    if any(key in PUBLISHED_FIELD_KEYS for key in field_keys):
        problems.append(
            "FIELD_ENCRYPTION_KEYS holds the key published with Zorgzaam (dev/test settings): "
            "the encrypted data is readable by anyone. Generate one: python -c 'from "
            "cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'."
        )
    bad = malformed_field_keys(field_keys)
    if bad:
        problems.append(
            "FIELD_ENCRYPTION_KEYS key(s) at position "
            + ", ".join(str(n) for n in bad)
            + " are not Fernet keys (url-safe base64 of 32 bytes)."
        )
    return problems
