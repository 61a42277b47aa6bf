"""The channels a notification goes out on: e-mail (SMTP, Django's mail), SMS (NotifyNL, the
GOV.UK Notify API, per municipality) and web push (``zorgzaam.push`` when installed).

Each sender takes the notification and one address and either returns (sent) or raises
``ChannelError`` (or any exception: the caller records the class name only, never content).

NotifyNL is configured with the setting ``ZORGZAAM_NOTIFYNL`` (environment variable of that
name holding JSON, or ``ZORGZAAM_NOTIFYNL_FILE`` naming a JSON file), one entry per CBS
municipality code; docs/operations.md has an example::

    {"GM0513": {"api_key_env": "GOUDA_NOTIFYNL_KEY", "base_url": "https://api.notifynl.nl",
                "sms_template": "<template uuid>", "templates": {"request.accepted": "<uuid>"}}}

The key comes from ``api_key`` (literal, tests), ``api_key_env`` (an environment variable) or
``api_key_file`` (a file). The SMS template has the placeholders ((subject)), ((body)) and
((link)).
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

UNSUBSCRIBE_SALT = "zorgzaam.help.unsubscribe"
_NOTIFYNL_KEYS = {
    "api_key",
    "api_key_env",
    "api_key_file",
    "base_url",
    "sms_template",
    "templates",
    "timeout",
}


class ChannelError(Exception):
    """A send that did not go through; the next channel is tried."""


# --------------------------------------------------------------------------- e-mail
def absolute(path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.ZORGZAAM_PUBLIC_URL.rstrip("/") + path


def unsubscribe_token(note) -> str:
    """A signed token naming whom the message was for (person or user), for one-click
    unsubscribe from non-essential e-mail."""
    who = f"p:{note.person.public_id}" if note.person_id else f"u:{note.recipient.public_id}"
    return signing.dumps(who, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_subject(token: str) -> str | None:
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None


def message_id(note) -> str:
    """The same Message-ID for every attempt of one notification, so a message that is sent
    again after a crash is recognisable as the same one."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "zorgzaam.local"
    return f"<{note.public_id}@{domain}>"


def build_email(note, address: str) -> EmailMultiAlternatives:
    link = absolute(note.link)
    unsubscribe = (
        ""
        if note.essential
        else absolute(reverse("help:unsubscribe", args=[unsubscribe_token(note)]))
    )
    context = {"note": note, "link": link, "unsubscribe": unsubscribe}
    with translation.override(note.language or "nl"):
        text = render_to_string("help/email/notification.txt", context)
        html = render_to_string("help/email/notification.html", context)
    headers = {"Message-ID": message_id(note), "Content-Language": note.language or "nl"}
    if unsubscribe:
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email = EmailMultiAlternatives(subject=note.subject, body=text, to=[address], headers=headers)
    email.attach_alternative(html, "text/html")
    return email


def send_email(note, address: str) -> str:
    build_email(note, address).send()
    return ""


# --------------------------------------------------------------------------- SMS (NotifyNL)
@dataclass(frozen=True)
class NotifyNL:
    municipality: str
    api_key: str
    base_url: str
    sms_template: str
    templates: dict
    timeout: float

    def template_for(self, kind: str) -> str:
        return str(self.templates.get(kind) or self.sms_template)


def _fail(message: str):
    raise ImproperlyConfigured(f"ZORGZAAM_NOTIFYNL: {message}")


def _key(code: str, raw: dict) -> str:
    sources = [k for k in ("api_key", "api_key_env", "api_key_file") if raw.get(k)]
    if len(sources) != 1:
        _fail(f"{code}: give exactly one of api_key, api_key_env, api_key_file.")
    source = sources[0]
    if source == "api_key":
        return str(raw["api_key"])
    if source == "api_key_env":
        value = os.environ.get(str(raw["api_key_env"]), "")
        if not value:
            _fail(f"{code}: the environment variable {raw['api_key_env']!r} is empty.")
        return value.strip()
    try:
        return Path(str(raw["api_key_file"])).read_text(encoding="utf-8").strip()
    except OSError as exc:
        _fail(f"{code}: api_key_file cannot be read: {exc}")
    raise AssertionError("unreachable")  # pragma: no cover


