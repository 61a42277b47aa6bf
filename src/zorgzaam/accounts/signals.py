"""Login and logout are audited (ids only; a failed login records no username, only the id
of the account it named)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from zorgzaam.audit.services import audit_record

from .models import User


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit_record(event="auth.login", actor=user, request=request, target=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(event="auth.logout", actor=user, request=request, target=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    """Filed under the municipality of the account the username names (and with that
    account's id, never the username), so its administrator sees attempts on it."""
    username = (credentials or {}).get("username") or ""
    user = (
        User.objects.filter(username=username).select_related("municipality").first()
        if username
        else None
    )
    municipality = getattr(user, "municipality", None)
    audit_record(
        event="auth.login_failed",
        request=request,
        target=("accounts.user", user.public_id) if user is not None else None,
        denied=True,
        municipality_code=municipality.code if municipality is not None else "",
    )
