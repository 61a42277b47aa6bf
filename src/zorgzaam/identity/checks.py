"""``manage.py check`` validates ZORGZAAM_OIDC, so a typo stops the start, not a sign-in."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from . import config


@checks.register(checks.Tags.security)
def oidc_configuration(app_configs, **kwargs):
    try:
        config.current()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="identity.E001")]
    return []
