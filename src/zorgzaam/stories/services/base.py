"""Shared settings and helpers of the story writes: size limits, retention, the audit subject."""

from __future__ import annotations

from django.conf import settings

from ..models import (
    LEVEL_ORDER,
    Story,
)

MAX_STORY_CHARS = 10_000
MIN_STORY_CHARS = 20
PHOTO_FORMATS = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp"}


def photo_max_bytes() -> int:
    return int(getattr(settings, "STORY_PHOTO_MAX_BYTES", 5 * 1024 * 1024))


def photo_max_pixels() -> int:
    """Width x height accepted (decoded, a photo takes 3-4 bytes a pixel: a small PNG of
    12000 x 7400 px doubled a worker's memory)."""
    return int(getattr(settings, "STORY_PHOTO_MAX_PIXELS", 40_000_000))


def retention_days() -> int:
    return int(getattr(settings, "STORY_ORIGINAL_RETENTION_DAYS", 365))


def _subject(story: Story):
    person = story.teller_person
    return person.public_id if person is not None else None


def level_index(level: str) -> int:
    return LEVEL_ORDER.index(level)
