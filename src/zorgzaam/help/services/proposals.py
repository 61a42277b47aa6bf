"""Writes of proposals: proposing a volunteer (by hand or by the engine), accepting and
declining, and the batch assignment."""

from __future__ import annotations

import logging
import time
import warnings
from collections.abc import Hashable

from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError

from .. import matching
from ..constants import (
    DeclineReason,
)
from ..engine import help_need, reasons_json, unmatched_text, volunteer_of
from ..models import (
    HelpRequest,
    PairingBlock,
    Proposal,
    VolunteerProfile,
)
from ..notifications import notify
from .base import (
    _audit_change,
    _notify_coordinators,
    _notify_requester,
    _set_status,
    _touch,
    _volunteer_user,
    _when_text,
    _withdraw_offers,
)

logger = logging.getLogger(__name__)


def is_blocked(profile, person) -> bool:
    return PairingBlock.objects.filter(volunteer=profile, requester=person).exists()


def engine_proposal(help_request, profile) -> tuple[matching.Proposal | None, str]:
    """Score one volunteer for one request with the engine (fresh from the database): the
    proposal, or ``None`` and, in words, the hard constraint that rules them out."""
    volunteer = volunteer_of(profile)
    need = help_need(help_request)
    pool = matching.VolunteerPool.from_volunteers(
        [volunteer], _skills_vocab(), _languages_vocab(), capacity=16
    )
    found = matching.rank(pool, need, k=1)
    if found:
        return found[0], ""
    return None, unmatched_text(matching.why_unmatched(pool, need))


def _skills_vocab():
    from ..constants import SKILLS_VOCABULARY

    return SKILLS_VOCABULARY


def _languages_vocab():
    from ..constants import LANGUAGES_VOCABULARY

    return LANGUAGES_VOCABULARY


@transaction.atomic
def help_request_propose(
    *, help_request, volunteer: VolunteerProfile, actor, request=None, engine=None
) -> Proposal:
    """Offer ``help_request`` to ``volunteer``. The engine checks the hard constraints on
    fresh data (skill, VOG valid on the task date, availability, radius, load, pause); a
    volunteer who does not meet them is refused with the reason in words."""
    help_request = HelpRequest.objects.select_for_update().get(pk=help_request.pk)
    if volunteer.municipality_id != help_request.municipality_id:
        raise ApplicationError(gettext("This volunteer belongs to another municipality."))
    if not help_request.is_open:
        raise ApplicationError(gettext("This request is no longer open for proposals."))
    if volunteer.person_id == help_request.requester_id:
        raise ApplicationError(gettext("A volunteer cannot be proposed for their own request."))
    if is_blocked(volunteer, help_request.requester):
        raise ApplicationError(gettext("This pairing has been blocked by a coordinator."))
    if Proposal.objects.filter(request=help_request, volunteer=volunteer).exists():
        raise ApplicationError(gettext("This volunteer has already been asked for this request."))
    if engine is None:
        engine, why = engine_proposal(help_request, volunteer)
        if engine is None:
            raise ApplicationError(
                gettext("This volunteer cannot take this request: %(why)s.") % {"why": why}
            )
    proposal = Proposal.objects.create(
        municipality_id=help_request.municipality_id,
        request=help_request,
        volunteer=volunteer,
        score=round(engine.score, 4),
        distance_km=round(engine.distance_km, 2),
        reasons=reasons_json(engine),
        proposed_by=actor,
    )
    if help_request.status == HelpRequest.Status.NEW:
        _set_status(
            help_request,
            HelpRequest.Status.PROPOSED,
            stamp="proposed_at",
            expected=[HelpRequest.Status.NEW],
        )
    audit_record(
        event="help.proposal.create",
        actor=actor,
        request=request,
        target=proposal,
        subject_id=help_request.requester.public_id,
        municipality_code=help_request.municipality.code,
    )
    notify(
        recipient=_volunteer_user(volunteer),
        kind="proposal.offered",
        subject=_("A neighbour could use your help"),
        body=_(
            "A coordinator offers you a task nearby. Open the task on Zorgzaam (My tasks) "
            "to accept or decline it."
        ),
        link=reverse("help:task", args=[proposal.public_id]),
        help_request=help_request,
        key=f"proposal.offered:{proposal.public_id}",
    )
    return proposal


