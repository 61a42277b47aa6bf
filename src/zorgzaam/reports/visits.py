"""Work visits (werkbezoeken) and hearings (hoorzittingen) of the council (issue #24).

The policy officer plans a visit (date, villages, hub), chooses from the council report of a
quarter the stories (the MSC round's chosen stories first) and the figures of its one-page
brief, invites council members and hub coordinators (users of the municipality, who find the
invitation under 'Work visits and hearings' on their home page and get a message on their own
channel, e-mail among them: ``signals.visit_invitation_sent``; told again when the date, time
or place changes: ``signals.visit_changed``), and afterwards records what
the council heard and decided. The next council report shows the last visit's outcome
(``visit_last_held``).

Figures are never copied: a visit keeps the references of the report's figures
(``summary.Shown.ref``) and the brief looks them up in ``report_build`` of the visit's
quarter, the report's single source of figures, so the brief shows exactly what the report
shows. Reads and writes are both here (``visit_*``); writes are atomic and audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgzaam.accounts.models import User
from zorgzaam.accounts.permissions import actor_can, deny
from zorgzaam.accounts.roles import Role
from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError
from zorgzaam.stories.models import Audience
from zorgzaam.stories.periods import period_parse
from zorgzaam.tenancy.models import Area

from . import sources
from .models import VisitInvitation, WorkVisit
from .signals import visit_changed, visit_invitation_sent

#: the brief is one A4 page: at most this many stories and figures
MAX_STORIES = 3
MAX_FIGURES = 8
#: who can be invited: council members and the hubs' representatives
INVITEE_ROLES = (Role.COUNCIL_MEMBER, Role.HUB_COORDINATOR)


# ------------------------------------------------------------------ reads
def sees_all_visits(actor) -> bool:
    """The policy officer (who plans them) and council members read every visit of their
    municipality; anyone else with ``reports.visits`` only the visits they are invited to."""
    return actor_can(actor, "reports.visits_plan") or actor.role == Role.COUNCIL_MEMBER


def visit_list_for_actor(actor) -> QuerySet[WorkVisit]:
    qs = WorkVisit.objects.for_municipality(actor.municipality).prefetch_related("villages")
    if not sees_all_visits(actor):
        qs = qs.filter(invitations__user=actor)
    return qs


def visits_invited_upcoming(actor) -> list[WorkVisit]:
    """The visits from today on that the actor is invited to, soonest first, each with
    ``unseen`` set (the invitation not opened yet): the council member's home page."""
    today = timezone.localdate()
    invitations = (
        VisitInvitation.objects.filter(
            user=actor, visit__municipality_id=actor.municipality_id, visit__date__gte=today
        )
        .select_related("visit")
        .prefetch_related("visit__villages")
        .order_by("visit__date", "visit__start_time", "visit__pk")
    )
    result = []
    for invitation in invitations:
        invitation.visit.unseen = invitation.seen_at is None
        result.append(invitation.visit)
    return result


def visit_invited_ids(actor) -> set[int]:
    return set(VisitInvitation.objects.filter(user=actor).values_list("visit_id", flat=True))


def visit_get_for_actor(request, public_id) -> WorkVisit:
    """The visit, or 404 when there is none, or 403 (audited) when it belongs to another
    municipality or the actor may only read the visits they are invited to."""
    visit = WorkVisit.objects.filter(public_id=public_id).select_related("municipality").first()
    if visit is None:
        raise Http404
    actor = request.user
    if visit.municipality_id != actor.municipality_id:
        deny(request, target=visit, reason="other municipality")
    if not sees_all_visits(actor) and not visit.invitations.filter(user=actor).exists():
        deny(request, target=visit, reason="not invited")
    return visit


def invitable_users(municipality) -> QuerySet[User]:
    return User.objects.filter(
        municipality=municipality, role__in=INVITEE_ROLES, is_active=True
    ).order_by("role", "last_name", "first_name", "username")


