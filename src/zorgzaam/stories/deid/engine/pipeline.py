"""The ``Deidentifier``: deduce + rules + the record's entities + keep words, in order."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable, Sequence
from typing import Any

from zorgzaam.stories.deid.engine.deduce import build_deduce
from zorgzaam.stories.deid.engine.merging import _entity_key, _merge, _render
from zorgzaam.stories.deid.engine.propagation import propagate_names
from zorgzaam.stories.deid.engine.spans import (
    _snap_to_words,
    _split_sentences,
    _strip_span,
    _vetoed,
    _without_compass,
)
from zorgzaam.stories.deid.known import find_known
from zorgzaam.stories.deid.lexicon import (
    DEFAULT_KEEP_WORDS,
    INNER_PARTICLE_PATTERN,
    PARTICLES,
    TITLES,
    fold,
)
from zorgzaam.stories.deid.model import (
    ADRES,
    BSN,
    DATUM,
    EMAIL,
    INSTELLING,
    LEEFTIJD,
    NUMMER,
    PERSOON,
    PLAATS,
    POSTCODE,
    SOURCE_DEDUCE,
    TELEFOON,
    URL,
    Candidate,
    KnownEntities,
    Result,
)
from zorgzaam.stories.deid.rules import (
    CAP,
    ages_after_names,
    is_quantity,
    run_rules,
)

# deduce tag -> (our tag, priority). deduce loses overlaps against every rule.
_DEDUCE_TAGS: dict[str, tuple[str, int]] = {
    "persoon": (PERSOON, 20),
    "patient": (PERSOON, 20),
    "locatie": (ADRES, 22),  # refined below: placenames become PLAATS, postcodes POSTCODE
    "ziekenhuis": (INSTELLING, 30),
    "zorginstelling": (INSTELLING, 30),
    "instelling": (INSTELLING, 30),
    "datum": (DATUM, 25),
    "leeftijd": (LEEFTIJD, 25),
    "bsn": (BSN, 25),
    "id": (NUMMER, 24),
    "telefoonnummer": (TELEFOON, 25),
    "emailadres": (EMAIL, 25),
    "url": (URL, 25),
}

_TITLE_PREFIX = re.compile(
    r"^(?:(?i:"
    + "|".join(re.escape(t) for t in sorted(TITLES, key=len, reverse=True))
    + r")(?:\.|(?=\s|$))\s*)+"
)
_POSTCODE_SHAPE = re.compile(r"^[1-9]\d{3}\s?[A-Za-z]{2}$")
_EXTEND_RIGHT = re.compile(r"^\s+" + INNER_PARTICLE_PATTERN + CAP)
# Initials before a name start at a word boundary ("DR. Visser" and "ABC. Visser" have none).
_EXTEND_LEFT_INITIALS = re.compile(r"(?<![\w.])(?:[A-Z]\.\s?){1,4}\s*$")
# Bare "van" is also the preposition ("Nederlands van Greetje"): only in combinations.
_EXTEND_LEFT_PARTICLE = re.compile(
    r"(?<![\w])(?:van\s+(?:de|der|den|het|'t)|de|der|den|ter|ten|te)\s+$"
)
# Keep words are cut out of name-like spans only, never out of e-mail addresses etc.
_KEEP_APPLIES_TO = frozenset({PERSOON, PLAATS, ADRES, INSTELLING, NUMMER})


def _keep_regex(words: Iterable[str], *, grouped: bool = True) -> re.Pattern[str] | None:
    """The keep words as one pattern over the folded text, longest word first.

    ``grouped``: the alternatives are grouped under their first letter (``w(?:ord1|ord2)``),
    which matches exactly the same (two words with different first letters never match at
    one position; within a group the order is kept) and is scanned several times faster
    (issue #23). Not when a word starts with something other than a letter or digit."""
    parts = []
    for word in sorted({w.strip() for w in words if w and w.strip()}, key=len, reverse=True):
        flex = re.escape(fold(word)).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]?")
        parts.append(flex)
    if not parts:
        return None
    if grouped and all(p[0].isalnum() for p in parts):
        groups: dict[str, list[str]] = {}
        for p in parts:
            groups.setdefault(p[0], []).append(p[1:])
        alt = "|".join(
            first + ("(?:" + "|".join(rests) + ")" if len(rests) > 1 else rests[0])
            for first, rests in groups.items()
        )
    else:
        alt = "|".join(parts)
    return re.compile(r"(?<!\w)(?:" + alt + r")(?:s|en|'s|’s)?(?!\w)")


