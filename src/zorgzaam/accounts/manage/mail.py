"""The invitation e-mail: a plain-text message in the invited person's language (Dutch by
default) with the one-time link."""

from __future__ import annotations

import logging
import re
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from ..models import User
from ..services import INVITATION_VALID_FOR

logger = logging.getLogger(__name__)


def invitation_mail_send(*, user: User, url: str, municipality_name: str) -> bool:
    """Send the link to the user's e-mail address; False when there is none or the mail
    server refused (the administrator then passes the link on by hand)."""
    if not user.email:
        return False
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        subject = gettext("Your invitation to Zorgzaam %(municipality)s") % {
            "municipality": municipality_name
        }
        body: str = render_to_string(
            "accounts/manage/invitation_email.txt",
            {
                "user": user,
                "url": url,
                "municipality_name": municipality_name,
                "hours": int(INVITATION_VALID_FOR.total_seconds() // 3600),
            },
        )
    body = re.sub(r"\n{3,}", "\n\n", body).strip() + "\n"
    try:
        send_mail(subject, body, None, [user.email], fail_silently=False)
    except (OSError, smtplib.SMTPException):
        # No address or message content in the log: the user's public id only.
        logger.warning("invitation e-mail not sent for user %s", user.public_id)
        return False
    return True
