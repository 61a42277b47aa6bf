"""Need-to-know for casework, in ONE place.

A household is visible to the members of the team that holds it (the team lead therefore sees
the team's whole caseload) and to its assigned professionals, in their own municipality, and
only for the roles professional and team lead. Never to a professional of another team, a
volunteer, a policy officer, a resident, an administrator, or anybody for being superuser
(``is_superuser`` is never consulted here).

Break the glass: a professional or team lead of the same municipality may open a household
outside their team by giving a reason; the grant is time-limited, audited and flagged to the
holding team's lead.

Hub coordinators never see households; they see the referrals addressed to them
(``referrals_for_receiver``), which carry only the minimal data of the referral.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from zorgzaam.accounts.access import get_for_actor

# the views of casework refuse through this module (``permissions.deny``)
from zorgzaam.accounts.permissions import deny as deny
from zorgzaam.accounts.roles import TEAM_ROLES, Role
from zorgzaam.audit.services import audit_record

from .models import BreakGlass, Household, Referral


def break_glass_hours() -> int:
    return int(getattr(settings, "CASEWORK_BREAK_GLASS_HOURS", 4))


def _is_team_actor(actor) -> bool:
    return (
        getattr(actor, "is_authenticated", False)
        and getattr(actor, "municipality_id", None) is not None
        and actor.role in TEAM_ROLES
    )


def households_for_actor(actor, *, include_break_glass: bool = True) -> QuerySet[Household]:
    """Every household the actor may see. The one queryset all case reads start from."""
    if not _is_team_actor(actor):
        return Household.objects.none()
    rule = Q(team__teammembership__user=actor) | Q(professionals=actor)
    if include_break_glass:
        granted = BreakGlass.objects.filter(user=actor, expires_at__gt=timezone.now()).values(
            "household_id"
        )
        rule |= Q(pk__in=granted)
    return Household.objects.for_municipality(actor.municipality).filter(rule).distinct()


def can_see(actor, household: Household) -> bool:
    return households_for_actor(actor).filter(pk=household.pk).exists()


def can_break_glass(actor, household: Household) -> bool:
    """A team actor of the same municipality, outside the holding team, without a grant."""
    return (
        _is_team_actor(actor)
        and household.municipality_id == actor.municipality_id
        and not can_see(actor, household)
    )


def subject_ids(household: Household) -> list:
    return [m.person.public_id for m in household.members.select_related("person")]


def audit_case(request, event: str, household: Household, *, fields=(), reason: str = ""):
    """One audit line per person concerned (or one without a subject when there is none)."""
    ids = subject_ids(household) or [None]
    for subject_id in ids:
        audit_record(
            event=event,
            request=request,
            target=household,
            subject_id=subject_id,
            fields=fields,
            reason=reason,
        )


def household_get_for_actor(request, public_id, *, event: str | None = "case.view") -> Household:
    """The household, or 404 when the id does not exist, or an audited 403 without
    need-to-know. ``event`` is written for every person concerned when allowed."""
    household = get_for_actor(
        request,
        Household.objects.select_related("team", "area", "zrm_version", "municipality"),
        public_id,
        visible=households_for_actor(request.user),
        subject=lambda h: next(iter(subject_ids(h)), None),
        reason="no need-to-know",
    )
    if event:
        audit_case(request, event, household)
    return household


def break_glass_active(actor, household: Household) -> BreakGlass | None:
    return (
        BreakGlass.objects.filter(user=actor, household=household, expires_at__gt=timezone.now())
        .order_by("-expires_at")
        .first()
    )


def break_glass_expiry():
    return timezone.now() + timedelta(hours=break_glass_hours())


def break_glass_for_lead(actor) -> QuerySet[BreakGlass]:
    """Break-the-glass grants on households of the teams the actor leads."""
    if not _is_team_actor(actor) or actor.role != Role.TEAM_LEAD:
        return BreakGlass.objects.none()
    return BreakGlass.objects.filter(
        household__municipality=actor.municipality,
        household__team__teammembership__user=actor,
        household__team__teammembership__is_lead=True,
    ).select_related("household", "user", "reviewed_by")


def referrals_for_receiver(actor) -> QuerySet[Referral]:
    """Referrals addressed to this hub coordinator (or to a hub resolved for them)."""
    if (
        not getattr(actor, "is_authenticated", False)
        or getattr(actor, "municipality_id", None) is None
        or actor.role != Role.HUB_COORDINATOR
    ):
        return Referral.objects.none()
    from .resources import receiver_refs_for

    rule = Q(receiver=actor)
    for kind, public_id in receiver_refs_for(actor):
        rule |= Q(receiver_ref_kind=kind, receiver_ref_public_id=public_id)
    return Referral.objects.for_municipality(actor.municipality).filter(rule).distinct()


def referral_get_for_receiver(request, public_id) -> Referral:
    reason = "not the receiver of this referral"
    return get_for_actor(
        request,
        Referral,
        public_id,
        visible=referrals_for_receiver(request.user),
        reason=reason,
        visible_reason=reason,
    )
