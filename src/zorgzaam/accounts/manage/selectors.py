"""Reads for the administrator's users-and-teams screens, always scoped to the actor's own
municipality. A user or team of another municipality is answered 404, as one that does not
exist, and the attempt is written to the audit log as a denied access."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from zorgzaam.audit.services import audit_record
from zorgzaam.tenancy.models import Area

from ..models import Invitation, SocialTeam, TeamMembership, User

STATUS_ACTIVE = "active"
STATUS_INVITED = "invited"
STATUS_DEACTIVATED = "deactivated"
STATUSES = (STATUS_ACTIVE, STATUS_INVITED, STATUS_DEACTIVATED)


@dataclass(frozen=True)
class AccountStatus:
    """Where an account stands: invited (link maybe expired), active or deactivated."""

    kind: str
    invitation_expires_at: datetime | None = None
    invitation_expired: bool = False


def _open_invitations() -> QuerySet[Invitation]:
    return Invitation.objects.filter(accepted_at__isnull=True, revoked_at__isnull=True)


#: An invited user has no usable password until they accept the invitation.
_INVITED = Q(password__startswith=UNUSABLE_PASSWORD_PREFIX)


def _with_facts(qs: QuerySet[User]) -> QuerySet[User]:
    """Annotate what the screens show: a confirmed second factor; prefetch the teams and the
    open invitations."""
    return qs.annotate(
        has_second_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
    ).prefetch_related(
        Prefetch("teams", queryset=SocialTeam.objects.order_by("name")),
        Prefetch("invitations", queryset=_open_invitations().order_by("-created_at")),
    )


def user_status(user: User) -> AccountStatus:
    """Deactivated; active once the invitation was accepted (the user has a password); else
    invited, with the newest open link's expiry (expired: a new link must be sent). Uses the
    invitations prefetched by the selectors below."""
    if not user.is_active:
        return AccountStatus(STATUS_DEACTIVATED)
    if user.has_usable_password():
        return AccountStatus(STATUS_ACTIVE)
    invitation = next(iter(user.invitations.all()), None)
    if invitation is None or not invitation.is_open:
        return AccountStatus(STATUS_INVITED, None, True)
    expired = invitation.expires_at <= timezone.now()
    return AccountStatus(STATUS_INVITED, invitation.expires_at, expired)


def user_list_for_actor(
    actor, *, q: str = "", role: str = "", team: SocialTeam | None = None, status: str = ""
) -> QuerySet[User]:
    """The users of the actor's municipality, filtered; none for a user without one."""
    if getattr(actor, "municipality_id", None) is None:
        return User.objects.none()
    qs = User.objects.filter(municipality_id=actor.municipality_id)
    if q:
        for word in q.split()[:5]:
            qs = qs.filter(
                Q(username__icontains=word)
                | Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
            )
    if role:
        qs = qs.filter(role=role)
    if team is not None:
        qs = qs.filter(teams=team)
    qs = _with_facts(qs)
    if status == STATUS_DEACTIVATED:
        qs = qs.filter(is_active=False)
    elif status == STATUS_INVITED:
        qs = qs.filter(_INVITED, is_active=True)
    elif status == STATUS_ACTIVE:
        qs = qs.filter(~_INVITED, is_active=True)
    return qs.order_by("last_name", "first_name", "username")


def _refuse_other_municipality(request, target) -> None:
    audit_record(
        event="access.denied",
        request=request,
        target=target,
        reason="other municipality",
        denied=True,
    )
    raise Http404


def user_get_for_actor(request, public_id) -> User:
    """A user of the actor's municipality. Another municipality's user is a 404 (as if it
    did not exist) with an audited refusal."""
    user = _with_facts(User.objects.filter(public_id=public_id)).first()
    if user is None:
        raise Http404
    if user.municipality_id is None or user.municipality_id != request.user.municipality_id:
        _refuse_other_municipality(request, user)
    return user


def team_list_for_actor(actor) -> QuerySet[SocialTeam]:
    if getattr(actor, "municipality_id", None) is None:
        return SocialTeam.objects.none()
    return (
        SocialTeam.objects.filter(municipality_id=actor.municipality_id)
        .annotate(member_count=Count("members", distinct=True))
        .prefetch_related(Prefetch("areas", queryset=Area.objects.order_by("name")))
        .order_by("name")
    )


def team_get_for_actor(request, public_id) -> SocialTeam:
    team = SocialTeam.objects.filter(public_id=public_id).first()
    if team is None:
        raise Http404
    if team.municipality_id != request.user.municipality_id:
        _refuse_other_municipality(request, team)
    return team_list_for_actor(request.user).get(pk=team.pk)


def team_members(team: SocialTeam) -> QuerySet[User]:
    """The team's members, each with ``is_lead``."""
    lead = TeamMembership.objects.filter(team=team, user=OuterRef("pk"), is_lead=True)
    return (
        _with_facts(team.members.all())
        .annotate(is_lead=Exists(lead))
        .order_by("last_name", "first_name", "username")
    )


def team_name_taken(actor, name: str) -> SocialTeam | None:
    """The actor's municipality's team of that name (any case, spaces folded), if any."""
    name = " ".join((name or "").split())
    return team_list_for_actor(actor).filter(name__iexact=name).first()


def area_list_for_actor(actor) -> QuerySet[Area]:
    if getattr(actor, "municipality_id", None) is None:
        return Area.objects.none()
    return Area.objects.filter(municipality_id=actor.municipality_id).order_by("name")
