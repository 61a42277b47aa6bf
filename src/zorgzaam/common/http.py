"""Small HTTP helpers shared by the parts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, overload

from django.contrib import messages
from django.forms import BaseForm
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
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


#: What a view says on success: a text, or a callable that makes it from the service's result
#: (say, the name of what was just created).
Message = str | Callable[[Any], str]


def _say(request, message: Message, result: Any) -> None:
    text = message(result) if callable(message) else message
    if text:
        messages.success(request, text)


@overload
def post_form(
    request, form: F, action: Callable[[F], Any], success_message: Message
) -> F | None: ...


@overload
def post_form(
    request,
    form: F,
    action: Callable[[F], Any],
    success_message: Message,
    *,
    redirect_to: Any,
) -> F | HttpResponseRedirect: ...


def post_form(request, form, action, success_message, *, redirect_to=None):
    """The form -> service -> message step of a view: validate ``form`` and run
    ``action(form)`` (which calls one service); on success say ``success_message`` (a text, or
    a callable given the service's result) and return None (the view redirects), else return
    the form with its errors, the service's refusal (``ApplicationError``) added next to the
    field it names (the view renders it again).

    With ``redirect_to`` success returns the redirect itself: to ``redirect_to`` (what
    ``django.shortcuts.redirect`` takes: a URL name, a path, an object with
    ``get_absolute_url``), or, when it is a callable, to what it makes of the service's result
    (the object just created)."""
    if form.is_valid():
        try:
            result = action(form)
        except ApplicationError as exc:
            add_form_error(form, exc)
        else:
            _say(request, success_message, result)
            if redirect_to is None:
                return None
            return redirect(redirect_to(result) if callable(redirect_to) else redirect_to)
    return form


def page_of(url_name: str) -> Callable[[Any], str]:
    """A ``redirect_to`` for ``post_form``: the page ``url_name`` of the object the service
    returned, by its ``public_id`` (``redirect_to=page_of("work:employer_detail")``)."""
    return lambda obj: reverse(url_name, kwargs={"public_id": obj.public_id})


def post_action(request, action: Callable[[], Any], success_message: Message = "") -> bool:
    """The service -> message step of a view without a form (a button): run ``action()``
    (which calls one service); on success say ``success_message`` (when given; a text, or a
    callable given the service's result) and return True, else show the service's refusal
    (``ApplicationError``) as an error message and return False. The view redirects either
    way."""
    try:
        result = action()
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return False
    _say(request, success_message, result)
    return True
