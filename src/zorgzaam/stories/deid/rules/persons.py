"""Rules for names of persons: after a title, with a particle, initials, signatures and
proper names in the middle of a sentence; the vetoes that say a span is no person."""

from __future__ import annotations

import re

from zorgzaam.stories.deid.lexicon import (
    DRUG_NAMES,
    DRUG_SUFFIXES,
    INNER_PARTICLE_PATTERN,
    LEADING_PARTICLE_PATTERN,
    MEDICAL_LATIN,
    MEDICAL_LATIN_SUFFIXES,
    NOT_A_NAME,
    PARTICLES,
    TITLES,
    VENUE_NOUNS,
    fold,
)
from zorgzaam.stories.deid.model import (
    PERSOON,
    Candidate,
)
from zorgzaam.stories.deid.rules.common import (
    CAP,
    INITIALS,
    PRIO,
    _cand,
    _cap_with_boundary,
    _factored,
    _key,
)
from zorgzaam.stories.deid.rules.dates import _MONTH_SET

# --------------------------------------------------------------------------- persons
_TITLE_SET = frozenset(fold(t) for t in TITLES)
_TITLE_ALT = _factored(sorted(TITLES, key=len, reverse=True), ignore_case=True)
NAME = (
    r"(?:"
    + INITIALS
    + r"\s*(?:"
    + INNER_PARTICLE_PATTERN
    + r")?)?(?:"
    + LEADING_PARTICLE_PATTERN
    + r"\s+)?"
    + CAP
    + r"(?:\s+(?:"
    + INNER_PARTICLE_PATTERN
    + r")?"
    + CAP
    + r"){0,3}"
)
_TITLE_NAME = re.compile(r"(?i:(?<![\w-])(?:" + _TITLE_ALT + r"))\s+(?P<name>" + NAME + r")")
_PARTICLE_NAME = re.compile(
    r"(?<![\w-])(?P<name>" + LEADING_PARTICLE_PATTERN + r"\s+" + CAP + r"(?:-" + CAP + r")?)"
)
# The next three start with a character, not a look-behind (see ``_cap_with_boundary``);
# ``tests/test_rules_fast.py`` compares them with their plain forms.
_INNER_PARTICLE_NAME = re.compile(
    r"(?P<name>" + _cap_with_boundary(r"(?<![\w-]") + r"\s+" + INNER_PARTICLE_PATTERN + CAP + r")"
)
_INITIALS_NAME = re.compile(
    r"(?P<name>[A-Z](?<![\w.].)\.\s?(?:[A-Z]\.\s?){0,3}\s*(?:"
    + INNER_PARTICLE_PATTERN
    + r")?"
    + CAP
    + r")"
)
_SIGNATURE = re.compile(
    r"[–—-](?<!\w-)\s*(?P<name>"
    + CAP
    + r"(?:\s+(?:"
    + INNER_PARTICLE_PATTERN
    + r")?"
    + CAP
    + r"){0,3})\s*(?:,|$)"
)


_INSTITUTION_WORD = re.compile(
    r"(?i)(?:school|college|lyceum|ziekenhuis|kliniek|zorgcentrum|verpleeghuis|zorggroep)$"
)


