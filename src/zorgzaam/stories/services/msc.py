"""Most Significant Change: domains, rounds, selections and the de-identification of their
reasons."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from zorgzaam.audit.services import audit_record
from zorgzaam.common.errors import ApplicationError

from ..models import (
    DEFAULT_DOMAINS,
    Domain,
    Level,
    Message,
    Round,
    Selection,
    Story,
)
from ..periods import period_parse
from .redaction import keep_words_for, known_entities_for


@transaction.atomic
def domains_ensure_defaults(municipality) -> int:
    """Give a municipality that has no domains of change the defaults (``DEFAULT_DOMAINS``);
    returns how many were created. Called when a municipality is created and after
    ``migrate`` for municipalities that existed before the stories part (see ``signals``),
    so reading the domains never writes. No audit line: nobody chose them, the system did."""
    if Domain.objects.filter(municipality=municipality).exists():
        return 0
    Domain.objects.bulk_create(
        [
            Domain(municipality=municipality, slug=slug, name=name, order=order)
            for order, (slug, name) in enumerate(DEFAULT_DOMAINS)
        ],
        ignore_conflicts=True,
    )
    return len(DEFAULT_DOMAINS)


@transaction.atomic
def domain_create(*, actor, name: str, description: str = "", request=None) -> Domain:
    from django.utils.text import slugify

    name = (name or "").strip()
    if not name:
        raise ApplicationError(_("Give the domain a name."), field="name")
    slug = slugify(name)[:60] or "domein"
    if Domain.objects.filter(municipality=actor.municipality, slug=slug).exists():
        raise ApplicationError(_("This domain exists already."), field="name")
    domain = Domain(
        municipality=actor.municipality,
        slug=slug,
        name=name[:100],
        description=description.strip()[:300],
    )
    domain.full_clean()
    domain.save()
    audit_record(event="stories.domain_create", request=request, actor=actor, target=domain)
    return domain


@transaction.atomic
def round_create(*, actor, period: str, title: str = "", request=None) -> Round:
    period_parse(period)
    if Round.objects.filter(municipality=actor.municipality, period=period).exists():
        raise ApplicationError(_("There is already a round for %(p)s.") % {"p": period})
    rnd = Round(
        municipality=actor.municipality,
        period=period,
        title=(title or "").strip()[:120] or _("Most significant change %(p)s") % {"p": period},
        created_by=actor,
    )
    rnd.full_clean()
    rnd.save()
    audit_record(event="stories.round_create", request=request, actor=actor, target=rnd)
    return rnd


def selector_label_for(actor, level: str) -> str:
    if level == Level.TEAM:
        teams = list(actor.teams.values_list("name", flat=True)) if hasattr(actor, "teams") else []
        return ", ".join(teams) or str(actor.get_role_display())
    return str(Level(level).label)


@transaction.atomic
def story_select(
    *, rnd: Round, story: Story, level: str, reason: str, actor, request=None
) -> Selection:
    """Record one MSC choice with its reason and tell the teller (in-app message)."""
    from ..selectors import candidates, levels_for_actor

    if level not in levels_for_actor(actor):
        raise ApplicationError(_("You cannot select at this level."))
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ApplicationError(
            _("Write down why this story is significant (at least 10 characters)."),
            field="reason",
        )
    if not candidates(rnd, level, actor).filter(pk=story.pk).exists():
        raise ApplicationError(_("This story cannot be selected at this level of the round."))
    if Selection.objects.filter(round=rnd, story=story, level=level).exists():
        raise ApplicationError(_("This story has already been selected at this level."))
    selection = Selection.objects.create(
        municipality=rnd.municipality,
        round=rnd,
        story=story,
        level=level,
        selector_label=selector_label_for(actor, level)[:120],
        reason=reason[:2000],
        selected_by=actor,
    )
    selection_id = selection.pk
    transaction.on_commit(lambda: _enqueue_selection(selection_id))
    audit_record(
        event="stories.select",
        request=request,
        actor=actor,
        target=selection,
        fields=["level", "reason"],
    )
    return selection


def _enqueue_selection(selection_id: int) -> None:
    from ..tasks import deidentify_selection

    deidentify_selection.enqueue(selection_id)


@transaction.atomic
def selection_deidentify(*, selection: Selection, deidentifier=None) -> Selection:
    """De-identify the reason (it is published in the council report), record-aware with
    the story's people, then tell the teller. Runs in the task worker, like stories."""
    from zorgzaam.stories.deid import get_deidentifier

    selection = (
        Selection.objects.select_for_update()
        .select_related("story", "story__domain", "round")
        .get(pk=selection.pk)
    )
    if selection.reason_checked:
        return selection
    engine = deidentifier or get_deidentifier()
    result = engine.deidentify(
        selection.reason,
        known=known_entities_for(selection.story),
        extra_keep_words=keep_words_for(selection.municipality),
    )
    selection.reason = result.text
    selection.reason_checked = True
    selection.save(update_fields=["reason", "reason_checked", "updated_at"])
    with translation.override(settings.LANGUAGE_CODE):
        Message.objects.create(
            municipality=selection.municipality,
            story=selection.story,
            body=_(
                "Your story was chosen as most significant (%(domain)s) by %(who)s "
                "(level: %(level)s) in round %(round)s. Their reason: %(reason)s"
            )
            % {
                "domain": selection.story.domain.name,
                "who": selection.selector_label,
                "level": Level(selection.level).label,
                "round": selection.round.title,
                "reason": selection.reason,
            },
        )
    return selection
