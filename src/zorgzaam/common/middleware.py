"""Middleware of the common part."""

from __future__ import annotations

from django.utils.cache import patch_cache_control

from .urlwalk import access_of


class PersonPagesNoStoreMiddleware:
    """``Cache-Control: no-store`` on every response of a person-level view (the views with
    ``requires(..., person_level=True)`` or ``HasCapability.of(..., person_level=True)``):
    no browser, proxy or shared computer keeps a copy of a resident's data. Tied to the same
    declaration that asks for the second factor, so a new person-level view is covered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "_zorgzaam_person_level", False):
            patch_cache_control(response, no_store=True, private=True)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        access = access_of(view_func)
        request._zorgzaam_person_level = bool(access is not None and access.person_level)
