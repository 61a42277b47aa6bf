"""Encrypted model fields for special-category data (AVG art. 9) such as BSN.

Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256) using FIELD_ENCRYPTION_KEYS
(first key encrypts, all keys decrypt, for rotation). Encrypted columns cannot be searched;
store a keyed hash beside them where equality lookups are needed (``BlindIndexField``).
Rotation (``zorgzaam.common.rotation``) finds both kinds of field on every model, so a new
encrypted field is rotated without being listed anywhere.
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


def _index_keys() -> list[str]:
    return list(settings.FIELD_ENCRYPTION_KEYS) or [settings.SECRET_KEY]


def _hmac(key: str, value: str) -> str:
    return hmac.new(key.encode(), value.encode("utf-8"), hashlib.sha256).hexdigest()


def blind_index(value: str) -> str:
    """Keyed hash for equality lookups on an encrypted value (not reversible), keyed with the
    first key, as values are stored."""
    return _hmac(_index_keys()[0], value)


def blind_indexes(value: str) -> list[str]:
    """The hash under every key set, for lookups: while a rotation runs, rows not yet
    re-indexed still carry the old key's hash, and must be found all the same."""
    return list(dict.fromkeys(_hmac(key, value) for key in _index_keys()))


def needs_rotation(token: str) -> bool:
    """True when a stored token cannot be read with the first (newest) key alone."""
    if not token:
        return False
    try:
        Fernet(_index_keys()[0].encode()).decrypt(token.encode("ascii"))
    except (InvalidToken, ValueError):
        return True
    return False


def rotate_token(token: str) -> str:
    """The token re-encrypted with the first key (ImproperlyConfigured when no key reads it)."""
    try:
        return fernet().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "Encrypted value cannot be decrypted with the keys set."
        ) from exc


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


class BlindIndexField(models.CharField):
    """The keyed hash of an encrypted field, for equality lookups.

    ``source`` names the encrypted field, ``index`` is the module-level function that makes
    the hash from its plain value (keyed with the first key, so it changes with rotation).
    """

    def __init__(self, *args, source: str, index, **kwargs):
        self.source, self.index = source, index
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"], kwargs["index"] = self.source, self.index
        for key, default in (("max_length", 64), ("blank", True), ("editable", False)):
            if kwargs.get(key, default) == default:
                kwargs.pop(key, None)
        return name, path, args, kwargs
