"""Writes of safety: concern reports, handling them, and blocking a pairing."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError

from ..models import (
    ConcernReport,
    HelpRequest,
    PairingBlock,
    Proposal,
    VolunteerProfile,
)
from .base import _notify_coordinators


# --------------------------------------------------------------------------- safety
@transaction.atomic
def concern_report(*, actor, help_request, text: str, request=None) -> ConcernReport:
    text = (text or "").strip()
    if not text:
        raise ApplicationError(gettext("Describe what worries you."), field="text")
    concern = ConcernReport.objects.create(
        municipality_id=help_request.municipality_id,
        reporter=actor,
        request=help_request,
        text=text[:2000],
    )
    audit_record(
        event="help.concern.create",
        actor=actor,
        request=request,
        target=concern,
        subject_id=help_request.requester.public_id,
        municipality_code=help_request.municipality.code,
    )
    _notify_coordinators(
        help_request.municipality,
        kind="concern.new",
        subject=_("A concern was reported"),
        body=_("Someone reported a concern about a help request. Please look at it soon."),
        link=reverse("help:coordinate_concerns"),
    )
    return concern


@transaction.atomic
def concern_handle(*, concern: ConcernReport, actor, request=None) -> ConcernReport:
    if concern.status == ConcernReport.Status.HANDLED:
        raise ApplicationError(gettext("This concern has already been handled."))
    concern.status = ConcernReport.Status.HANDLED
    concern.handled_at = timezone.now()
    concern.save(update_fields=["status", "handled_at", "updated_at"])
    audit_record(
        event="help.concern.handle",
        actor=actor,
        request=request,
        target=concern,
        fields=["status"],
        municipality_code=concern.municipality.code,
    )
    return concern


@transaction.atomic
def pairing_block(*, actor, volunteer: VolunteerProfile, requester, reason: str, request=None):
    """Never propose ``volunteer`` to ``requester`` again; open offers between them are
    withdrawn."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(gettext("Give a reason for the block."), field="reason")
    if volunteer.municipality_id != requester.municipality_id:
        raise ApplicationError(gettext("This volunteer belongs to another municipality."))
    block, created = PairingBlock.objects.get_or_create(
        volunteer=volunteer,
        requester=requester,
        defaults={
            "municipality_id": requester.municipality_id,
            "blocked_by": actor,
            "reason": reason[:200],
        },
    )
    if not created:
        raise ApplicationError(gettext("This pairing is already blocked."))
    offers = Proposal.objects.filter(
        volunteer=volunteer, request__requester=requester, status=Proposal.Status.OFFERED
    )
    for offer in offers:
        Proposal.objects.filter(pk=offer.pk).update(
            status=Proposal.Status.WITHDRAWN, responded_at=timezone.now()
        )
        if not Proposal.objects.filter(
            request_id=offer.request_id, status=Proposal.Status.OFFERED
        ).exists():
            HelpRequest.objects.filter(
                pk=offer.request_id, status=HelpRequest.Status.PROPOSED
            ).update(status=HelpRequest.Status.NEW)
    audit_record(
        event="help.block.create",
        actor=actor,
        request=request,
        target=block,
        subject_id=requester.public_id,
        municipality_code=requester.municipality.code,
    )
    return block
