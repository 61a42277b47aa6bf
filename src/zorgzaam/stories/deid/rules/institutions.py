"""Rules for named institutions (``basisschool De Regenboog``, ``Groene Hart Ziekenhuis``)."""

from __future__ import annotations

import re

from zorgzaam.stories.deid.lexicon import (
    INSTITUTION_AFTER,
    INSTITUTION_BEFORE,
    NOT_A_NAME,
    fold,
)
from zorgzaam.stories.deid.model import (
    INSTELLING,
    Candidate,
)
from zorgzaam.stories.deid.rules.common import CAP, _cand, _factored, _key
from zorgzaam.stories.deid.rules.persons import _ARTICLE_START, _TITLE_SET, trim_name

# --------------------------------------------------------------------------- institutions
_INST_BEFORE_ALT = _factored(
    sorted(INSTITUTION_BEFORE, key=len, reverse=True), escape=False, ignore_case=True
)
_INST_AFTER_ALT = "|".join(re.escape(w) for w in sorted(INSTITUTION_AFTER, key=len, reverse=True))
_INSTITUTION_NAMED = re.compile(
    r"(?i:\b(?:"
    + _INST_BEFORE_ALT
    + r"))\s+(?P<name>(?:(?:'t|[Dd]e|[Hh]et|St\.|Sint)\s+)?"
    + CAP
    + r"(?:\s+(?:van\s+|de\s+|der\s+|den\s+)?"
    + CAP
    + r"){0,3})"
)
_INSTITUTION_SUFFIXED = re.compile(
    r"(?<![\w-])(?P<name>(?:(?:Sint|St\.)\s+)?(?:"
    + CAP
    + r"\s+){1,4}(?:"
    + _INST_AFTER_ALT
    + r"))(?![\w-])"
)
_COMPOUND_WORDS = r"school|college|lyceum|ziekenhuis|kliniek|zorgcentrum|verpleeghuis"
_INSTITUTION_COMPOUND = re.compile(
    r"(?<![\w-])(?P<name>(?:Sint-|St\.-?)?[A-Z][\w-]*(?:" + _COMPOUND_WORDS + r"))(?![\w-])"
)
# The literal words the two patterns above cannot match without (case-sensitive, like
# them): a story without one skips the pattern (searching literals costs far less).
_INST_AFTER_NEEDS = re.compile(_INST_AFTER_ALT)
_COMPOUND_NEEDS = re.compile(_COMPOUND_WORDS)
_GENERIC_INSTITUTION = frozenset(
    fold(w)
    for w in (
        "basisschool",
        "school",
        "ziekenhuis",
        "kliniek",
        "zorgcentrum",
        "verpleeghuis",
        "college",
        "lyceum",
    )
)


def rule_institution(text: str) -> list[Candidate]:
    """Named institutions: "Groene Hart Ziekenhuis", "basisschool De Regenboog", "Sint-Jozef"."""
    out = []
    for m in _INSTITUTION_NAMED.finditer(text):
        name_start = m.start("name")
        article = _ARTICLE_START.match(m.group("name"))
        body_start = name_start + (article.end() if article else 0)
        span = trim_name(text, body_start, m.end("name"))
        if span:
            span = (name_start, span[1])
            value = text[span[0] : span[1]]
            out.append(_cand(span[0], span[1], INSTELLING, "institution", "inst:" + _key(value)))
    suffixed = _INSTITUTION_SUFFIXED.finditer(text) if _INST_AFTER_NEEDS.search(text) else ()
    for m in suffixed:
        name = m.group("name")
        first = fold(name.split()[0])
        start = m.start("name")
        if first in NOT_A_NAME or first in _TITLE_SET:
            rest = name.split(None, 1)
            if len(rest) < 2 or len(rest[1].split()) < 2:
                continue
            start = m.start("name") + name.index(rest[1])
        out.append(
            _cand(
                start,
                m.end("name"),
                INSTELLING,
                "institution",
                "inst:" + _key(text[start : m.end()]),
            )
        )
    compound = _INSTITUTION_COMPOUND.finditer(text) if _COMPOUND_NEEDS.search(text) else ()
    for m in compound:
        if fold(m.group("name")) in _GENERIC_INSTITUTION:
            continue
        out.append(_cand(m.start(), m.end(), INSTELLING, "institution", "inst:" + _key(m.group(0))))
    return out
