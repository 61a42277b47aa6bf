"""Record-aware matching: the people linked to the story's record are always removed.

Names are matched case- and accent-insensitively on a folded copy of the text (same
length, so offsets stay valid), as whole words, also as first-name-only, last-name-only
and possessive forms ("Jans"; in "Fatima's" the "'s" stays as text).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from zorgzaam.stories.deid.lexicon import fold
from zorgzaam.stories.deid.model import (
    ADRES,
    EMAIL,
    PERSOON,
    POSTCODE,
    SOURCE_KNOWN,
    TELEFOON,
    Candidate,
    KnownEntities,
    KnownPerson,
)
from zorgzaam.stories.deid.rules import PRIO_KNOWN, _phone_spans, normalise_phone

_MIN_PART = 2  # single letters are never matched on their own


def _flex(value: str) -> str:
    """Regex for a folded name part with flexible whitespace / hyphen spacing."""
    value = fold(value.strip())
    out = []
    for ch in value:
        if ch.isspace():
            out.append(r"\s+")
        elif ch == "-":
            out.append(r"\s*-\s*")
        elif ch in "'’":
            out.append(r"['’]?")
        elif ch == ".":
            out.append(r"\.?\s*")
        else:
            out.append(re.escape(ch))
    return "".join(out).replace(r"\s+\s+", r"\s+")


def _person_variants(person: KnownPerson) -> list[str]:
    first = " ".join(person.first.split())
    infix = " ".join(person.infix.split())
    last = " ".join(person.last.split())
    firsts = [first] if first else []
    if first and " " in first:
        firsts += [f for f in first.split() if len(f) >= _MIN_PART]
    lasts = [last] if last else []
    if last and "-" in last:
        lasts += [p.strip() for p in last.split("-") if len(p.strip()) >= 3]
    variants: list[str] = []
    for f in firsts:
        for la in lasts:
            if infix:
                variants.append(f"{f} {infix} {la}")
            variants.append(f"{f} {la}")
    for la in lasts:
        if infix:
            variants.append(f"{infix} {la}")
        variants.append(f"{la}, {first}" if first else la)
        variants.append(la)
    variants.extend(firsts)
    seen: set[str] = set()
    unique = []
    for v in variants:
        fv = fold(v)
        if len(fv.replace(" ", "")) >= _MIN_PART and fv not in seen:
            seen.add(fv)
            unique.append(v)
    return sorted(unique, key=len, reverse=True)


# Initials start at a word boundary: "DR. Visser" and "ABC. Visser" have none.
_INITIALS_BEFORE = re.compile(r"(?<![\w.])(?:[A-Z]\.\s?){1,4}\s*$")


def _initials_left(text: str, start: int) -> int:
    """Extend a match left over initials ("P.J. van Vliet"), never into a word."""
    m = _INITIALS_BEFORE.search(text, max(0, start - 12), start)
    return m.start() if m else start


def _word_regex(variants: Iterable[str]) -> re.Pattern[str] | None:
    return _word_regex_cached(tuple(v for v in variants if v.strip()))


@functools.lru_cache(maxsize=256)
def _word_regex_cached(variants: tuple[str, ...]) -> re.Pattern[str] | None:
    # Cached: the app de-identifies a story's text, title and photo text with the same
    # record, and compiling the alternation costs more than running it.
    parts = [_flex(v) for v in variants]
    if not parts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?:s(?!\w))?(?!\w)")


_CHUNK = re.compile(r"[^\W_]+")


def _may_occur(value: str, folded: str) -> bool:
    """False only when ``value`` cannot match in ``folded`` (whatever ``_flex`` allows between
    them, every run of letters and digits of ``value`` must appear in the text as it is).
    A cheap test that saves compiling patterns for names and streets a text never mentions."""
    return all(chunk in folded for chunk in _CHUNK.findall(fold(value)))


def find_known(text: str, known: KnownEntities) -> list[Candidate]:
    """All occurrences of the record's entities in ``text``."""
    if known.is_empty() or not text:
        return []
    folded = fold(text)
    out: list[Candidate] = []

    for index, person in enumerate(known.persons):
        variants = [v for v in _person_variants(person) if _may_occur(v, folded)]
        if not variants:
            continue
        pattern = _word_regex(variants)
        if pattern is None:
            continue
        for m in pattern.finditer(folded):
            start = _initials_left(text, m.start())
            out.append(
                Candidate(
                    start, m.end(), PERSOON, SOURCE_KNOWN, PRIO_KNOWN, key=f"known-person:{index}"
                )
            )

    for index, address in enumerate(known.addresses):
        if (
            address.street
            and len(address.street.strip()) >= 3
            and _may_occur(address.street, folded)
        ):
            number = (
                r"(?:\s+" + _flex(address.house_number) + r"(?!\w))?"
                if address.house_number
                else ""
            )
            pattern = re.compile(r"(?<!\w)" + _flex(address.street) + r"(?!\w)" + number)
            for m in pattern.finditer(folded):
                out.append(
                    Candidate(
                        m.start(),
                        m.end(),
                        ADRES,
                        SOURCE_KNOWN,
                        PRIO_KNOWN,
                        key=f"known-addr:{index}",
                    )
                )
        if address.postcode:
            out.extend(_postcode_matches(folded, address.postcode))

    for postcode in known.postcodes:
        out.extend(_postcode_matches(folded, postcode))

    for email in known.emails:
        if fold(email.strip()) not in folded:
            continue
        pattern = re.compile(r"(?<![\w.+-])" + re.escape(fold(email.strip())) + r"(?![\w-])")
        for m in pattern.finditer(folded):
            out.append(
                Candidate(
                    m.start(),
                    m.end(),
                    EMAIL,
                    SOURCE_KNOWN,
                    PRIO_KNOWN,
                    key="mail:" + fold(email.strip()),
                )
            )

    wanted = {n for n in (normalise_phone(p) for p in known.phones) if n}
    wanted_digits = {"".join(c for c in p if c.isdigit()) for p in known.phones}
    wanted_digits = {d for d in wanted_digits if len(d) >= 6}
    if wanted or wanted_digits:
        for start, end, norm in _phone_spans(text):
            if norm in wanted:
                out.append(
                    Candidate(start, end, TELEFOON, SOURCE_KNOWN, PRIO_KNOWN, key="tel:" + norm)
                )
        text_digits = "".join(c for c in text if c.isdigit())
        for digits in wanted_digits:
            if digits not in text_digits:  # the pattern only allows separators between
                continue
            pattern = re.compile(
                r"(?<!\d)" + r"[\s.\-/()]{0,2}".join(re.escape(d) for d in digits) + r"(?!\d)"
            )
            for m in pattern.finditer(text):
                key = "tel:" + (normalise_phone(digits) or digits)
                out.append(
                    Candidate(m.start(), m.end(), TELEFOON, SOURCE_KNOWN, PRIO_KNOWN, key=key)
                )
    return out


def _postcode_matches(folded: str, postcode: str) -> list[Candidate]:
    compact = re.sub(r"\s", "", fold(postcode))
    if len(compact) < 4:
        return []
    digits, letters = compact[:4], compact[4:]
    if digits not in folded:
        return []
    pattern = re.compile(
        r"(?<!\w)"
        + re.escape(digits)
        + (r"\s?" + re.escape(letters) if letters else "")
        + r"(?!\w)"
    )
    return [
        Candidate(m.start(), m.end(), POSTCODE, SOURCE_KNOWN, PRIO_KNOWN, key="pc:" + compact)
        for m in pattern.finditer(folded)
    ]
