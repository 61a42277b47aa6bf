"""Shared pieces of the help screens: page size, labels and the form -> service helpers."""

from __future__ import annotations

from django.contrib import messages

from zorgzaam.common.errors import ApplicationError
from zorgzaam.common.http import post_action

from .. import services
from ..constants import SKILL_LABELS
from ..engine import ui_lang

#: open requests per page of a village's list
VILLAGE_PAGE_SIZE = 10


def skill_label(code: str) -> str:
    return SKILL_LABELS.get(code, {}).get(ui_lang(), code)


def _change(request, service, *, done: str, form=None, invalid: str = "", **kwargs) -> bool:
    """Run a state-changing ``service`` as the signed-in user; say ``done`` if it worked, or
    the service's reason if it refused. With a ``form``, its cleaned data are passed too, and
    an invalid form says ``invalid`` and runs nothing. Returns whether it worked."""
    if form is not None:
        if not form.is_valid():
            messages.error(request, invalid)
            return False
        kwargs.update(form.cleaned_data)
    return post_action(
        request, lambda: service(actor=request.user, request=request, **kwargs), done
    )


def _submit(request, form, service, *, done: str, **kwargs) -> str:
    """Run ``service`` with the cleaned data of a bound ``form`` as the signed-in user.

    Returns ``"done"`` (it worked; ``done`` is said), ``"invalid"`` (the form is invalid or
    the service refused one of its fields: the errors sit next to the fields, so render
    the form again with what was typed) or ``"refused"`` (the service refused the action
    as a whole: its reason is said as a message)."""
    if not form.is_valid():
        return "invalid"
    try:
        service(actor=request.user, request=request, **kwargs, **form.cleaned_data)
    except ApplicationError as exc:
        if exc.field and exc.field in form.fields:
            form.add_error(exc.field, exc.message)
            return "invalid"
        messages.error(request, exc.message)
        return "refused"
    messages.success(request, done)
    return "done"


def _create_request(request, form, *, municipality, requester, via, **extra):
    """Store the help request a ``_WhatWhen`` form describes (skill, text, window, language)."""
    data = form.cleaned_data
    start, end = form.window()
    return services.help_request_create(
        municipality=municipality,
        requester=requester,
        skill=data["skill"],
        description=data["description"],
        window_start=start,
        window_end=end,
        language=data["language"],
        submitted_via=via,
        request=request,
        **extra,
    )


def _create_for_new_person(request, form, *, via, submitted_by=None, **extra):
    """Store the resident a ``PublicRequestForm`` or ``PhoneRequestForm`` describes and their
    help request (``services.help_request_create_for_new_person``)."""
    data = form.cleaned_data
    start, end = form.window()
    return services.help_request_create_for_new_person(
        given_name=data["given_name"],
        family_name=data["family_name"],
        postcode=data["postcode"],
        street_address=data["street_address"],
        phone=data["phone"],
        email=data.get("email") or "",
        language=data["language"],
        skill=data["skill"],
        description=data["description"],
        window_start=start,
        window_end=end,
        submitted_via=via,
        submitted_by=submitted_by,
        request=request,
        **extra,
    )


def _hub_phones(request, area_id=None) -> list[dict]:
    """Phone numbers of the community hubs (the village's own when known), when the social
    map part is installed: the texts that say "call your community hub" show them."""
    from django.apps import apps

    if not apps.is_installed("zorgzaam.socialmap"):
        return []
    from zorgzaam.socialmap.selectors import hub_phone_numbers

    user = request.user
    municipality = user.municipality if getattr(user, "is_authenticated", False) else None
    return hub_phone_numbers(municipality, area_id)


def _profile_values(profile, **changes) -> dict:
    values = {
        "skills": profile.skills,
        "languages": profile.languages,
        "availability": profile.availability,
        "radius_km": profile.radius_km,
        "max_active_tasks": profile.max_active_tasks,
        "vog_status": profile.vog_status,
        "vog_expires_on": profile.vog_expires_on,
        "paused": profile.paused,
        "paused_until": profile.paused_until,
        "work_buddy_role": profile.work_buddy_role,
        "employer_name": profile.employer_name,
        "preferences": profile.preferences,
    }
    values.update(changes)
    return values
