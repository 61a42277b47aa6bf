"""Writes of web push: subscribe, unsubscribe, and send a message to a user's browsers."""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from py_vapid import Vapid02
from pywebpush import WebPushException, webpush

from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError

from . import vapid
from .models import PushSubscription

logger = logging.getLogger(__name__)

#: Push services answer these when a subscription no longer exists (RFC 8030 section 7.3).
GONE = (404, 410)
#: Seconds the push service may take to contact a browser before the request fails.
SEND_TIMEOUT = 10


def push_enabled() -> bool:
    """Whether this installation has VAPID keys (docs/operations.md, "Web push")."""
    return bool(settings.PUSH_VAPID_PRIVATE_KEY)


def public_key() -> str:
    """The VAPID public key browsers subscribe with; empty when push is off."""
    return vapid.public_key_b64(settings.PUSH_VAPID_PRIVATE_KEY) if push_enabled() else ""


def _clean(info: object) -> tuple[str, str, str]:
    if not isinstance(info, dict):
        raise ApplicationError(_("The subscription is not a JSON object."))
    endpoint = info.get("endpoint")
    keys = info.get("keys")
    if not isinstance(endpoint, str) or not isinstance(keys, dict):
        raise ApplicationError(_("The subscription needs an endpoint and keys."))
    p256dh, auth = keys.get("p256dh"), keys.get("auth")
    if not isinstance(p256dh, str) or not isinstance(auth, str):
        raise ApplicationError(_("The subscription needs the keys p256dh and auth."))
    if not endpoint.startswith("https://") and not settings.DEBUG and not _loopback(endpoint):
        raise ApplicationError(_("A push endpoint must be an https:// address."))
    if len(endpoint) > 1000 or len(p256dh) > 200 or len(auth) > 100:
        raise ApplicationError(_("The subscription is too long."))
    return endpoint, p256dh, auth


def _loopback(endpoint: str) -> bool:
    """Tests run a push endpoint on http://127.0.0.1; no real push service is plain http."""
    return endpoint.startswith("http://127.0.0.1:") and settings.PUSH_ALLOW_LOOPBACK


@transaction.atomic
def subscription_save(*, user, info: object, request=None) -> PushSubscription:
    """Store (or move to ``user``) the browser subscription ``info``, as the Push API's
    ``PushSubscription.toJSON()`` gives it. A browser has one endpoint; signing in as another
    user on the same browser moves it, so one person's messages never reach another's."""
    if not push_enabled():
        raise ApplicationError(_("Push messages are not set up on this server."))
    endpoint, p256dh, auth = _clean(info)
    sub, _created = PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={"user": user, "p256dh": p256dh, "auth": auth, "failures": 0},
    )
    sub.full_clean()
    audit_record(event="push.subscribe", actor=user, request=request, target=sub)
    return sub


@transaction.atomic
def subscription_delete(*, user, endpoint: str, request=None) -> int:
    """Forget ``user``'s subscription with ``endpoint`` (turned off in this browser).
    Returns how many were removed (0 or 1)."""
    sub = PushSubscription.objects.filter(user=user, endpoint=endpoint).first()
    if sub is None:
        return 0
    audit_record(event="push.unsubscribe", actor=user, request=request, target=sub)
    sub.delete()
    return 1


def send_to_user(user, *, title: str, body: str, url: str, tag: str) -> int:
    """Send one push message to every browser ``user`` subscribed. Returns how many push
    services accepted it (0 when the user has none or push is off). A subscription the push
    service says is gone (404/410) is deleted; other failures are logged with the
    subscription's id only and counted on it. ``url`` is the page the notification opens;
    ``tag`` replaces an earlier notification with the same tag on the device."""
    if not push_enabled():
        return 0
    payload = json.dumps({"title": title, "body": body, "url": url, "tag": tag})
    key = Vapid02.from_pem(vapid.private_pem(settings.PUSH_VAPID_PRIVATE_KEY).encode("ascii"))
    delivered = 0
    for sub in list(PushSubscription.objects.filter(user=user)):
        try:
            webpush(
                sub.info(),
                data=payload,
                vapid_private_key=key,
                vapid_claims={"sub": settings.PUSH_VAPID_SUBJECT},
                ttl=settings.PUSH_TTL_SECONDS,
                timeout=SEND_TIMEOUT,
                headers=_headers(tag),
            )
        except WebPushException as exc:
            status = exc.response.status_code if exc.response is not None else None
            if status in GONE:
                logger.info("push subscription %s gone (%s): deleted", sub.public_id, status)
                sub.delete()
                continue
            logger.warning("push to subscription %s failed (status %s)", sub.public_id, status)
            _failed(sub)
        except Exception as exc:  # a network error: the push service is unreachable
            logger.warning("push to subscription %s failed (%s)", sub.public_id, type(exc).__name__)
            _failed(sub)
        else:
            PushSubscription.objects.filter(pk=sub.pk).update(
                last_success_at=timezone.now(), failures=0
            )
            delivered += 1
    return delivered


def _failed(sub: PushSubscription) -> None:
    PushSubscription.objects.filter(pk=sub.pk).update(
        last_failure_at=timezone.now(), failures=sub.failures + 1
    )


def _headers(tag: str) -> dict[str, str]:
    """RFC 8030 headers. Topic (at most 32 URL-safe characters, from the tag): a newer
    message with the same topic replaces one the push service still holds."""
    headers = {"Urgency": "normal"}
    topic = "".join(ch for ch in tag if ch.isalnum() or ch in "-_")[:32]
    if topic:
        headers["Topic"] = topic
    return headers
