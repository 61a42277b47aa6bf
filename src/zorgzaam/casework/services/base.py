"""What every casework write shares: the input records, saving with validation, the access
check, the audit call, the ZRM version, the BSN conflict rule and the score check."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from zorgzaam.accounts.models import SocialTeam, TeamMembership
from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError
from zorgzaam.people.models import Person

from .. import permissions
from ..models import (
    Household,
    HouseholdMember,
    ZrmDomain,
    ZrmVersion,
)


@dataclass
class MemberInput:
    role: str
    person: Person | None = None
    given_name: str = ""
    infix: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    bsn: str = ""


@dataclass
class IntakeInput:
    name: str
    postcode: str
    team: SocialTeam | None
    members: list[MemberInput] = field(default_factory=list)
    scores: dict[str, int] = field(default_factory=dict)
    note: str = ""
    network_name: str = ""
    network_relation: str = ""
    network_can_help_with: str = ""


def _validation_message(exc: ValidationError) -> str:
    return "; ".join(exc.messages)


def _save(obj) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise ApplicationError(_validation_message(exc)) from exc
    obj.save()


def _ensure_access(actor, household: Household) -> None:
    if not permissions.can_see(actor, household):
        raise PermissionDenied("no need-to-know")


def _audit(actor, event: str, household: Household, *, request=None, fields=(), target=None):
    for subject_id in permissions.subject_ids(household) or [None]:
        audit_record(
            event=event,
            actor=actor,
            request=request,
            target=target if target is not None else household,
            subject_id=subject_id,
            fields=fields,
        )


def current_zrm_version() -> ZrmVersion:
    """The current ZRM version. The data migration loads the reference data; when a table
    flush removed it (test runs with transactional flushes), it is loaded again here."""
    version = ZrmVersion.objects.filter(is_current=True).first()
    if version is None:
        from ..zrm import load_versions

        load_versions(ZrmVersion, ZrmDomain)
        version = ZrmVersion.objects.filter(is_current=True).first()
    if version is None:
        raise ApplicationError(_("No current ZRM version is loaded (run the migrations)."))
    return version


class BsnConflict(ApplicationError):
    """The BSN belongs to a member of another open household. The message says no more than
    that the number cannot be registered (which household, team or person it is would tell a
    professional about a client outside their need-to-know); the refusal is audited, with
    the household and person touched, for the team lead (``_bsn_conflict_audited``)."""

    def __init__(self, other: HouseholdMember, household: Household | None):
        super().__init__(
            _(
                "This BSN cannot be registered. Your team lead can see why and will help; "
                "one household, one plan."
            ),
            field="bsn",
        )
        self.other, self.household = other, household


def _bsn_holder(municipality, indexes: list[str], *, exclude_household=None):
    """The member of another open household of the municipality with this BSN, if any."""
    qs = HouseholdMember.objects.filter(
        bsn_index__in=indexes,
        household__municipality=municipality,
        household__status=Household.Status.OPEN,
    ).select_related("household__municipality", "person")
    if exclude_household is not None:
        qs = qs.exclude(household=exclude_household)
    return qs.first()


def _bsn_conflict_audited(service):
    """Outside the service's transaction: a refusal for a BSN held in another open household
    is rolled back with the rest, but its audit line must stay. Written here, after the
    rollback, then the refusal goes on to the caller."""

    @functools.wraps(service)
    def wrapper(*args, **kwargs):
        try:
            return service(*args, **kwargs)
        except BsnConflict as exc:
            own = exc.household
            own_saved = own is not None and Household.objects.filter(pk=own.pk).exists()
            audit_record(
                event="case.bsn_conflict",
                actor=kwargs.get("actor"),
                request=kwargs.get("request"),
                target=exc.other.household,
                subject_id=exc.other.person.public_id,
                reason=(
                    f"BSN refused for household {own.public_id}"
                    if own_saved
                    else "BSN refused at an intake"
                ),
                fields=["bsn"],
                denied=True,
                municipality_code=exc.other.household.municipality.code,
            )
            raise

    return wrapper


def _team_check(actor, team) -> None:
    if team is None or team.municipality_id != actor.municipality_id:
        raise ApplicationError(_("Choose one of your own teams."), field="team")
    if not TeamMembership.objects.filter(team=team, user=actor).exists():
        raise ApplicationError(_("You can only register a household in your own team."))


def _scores_clean(version: ZrmVersion, scores: dict[str, int]) -> list[tuple[ZrmDomain, int]]:
    domains = {d.code: d for d in version.domains.all()}
    result = []
    for code, value in scores.items():
        if value in (None, ""):
            continue
        if code not in domains:
            raise ApplicationError(_("Unknown ZRM domain %(code)s.") % {"code": code})
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = 0
        if not 1 <= number <= 5:
            raise ApplicationError(
                _("A ZRM score is a whole number from 1 to 5 (%(domain)s).")
                % {"domain": domains[code].name}
            )
        result.append((domains[code], number))
    return result