def hub_options(municipality) -> list[dict]:
    """The social map's community hubs ({"public_id", "name", "area_id", "area_name"}), or
    none when the social-map part is not in use."""
    hub_choices = sources.selector("zorgzaam.socialmap.selectors", "hub_choices")
    return list(hub_choices(municipality)) if hub_choices else []


def village_options(municipality) -> QuerySet[Area]:
    return Area.objects.filter(municipality=municipality).order_by("name")


@dataclass(frozen=True)
class FigureOption:
    ref: str
    label: str
    place: str  # the village, or the municipality
    text: str  # as the report prints it
    quarter: str  # change against the quarter before
    year: str  # change against the same quarter a year before


@dataclass
class Brief:
    visit: WorkVisit
    report: object
    stories: list = field(default_factory=list)  # [{"story", "chosen": [Selection]}]
    figures: list[FigureOption] = field(default_factory=list)
    missing_figures: int = 0  # chosen figures the report does not show (any more)


def _report(visit: WorkVisit):
    from .selectors import report_build

    return report_build(visit.municipality, visit.period, audience=Audience.COUNCIL)


def _villages(visit: WorkVisit) -> list[Area]:
    return list(visit.villages.all()) if visit.pk else []


def figure_options(report, villages: list[Area]) -> list[FigureOption]:
    """The summary's figures of the municipality and of the visit's villages (all villages
    when none is chosen), each a published cell of a theme table."""
    summary = report.summary
    if summary is None:
        return []
    wanted = {a.name for a in villages}
    cards = [summary.municipality] + [
        card for card in summary.villages if not wanted or card.name in wanted
    ]
    return [
        FigureOption(f.now.ref, f.label, card.name, f.now.text, f.quarter, f.year)
        for card in cards
        for f in card.figures
    ]


def story_options(report) -> list[dict]:
    """The quarter's stories for the council: the MSC round's chosen ones first (with their
    choices), then the other published stories."""
    chosen = [{"story": e["story"], "chosen": e["choices"]} for e in report.selections]
    return chosen + [{"story": s, "chosen": []} for s in report.annex]


def visit_options(visit: WorkVisit) -> tuple[object, list[dict], list[FigureOption]]:
    report = _report(visit)
    return report, story_options(report), figure_options(report, _villages(visit))


def brief_build(visit: WorkVisit) -> Brief:
    """The brief's stories and figures, as the report of the visit's quarter shows them."""
    report = _report(visit)
    chosen_ids = set(visit.stories.values_list("pk", flat=True))
    stories = [e for e in story_options(report) if e["story"].pk in chosen_ids]
    options = {f.ref: f for f in figure_options(report, [])}
    figures = [options[r] for r in visit.figure_refs if r in options]
    return Brief(
        visit,
        report,
        stories=stories,
        figures=figures,
        missing_figures=len(visit.figure_refs) - len(figures),
    )


def visit_last_held(municipality, upto: dt.date) -> WorkVisit | None:
    """The last visit up to ``upto`` whose outcome is recorded (for the council report)."""
    return (
        WorkVisit.objects.for_municipality(municipality)
        .filter(date__lte=upto, outcome_recorded_at__isnull=False)
        .prefetch_related("villages")
        .order_by("-date", "-start_time", "-pk")
        .first()
    )


# ------------------------------------------------------------------ writes
def _plan_fields(
    municipality,
    *,
    kind: str,
    title: str,
    date: dt.date,
    start_time: dt.time | None,
    hub_id,
    villages: list,
    purpose: str,
    period: str,
):
    if kind not in WorkVisit.Kind.values:
        raise ApplicationError(_("Choose a work visit or a hearing."), field="kind")
    title = " ".join((title or "").split())
    if not title:
        raise ApplicationError(_("Give the visit a title."), field="title")
    period_parse(period)
    hub_name = ""
    if hub_id:
        hubs = {str(h["public_id"]): h for h in hub_options(municipality)}
        hub = hubs.get(str(hub_id))
        if hub is None:
            raise ApplicationError(_("Choose a community hub of the municipality."), field="hub")
        hub_name = hub["name"]
    areas = list(village_options(municipality).filter(pk__in=[a.pk for a in villages]))
    if len(areas) != len(villages):
        raise ApplicationError(_("Choose villages of the municipality."), field="villages")
    return {
        "kind": kind,
        "title": title[:160],
        "date": date,
        "start_time": start_time,
        "hub_id": hub_id or None,
        "hub_name": hub_name,
        "purpose": (purpose or "").strip(),
        "period": period,
    }, areas