def notifynl_parse(raw) -> dict[str, NotifyNL]:
    """Validate the setting (a dict, a JSON string or empty) into one entry per municipality
    code. Refuses unknown keys, a missing template and a malformed key."""
    if raw in (None, "", {}):
        return {}
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError as exc:
            _fail(f"not valid JSON: {exc}")
    if not isinstance(raw, dict):
        _fail("expected an object keyed by municipality code.")
    result = {}
    for code, entry in raw.items():
        if not isinstance(entry, dict) or set(entry) - _NOTIFYNL_KEYS:
            _fail(f"{code}: unknown keys {sorted(set(entry) - _NOTIFYNL_KEYS)}.")
        if not entry.get("sms_template"):
            _fail(f"{code}: sms_template is required.")
        templates = entry.get("templates") or {}
        if not isinstance(templates, dict):
            _fail(f"{code}: templates must be an object (kind -> template id).")
        key = _key(code, entry)
        if len(key) < 74:  # <name>-<service id (36)>-<secret (36)>
            _fail(f"{code}: the API key is not a NotifyNL key (name-service id-secret).")
        result[code] = NotifyNL(
            municipality=code,
            api_key=key,
            base_url=str(entry.get("base_url") or "https://api.notifynl.nl").rstrip("/"),
            sms_template=str(entry["sms_template"]),
            templates=dict(templates),
            timeout=float(entry.get("timeout", 10)),
        )
    return result


_parsed: dict[str, dict[str, NotifyNL]] = {}


def notifynl_for(municipality) -> NotifyNL | None:
    raw = getattr(settings, "ZORGZAAM_NOTIFYNL", "")
    cache_key = raw if isinstance(raw, str) else json.dumps(raw, sort_keys=True, default=str)
    if cache_key not in _parsed:
        _parsed.clear()
        _parsed[cache_key] = notifynl_parse(raw)
    return _parsed[cache_key].get(municipality.code) if municipality is not None else None


def sms_text_parts(note) -> dict:
    return {"subject": note.subject, "body": note.body, "link": absolute(note.link)}


def send_sms(note, address: str) -> str:
    from notifications_python_client.errors import HTTPError
    from notifications_python_client.notifications import NotificationsAPIClient

    config = notifynl_for(note.municipality)
    if config is None:
        raise ChannelError("no NotifyNL configuration")
    client = NotificationsAPIClient(config.api_key, base_url=config.base_url)
    client.timeout = config.timeout
    try:
        response = client.send_sms_notification(
            phone_number="".join(ch for ch in address if ch.isdigit() or ch == "+"),
            template_id=config.template_for(note.kind),
            personalisation=sms_text_parts(note),
            reference=str(note.public_id),
        )
    except HTTPError as exc:
        raise ChannelError(f"NotifyNL answered {exc.status_code}") from exc
    return str((response or {}).get("id", ""))[:60]


# --------------------------------------------------------------------------- web push
PUSH_MODULE = "zorgzaam.push.services"


def push_available(user) -> bool:
    """Web push is a channel for ``user`` once the push app (``zorgzaam.push``) is installed
    and has keys, and the user has subscribed a browser."""
    from django.apps import apps

    if user is None or not apps.is_installed("zorgzaam.push"):
        return False
    services = importlib.import_module(PUSH_MODULE)
    return bool(services.push_enabled()) and user.push_subscriptions.exists()


def send_push(note, address: str) -> str:
    services = importlib.import_module(PUSH_MODULE)
    with translation.override(note.language or "nl"):
        delivered = services.send_to_user(
            note.recipient,
            title=note.subject,
            body=note.body,
            url=note.link or reverse("help:inbox"),
            tag=note.public_id.hex,  # unique: the push service's Topic (32 characters)
        )
    if not delivered:
        raise ChannelError("no push subscription took the message")
    return ""


SENDERS = {"email": send_email, "sms": send_sms, "push": send_push}
