"""A browser's web push subscription (RFC 8030 endpoint and RFC 8291 keys) of one user."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zorgzaam.common.models import BaseModel


class PushSubscription(BaseModel):
    """One browser of one user that receives push messages. The endpoint is the push
    service's URL for this browser (it identifies the browser, so it is never logged);
    ``p256dh`` and ``auth`` are the browser's public key and secret for the encryption."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"push subscription {self.public_id}"

    def info(self) -> dict:
        """The subscription as the Push API's ``PushSubscription.toJSON()`` gives it."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}
