"""Merging overlapping candidates (priorities, the union is replaced) and rendering the
result with numbered labels (``[PERSOON-1]``)."""

from __future__ import annotations

import re

from zorgzaam.stories.deid.engine.spans import _strip_span
from zorgzaam.stories.deid.lexicon import (
    PARTICLES,
    fold,
)
from zorgzaam.stories.deid.model import (
    BSN,
    NUMMER,
    PERSOON,
    SOURCE_KNOWN,
    TELEFOON,
    Annotation,
    Candidate,
    Result,
)

# Compiled once (were module-level re.sub / re.findall calls, a cache look-up each time).
_POSSESSIVE_END = re.compile(r"['’]s$|(?<=\w)s$")
_PLURAL_END = re.compile(r"(?<=\w{3})s$")
_WORD = re.compile(r"\w+")


def _entity_key(tag: str, value: str) -> str:
    if tag in (TELEFOON, BSN, NUMMER):
        from zorgzaam.stories.deid.rules import normalise_phone

        if tag == TELEFOON:
            norm = normalise_phone(value)
            if norm:
                return "tel:" + norm
        return tag + ":" + "".join(c for c in value if c.isdigit())
    folded = fold(value)
    if tag == PERSOON:
        folded = _POSSESSIVE_END.sub("", folded.strip()) if len(folded) > 4 else folded
        return "name:" + "".join(c for c in folded if c.isalnum())
    return tag + ":" + "".join(c for c in folded if c.isalnum())


def _merge(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """Resolve overlaps. Spans of one tag are united; where spans of different tags
    overlap, the strongest (priority, length) keeps the overlap and the others keep only
    what sticks out (if that is still a meaningful piece)."""
    cands = sorted(
        (c for c in candidates if 0 <= c.start < c.end <= len(text)),
        key=lambda c: (c.start, -c.end),
    )
    merged: list[Candidate] = []
    group: list[Candidate] = []
    group_end = -1
    for cand in cands:
        if group and cand.start < group_end:
            group.append(cand)
            group_end = max(group_end, cand.end)
            continue
        if group:
            merged.extend(_resolve(text, group))
        group = [cand]
        group_end = cand.end
    if group:
        merged.extend(_resolve(text, group))
    return sorted(merged, key=lambda c: c.start)


def _resolve(text: str, group: list[Candidate]) -> list[Candidate]:
    if len(group) == 1:
        return group
    if len({c.tag for c in group}) == 1:
        best = max(group, key=lambda c: (c.priority, c.length))
        start, end = min(c.start for c in group), max(c.end for c in group)
        return [Candidate(start, end, best.tag, best.source, best.priority, key=best.key)]
    accepted: list[Candidate] = []
    for cand in sorted(group, key=lambda c: (-c.priority, -c.length, c.start)):
        pieces = [(cand.start, cand.end)]
        for acc in accepted:
            pieces = [p for piece in pieces for p in _subtract(piece, (acc.start, acc.end))]
        for ps, pe in pieces:
            trimmed = _strip_span(text, ps, pe, particles=cand.tag == PERSOON)
            if trimmed is None:
                continue
            ts, te = trimmed
            same = [
                a
                for a in accepted
                if a.tag == cand.tag
                and (
                    (a.end <= ts and not text[a.end : ts].strip())
                    or (te <= a.start and not text[te : a.start].strip())
                )
            ]
            if same:
                a = same[0]
                accepted.remove(a)
                accepted.append(
                    Candidate(min(a.start, ts), max(a.end, te), a.tag, a.source, a.priority, a.key)
                )
                continue
            key = (
                cand.key
                if (ts, te) == (cand.start, cand.end)
                else _entity_key(cand.tag, text[ts:te])
            )
            if cand.source == SOURCE_KNOWN:
                key = cand.key
            accepted.append(Candidate(ts, te, cand.tag, cand.source, cand.priority, key=key))
    return accepted


def _subtract(piece: tuple[int, int], cut: tuple[int, int]) -> list[tuple[int, int]]:
    ps, pe = piece
    cs, ce = cut
    if ce <= ps or cs >= pe:
        return [piece]
    out = []
    if ps < cs:
        out.append((ps, cs))
    if ce < pe:
        out.append((ce, pe))
    return out


class _Numbering:
    """Same entity, same number (per tag). Person names are linked by shared name parts."""

    def __init__(self) -> None:
        self.counters: dict[str, int] = {}
        self.numbers: dict[tuple[str, str], int] = {}
        self.person_tokens: list[tuple[set[str], int]] = []

    def number(self, text: str, cand: Candidate) -> int:
        tag = cand.tag
        ident = (tag, cand.key)
        if ident in self.numbers:
            return self.numbers[ident]
        n = None
        tokens: set[str] = set()
        if tag == PERSOON and not cand.key.startswith("known-person:"):
            tokens = {
                _PLURAL_END.sub("", t)
                for t in _WORD.findall(fold(text[cand.start : cand.end]))
                if len(t) > 1 and t not in PARTICLES
            }
            for other_tokens, other_n in self.person_tokens:
                if tokens and (tokens <= other_tokens or other_tokens <= tokens):
                    n = other_n
                    other_tokens |= tokens
                    break
        if n is None:
            n = self.counters.get(tag, 0) + 1
            self.counters[tag] = n
            if tokens:
                self.person_tokens.append((tokens, n))
        self.numbers[ident] = n
        return n


def _render(text: str, spans: list[Candidate]) -> Result:
    numbering = _Numbering()
    pieces: list[str] = []
    annotations: list[Annotation] = []
    pos = 0
    for cand in spans:
        n = numbering.number(text, cand)
        label = f"[{cand.tag}-{n}]"
        pieces.append(text[pos : cand.start])
        pieces.append(label)
        pos = cand.end
        annotations.append(Annotation(cand.start, cand.end, cand.tag, label, cand.source))
    pieces.append(text[pos:])
    return Result(text="".join(pieces), annotations=tuple(annotations))
