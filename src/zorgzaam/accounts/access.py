"""One access path per object type: how each model with a public id is scoped, and one
function that fetches an object for an actor by that scope.

``SCOPES`` names, for every model with a ``public_id``, the ORM path from the model to its
municipality (the tenant) and, where teams matter, to the social team(s) it belongs to. A
model that belongs to no municipality says why (``Scope(None, note=...)``). The cross-tenant
test (``accounts/tests/test_cross_tenant.py``) fails for a model without an entry here, and
requests every object URL of another municipality's objects as every role.

Mission parts are named by model label (a string), so this foundation module imports none of
them; a label of a part that is not installed is simply never looked up.

``get_for_actor(request, Model, public_id)`` is the access path views and selectors use:
404 for an id that does not exist, an audited 403 (``permissions.deny``) for another
municipality's object or, for team-bound roles, another team's object; a part with a richer
need-to-know rule (casework: assignment, break-the-glass) passes its own ``visible``
queryset, which then replaces the team rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models
from django.http import Http404

from .permissions import deny
from .roles import TEAM_ROLES

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Scope:
    """How one object type is scoped. ``municipality``: ORM path to the Municipality (``""``
    for the municipality itself, ``None`` when the type belongs to no municipality, with a
    ``note`` saying why). ``team``: ORM path to the SocialTeam(s), where teams matter."""

    municipality: str | None
    team: str | None = None
    note: str = ""


_HOUSEHOLD = Scope("household__municipality", team="household__team")
_PLAN = Scope("plan__household__municipality", team="plan__household__team")

SCOPES: dict[str, Scope] = {
    # foundation
    "tenancy.Municipality": Scope(None, note="the tenant itself (reference data)"),
    "tenancy.Area": Scope("municipality", note="geography: shared reference data"),
    "accounts.User": Scope("municipality"),
    "accounts.SocialTeam": Scope("municipality"),
    "accounts.Invitation": Scope("user__municipality", note="reached by its secret token"),
    "audit.AuditEvent": Scope(
        None, note="holds the municipality code, not a key; read through audit.selectors"
    ),
    "people.Person": Scope("municipality", team="area__teams"),
    "identity.ProviderIdentity": Scope("user__municipality"),
    "identity.CitizenIdentity": Scope("municipality"),
    "push.PushSubscription": Scope("user__municipality"),
    # socialmap (Open Referral records are public once published; editing is municipal)
    **{
        f"socialmap.{name}": Scope("municipality")
        for name in (
            "Taxonomy",
            "TaxonomyTerm",
            "Organization",
            "OrganizationIdentifier",
            "Program",
            "Service",
            "Location",
            "ServiceAtLocation",
            "Contact",
            "Phone",
            "Address",
            "Schedule",
            "Funding",
            "ServiceArea",
            "RequiredDocument",
            "Language",
            "Accessibility",
            "CostOption",
            "Attribute",
            "Metadata",
            "MetaTableDescription",
            "Hub",
            "CouncilMember",
            "Activity",
            "Session",
            "SignUp",
            "ItemVersion",
        )
    },
    # help
    **{
        f"help.{name}": Scope("municipality")
        for name in (
            "VolunteerProfile",
            "HelpRequest",
            "Proposal",
            "BuddyPairing",
            "BuddyCheckIn",
            "ConcernReport",
            "PairingBlock",
            "Notification",
            "NotificationDelivery",
            "ContactPreference",
            "CallListEntry",
            "TaskMessage",
        )
    },
    # casework: a household belongs to one team; everything of it follows the household
    "casework.Household": Scope("municipality", team="team"),
    "casework.HouseholdMember": _HOUSEHOLD,
    "casework.NetworkMember": _HOUSEHOLD,
    "casework.Consent": _HOUSEHOLD,
    "casework.Plan": _HOUSEHOLD,
    "casework.Goal": _PLAN,
    "casework.Action": Scope(
        "goal__plan__household__municipality", team="goal__plan__household__team"
    ),
    "casework.Referral": Scope("municipality"),
    "casework.Measurement": _HOUSEHOLD,
    "casework.PositiveHealth": _HOUSEHOLD,
    "casework.CaseNote": _HOUSEHOLD,
    "casework.BreakGlass": _HOUSEHOLD,
    "casework.UrgencyRequest": _HOUSEHOLD,
    "casework.PresenceSlot": Scope("municipality"),
    "casework.HouseholdContact": _HOUSEHOLD,
    "casework.DiscretionaryDecision": _PLAN,
    "casework.DebtBuddy": Scope("municipality"),
    "casework.DebtTrack": _PLAN,
    "casework.RecoveryGoal": Scope(
        "track__plan__household__municipality", team="track__plan__household__team"
    ),
    # stories, reports
    **{
        f"stories.{name}": Scope("municipality")
        for name in ("Domain", "Story", "Message", "Round", "Selection", "Redaction", "KeepWord")
    },
    "reports.BudgetEntry": Scope("municipality"),
    "reports.ReportPdf": Scope("municipality"),
    "reports.WorkVisit": Scope("municipality"),
    "reports.VisitInvitation": Scope("municipality"),
    # work
    **{
        f"work.{name}": Scope("municipality")
        for name in (
            "BuildingBlockTable",
            "Employer",
            "JobSeeker",
            "PeerGroup",
            "SroiContract",
            "Placement",
            "FulfilmentEntry",
            "FoodGarden",
        )
    },
    "work.PeerGroupSession": Scope("group__municipality"),
    "work.FollowUp": Scope("placement__municipality"),
    "work.GardenShift": Scope("garden__municipality"),
    "work.ProduceDelivery": Scope("garden__municipality"),
    # a type without a public id of its own, reached through its group's URL
    "work.PeerGroupMembership": Scope("group__municipality"),
}


def scope_of(model: type[models.Model]) -> Scope:
    """The scope of a model; LookupError for a model without an entry in ``SCOPES``."""
    label = model._meta.label
    try:
        return SCOPES[label]
    except KeyError:
        raise LookupError(f"{label} has no entry in zorgzaam.accounts.access.SCOPES") from None


def _municipality_path(model: type[models.Model]) -> str:
    scope = scope_of(model)
    if scope.municipality is None:
        raise LookupError(f"{model._meta.label} belongs to no municipality: {scope.note}")
    return scope.municipality


def municipality_id_of(obj: models.Model) -> Any:
    """The primary key of the municipality ``obj`` belongs to (by its scope's path)."""
    path = _municipality_path(type(obj))
    if path == "":
        return obj.pk
    return type(obj)._default_manager.filter(pk=obj.pk).values_list(path, flat=True).first()


def scoped(actor: Any, model: type[M]) -> models.QuerySet[M]:
    """Every object of ``model`` in the actor's municipality (none without one)."""
    path = _municipality_path(model)
    qs = model._default_manager.all()
    municipality_id = getattr(actor, "municipality_id", None)
    if not getattr(actor, "is_authenticated", False) or municipality_id is None:
        return qs.none()
    return qs.filter(**{f"{path}__pk" if path else "pk": municipality_id})


def team_scoped(actor: Any, model: type[M]) -> models.QuerySet[M]:
    """``scoped``, narrowed for team-bound roles to the objects of the actor's teams."""
    qs = scoped(actor, model)
    team = scope_of(model).team
    if team and getattr(actor, "role", None) in TEAM_ROLES:
        qs = qs.filter(**{f"{team}__teammembership__user": actor}).distinct()
    return qs


def _in_municipality(actor: Any, obj: models.Model) -> bool:
    """Whether ``obj`` belongs to the actor's municipality: compared in memory when the
    scope's path is the object's own key, else by one query."""
    municipality_id = getattr(actor, "municipality_id", None)
    if not getattr(actor, "is_authenticated", False) or municipality_id is None:
        return False
    path = _municipality_path(type(obj))
    if path == "":
        return obj.pk == municipality_id
    if "__" not in path:
        return getattr(obj, f"{path}_id") == municipality_id
    return scoped(actor, type(obj)).filter(pk=obj.pk).exists()


def get_for_actor(
    request: Any,
    model: type[M] | models.QuerySet[M],
    public_id: Any,
    *,
    visible: models.QuerySet[M] | None = None,
    subject_id: Any = None,
    subject: Callable[[M], Any] | None = None,
    reason: str = "other municipality",
    visible_reason: str = "no need-to-know",
) -> M:
    """The object of ``model`` with ``public_id`` if the requesting user may reach it.

    404 when no such object exists; an audited 403 (``permissions.deny``) when it belongs to
    another municipality, or is not in ``visible`` (when given), or, without ``visible``,
    belongs to another team while the user's role is team-bound.

    ``model`` may be a queryset of the model (to ``select_related`` what the caller reads).
    The denial names the person concerned: ``subject_id``, or ``subject(obj)`` (read only on
    denial); ``reason`` and ``visible_reason`` are the audited reasons of the two refusals."""
    qs = model if isinstance(model, models.QuerySet) else model._default_manager.all()
    obj = qs.filter(public_id=public_id).first()
    if obj is None:
        raise Http404
    actor = request.user

    def refuse(why: str) -> None:  # permissions.deny raises PermissionDenied
        deny(request, target=obj, subject_id=subject(obj) if subject else subject_id, reason=why)

    if not _in_municipality(actor, obj):
        refuse(reason)
    if visible is not None:
        allowed = visible
    elif scope_of(type(obj)).team and getattr(actor, "role", None) in TEAM_ROLES:
        allowed = team_scoped(actor, type(obj))
    else:  # not team-bound: the municipality is the whole rule
        return obj
    if not allowed.filter(pk=obj.pk).exists():
        refuse(visible_reason)
    return obj
