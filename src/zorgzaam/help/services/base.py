"""What the help writes share: notifying coordinators and requesters, checking skills and
languages, and the conditional status changes with their audit."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import F
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from zorgzaam.accounts.roles import Role
from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError

from ..constants import (
    LANGUAGE_CODES,
    Skill,
)
from ..models import (
    HelpRequest,
    Proposal,
    VolunteerProfile,
)
from ..notifications import notify


def _coordinators(municipality):
    from zorgzaam.accounts.models import User

    return User.objects.filter(municipality=municipality, role=Role.HUB_COORDINATOR, is_active=True)


def _notify_coordinators(municipality, *, kind, subject, body, link="", help_request=None):
    for user in _coordinators(municipality):
        notify(
            recipient=user,
            kind=kind,
            subject=subject,
            body=body,
            link=link,
            help_request=help_request,
        )


def _when_text(help_request) -> Callable[[], str]:
    """When the help is planned (or its window), rendered in the active language."""

    def text() -> str:
        if help_request.planned_for:
            return date_format(timezone.localtime(help_request.planned_for), "l j F, H:i")
        start, end = help_request.window_start, help_request.window_end
        if help_request.recurring or not (start and end):
            return gettext("at a time you agree together")
        start, end = timezone.localtime(start).date(), timezone.localtime(end).date()
        if start == end:
            return gettext("on %(day)s") % {"day": date_format(start, "l j F")}
        return gettext("between %(start)s and %(end)s") % {
            "start": date_format(start, "j F"),
            "end": date_format(end, "j F"),
        }

    return text


def _hub_phone(help_request) -> str:
    """The phone number of the requester's community hub (the social map part), or ""."""
    from django.apps import apps

    if not apps.is_installed("zorgzaam.socialmap"):
        return ""
    from zorgzaam.socialmap.selectors import hub_phone_numbers

    hubs = hub_phone_numbers(help_request.municipality, help_request.area_id)
    return hubs[0]["phone"] if hubs else ""


def _notify_requester(help_request, *, kind, subject, body, key, essential=True, params=None):
    """A message to the person who asked for help: inbox when they have an account, their
    channel (the request's phone number first), or the hub's call list."""
    return notify(
        person=help_request.requester,
        kind=kind,
        subject=subject,
        body=body,
        params=params,
        help_request=help_request,
        phone=help_request.phone,
        key=key,
        essential=essential,
        link=reverse("help:my_request", args=[help_request.public_id])
        if help_request.requester.user_id
        else "",
    )


def _volunteer_user(profile):
    return profile.person.user


def _check_skill(skill: str) -> str:
    if skill not in Skill.values:
        raise ApplicationError(
            gettext("Unknown kind of help: %(skill)s.") % {"skill": skill}, field="skill"
        )
    return skill


def _check_languages(languages) -> list[str]:
    languages = list(dict.fromkeys(languages or ()))
    for code in languages:
        if code not in LANGUAGE_CODES:
            raise ApplicationError(
                gettext("Unknown language: %(code)s.") % {"code": code}, field="languages"
            )
    return languages


def _set_status(help_request, status, *, stamp: str | None, expected, **extra) -> bool:
    now = timezone.now()
    values = {"status": status, "updated_at": now, **extra}
    if stamp:
        values[stamp] = now
    n = HelpRequest.objects.filter(pk=help_request.pk, status__in=expected).update(**values)
    if n:
        for key, value in values.items():
            setattr(help_request, key, value)
    return bool(n)


def _change_status(help_request, status, *, stamp: str, expected, refused: str, **extra) -> None:
    """Move the request to ``status`` if it is in one of the ``expected`` states, else refuse
    with the message ``refused``."""
    if not _set_status(help_request, status, stamp=stamp, expected=expected, **extra):
        raise ApplicationError(refused)


def _audit_change(help_request, *, fields, reason: str, actor=None, request=None) -> None:
    """The audit line of a change of the request's state (``help.request.change``)."""
    audit_record(
        event="help.request.change",
        actor=actor,
        request=request,
        target=help_request,
        subject_id=help_request.requester.public_id,
        fields=fields,
        reason=reason,
        municipality_code=help_request.municipality.code,
    )


def _touch(profile_id) -> None:
    """Tell every process's cached pool that this volunteer changed."""
    VolunteerProfile.objects.filter(pk=profile_id).update(updated_at=timezone.now())


def _free_volunteer(profile_id) -> None:
    VolunteerProfile.objects.filter(pk=profile_id).update(
        active_tasks=Greatest(F("active_tasks") - 1, 0), updated_at=timezone.now()
    )


def _withdraw_offers(help_request, *, except_pk=None) -> list[Proposal]:
    offers = list(
        Proposal.objects.filter(request=help_request, status=Proposal.Status.OFFERED)
        .exclude(pk=except_pk)
        .select_related("volunteer__person__user")
    )
    Proposal.objects.filter(pk__in=[p.pk for p in offers]).update(
        status=Proposal.Status.WITHDRAWN, responded_at=timezone.now()
    )
    return offers
