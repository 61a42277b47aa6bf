"""Encrypted model fields for special-category data (AVG art. 9) such as BSN.

Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256) using FIELD_ENCRYPTION_KEYS
(first key encrypts, all keys decrypt, for rotation). Encrypted columns cannot be searched;
store a keyed hash beside them where equality lookups are needed (see ``blind_index``).
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@lru_cache(maxsize=1)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty: cannot encrypt fields.")
    try:
        return MultiFernet([Fernet(k.encode()) for k in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS holds an invalid key (need url-safe base64 of 32 bytes)."
        ) from exc


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt_text(value: str) -> str:
    return fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt_text(token: str) -> str:
    try:
        return fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "Encrypted value cannot be decrypted with the keys set."
        ) from exc


def blind_index(value: str) -> str:
    """Keyed hash for equality lookups on an encrypted value (not reversible)."""
    key = (settings.FIELD_ENCRYPTION_KEYS or [settings.SECRET_KEY])[0].encode()
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text field stored encrypted; empty string and NULL are stored as they are."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt_text(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_text(str(value))
