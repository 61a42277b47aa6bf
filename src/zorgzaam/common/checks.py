"""System checks of the keys (``common/keys.py``): a malformed FIELD_ENCRYPTION_KEYS stops
every start; the keys published with Zorgzaam stop ``check --deploy``."""

from __future__ import annotations

from django.conf import settings
from django.core import checks

from .keys import malformed_field_keys, production_key_problems


@checks.register(checks.Tags.security)
def field_keys_well_formed(app_configs, **kwargs):
    bad = malformed_field_keys(settings.FIELD_ENCRYPTION_KEYS)
    if not bad:
        return []
    return [
        checks.Error(
            "FIELD_ENCRYPTION_KEYS key(s) at position "
            + ", ".join(str(n) for n in bad)
            + " are not Fernet keys (url-safe base64 of 32 bytes).",
            id="common.E001",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def no_published_keys(app_configs, **kwargs):
    problems = production_key_problems(settings.SECRET_KEY, settings.FIELD_ENCRYPTION_KEYS)
    return [
        checks.Error(problem, id="common.E002")
        for problem in problems
        if "not Fernet keys" not in problem  # common.E001 says that already
    ]
