"""What every rule family shares: the ``Rule`` type, priorities, name-word patterns and the
candidate constructor."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from zorgzaam.stories.deid.lexicon import (
    fold,
)
from zorgzaam.stories.deid.model import (
    ADRES,
    BSN,
    DATUM,
    EMAIL,
    IBAN,
    INSTELLING,
    KENTEKEN,
    LEEFTIJD,
    PERSOON,
    POSTCODE,
    TELEFOON,
    URL,
    Candidate,
    rule_source,
)

Rule = Callable[[str], list[Candidate]]


def _factored(words: Iterable[str], *, escape: bool = True, ignore_case: bool = False) -> str:
    """The alternation ``w1|w2|...`` (in the given order) with the words grouped under their
    first character: ``d(?:e\\ heer|okter)|m(?:evrouw|eneer)``. It matches exactly what the
    flat alternation matches (two words with different first characters never both match
    at one position, and within a group the order is kept), but the engine tries a handful
    of first characters at each position instead of every word (issue #23: these
    alternations were the costliest rules). ``ignore_case``: for use under ``(?i)``, words
    are grouped by their lower-case first character (both match the same characters)."""
    groups: dict[str, list[str]] = {}
    for word in words:
        if not word:
            continue
        first = word[0].lower() if ignore_case else word[0]
        groups.setdefault(first, []).append(word[1:])
    parts = []
    for first, rests in groups.items():
        if not escape and not all(re.fullmatch(r"[\w ]*", r) for r in [first, *rests]):
            raise ValueError("only plain words can be grouped without escaping")
        head = re.escape(first) if escape else first
        body = "|".join(re.escape(r) if escape else r for r in rests)
        parts.append(head + ("(?:" + body + ")" if len(rests) > 1 else body))
    return "|".join(parts)


# Priorities decide the tag when spans overlap (higher wins); the union is replaced.
PRIO_KNOWN = 100
PRIO = {
    IBAN: 90,
    EMAIL: 88,
    URL: 84,
    TELEFOON: 80,
    BSN: 76,
    KENTEKEN: 74,
    POSTCODE: 70,
    DATUM: 64,
    INSTELLING: 58,
    ADRES: 54,
    LEEFTIJD: 50,
    PERSOON: 44,
}

# Name-like word: capitalised, letters, apostrophes and hyphenated parts ("Groenendijk-Vermeulen").
CAP = r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’]+(?:-[A-Za-zÀ-ÖØ-öø-ÿ][a-zà-öø-ÿ'’]+)*"
# Initials start at a word boundary: the "R." of "DR. Visser" and the "C." of "ABC. Visser"
# are the ends of an abbreviation, not initials.
INITIALS = r"(?<![\w.])(?:[A-Z]\.\s?){1,4}"


def _cap_with_boundary(lookbehind: str) -> str:
    """``(?<!x)CAP`` (or ``(?<=x)CAP``) written as its first letter, then the look-behind
    widened by one character, then the rest: the same matches, but the pattern now starts
    with a character class, which the ``re`` engine skips to at C speed instead of trying
    every position (issue #23). ``lookbehind``: ``"(?<![\\w-]"`` (without the closing
    parenthesis)."""
    first, rest = CAP[: CAP.index("]") + 1], CAP[CAP.index("]") + 1 :]
    return first + lookbehind + ".)" + rest


_W = r"[^\W\d_]"  # a letter


def _digits(value: str) -> str:
    return "".join(c for c in value if c.isdigit())


def _key(value: str) -> str:
    return "".join(c for c in fold(value) if c.isalnum())


def _cand(
    start: int, end: int, tag: str, name: str, key: str, priority: int | None = None
) -> Candidate:
    return Candidate(
        start=start,
        end=end,
        tag=tag,
        source=rule_source(name),
        priority=PRIO[tag] if priority is None else priority,
        key=key,
    )
