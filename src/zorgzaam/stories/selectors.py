"""Reads of stories with need-to-know.

* The teller always sees their own stories.
* "The team" (professionals and team leads of a social team serving the story's village)
  sees every story of those villages, and only they may read an original.
* Everyone else in the municipality sees a story only once it is de-identified, reviewed and
  approved, and its audience is the municipality or wider.
* The council report shows approved stories for the council or the public; the public report
  only those the teller made public.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from zorgzaam.accounts.permissions import actor_can, deny, second_factor_ok
from zorgzaam.accounts.roles import TEAM_ROLES
from zorgzaam.tenancy.models import Area

from .models import (
    LEVEL_ORDER,
    Audience,
    Domain,
    KeepWord,
    Level,
    Message,
    Redaction,
    Round,
    Selection,
    Story,
    audiences_at_least,
)


def team_area_ids(actor) -> set[int]:
    if getattr(actor, "role", None) not in TEAM_ROLES:
        return set()
    return set(
        Area.objects.filter(teams__members=actor, municipality=actor.municipality).values_list(
            "id", flat=True
        )
    )


def is_team_for(actor, story: Story) -> bool:
    return story.area_id in team_area_ids(actor) and actor_can(actor, "stories.edit")


def story_list_for_actor(actor) -> QuerySet[Story]:
    if not getattr(actor, "is_authenticated", False):
        return Story.objects.none()
    qs = Story.objects.for_municipality(actor.municipality)
    published = Q(status=Story.Status.APPROVED, audience__in=audiences_at_least("municipality"))
    rule = Q(teller=actor) | published
    areas = team_area_ids(actor)
    if areas and actor_can(actor, "stories.edit"):
        rule |= Q(area_id__in=areas)
    return qs.filter(rule).exclude(~Q(teller=actor), status=Story.Status.WITHDRAWN)


def story_get_for_actor(request, public_id) -> Story:
    """The story, 404 when it does not exist, an audited 403 without need-to-know."""
    story = (
        Story.objects.filter(public_id=public_id)
        .select_related("domain", "area", "teller", "teller_person")
        .first()
    )
    if story is None:
        raise Http404
    if not story_list_for_actor(request.user).filter(pk=story.pk).exists():
        deny(request, target=story, reason="no need-to-know")
    return story


def can_review(actor, story: Story) -> bool:
    """The teller, or a team member who passed the second factor."""
    if story.status == Story.Status.WITHDRAWN:
        return False
    if story.teller_id == actor.pk:
        return True
    return is_team_for(actor, story) and second_factor_ok(actor)


def can_read_original(actor, story: Story) -> bool:
    """Only the team reads an original (the teller wrote it and reviews the result)."""
    return bool(story.original_text) and is_team_for(actor, story)


def review_queue_for_actor(actor) -> QuerySet[Story]:
    areas = team_area_ids(actor)
    return (
        Story.objects.for_municipality(actor.municipality)
        .filter(area_id__in=areas, status__in=[Story.Status.DRAFT, Story.Status.DEIDENTIFIED])
        .select_related("domain", "area")
        .order_by("created_at")
    )


def redactions_for_review(story: Story) -> list[Redaction]:
    """The passages the de-identifier replaced, in text order (for the story's reviewers)."""
    if story.status != Story.Status.DEIDENTIFIED:
        return []
    return list(story.redactions.order_by("order"))


def keep_words_for(municipality) -> frozenset[str]:
    """The municipality's keep-list as the de-identifier takes it (one query, decrypted)."""
    if municipality is None:
        return frozenset()
    return frozenset(KeepWord.objects.for_municipality(municipality).values_list("word", flat=True))


def keep_list_for_actor(actor) -> QuerySet[KeepWord]:
    return KeepWord.objects.for_municipality(actor.municipality).select_related("added_by")


def keep_word_get_for_actor(request, public_id) -> KeepWord:
    keep = KeepWord.objects.filter(public_id=public_id).first()
    if keep is None:
        raise Http404
    if keep.municipality_id != request.user.municipality_id:
        deny(request, target=keep, reason="other municipality")
    return keep


def redaction_get_for_actor(request, story: Story, public_id) -> Redaction:
    redaction = story.redactions.filter(public_id=public_id).first()
    if redaction is None:
        raise Http404
    return redaction


def domains_for(municipality) -> QuerySet[Domain]:
    """The municipality's active domains. Reads only: the defaults are written when the
    municipality is created (``services.domains_ensure_defaults``, see ``signals``)."""
    if municipality is None:
        return Domain.objects.none()
    return Domain.objects.for_municipality(municipality).filter(active=True)


def messages_for(story: Story) -> QuerySet[Message]:
    return story.messages.all()


def published_stories(municipality, *, audience: str, periods: list[str] | None = None):
    """Approved stories readable by ``audience`` (council or public), for reports."""
    qs = Story.objects.for_municipality(municipality).filter(
        status=Story.Status.APPROVED, audience__in=audiences_at_least(audience)
    )
    if periods is not None:
        qs = qs.filter(period__in=periods)
    return qs.select_related("domain", "area")


# ------------------------------------------------------------------ MSC rounds
def levels_for_actor(actor) -> list[str]:
    """The selection levels an actor may record: a team/hub its own; the policy officer
    records the municipality's and the council committee's choices."""
    from zorgzaam.accounts.roles import Role

    if actor.role == Role.POLICY_OFFICER:
        return [Level.MUNICIPALITY, Level.COUNCIL]
    if actor_can(actor, "stories.select"):
        return [Level.TEAM]
    return []


def round_get_for_actor(request, public_id) -> Round:
    rnd = Round.objects.filter(public_id=public_id).first()
    if rnd is None:
        raise Http404
    if rnd.municipality_id != request.user.municipality_id:
        deny(request, target=rnd, reason="other municipality")
    return rnd


def rounds_for_actor(actor) -> QuerySet[Round]:
    return Round.objects.for_municipality(actor.municipality)


def candidates(rnd: Round, level: str, actor) -> QuerySet[Story]:
    """Stories the actor may select at ``level`` in this round.

    Team/hub level: approved stories of the period for the municipality or wider (a team
    chooses from its own villages). Each next level chooses from those selected one level
    below; the council committee only from stories the teller shared with the council.
    """
    base = Story.objects.for_municipality(rnd.municipality).filter(
        status=Story.Status.APPROVED, period=rnd.period
    )
    if level == Level.TEAM:
        qs = base.filter(audience__in=audiences_at_least(Audience.MUNICIPALITY))
        areas = team_area_ids(actor)
        if areas:
            qs = qs.filter(area_id__in=areas)
    else:
        below = LEVEL_ORDER[LEVEL_ORDER.index(level) - 1]
        qs = base.filter(selections__round=rnd, selections__level=below)
        if level == Level.COUNCIL:
            qs = qs.filter(audience__in=audiences_at_least(Audience.COUNCIL))
    return qs.distinct().select_related("domain", "area")


def selections_by_level(rnd: Round) -> dict[str, list[Selection]]:
    out: dict[str, list[Selection]] = {lvl: [] for lvl in LEVEL_ORDER}
    for sel in rnd.selections.select_related("story", "story__domain", "story__area"):
        out[sel.level].append(sel)
    return out