@transaction.atomic
def visit_create(*, actor, request=None, **plan) -> WorkVisit:
    values, areas = _plan_fields(actor.municipality, **plan)
    visit = WorkVisit(municipality=actor.municipality, created_by=actor, **values)
    visit.full_clean()
    visit.save()
    visit.villages.set(areas)
    audit_record(event="reports.visit_create", request=request, actor=actor, target=visit)
    return visit


@transaction.atomic
def visit_update(*, actor, visit: WorkVisit, request=None, **plan) -> WorkVisit:
    """Change the plan. When its date, start time or place (hub or villages) changes while the
    visit is still to come, every invitee hears of it through ``signals.visit_changed``, sent
    once the transaction has committed; the change's version (the visit's ``updated_at``) is
    part of the message's idempotency key, so each change is told once."""
    _same_municipality(actor, visit)
    values, areas = _plan_fields(actor.municipality, **plan)
    before = {
        "date": visit.date,
        "start_time": visit.start_time,
        "hub_name": visit.hub_name,
        "villages": [a.name for a in _villages(visit)],
    }
    changed = [k for k, v in values.items() if getattr(visit, k) != v]
    for key, value in values.items():
        setattr(visit, key, value)
    visit.full_clean()
    visit.save()
    if {a.pk for a in areas} != set(visit.villages.values_list("pk", flat=True)):
        changed.append("villages")
    visit.villages.set(areas)
    audit_record(
        event="reports.visit_change", request=request, actor=actor, target=visit, fields=changed
    )
    _tell_changed(visit, changed, before)
    return visit


def _tell_changed(visit: WorkVisit, changed: list[str], before: dict) -> None:
    """Send ``visit_changed`` on commit when the date, time or place of a visit still to come
    changed (a visit already held, or moved into the past, tells no one)."""
    what = [
        name
        for name, fields in (
            ("date", {"date"}),
            ("start_time", {"start_time"}),
            ("place", {"hub_id", "villages"}),
        )
        if fields & set(changed)
    ]
    today = timezone.localdate()
    if not what or before["date"] < today or visit.date < today:
        return
    invitations = list(visit.invitations.values_list("pk", "user_id"))
    if not invitations:
        return
    payload = {
        "visit_public_id": visit.public_id,
        "invitations": invitations,
        "version": int(visit.updated_at.timestamp() * 1_000_000),
        "changed": what,
        "kind": visit.kind,
        "title": visit.title,
        "date": visit.date,
        "start_time": visit.start_time,
        "hub_name": visit.hub_name,
        "villages": [a.name for a in visit.villages.all()],
        "before": before,
    }
    transaction.on_commit(lambda: visit_changed.send(sender=WorkVisit, **payload))


def _same_municipality(actor, visit: WorkVisit) -> None:
    if visit.municipality_id != actor.municipality_id:
        raise ApplicationError(_("This visit is not of your municipality."))


@transaction.atomic
def visit_content_set(
    *, actor, visit: WorkVisit, story_ids: list[str], figure_refs: list[str], request=None
) -> WorkVisit:
    """The brief's stories (public ids) and figures (refs), each one the report of the
    visit's quarter offers."""
    _same_municipality(actor, visit)
    if len(story_ids) > MAX_STORIES:
        raise ApplicationError(
            _("Choose at most %(n)d stories: the brief is one page.") % {"n": MAX_STORIES},
            field="stories",
        )
    if len(figure_refs) > MAX_FIGURES:
        raise ApplicationError(
            _("Choose at most %(n)d figures: the brief is one page.") % {"n": MAX_FIGURES},
            field="figures",
        )
    report, stories, figures = visit_options(visit)
    by_id = {str(e["story"].public_id): e["story"] for e in stories}
    unknown = [s for s in story_ids if str(s) not in by_id]
    if unknown:
        raise ApplicationError(
            _("Choose stories published for the council in %(p)s.") % {"p": visit.period},
            field="stories",
        )
    refs = {f.ref for f in figures}
    if any(r not in refs for r in figure_refs):
        raise ApplicationError(_("Choose figures the report shows."), field="figures")
    visit.figure_refs = list(dict.fromkeys(figure_refs))
    visit.save(update_fields=["figure_refs", "updated_at"])
    visit.stories.set([by_id[str(s)] for s in story_ids])
    audit_record(
        event="reports.visit_change",
        request=request,
        actor=actor,
        target=visit,
        fields=["stories", "figure_refs"],
    )
    return visit


