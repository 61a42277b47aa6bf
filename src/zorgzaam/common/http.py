"""Small HTTP helpers shared by the parts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.forms import BaseForm
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

from .errors import ApplicationError, add_form_error

F = TypeVar("F", bound=BaseForm)


def safe_next(request, default: str) -> str:
    """The ``next`` of a form or query when it is a path on this site, else ``default`` (a
    URL name or path). Anything else (another host, ``//host``, ``javascript:``) would make
    the page an open redirect."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default)


def post_form(request, form: F, action: Callable[[F], Any], success_message: str) -> F | None:
    """The form -> service -> message step of a view: validate ``form`` and run
    ``action(form)`` (which calls one service); on success say ``success_message`` and return
    None (the view redirects), else return the form with its errors, the service's refusal
    (``ApplicationError``) added next to the field it names (the view renders it again)."""
    if form.is_valid():
        try:
            action(form)
        except ApplicationError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, success_message)
            return None
    return form


def post_action(request, action: Callable[[], Any], success_message: str = "") -> bool:
    """The service -> message step of a view without a form (a button): run ``action()``
    (which calls one service); on success say ``success_message`` (when given) and return
    True, else show the service's refusal (``ApplicationError``) as an error message and
    return False. The view redirects either way."""
    try:
        action()
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return False
    if success_message:
        messages.success(request, success_message)
    return True
