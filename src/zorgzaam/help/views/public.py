"""The public request form (no account), its rate limits and thanks page."""

from __future__ import annotations

from django.core.cache import cache
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zorgzaam.accounts.permissions import actor_can, public
from zorgzaam.audit.services import client_ip
from zorgzaam.common.errors import ApplicationError, add_form_error

from ..constants import SubmittedVia
from ..forms import (
    PublicRequestForm,
)
from .base import (
    _create_for_new_person,
    _hub_phones,
)

#: public form (docs/help.md "Rate limits"): per hour, at most HELP_ASK_PER_PERSON submissions
#: for one postcode + phone number (the submission's fingerprint), and a ceiling of
#: HELP_ASK_PER_IP posts from one connection, high enough for a hub's shared computer.
PUBLIC_PER_PERSON = 3
PUBLIC_PER_IP = 60
PUBLIC_RATE_WINDOW = 3600


# --------------------------------------------------------------------------- public
def _over_limit(key: str, limit: int) -> bool:
    """Count one more hit on ``key`` in the current window; True once over ``limit``."""
    cache.add(key, 0, PUBLIC_RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, PUBLIC_RATE_WINDOW)
        count = 1
    return count > limit


def _rate_limited(request) -> bool:
    """The per-connection ceiling: counts every post (bots and typos included)."""
    from django.conf import settings

    limit = getattr(settings, "HELP_ASK_PER_IP", PUBLIC_PER_IP)
    return _over_limit(f"help:ask:ip:{client_ip(request) or 'unknown'}", limit)


def _fingerprint_limited(form) -> bool:
    """The per-person limit: the same postcode and phone number (a keyed hash, so the cache
    holds no personal data) sent more than HELP_ASK_PER_PERSON times in an hour."""
    import hashlib
    import hmac

    from django.conf import settings

    postcode = "".join(form.cleaned_data["postcode"].split()).upper()
    digits = "".join(c for c in form.cleaned_data["phone"] if c.isdigit())[-9:]
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{postcode}|{digits}".encode(), hashlib.sha256
    ).hexdigest()[:32]
    limit = getattr(settings, "HELP_ASK_PER_PERSON", PUBLIC_PER_PERSON)
    return _over_limit(f"help:ask:fp:{digest}", limit)


def _ask_refused(request, form, message):
    form.add_error(None, message)
    return render(
        request, "help/ask.html", {"form": form, "hub_phones": _hub_phones(request)}, status=429
    )


@public
def ask(request):
    """Ask for help without an account: stored as ``new``; a coordinator follows up."""
    person = getattr(request.user, "person", None) if request.user.is_authenticated else None
    if person is not None and actor_can(request.user, "help.request"):
        return redirect("help:my_request_new")  # a known resident: no need to type it all
    form = PublicRequestForm(request.POST or None)
    if request.method == "POST":
        if _rate_limited(request):
            return _ask_refused(
                request,
                form,
                _(
                    "Too many requests from this connection. Please call your community hub "
                    "or try again later."
                ),
            )
        if form.is_valid():
            if form.cleaned_data["website"]:
                return redirect("help:ask_thanks")  # a bot: store nothing, say nothing
            if _fingerprint_limited(form):
                return _ask_refused(
                    request,
                    form,
                    _(
                        "We already received several requests with this postcode and phone "
                        "number in the last hour. A coordinator will contact you; if it is "
                        "urgent, call your community hub."
                    ),
                )
            someone_else = form.cleaned_data["for_someone_else"]
            try:
                created = _create_for_new_person(
                    request,
                    form,
                    via=SubmittedVia.NEIGHBOUR if someone_else else SubmittedVia.PUBLIC_FORM,
                    consent=form.cleaned_data["consent"],
                )
            except ApplicationError as exc:
                add_form_error(form, exc)
            else:
                # The thanks page names the phone number of this village's hub.
                request.session["help_ask_area"] = created.requester.area_id
                return redirect("help:ask_thanks")
    return render(request, "help/ask.html", {"form": form, "hub_phones": _hub_phones(request)})


@public
def ask_thanks(request):
    area_id = request.session.get("help_ask_area")
    return render(request, "help/ask_thanks.html", {"hub_phones": _hub_phones(request, area_id)})