class Deidentifier:
    """De-identifies Dutch stories. Thread-safe; build once per process."""

    def __init__(
        self,
        *,
        cache_path: str | os.PathLike[str] | None = None,
        extra_keep_words: Sequence[str] = (),
        deduce_instance: Any = None,
    ) -> None:
        self._deduce = deduce_instance if deduce_instance is not None else build_deduce(cache_path)
        self._lock = threading.Lock()
        self._keep_words: tuple[str, ...] = DEFAULT_KEEP_WORDS + tuple(extra_keep_words)
        self._keep = _keep_regex(self._keep_words)
        # The compiled pattern per set of extra keep words (a municipality's keep-list is
        # the same frozenset for all its stories): compiled once, not once per story.
        self._keep_cache: dict[frozenset[str], re.Pattern[str] | None] = {}

    @property
    def keep_words(self) -> tuple[str, ...]:
        return self._keep_words

    # ------------------------------------------------------------------ public API
    def deidentify(
        self,
        text: str,
        known: KnownEntities | None = None,
        *,
        extra_keep_words: Iterable[str] = (),
    ) -> Result:
        """De-identify ``text``. ``known``: entities of the story's record (always removed).

        ``extra_keep_words``: words that must survive for this call only (in addition to
        the default whitelist and the constructor's ``extra_keep_words``), such as a
        municipality's keep-list as a ``frozenset``. They are cut out of name-like spans
        only (never out of the record's people, e-mail addresses, phone numbers or other
        numbers), like the default whitelist.
        """
        if not isinstance(text, str):
            raise TypeError("text must be str")
        if not text.strip():
            return Result(text=text, annotations=())
        known = known or KnownEntities()
        keep = self._keep_for(extra_keep_words)

        candidates: list[Candidate] = []
        candidates.extend(self._deduce_candidates(text))
        candidates.extend(run_rules(text))
        candidates = [c for c in (self._refine_person(text, c) for c in candidates) if c]
        candidates = [_without_compass(text, c) for c in candidates if not _vetoed(text, c)]
        folded = fold(text)  # once per story: keep words, the record and propagation use it
        kept = (
            sorted((m.start(), m.end()) for m in keep.finditer(folded)) if keep is not None else []
        )
        if kept:
            candidates = self._apply_keep(text, candidates, kept)
        candidates.extend(find_known(text, known, folded=folded))
        spans = _merge(text, candidates)
        found = propagate_names(text, spans, keep, kept=kept)
        if found:
            spans = _merge(text, spans + found)
        persons = [(c.start, c.end) for c in spans if c.tag == PERSOON]
        extra = ages_after_names(text, persons)
        if extra:
            spans = _merge(text, spans + extra)
        snapped = _snap_to_words(text, spans)
        if snapped is not spans:
            spans = _merge(text, snapped)
        return _render(text, spans)

    def _keep_for(self, extra: Iterable[str]) -> re.Pattern[str] | None:
        if not extra:
            return self._keep
        words = extra if isinstance(extra, frozenset) else frozenset(extra)
        if not words:
            return self._keep
        try:
            return self._keep_cache[words]
        except KeyError:
            pattern = _keep_regex(self._keep_words + tuple(sorted(words)))
            if len(self._keep_cache) >= 64:  # a few municipalities per process; stay bounded
                self._keep_cache.clear()
            self._keep_cache[words] = pattern
            return pattern

    # ------------------------------------------------------------------ deduce
    def _deduce_candidates(self, text: str) -> list[Candidate]:
        with self._lock:
            doc = self._deduce.deidentify(text, disabled={"redactor"})
        out = []
        for ann in doc.annotations:
            tag, prio = _DEDUCE_TAGS.get(ann.tag, (NUMMER, 15))
            start, end = int(ann.start_char), int(ann.end_char)
            value = text[start:end]
            if ann.tag == "locatie":
                if _POSTCODE_SHAPE.match(value.strip()):
                    if is_quantity(text, start, end):  # "1000 KG", "250 ML": a quantity
                        continue
                    tag = POSTCODE
                elif not any(c.isdigit() for c in value) and not value.lower().startswith(
                    "postbus"
                ):
                    tag = PLAATS
            if tag == PERSOON:
                # deduce merges adjacent names across ". " ("Spil. Mevrouw Ouarda ..."):
                # split at sentence ends so titles can be kept outside each part.
                for ps, pe in _split_sentences(text, start, end):
                    out.append(
                        Candidate(ps, pe, tag, SOURCE_DEDUCE, prio, _entity_key(tag, text[ps:pe]))
                    )
                continue
            out.append(Candidate(start, end, tag, SOURCE_DEDUCE, prio, key=_entity_key(tag, value)))
        return out

    # ------------------------------------------------------------------ post-processing
    @staticmethod
    def _refine_person(text: str, cand: Candidate) -> Candidate | None:
        """Keep titles outside person spans; add particles, initials and surname parts."""
        if cand.tag != PERSOON:
            return cand
        start, end = cand.start, cand.end
        m = _TITLE_PREFIX.match(text[start:end])
        if m:
            start += m.end()
        if start >= end:
            return None
        m2 = _EXTEND_RIGHT.match(text[end:])
        if m2:
            end += m2.end()
        left = text[max(0, start - 20) : start]
        m3 = _EXTEND_LEFT_PARTICLE.search(left)
        if m3 and cand.source == SOURCE_DEDUCE:
            start -= len(m3.group(0))
            left = text[max(0, start - 20) : start]
        # Searched in the text itself (not a slice), so the look-behind sees the word before.
        m4 = _EXTEND_LEFT_INITIALS.search(text, max(0, start - 20), start)
        if m4:
            start = m4.start()
        value = text[start:end].strip()
        if not value or value.lower() in PARTICLES:
            return None
        if start == cand.start and end == cand.end:
            return cand
        return Candidate(
            start,
            end,
            cand.tag,
            cand.source,
            cand.priority,
            key=_entity_key(PERSOON, text[start:end]),
        )

    @staticmethod
    def _apply_keep(
        text: str, candidates: list[Candidate], kept: list[tuple[int, int]]
    ) -> list[Candidate]:
        """Cut the keep words (their spans, ``kept``) out of spans; drop what is left if it
        is no longer a name."""
        if not kept:
            return candidates
        out = []
        for cand in candidates:
            if cand.tag not in _KEEP_APPLIES_TO:
                out.append(cand)
                continue
            pieces = [(cand.start, cand.end)]
            for ks, ke in kept:
                next_pieces = []
                for ps, pe in pieces:
                    if ke <= ps or ks >= pe:
                        next_pieces.append((ps, pe))
                        continue
                    if ps < ks:
                        next_pieces.append((ps, ks))
                    if ke < pe:
                        next_pieces.append((ke, pe))
                pieces = next_pieces
            if pieces == [(cand.start, cand.end)]:
                out.append(cand)
                continue
            for ps, pe in pieces:
                trimmed = _strip_span(text, ps, pe, particles=cand.tag == PERSOON)
                if trimmed is None:
                    continue
                ts, te = trimmed
                out.append(
                    Candidate(
                        ts,
                        te,
                        cand.tag,
                        cand.source,
                        cand.priority,
                        key=_entity_key(cand.tag, text[ts:te]),
                    )
                )
        return out
