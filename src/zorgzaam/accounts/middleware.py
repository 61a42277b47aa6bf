"""Idle timeout for roles that see person-level data.

When the limit has passed, the user is logged out and sent to the login page, which says why,
with the page they were on as ``next``; a form they were submitting is kept as a draft
(``drafts``) and offered again on that page after they log in."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from . import drafts
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
                return self._timed_out(request, user.pk)
            elif last is None or now - int(last) >= _RESOLUTION:
                # Written at most once a minute: a session save per request would make every
                # page view of a professional a database write.
                request.session[_KEY] = now
        return self.get_response(request)

    @staticmethod
    def _timed_out(request, user_pk: int):
        back = drafts.return_path(request)
        logout(request)
        drafts.keep(request, user_pk=user_pk, path=back)
        query = {"idle": "1"}
        if back:
            query["next"] = back
        return redirect(f"{reverse('accounts:login')}?{urlencode(query)}")
