"""The de-identifier: deduce + rules + record-aware matching + keep words.

One deduce instance costs about 1.1 GB and seconds to build, so there is exactly one
per process, built lazily behind ``get_deidentifier()`` (thread-safe) or eagerly with
``warm_up()`` at worker start. Never build one inside a request.

The engine is a package: ``deduce`` (loading deduce and its lookup cache), ``pipeline``
(the ``Deidentifier``), ``spans``, ``propagation`` and ``merging`` (merging overlaps and
rendering labels); this module holds the process singleton and re-exports every name.
"""

from __future__ import annotations

import os
import re
import sys  # re-exported: tests patch ``engine.sys.prefix``
import threading
from pathlib import Path  # re-exported, as before the split
from typing import Any

from zorgzaam.stories.deid.engine.deduce import (
    BUILD_ENV,
    CACHE_ENV,
    DeduceUnavailableError,
    _deduce_with_cache,
    _import_deduce,
    build_deduce,
    cache_file,
    default_cache_path,
    log,
    resolve_cache_path,
)
from zorgzaam.stories.deid.engine.merging import (
    _PLURAL_END,
    _POSSESSIVE_END,
    _WORD,
    _entity_key,
    _merge,
    _Numbering,
    _render,
    _resolve,
    _subtract,
)
from zorgzaam.stories.deid.engine.pipeline import (
    _DEDUCE_TAGS,
    _EXTEND_LEFT_INITIALS,
    _EXTEND_LEFT_PARTICLE,
    _EXTEND_RIGHT,
    _KEEP_APPLIES_TO,
    _POSTCODE_SHAPE,
    _TITLE_PREFIX,
    Deidentifier,
    _keep_regex,
)
from zorgzaam.stories.deid.engine.propagation import (
    _NAME_TOKEN,
    _inside,
    _token_spans,
    _word_or_hyphen,
    propagate_names,
)
from zorgzaam.stories.deid.engine.spans import (
    _SENTENCE_END,
    _TRAILING_COMPASS,
    _snap_to_words,
    _split_sentences,
    _strip_span,
    _vetoed,
    _without_compass,
)
from zorgzaam.stories.deid.model import KnownEntities, Result

_TAG_IN_OUTPUT = re.compile(r"\[[A-Z]+-\d+\]")


# ---------------------------------------------------------------------- process singleton
_instance: Deidentifier | None = None
_instance_lock = threading.Lock()


def get_deidentifier(cache_path: str | os.PathLike[str] | None = None) -> Deidentifier:
    """The process-wide de-identifier, built on first use (thread-safe, built once).

    ``cache_path`` only matters for the first call; see ``warm_up``.
    """
    global _instance
    if _instance is not None:
        return _instance
    with _instance_lock:
        if _instance is None:
            _instance = Deidentifier(cache_path=cache_path)
        return _instance


def warm_up(cache_path: str | None = None) -> Deidentifier:
    """Build the deduce lookup structures (and their on-disk cache) and the process-wide
    instance. Call it at install time (to write the cache) and at worker start.

    ``cache_path`` (or ``$ZORGZAAM_DEDUCE_CACHE``) is the directory for deduce's lookup
    cache; default ``default_cache_path()``. The installer, the web server, the task worker
    and the tests all resolve the same folder, so the cache is built once.
    """
    return get_deidentifier(cache_path)


def deidentify(text: str, known: KnownEntities | None = None, **kwargs: Any) -> Result:
    """Shortcut: ``get_deidentifier().deidentify(...)``."""
    return get_deidentifier().deidentify(text, known, **kwargs)


def strip_labels(text: str) -> str:
    """Replace the ``[TAG-n]`` labels by a space (used to check outputs for leaks)."""
    return _TAG_IN_OUTPUT.sub(" ", text)


__all__ = [
    "BUILD_ENV",
    "CACHE_ENV",
    "DeduceUnavailableError",
    "Deidentifier",
    "Path",
    "_DEDUCE_TAGS",
    "_EXTEND_LEFT_INITIALS",
    "_EXTEND_LEFT_PARTICLE",
    "_EXTEND_RIGHT",
    "_KEEP_APPLIES_TO",
    "_NAME_TOKEN",
    "_Numbering",
    "_PLURAL_END",
    "_POSSESSIVE_END",
    "_POSTCODE_SHAPE",
    "_SENTENCE_END",
    "_TAG_IN_OUTPUT",
    "_TITLE_PREFIX",
    "_TRAILING_COMPASS",
    "_WORD",
    "_deduce_with_cache",
    "_entity_key",
    "_import_deduce",
    "_inside",
    "_instance",
    "_instance_lock",
    "_keep_regex",
    "_merge",
    "_render",
    "_resolve",
    "_snap_to_words",
    "_split_sentences",
    "_strip_span",
    "_subtract",
    "_token_spans",
    "_vetoed",
    "_without_compass",
    "_word_or_hyphen",
    "build_deduce",
    "cache_file",
    "default_cache_path",
    "deidentify",
    "get_deidentifier",
    "log",
    "propagate_names",
    "resolve_cache_path",
    "strip_labels",
    "sys",
    "warm_up",
]
