"""Rules for dates, birth years and ages (in digits or Dutch number words)."""

from __future__ import annotations

import re

from zorgzaam.stories.deid.lexicon import (
    AGE_WORDS,
    MONTHS,
    fold,
)
from zorgzaam.stories.deid.model import (
    DATUM,
    LEEFTIJD,
    Candidate,
)
from zorgzaam.stories.deid.rules.common import _cand, _factored, _key

# --------------------------------------------------------------------------- dates / ages
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH_SET = frozenset(MONTHS)
_DATE_WORDS = re.compile(
    r"(?i)(?<![\w])(?:[1-9]|0[1-9]|[12]\d|3[01])(?:e|ste|de)?\s*[-/. ]?\s*(?:"
    + _MONTH_ALT
    + r")\.?"
    r"(?:\s*[-/. ]?\s*(?:19|20)\d{2}|\s+'\d{2})?(?![\w])"
)
_DATE_NUMERIC = re.compile(
    r"(?<![\w.,/-])(?:(?:0?[1-9]|[12]\d|3[01])(?P<s>[-/.])(?:0?[1-9]|1[0-2])(?P=s)(?:19|20)?\d{2}"
    r"|(?:19|20)\d{2}(?P<t>[-/.])(?:0?[1-9]|1[0-2])(?P=t)(?:0?[1-9]|[12]\d|3[01]))(?![\w]|[.,/-]\d)"
)
_BIRTH_YEAR = re.compile(
    r"(?i)\b(?:geboren|geb\.|geboortejaar|bouwjaar\s+van\s+mij)\s+(?:in\s+|op\s+|:\s*)?"
    r"(?:(?:het\s+jaar\s+)?)(?P<y>(?:19|20)\d{2})\b"
)


_ANY_DIGIT = re.compile(r"\d")


def rule_date(text: str) -> list[Candidate]:
    """Dates with a month name (with or without year), numeric dates, birth years."""
    out: list[Candidate] = []
    if not _ANY_DIGIT.search(text):  # every date pattern has a digit
        return out
    for m in _DATE_WORDS.finditer(text):
        out.append(_cand(m.start(), m.end(), DATUM, "date", "date:" + _key(m.group(0))))
    for m in _DATE_NUMERIC.finditer(text):
        out.append(_cand(m.start(), m.end(), DATUM, "date", "date:" + _key(m.group(0))))
    for m in _BIRTH_YEAR.finditer(text):
        out.append(_cand(m.start("y"), m.end("y"), DATUM, "date", "date:" + m.group("y")))
    return out


_AGE_WORD_ALT = _factored(AGE_WORDS, escape=False, ignore_case=True)
_NUM = r"(?:1[01]\d|\d{1,2})"
_NUM_OR_WORD = r"(?:" + _NUM + r"|" + _AGE_WORD_ALT + r")"
_BE = (
    r"\b(?:"
    + _factored(
        [
            "is",
            "was",
            "werd",
            "wordt",
            "word",
            "ben",
            "bent",
            "zijn",
            "waren",
            "worden",
            "werden",
            "blijkt",
            "bleek",
            "lijkt",
            "leek",
        ],
        escape=False,
        ignore_case=True,
    )
    + r")\b"
    r"(?:\s+(?:nu|inmiddels|bijna|ruim|pas|net|zelfs|toen|ook|dan|precies|vandaag|gisteren"
    r"|morgen|intussen|maar|alweer|ongeveer|rond|zo'n|de\s+oudste|de\s+jongste))*\s+"
)
_AGE_PATTERNS: tuple[re.Pattern[str], ...] = (
    # "(82)" right after a word: the usual way to give an age in a story.
    re.compile(r"(?<=[\w\])'’])\s?\(\s*(?P<a>" + _NUM + r")\s*(?:jaar|jr\.?)?\s*\)"),
    # "82-jarige", "82 jarig", "tachtigjarige"
    re.compile(r"(?i)(?<![\w,.])(?P<a>" + _NUM_OR_WORD + r")\s*-?\s*jarige?n?\b"),
    # "82 jaar oud"
    re.compile(r"(?i)(?<![\w,.])(?P<a>" + _NUM_OR_WORD + r")\s+jaar\s+oud\b"),
    # "is 82 jaar", "werd 90", "is tweeëntachtig"
    re.compile(
        r"(?i)" + _BE + r"(?P<a>" + _NUM_OR_WORD + r")(?:\s+jaar\b|(?=\s*(?:[!.,;:?)]|$|\s+en\s)))"
    ),
    # ", 79 jaar," / ": 98 jaar!" (apposition)
    re.compile(r"(?i)[,:(]\s*(?P<a>" + _NUM_OR_WORD + r")\s+jaar\b(?!\s+(?:geleden|lang|later))"),
    # "een man van 82 (jaar)", "op 82-jarige leeftijd", "leeftijd van 82"
    re.compile(
        r"(?i)\b(?:"
        + _factored(
            [
                "man",
                "vrouw",
                "meneer",
                "mevrouw",
                "heer",
                "dame",
                "jongen",
                "meisje",
                "jongeman",
                "weduwe",
                "weduwnaar",
                "leeftijd",
                "kind",
                "zoon",
                "dochter",
                "senior",
                "oudere",
                "bewoner",
                "bewoonster",
            ],
            escape=False,
            ignore_case=True,
        )
        + r")\s+van\s+(?P<a>"
        + _NUM_OR_WORD
        + r")(?:\s+jaar)?\b"
    ),
)


