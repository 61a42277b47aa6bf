"""Access control in one place. Deny by default:

* Django's LoginRequiredMiddleware refuses anonymous users everywhere; ``public`` opts a view
  out explicitly.
* ``requires(capability, person_level=...)`` checks the role's capability, and for
  person-level pages the second factor; a refusal is answered 403 (or a redirect to the
  second-factor page) and written to the audit log.
* Object-level need-to-know lives in each app's ``<entity>_get_for_actor`` selector, which
  calls ``deny()`` on refusal so the attempt is audited too.

Every view carries ``zorgzaam_access`` (or ``zorgzaam_public``); a test walks the URL conf and
fails on any view without one.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from rest_framework.permissions import BasePermission

from .roles import MFA_ROLES, role_can


@dataclass(frozen=True)
class Access:
    capability: str
    person_level: bool = False


def public(view):
    """Mark a view as reachable without login (social map, landing, public forms)."""
    view = login_not_required(view)
    view.zorgzaam_public = True
    return view


def actor_can(user, capability: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "municipality_id", None) is None:
        return False
    return role_can(user.role, capability)


def second_factor_ok(user) -> bool:
    if user.role not in MFA_ROLES:
        return True
    return bool(getattr(user, "is_verified", lambda: False)())


def deny(request, *, capability: str = "", target=None, subject_id=None, reason: str = ""):
    """Audit a refused attempt and raise PermissionDenied (403)."""
    from zorgzaam.audit.services import audit_record

    audit_record(
        event="access.denied",
        request=request,
        target=target if target is not None else ("url", request.path[:64]),
        subject_id=subject_id,
        reason=reason or capability,
        denied=True,
    )
    raise PermissionDenied(reason or capability)


def check(request, access: Access):
    """Return None when allowed, or a response (redirect) to send; raises on refusal."""
    user = request.user
    if not actor_can(user, access.capability):
        deny(request, capability=access.capability, reason=f"role lacks {access.capability}")
    if access.person_level and not second_factor_ok(user):
        from zorgzaam.audit.services import audit_record

        audit_record(
            event="access.denied",
            request=request,
            target=("url", request.path[:64]),
            reason="second factor required",
            denied=True,
        )
        return redirect(f"{_otp_url()}?{urlencode({'next': request.get_full_path()})}")
    return None


def _otp_url() -> str:
    from django.urls import reverse

    return reverse("accounts:otp")


def requires(capability: str, *, person_level: bool = False):
    """Decorator for function views and ``as_view()`` results."""
    access = Access(capability, person_level)

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            response = check(request, access)
            if response is not None:
                return response
            return view(request, *args, **kwargs)

        wrapped.zorgzaam_access = access
        return wrapped

    return decorator


class HasCapability(BasePermission):
    """DRF permission: ``permission_classes = [HasCapability.of("x.view", person_level=True)]``."""

    capability = ""
    person_level = False

    @classmethod
    def of(cls, capability: str, *, person_level: bool = False):
        return type(
            f"Has_{capability.replace('.', '_')}",
            (cls,),
            {"capability": capability, "person_level": person_level},
        )

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not actor_can(user, self.capability):
            if getattr(user, "is_authenticated", False):
                from zorgzaam.audit.services import audit_record

                audit_record(
                    event="access.denied",
                    request=request,
                    target=("api", request.path[:64]),
                    reason=f"role lacks {self.capability}",
                    denied=True,
                )
            return False
        if self.person_level and not second_factor_ok(user):
            from zorgzaam.audit.services import audit_record

            audit_record(
                event="access.denied",
                request=request,
                target=("api", request.path[:64]),
                reason="second factor required",
                denied=True,
            )
            return False
        return True
