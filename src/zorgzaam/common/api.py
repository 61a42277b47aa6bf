"""API helpers: ApplicationError -> 400 with a clear message."""

from __future__ import annotations

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import ApplicationError


def exception_handler(exc, context):
    if isinstance(exc, ApplicationError):
        body = {"detail": exc.message, "code": exc.code}
        if exc.field:
            body["field"] = exc.field
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)


_ERROR_BODY = {
    "application/json": {
        "schema": {
            "type": "object",
            "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
            "required": ["detail"],
        }
    }
}


def add_error_responses(result, generator, request, public):
    """drf-spectacular post-processing: every operation documents the refusals the access
    rules can give (403; 404 where the path names a record or the list is paged) and 400 for
    invalid input, unless the view already says."""
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            # web.middleware refuses a NUL character in any query parameter
            responses.setdefault(
                "400",
                {
                    "description": "Invalid parameter or body: what is wrong, per field.",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
            )
            if not path.startswith("/hsds/"):
                responses.setdefault(
                    "403",
                    {"description": "Not logged in, or no need-to-know.", "content": _ERROR_BODY},
                )
            paged = any(p.get("name") == "page" for p in operation.get("parameters", []))
            if "{" in path or paged:
                responses.setdefault(
                    "404", {"description": "No such record or page.", "content": _ERROR_BODY}
                )
    return result
