"""Small span helpers of the pipeline: vetoes, compass words, snapping to whole words,
sentences and stripping a span down to its name."""

from __future__ import annotations

import re

from zorgzaam.stories.deid.lexicon import (
    COMPASS_WORDS,
    PARTICLES,
    fold,
)
from zorgzaam.stories.deid.model import (
    PERSOON,
    PLAATS,
    Candidate,
)
from zorgzaam.stories.deid.rules import (
    not_a_person,
)

# Two letters before the stop: after one letter it is an initial ("S. Pneumoniae").
_SENTENCE_END = re.compile(r"(?<=\w\w)[.!?]+\s+(?=[A-ZÀ-Þ])")
_TRAILING_COMPASS = re.compile(
    r"[\s-]+(?i:" + "|".join(sorted(COMPASS_WORDS, key=len, reverse=True)) + r")\s*$"
)


def _vetoed(text: str, cand: Candidate) -> bool:
    """A person span that is medical Latin, a medicine or a venue noun (``not_a_person``).
    The record's own people (``known``) are never vetoed; they are added later anyway."""
    return cand.tag == PERSOON and not_a_person(text[cand.start : cand.end]) is not None


def _without_compass(text: str, cand: Candidate) -> Candidate:
    """ "Reeuwijk Noord", "van Woerden Oost": a compass word at the end of a person or place
    span is the part of town, not part of the name; it stays in the text."""
    if cand.tag not in (PERSOON, PLAATS):
        return cand
    m = _TRAILING_COMPASS.search(text, cand.start, cand.end)
    if not m or m.start() <= cand.start:
        return cand
    return Candidate(cand.start, m.start(), cand.tag, cand.source, cand.priority, cand.key)


def _snap_to_words(text: str, spans: list[Candidate]) -> list[Candidate]:
    """No word is ever cut in two: a span end that falls between two letters or digits is
    moved outwards to the end of that word (removing a little more, never leaking the rest
    of a word). Returns ``spans`` itself when nothing moved."""
    out, moved = [], False
    n = len(text)
    for c in spans:
        start, end = c.start, c.end
        while 0 < start < n and text[start - 1].isalnum() and text[start].isalnum():
            start -= 1
        while 0 < end < n and text[end - 1].isalnum() and text[end].isalnum():
            end += 1
        if (start, end) == (c.start, c.end):
            out.append(c)
            continue
        moved = True
        out.append(Candidate(start, end, c.tag, c.source, c.priority, key=c.key))
    return out if moved else spans


def _split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    parts = []
    pos = start
    for m in _SENTENCE_END.finditer(text, start, end):
        parts.append((pos, m.start() + 1))
        pos = m.end()
    parts.append((pos, end))
    return [(a, b) for a, b in (p for p in parts) if text[a:b].strip(" .!?")]


def _strip_span(text: str, start: int, end: int, particles: bool = True) -> tuple[int, int] | None:
    """Trim punctuation, spaces and dangling particles; None when nothing meaningful is left."""
    value = text[start:end]
    left = len(value) - len(value.lstrip(" \t\n-,.;:'’()"))
    right = len(value) - len(value.rstrip(" \t\n-,;:'’()"))
    start, end = start + left, end - right
    words = text[start:end].split() if particles else []
    while words and fold(words[0]) in PARTICLES:
        start = text.index(words[0], start) + len(words[0])
        words = words[1:]
        while start < end and text[start].isspace():
            start += 1
    while words and fold(words[-1]) in PARTICLES:
        end = text.rindex(words[-1], start, end)
        words = words[:-1]
        while end > start and text[end - 1].isspace():
            end -= 1
    if sum(c.isalnum() for c in text[start:end]) < 2:
        return None
    return start, end