_AGE_AFTER_NAME = re.compile(
    r"^\s+(?P<a>" + _NUM_OR_WORD + r")(?=\s*(?:[,.;:!?)]|$|\s+en\s))", re.I
)


_DECIMAL_BEFORE = re.compile(r"\d[.,]$")
_DECIMAL_AFTER = re.compile(r"[.,]\d")


def part_of_decimal(text: str, start: int, end: int) -> bool:
    """Is text[start:end] one side of a decimal number or amount ("12,5", "38,5", "21,80")?
    Such a number is a quantity, never an age."""
    return bool(
        _DECIMAL_BEFORE.search(text[max(0, start - 2) : start]) or _DECIMAL_AFTER.match(text, end)
    )


def ages_after_names(text: str, persons: list[tuple[int, int]]) -> list[Candidate]:
    """ "Khadija is tachtig, Mohammed tweeëntachtig." / "Jan 82, Piet 79": a bare number
    right after a person's name is an age (run after the person spans are known)."""
    out = []
    for _, end in persons:
        m = _AGE_AFTER_NAME.match(text[end : end + 40])
        if m:
            value = m.group("a")
            if value.isdigit() and int(value) > 120:
                continue
            s, e = end + m.start("a"), end + m.end("a")
            if part_of_decimal(text, s, e):
                continue
            out.append(_cand(s, e, LEEFTIJD, "age", "age:" + fold(value)))
    return out


# A literal each pattern of ``_AGE_PATTERNS`` cannot match without (same flags): a text
# without it skips the pattern (a search for a literal is a fraction of the pattern's scan).
_AGE_NEEDS: tuple[re.Pattern[str], ...] = (
    re.compile(r"\("),
    re.compile(r"(?i)jarig"),
    re.compile(r"(?i)jaar\s+oud"),
    re.compile(r"\s"),
    re.compile(r"(?i)jaar"),
    re.compile(r"(?i)\svan\s"),
)


def rule_age(text: str) -> list[Candidate]:
    """Ages: "(82)", "82 jaar", "82-jarige", "werd 67", number words."""
    out = []
    for pattern, needed in zip(_AGE_PATTERNS, _AGE_NEEDS, strict=True):
        if not needed.search(text):
            continue
        for m in pattern.finditer(text):
            value = m.group("a")
            if value.isdigit() and int(value) > 120:
                continue
            if part_of_decimal(text, m.start("a"), m.end("a")):
                continue
            out.append(_cand(m.start("a"), m.end("a"), LEEFTIJD, "age", "age:" + fold(value)))
    return out
