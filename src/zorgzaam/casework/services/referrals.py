"""Writes of referrals: sending one to a receiving organisation and its updates."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgzaam.accounts.models import User
from zorgzaam.accounts.roles import Role
from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError
from zorgzaam.common.validators import phone_clean

from .. import permissions
from ..models import (
    Action,
    HouseholdMember,
    Referral,
    ReferralUpdate,
)
from .base import _ensure_access, _save


@transaction.atomic
def referral_send(
    *,
    actor,
    action: Action,
    receiver: User,
    receiver_label: str,
    message: str,
    contact_member: HouseholdMember,
    contact_phone: str = "",
    receiver_ref_kind: str = "",
    receiver_ref_public_id=None,
    request=None,
) -> Referral:
    household = action.goal.plan.household
    _ensure_access(actor, household)
    if action.kind == Action.Kind.OWN_NETWORK:
        raise ApplicationError(_("An action with the own network is not referred."))
    if hasattr(action, "referral"):
        raise ApplicationError(_("This action has already been referred."))
    if (
        receiver.role != Role.HUB_COORDINATOR
        or receiver.municipality_id != household.municipality_id
        or not receiver.is_active
    ):
        raise ApplicationError(_("Choose a hub coordinator of your municipality."))
    if contact_member.household_id != household.pk:
        raise ApplicationError(_("The contact person must be a member of the household."))
    if not contact_member.consents.filter(withdrawn_on__isnull=True).exists():
        raise ApplicationError(
            _("Register the contact person's consent to share this with the receiver first."),
            field="contact_member",
        )
    if not message.strip() or not receiver_label.strip():
        raise ApplicationError(_("Name the organisation or hub and write the request."))
    referral = Referral(
        municipality=household.municipality,
        action=action,
        receiver=receiver,
        receiver_label=receiver_label.strip(),
        receiver_ref_kind=receiver_ref_kind,
        receiver_ref_public_id=receiver_ref_public_id,
        message=message.strip(),
        contact_member=contact_member,
        contact_name=contact_member.person.full_name,
        contact_phone=phone_clean(contact_phone, field="contact_phone"),
        sent_by=actor,
    )
    _save(referral)
    ReferralUpdate.objects.create(referral=referral, status=referral.status, by=actor)
    audit_record(
        event="referral.create",
        actor=actor,
        request=request,
        target=referral,
        subject_id=contact_member.person.public_id,
        fields=["message", "contact_name", "contact_phone", "receiver"],
    )
    return referral


@transaction.atomic
def referral_update(
    *, actor, referral: Referral, status: str, decline_reason: str = "", request=None
) -> Referral:
    """The receiving hub coordinator moves the referral on: sent -> accepted -> started ->
    finished, or declined (with a reason) before it starts."""
    if not permissions.referrals_for_receiver(actor).filter(pk=referral.pk).exists():
        raise PermissionDenied("not the receiver")
    allowed = Referral.TRANSITIONS[referral.status]
    if status not in allowed:
        raise ApplicationError(
            _("A referral that is %(now)s cannot become %(next)s.")
            % {
                "now": Referral.Status(referral.status).label,
                "next": Referral.Status(status).label
                if status in Referral.Status.values
                else status,
            }
        )
    decline_reason = (decline_reason or "").strip()
    if status == Referral.Status.DECLINED and not decline_reason:
        raise ApplicationError(_("Say why the referral is declined."), field="decline_reason")
    referral.status = status
    referral.decline_reason = decline_reason if status == Referral.Status.DECLINED else ""
    referral.status_changed_at = timezone.now()
    _save(referral)
    ReferralUpdate.objects.create(referral=referral, status=status, by=actor)
    audit_record(
        event="referral.update",
        actor=actor,
        request=request,
        target=referral,
        subject_id=referral.contact_member.person.public_id if referral.contact_member else None,
        fields=["status"] + (["decline_reason"] if decline_reason else []),
    )
    return referral