@transaction.atomic
def visit_invite(*, actor, visit: WorkVisit, user_ids: list[str], request=None) -> list[User]:
    """Invite exactly these users (public ids): council members and hub coordinators of the
    municipality; invitations not in the list are withdrawn. The newly invited to a visit still
    to come hear of it through ``signals.visit_invitation_sent``, sent once the transaction
    has committed (the notification service answers it with a message on each invitee's own
    channel)."""
    _same_municipality(actor, visit)
    users = list(invitable_users(actor.municipality).filter(public_id__in=user_ids))
    if len(users) != len(set(map(str, user_ids))):
        raise ApplicationError(
            _("Invite council members and hub coordinators of the municipality."),
            field="invitees",
        )
    keep = {u.pk for u in users}
    visit.invitations.exclude(user_id__in=keep).delete()
    existing = set(visit.invitations.values_list("user_id", flat=True))
    VisitInvitation.objects.bulk_create(
        VisitInvitation(municipality=visit.municipality, visit=visit, user=u)
        for u in users
        if u.pk not in existing
    )
    audit_record(
        event="reports.visit_change",
        request=request,
        actor=actor,
        target=visit,
        fields=["invitations"],
    )
    new_ids = [u.pk for u in users if u.pk not in existing]
    if new_ids and visit.date >= timezone.localdate():  # no message about a visit held
        invitations = list(
            visit.invitations.filter(user_id__in=new_ids).values_list("pk", "user_id")
        )
        payload = {
            "visit_public_id": visit.public_id,
            "invitations": invitations,
            "kind": visit.kind,
            "title": visit.title,
            "date": visit.date,
            "start_time": visit.start_time,
            "hub_name": visit.hub_name,
            "villages": [a.name for a in _villages(visit)],
        }
        transaction.on_commit(lambda: visit_invitation_sent.send(sender=WorkVisit, **payload))
    return users


@transaction.atomic
def visit_outcome_record(
    *, actor, visit: WorkVisit, heard: str, decided: str, follow_up: str, request=None
) -> WorkVisit:
    """What the council heard and decided, once the visit has taken place."""
    _same_municipality(actor, visit)
    if visit.date > timezone.localdate():
        raise ApplicationError(
            _("The outcome can be recorded once the visit has taken place."), field="heard"
        )
    heard, decided, follow_up = (t.strip() for t in (heard, decided, follow_up))
    if not heard or not decided:
        raise ApplicationError(
            _("Write what the council heard and what it decided."),
            field="heard" if not heard else "decided",
        )
    visit.heard, visit.decided, visit.follow_up = heard, decided, follow_up
    visit.outcome_recorded_at = timezone.now()
    visit.full_clean()
    visit.save()
    audit_record(
        event="reports.visit_change",
        request=request,
        actor=actor,
        target=visit,
        fields=["heard", "decided", "follow_up"],
    )
    return visit


def invitation_seen(*, visit: WorkVisit, user) -> None:
    """The invitee opened the visit (the list marks unseen invitations as new)."""
    VisitInvitation.objects.filter(visit=visit, user=user, seen_at__isnull=True).update(
        seen_at=timezone.now()
    )


def visits_unseen(actor) -> int:
    return VisitInvitation.objects.filter(
        Q(user=actor) & Q(seen_at__isnull=True) & Q(visit__date__gte=timezone.localdate())
    ).count()