def _retry_when_locked(fn, attempts: int = 8):
    """Run ``fn`` (one transaction); on SQLite, retry when the database is locked by another
    writer (busy timeout exceeded, or a shared-cache table lock). Inside an outer transaction
    the caller owns the retry, so ``fn`` runs once."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return fn()
    for attempt in range(attempts):
        try:
            return fn()
        except OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.02 * (attempt + 1))
    raise AssertionError("unreachable")  # pragma: no cover


def proposal_accept(*, proposal: Proposal, actor, request=None) -> HelpRequest:
    """The volunteer accepts. Exactly one of several volunteers accepting at once wins: the
    request moves ``proposed -> accepted`` with a conditional UPDATE, and the volunteer's
    load rises only while it is below their maximum."""
    return _retry_when_locked(
        lambda: _proposal_accept(proposal=proposal, actor=actor, request=request)
    )


@transaction.atomic
def _proposal_accept(*, proposal: Proposal, actor, request=None) -> HelpRequest:
    now = timezone.now()
    help_request = proposal.request
    volunteer = proposal.volunteer
    if help_request.requires_vog and not volunteer.vog_valid_on(help_request.task_date):
        raise ApplicationError(
            gettext(
                "This task needs a valid certificate of conduct (VOG) and yours is missing or "
                "expired. Ask your coordinator to renew it."
            ),
            code="vog",
        )
    taken = HelpRequest.objects.filter(
        pk=help_request.pk, status=HelpRequest.Status.PROPOSED
    ).update(
        status=HelpRequest.Status.ACCEPTED,
        volunteer=volunteer,
        accepted_at=now,
        updated_at=now,
    )
    if not taken:
        raise ApplicationError(
            gettext(
                "Someone else has already taken this task, or it is no longer open. Thank you!"
            ),
            code="taken",
        )
    offer = Proposal.objects.filter(pk=proposal.pk, status=Proposal.Status.OFFERED).update(
        status=Proposal.Status.ACCEPTED, responded_at=now, updated_at=now
    )
    if not offer:
        raise ApplicationError(gettext("This offer is no longer open."), code="withdrawn")
    room = VolunteerProfile.objects.filter(
        pk=volunteer.pk, active_tasks__lt=F("max_active_tasks")
    ).update(active_tasks=F("active_tasks") + 1, updated_at=now)
    if not room:
        raise ApplicationError(
            gettext(
                "You already have your maximum number of active tasks. Finish one first, "
                "or raise your maximum in your profile."
            ),
            code="capacity",
        )
    others = _withdraw_offers(help_request, except_pk=proposal.pk)
    help_request.refresh_from_db()
    proposal.refresh_from_db()
    audit_record(
        event="help.proposal.accept",
        actor=actor,
        request=request,
        target=proposal,
        subject_id=help_request.requester.public_id,
        municipality_code=help_request.municipality.code,
    )
    _audit_change(
        help_request,
        actor=actor,
        request=request,
        fields=["status", "volunteer", "accepted_at"],
        reason="accepted",
    )
    for other in others:
        notify(
            recipient=_volunteer_user(other.volunteer),
            kind="proposal.withdrawn",
            subject=_("Task already taken"),
            body=_("Another volunteer has taken a task that was offered to you. Thank you!"),
            help_request=help_request,
        )
    _notify_coordinators(
        help_request.municipality,
        kind="request.accepted",
        subject=_("A volunteer accepted a task"),
        body=_("A volunteer accepted a help request. Plan it with them when needed."),
        link=reverse("help:coordinate_request", args=[help_request.public_id]),
        help_request=help_request,
    )
    _notify_requester(
        help_request,
        kind="request.accepted",
        subject=_("A volunteer will help you"),
        body=_(
            "Good news: %(name)s, a volunteer from your neighbourhood, has accepted your "
            "request and will help you %(when)s. %(name)s will contact you."
        ),
        params={"name": volunteer.person.given_name, "when": _when_text(help_request)},
        key=f"request.accepted:{help_request.public_id}:{proposal.public_id}",
    )
    return help_request


@transaction.atomic
def proposal_decline(*, proposal: Proposal, actor, reason: str, request=None) -> Proposal:
    """The volunteer declines, with a reason that feeds the engine's decline penalty."""
    if reason not in DeclineReason.values:
        raise ApplicationError(gettext("Choose why you decline."), field="reason")
    now = timezone.now()
    n = Proposal.objects.filter(pk=proposal.pk, status=Proposal.Status.OFFERED).update(
        status=Proposal.Status.DECLINED, decline_reason=reason, responded_at=now, updated_at=now
    )
    if not n:
        raise ApplicationError(gettext("This offer is no longer open."), code="withdrawn")
    _touch(proposal.volunteer_id)
    help_request = proposal.request
    if not Proposal.objects.filter(request=help_request, status=Proposal.Status.OFFERED).exists():
        _set_status(
            help_request,
            HelpRequest.Status.NEW,
            stamp=None,
            expected=[HelpRequest.Status.PROPOSED],
        )
    proposal.refresh_from_db()
    audit_record(
        event="help.proposal.decline",
        actor=actor,
        request=request,
        target=proposal,
        subject_id=help_request.requester.public_id,
        reason=reason,
        municipality_code=help_request.municipality.code,
    )
    _notify_coordinators(
        help_request.municipality,
        kind="proposal.declined",
        subject=_("A volunteer declined a task"),
        body=_("A volunteer declined a help request. Propose someone else."),
        link=reverse("help:coordinate_request", args=[help_request.public_id]),
        help_request=help_request,
    )
    return proposal


