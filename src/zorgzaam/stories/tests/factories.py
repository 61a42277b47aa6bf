"""Approved stories for tests that do not need the de-identifier (origin: demo-like)."""

from __future__ import annotations

from django.utils import timezone

from zorgzaam.stories.models import Audience, Story
from zorgzaam.stories.selectors import domains_for


def approved_story(
    world,
    *,
    teller=None,
    area=None,
    domain=None,
    audience=Audience.COUNCIL,
    period="2026-Q3",
    text="Een mooi verhaal over de buurt.",
    **extra,
) -> Story:
    return Story.objects.create(
        municipality=world.municipality,
        teller=teller,
        title=extra.pop("title", "Verhaal"),
        original_text="",
        text=text,
        status=Story.Status.APPROVED,
        audience=audience,
        domain=domain or domains_for(world.municipality).first(),
        area=area or world.village_a,
        period=period,
        approved_at=timezone.now(),
        **extra,
    )
