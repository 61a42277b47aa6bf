"""Refuse NUL characters in the query string with 400 before any view sees them.

PostgreSQL cannot store or compare text with NUL (psycopg raises), so a parameter such as
``?municipality=%00`` reaching a query would be a 500 on PostgreSQL and an odd miss on
SQLite. Django's form fields already refuse NUL (``ProhibitNullCharactersValidator``); this
covers the query parameters that views and API filters read directly. Found by schemathesis.
"""

from __future__ import annotations

from django.core.exceptions import BadRequest


class RejectNullCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "%00" in request.META.get("QUERY_STRING", "") or "\x00" in request.path:
            for key, values in request.GET.lists():
                if "\x00" in key or any("\x00" in value for value in values):
                    raise BadRequest("NUL character in a query parameter")
            if "\x00" in request.path:
                raise BadRequest("NUL character in the path")
        return self.get_response(request)
