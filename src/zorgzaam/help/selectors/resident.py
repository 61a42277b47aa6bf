"""The resident's own requests, and everyone's inbox."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from zorgzaam.accounts.permissions import deny

from ..models import (
    HelpRequest,
    Notification,
    Proposal,
    VolunteerProfile,
)


# --------------------------------------------------------------------------- resident
def help_request_list_for_resident(user) -> QuerySet:
    person = getattr(user, "person", None)
    if person is None:
        return HelpRequest.objects.none()
    return HelpRequest.objects.filter(requester=person).select_related("area")


def help_request_get_for_resident(request, public_id) -> HelpRequest:
    obj = HelpRequest.objects.filter(public_id=public_id).select_related("requester").first()
    if obj is None:
        raise Http404
    if obj.requester.user_id != request.user.pk:
        deny(request, target=obj, subject_id=obj.requester.public_id, reason="not the requester")
    return obj


def helper_first_name(obj: HelpRequest) -> str:
    """The first name (only that) of the volunteer who took the request on, for the
    requester: shown from acceptance on, never while it is only offered."""
    if obj.status not in (*HelpRequest.ACTIVE, HelpRequest.Status.DONE) or not obj.volunteer_id:
        return ""
    volunteer = VolunteerProfile.objects.select_related("person").get(pk=obj.volunteer_id)
    return volunteer.person.given_name


def help_request_get_for_concern(request, public_id) -> HelpRequest:
    """A concern may be raised by the requester or by a volunteer offered the request."""
    obj = (
        HelpRequest.objects.filter(public_id=public_id)
        .select_related("requester", "municipality")
        .first()
    )
    if obj is None:
        raise Http404
    user = request.user
    is_requester = obj.requester.user_id == user.pk
    is_volunteer = Proposal.objects.filter(request=obj, volunteer__person__user=user).exists()
    if not (is_requester or is_volunteer):
        deny(request, target=obj, subject_id=obj.requester.public_id, reason="not involved")
    return obj


# --------------------------------------------------------------------------- inbox
def notifications_for(user) -> QuerySet:
    return Notification.objects.filter(recipient=user)


def notification_get_for_user(request, public_id) -> Notification:
    obj = Notification.objects.filter(public_id=public_id).first()
    if obj is None:
        raise Http404
    if obj.recipient_id != request.user.pk:
        deny(request, target=obj, reason="not the recipient")
    return obj
