"""Name propagation: a name found once is removed wherever it recurs in the story."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from zorgzaam.stories.deid.engine.merging import _entity_key
from zorgzaam.stories.deid.lexicon import (
    NOT_A_NAME,
    PARTICLES,
    fold,
)
from zorgzaam.stories.deid.model import (
    PERSOON,
    Candidate,
)
from zorgzaam.stories.deid.rules import (
    PRIO,
)

_NAME_TOKEN = re.compile(r"[A-ZÀ-Þ][a-zà-ÿ'’]{2,}(?:-[A-ZÀ-Þ][a-zà-ÿ'’]+)*")


def propagate_names(
    text: str,
    spans: list[Candidate],
    keep: re.Pattern[str] | None,
    *,
    kept: list[tuple[int, int]] | None = None,
) -> list[Candidate]:
    """A name found once is removed everywhere in the text ("Hiwet Tesfaye ... Hiwet").

    ``kept``: the sorted spans of ``keep`` in the folded text, when the caller has them."""
    tokens: set[str] = set()
    for c in spans:
        if c.tag == PERSOON:
            for tok in _NAME_TOKEN.findall(text[c.start : c.end]):
                if fold(tok) not in PARTICLES and fold(tok) not in NOT_A_NAME:
                    tokens.add(tok)
    if not tokens:
        return []
    if kept is None:
        kept = (
            sorted((m.start(), m.end()) for m in keep.finditer(fold(text)))
            if keep is not None
            else []
        )
    covered = sorted((c.start, c.end) for c in spans)
    out = []
    for start, end in _token_spans(text, sorted(tokens, key=len, reverse=True)):
        if _inside(covered, start):
            continue
        if _inside(kept, start):
            continue
        out.append(
            Candidate(
                start,
                end,
                PERSOON,
                "rule:name_propagation",
                PRIO[PERSOON] - 4,
                key=_entity_key(PERSOON, text[start:end]),
            )
        )
    return out


def _token_spans(text: str, tokens: Sequence[str]) -> list[tuple[int, int]]:
    """Like ``re.finditer(r"(?<![\\w-])(?:t1|t2|...)(?:s(?!\\w))?(?![\\w-])", text)`` for
    ``tokens`` longest first, without compiling that alternation for every story:
    non-overlapping, left to right, at each position the first token that fits."""
    starts: list[tuple[int, int]] = []
    for order, token in enumerate(tokens):
        pos = text.find(token)
        while pos >= 0:
            if pos == 0 or not _word_or_hyphen(text[pos - 1]):
                starts.append((pos, order))
            pos = text.find(token, pos + 1)
    if not starts:
        return []
    starts.sort()
    n = len(text)
    out: list[tuple[int, int]] = []
    last_end = 0
    for pos, order in starts:
        if pos < last_end:
            continue
        end = pos + len(tokens[order])
        # (?:s(?!\w))? then (?![\w-]): with the possessive "s" first, then without.
        if end < n and text[end] == "s" and (end + 1 >= n or not _word_or_hyphen(text[end + 1])):
            end += 1
        elif end < n and _word_or_hyphen(text[end]):
            continue
        out.append((pos, end))
        last_end = end
    return out


def _word_or_hyphen(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or ch == "-"


def _inside(intervals: list[tuple[int, int]], pos: int) -> bool:
    """Is ``pos`` inside one of the sorted, non-nested ``intervals``? (binary search)"""
    i = bisect.bisect_right(intervals, (pos, 1 << 62)) - 1
    return i >= 0 and intervals[i][0] <= pos < intervals[i][1]
