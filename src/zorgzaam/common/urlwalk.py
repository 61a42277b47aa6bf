"""Walk the URL conf: every route with the access rule of its view. Used by the permission
tests (every URL x role) and the authorization matrix in the docs."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

from zorgzaam.accounts.permissions import Access, HasCapability

SAMPLE_UUID = uuid.UUID("00000000-0000-4000-8000-000000000000")


@dataclass(frozen=True)
class Route:
    pattern: str
    name: str
    access: Access | None  # None: public
    public: bool

    def sample_url(self, **values) -> str:
        def fill(match: re.Match) -> str:
            converter, key = match.group(1) or "str", match.group(2)
            if key in values:
                return str(values[key])
            return {"uuid": str(SAMPLE_UUID), "int": "1", "slug": "x", "path": "x"}.get(
                converter, "x"
            )

        path = re.sub(r"<(?:(\w+):)?(\w+)>", fill, self.pattern)
        path = path.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\", "")
        return "/" + path


def _access_of(callback) -> tuple[Access | None, bool]:
    if getattr(callback, "zorgzaam_public", False):
        return None, True
    access = getattr(callback, "zorgzaam_access", None)
    if access is not None:
        return access, False
    cls = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if cls is not None:
        if getattr(cls, "zorgzaam_public", False):
            return None, True
        for perm in getattr(cls, "permission_classes", []):
            if isinstance(perm, type) and issubclass(perm, HasCapability) and perm.capability:
                return Access(perm.capability, perm.person_level), False
    raise LookupError(f"{callback!r} declares no access rule (use @requires or @public)")


def access_of(callback) -> Access | None:
    """The access rule a view declares, None for a public view or one without a rule."""
    try:
        return _access_of(callback)[0]
    except LookupError:
        return None


def routes() -> list[Route]:
    found: list[Route] = []

    def walk(patterns, prefix: str, namespace: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = namespace
                if entry.namespace:
                    ns = f"{namespace}{entry.namespace}:"
                walk(entry.url_patterns, prefix + str(entry.pattern), ns)
            elif isinstance(entry, URLPattern):
                pattern = prefix + str(entry.pattern)
                access, is_public = _access_of(entry.callback)
                name = f"{namespace}{entry.name}" if entry.name else ""
                found.append(Route(pattern, name, access, is_public))

    walk(get_resolver().url_patterns, "", "")
    return found
