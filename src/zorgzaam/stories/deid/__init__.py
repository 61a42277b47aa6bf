"""Automatic de-identification of stories ("lichtpuntjes").

Plain Python (no Django): deduce plus Dutch-story rules, record-aware removal of the
people linked to the story, and a whitelist of social-domain words that must survive.

    from zorgzaam.stories.deid import KnownEntities, get_deidentifier
    result = get_deidentifier().deidentify(text, known=KnownEntities.from_dict({...}))
    result.text          # "Mevrouw [PERSOON-1] ([LEEFTIJD-1]) ..."
    result.annotations   # (Annotation(start, end, tag, label, source), ...)
"""

from zorgzaam.stories.deid.engine import (
    CACHE_ENV,
    DeduceUnavailableError,
    Deidentifier,
    deidentify,
    get_deidentifier,
    strip_labels,
    warm_up,
)
from zorgzaam.stories.deid.lexicon import DEFAULT_KEEP_WORDS
from zorgzaam.stories.deid.model import (
    TAGS,
    Annotation,
    KnownAddress,
    KnownEntities,
    KnownPerson,
    Result,
)

__all__ = [
    "CACHE_ENV",
    "DEFAULT_KEEP_WORDS",
    "TAGS",
    "Annotation",
    "DeduceUnavailableError",
    "Deidentifier",
    "KnownAddress",
    "KnownEntities",
    "KnownPerson",
    "Result",
    "deidentify",
    "get_deidentifier",
    "strip_labels",
    "warm_up",
]
