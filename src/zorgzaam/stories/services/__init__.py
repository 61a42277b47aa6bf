"""Writes for stories: tell, de-identify (in a task), review and approve, withdraw, purge
originals, and Most Significant Change selections. Every write is audited in the same
transaction; the audit log never holds story text or names.

One module per seam: ``base`` (limits, retention, the audit subject), ``redaction``
(known entities, recorded redactions and their restoring, keep words), ``telling`` (a
story's life from telling to purging its original) and ``msc`` (domains, rounds and
selections). Callers import from this package."""

from __future__ import annotations

from zorgzaam.common.errors import ApplicationError

from .base import (
    MAX_STORY_CHARS,
    MIN_STORY_CHARS,
    PHOTO_FORMATS,
    level_index,
    photo_max_bytes,
    photo_max_pixels,
    retention_days,
)
from .msc import (
    domain_create,
    domains_ensure_defaults,
    round_create,
    selection_deidentify,
    selector_label_for,
    story_select,
)
from .redaction import (
    keep_word_add,
    keep_word_remove,
    keep_words_for,
    known_entities_for,
    redaction_restore,
)
from .telling import (
    originals_purge,
    photo_clean,
    story_create,
    story_deidentify,
    story_review,
    story_withdraw,
)

__all__ = [
    "MAX_STORY_CHARS",
    "MIN_STORY_CHARS",
    "PHOTO_FORMATS",
    "ApplicationError",
    "domain_create",
    "domains_ensure_defaults",
    "keep_word_add",
    "keep_word_remove",
    "keep_words_for",
    "known_entities_for",
    "level_index",
    "originals_purge",
    "photo_clean",
    "photo_max_bytes",
    "photo_max_pixels",
    "redaction_restore",
    "retention_days",
    "round_create",
    "selection_deidentify",
    "selector_label_for",
    "story_create",
    "story_deidentify",
    "story_review",
    "story_select",
    "story_withdraw",
]