def trim_name(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Cut a proposed name at the first word that is no name (days, languages, ...)."""
    words = list(_NON_SPACE.finditer(text[start:end]))
    keep_end = start
    for w in words:
        word = w.group(0)
        bare = fold(word).strip(".,'’")
        if (bare in NOT_A_NAME and bare not in PARTICLES) or _INSTITUTION_WORD.search(word):
            break
        keep_end = start + w.end()
    if keep_end <= start:
        return None
    return start, keep_end


_NON_SPACE = re.compile(r"\S+")
_ARTICLE_START = re.compile(r"(?:'t|[Dd]e|[Hh]et|St\.|Sint)\s+")
_INITIAL_TOKEN = re.compile(r"^(?:[A-Z]\.)+$")
_ARTICLES = frozenset({"de", "het", "'t", "’t"})


def _medical_latin(word: str, after_initial: bool) -> bool:
    return word in MEDICAL_LATIN or (after_initial and word.endswith(MEDICAL_LATIN_SUFFIXES))


def _drug(word: str) -> bool:
    return word in DRUG_NAMES or (len(word) > 6 and word.endswith(DRUG_SUFFIXES))


def not_a_person(value: str) -> str | None:
    """Why a proposed person span is no person, or None. Three word classes:

    * medical Latin after an initial: "E. Coli", "V. Cava Inferior", "A. Femoralis"
      (a lexicon, and Latin adjective endings only right after an initial);
    * medicine names, after a title or not: "dr. Olanzapine", "dokter Quetiapine"
      (a lexicon and the WHO name stems: -azepam, -apine, -prazol, ...);
    * common nouns naming shops and venues, with at most an article: "De Clinique",
      "Het Rode Kruis" (a lexicon without frequent surnames).
    """
    initials: list[str] = []
    particles: list[str] = []
    words: list[str] = []
    for token in value.split():
        if _INITIAL_TOKEN.match(token):
            initials.append(token)
            continue
        folded = fold(token)
        if folded in PARTICLES:
            particles.append(folded)
            continue
        word = folded.strip(".,;:'’()")
        if word:
            words.append(word)
    if not words:
        return None
    if all(_medical_latin(w, bool(initials)) for w in words) and (initials or len(words) > 1):
        return "medical_latin"
    if all(_drug(w) for w in words):
        return "drug_name"
    if not initials and set(particles) <= _ARTICLES and all(w in VENUE_NOUNS for w in words):
        return "venue_noun"
    return None


def _person(text: str, start: int, end: int, name: str) -> Candidate | None:
    span = trim_name(text, start, end)
    if span is None:
        return None
    s, e = span
    value = text[s:e]
    if not any(c.isupper() for c in value):
        return None
    return _cand(s, e, PERSOON, name, "name:" + _key(value))


def rule_title_name(text: str) -> list[Candidate]:
    """A name after a title/role/family word: "Mevrouw El Idrissi", "juf Sanne", "zoon Kevin".

    Only the name is tagged; the title stays in the text.
    """
    out = []
    for m in _TITLE_NAME.finditer(text):
        cand = _person(text, m.start("name"), m.end("name"), "title_name")
        if cand:
            out.append(cand)
    return out


def rule_particle_name(text: str) -> list[Candidate]:
    """Surnames with particles: "El Amrani", "Van den Heuvel", "Ahmed el Khatib", "P.J. Vliet"."""
    out = []
    for pattern in (_PARTICLE_NAME, _INNER_PARTICLE_NAME, _INITIALS_NAME):
        for m in pattern.finditer(text):
            words = m.group("name").split()
            if fold(words[0]) in NOT_A_NAME or fold(words[-1]) in NOT_A_NAME:
                continue
            cand = _person(text, m.start("name"), m.end("name"), "particle_name")
            if cand:
                out.append(cand)
    return out


def rule_signature(text: str) -> list[Candidate]:
    """The signature at the end of a story: "– Mieke van Leeuwen, vrijwilliger"."""
    out = []
    for m in _SIGNATURE.finditer(text):
        cand = _person(text, m.start("name"), m.end("name"), "signature")
        if cand:
            out.append(cand)
    return out


_MID_SENTENCE_NAME = re.compile(
    r"(?P<name>"
    + _cap_with_boundary(r"(?<=[a-zà-ÿ0-9,;:]\s")
    + r"(?:\s+(?:"
    + INNER_PARTICLE_PATTERN
    + r")?"
    + CAP
    + r"){1,2})"
    r"(?![\w-])"
)


def rule_proper_name(text: str) -> list[Candidate]:
    """Two or three capitalised words in the middle of a sentence are a proper name; in
    a story mostly a person ("vrouwen als Hiwet Tesfaye uit Eritrea"). Institutions, keep
    words and places are resolved by stronger rules and the whitelist."""
    out = []
    for m in _MID_SENTENCE_NAME.finditer(text):
        words = [fold(w) for w in m.group("name").split()]
        if any(w in NOT_A_NAME or w in _TITLE_SET or w in _MONTH_SET for w in words):
            continue
        out.append(
            _cand(
                m.start("name"),
                m.end("name"),
                PERSOON,
                "proper_name",
                "name:" + _key(m.group("name")),
                PRIO[PERSOON] - 8,
            )
        )
    return out
