"""Idle timeout for roles that see person-level data."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout

from .roles import MFA_ROLES

_KEY = "zorgzaam_last_seen"
_RESOLUTION = 60  # seconds


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.role in MFA_ROLES:
            now = int(time.time())
            last = request.session.get(_KEY)
            limit = settings.PROFESSIONAL_IDLE_TIMEOUT_MINUTES * 60
            if last is not None and now - int(last) > limit:
                logout(request)
            elif last is None or now - int(last) >= _RESOLUTION:
                # Written at most once a minute: a session save per request would make every
                # page view of a professional a database write.
                request.session[_KEY] = now
        return self.get_response(request)