def help_batch_assign(
    *, municipality, actor, area=None, method: str = "auto", request=None
) -> dict:
    """Propose volunteers for every new request (of one village, or all) at once with the
    engine's ``assign()`` (min-cost flow, greedy fallback). Blocked pairs and volunteers
    already asked are skipped. Returns counts and the unassigned requests with reasons."""
    from ..pool import volunteer_pool

    qs = HelpRequest.objects.for_municipality(municipality).filter(status=HelpRequest.Status.NEW)
    if area is not None:
        qs = qs.filter(area=area)
    requests: dict[Hashable, HelpRequest] = {
        str(r.public_id): r for r in qs.select_related("municipality", "requester")
    }
    if not requests:
        return {"proposed": 0, "unassigned": [], "skipped": 0, "method": method}
    needs = [help_need(r) for r in requests.values()]
    with volunteer_pool(municipality) as pool, warnings.catch_warnings():
        # the fallback is logged and audited below (result.warning), not printed
        warnings.simplefilter("ignore", matching.GreedyFallbackWarning)
        result = matching.assign(needs, pool, method=method)
    profiles: dict[Hashable, VolunteerProfile] = {
        str(p.public_id): p
        for p in VolunteerProfile.objects.filter(
            public_id__in=[p.volunteer_id for p in result.proposals]
        ).select_related("person__user", "municipality")
    }
    proposed = skipped = 0
    for engine in result.proposals:
        help_request = requests[engine.request_id]
        profile = profiles.get(engine.volunteer_id)
        if profile is None:
            skipped += 1
            continue
        try:
            help_request_propose(
                help_request=help_request,
                volunteer=profile,
                actor=actor,
                request=request,
                engine=engine,
            )
            proposed += 1
        except (ApplicationError, IntegrityError):
            skipped += 1
    unassigned = [(requests[u.request_id], unmatched_text(u.reason)) for u in result.unassigned]
    audit_record(
        event="help.assign",
        actor=actor,
        request=request,
        target=("help.batch", area.public_id if area is not None else municipality.code),
        reason=f"{result.method}: {proposed} proposed, {len(unassigned)} unassigned"
        + ("; min-cost flow failed, greedy fallback" if result.warning else ""),
        municipality_code=municipality.code,
    )
    if result.warning:  # ids only: the engine's text names no person
        logger.warning(
            "help.assign fell back to greedy for %s: %s", municipality.code, result.warning
        )
    return {
        "proposed": proposed,
        "unassigned": unassigned,
        "skipped": skipped,
        "method": result.method,
    }
