"""Rules for postcodes, streets with house numbers and house numbers in context."""

from __future__ import annotations

import re

from zorgzaam.stories.deid.lexicon import (
    INSTITUTION_BEFORE,
    NOT_A_NAME,
    NOT_A_STREET,
    STREET_SUFFIXES,
    fold,
)
from zorgzaam.stories.deid.model import (
    ADRES,
    POSTCODE,
    Candidate,
)
from zorgzaam.stories.deid.rules.common import CAP, _cand, _key
from zorgzaam.stories.deid.rules.dates import _MONTH_SET
from zorgzaam.stories.deid.rules.persons import _TITLE_SET

# --------------------------------------------------------------------------- postcodes / addresses
_POSTCODE = re.compile(
    r"[1-9](?<!\w.)\d{3}(?:\s?(?!SA|SD|SS)[A-Z]{2}|(?!kg|km|mg|ml|cm|mm|gr|ha|uu|jr|pp|nd|ste|de)[a-z]{2})(?![\w])"
)


# Letter pairs that are also units of a dose or measure ("1250 MG", "500 ML", "70 KG").
_UNIT_LETTERS = frozenset({"mg", "ml", "kg", "km", "cm", "mm", "gr", "ha", "cc", "ie", "ui"})
_PLACE_AFTER = re.compile(r"\s*,?\s*[A-ZÀ-Þ][a-zà-ÿ'’-]{2,}")


def is_quantity(text: str, start: int, end: int) -> bool:
    """Is the postcode-shaped text[start:end] a quantity ("1250 MG calcium", "250 ML")?
    Its letters are a unit and no place name follows (as in "1250 MG Laren")."""
    return fold(text[end - 2 : end]) in _UNIT_LETTERS and not _PLACE_AFTER.match(text, end)


def rule_postcode(text: str) -> list[Candidate]:
    """2411 AB, 2411AB, 2411 ab. A number with a unit ("1250 MG calcium") is a quantity,
    unless a place name follows ("1250 MG Laren")."""
    out = []
    for m in _POSTCODE.finditer(text):
        value = m.group(0)
        if is_quantity(text, m.start(), m.end()):
            continue
        out.append(_cand(m.start(), m.end(), POSTCODE, "postcode", "pc:" + _key(value)))
    return out


_SUFFIX_ALT = "|".join(sorted(STREET_SUFFIXES, key=len, reverse=True))
# A house number takes its whole suffix: "1ab", "12bis", "7 a", "14-2", "3 hs".
_HOUSE_SUFFIX = (
    r"(?:[a-zA-Z]{1,3}(?![\w])|\s[a-zA-Z](?![\w])|[-/]\d{1,4}|\s(?:bis|hs|huis|zw|rd)\b)"
)
_HOUSE_NUMBER = r"\d{1,5}" + _HOUSE_SUFFIX + "?"
_STREET = re.compile(
    r"(?<![\w-])(?P<street>(?:"
    + CAP
    + r"\s+(?:(?:"
    + CAP
    + r"|van|de|der|den|het|'t|ter|ten)\s+){0,2}?)?"
    r"[A-ZÀ-Þ][a-zà-ÿ'’-]*?(?:" + _SUFFIX_ALT + r"))(?![\w-])"
    r"(?:\s+(?P<number>" + _HOUSE_NUMBER + r"))?"
)


_INSTITUTION_KEYWORDS = frozenset(fold(w) for w in INSTITUTION_BEFORE)


def _street_start_ok(street: str) -> bool:
    words = street.split()
    return words[0][0].isupper() and words[-1].lower() not in NOT_A_STREET


def rule_street(text: str) -> list[Candidate]:
    """Street names by their suffix, with or without house number ("aan de Kerkstraat")."""
    out = []
    for m in _STREET.finditer(text):
        street = m.group("street")
        # Drop leading words that are not part of the street ("Meneer Kerkstraat").
        offset = 0
        words = street.split()
        while len(words) > 1 and (
            fold(words[0]) in NOT_A_NAME
            or fold(words[0]) in _TITLE_SET
            or fold(words[0]) in _INSTITUTION_KEYWORDS
            or not words[0][0].isupper()
        ):
            offset = street.index(words[1], offset + len(words[0]))
            words = words[1:]
        street = street[offset:]
        if not _street_start_ok(street):
            continue
        key = "addr:" + _key(street)
        out.append(_cand(m.start() + offset, m.end(), ADRES, "street", key))
    return out


_STREET_CONTEXT = re.compile(
    r"(?:\b(?:woont|woonde|wonen|woonden|wonend|wonende|verhuisd|verhuisde|verhuist|opgegroeid"
    r"|gevestigd)\b(?:\s+(?:nu|sinds\s+kort|al\s+jaren|tegenwoordig|inmiddels|zelfstandig|alleen"
    r"|samen|met\s+\w+\s+\w+|nog\s+steeds))*\s+(?:aan|op|in|naar)\s+(?:de|het|'t)\s+)"
    r"(?P<name>" + CAP + r"(?:\s+" + CAP + r"){0,2})"
)
_STREET_WITH_NUMBER = re.compile(
    r"\b(?:aan|op|adres|adres:|naar)\s+(?:de\s+|het\s+)?(?P<addr>"
    + CAP
    + r"(?:\s+"
    + CAP
    + r"){0,2}"
    r"\s+" + _HOUSE_NUMBER + r")(?![\w-])"
)
_HUISNUMMER = re.compile(
    r"(?i)\b(?:huisnummer|huisnr\.?|huis\s?nummer)\s*:?\s*(?P<n>" + _HOUSE_NUMBER + r")(?![\w])"
)


def rule_street_context(text: str) -> list[Candidate]:
    """ "woont aan de Molenlaan" / "op Weidelied 4": street without a known suffix."""
    out = []
    for m in _STREET_CONTEXT.finditer(text):
        name = m.group("name")
        if fold(name.split()[0]) in NOT_A_NAME:
            continue
        out.append(
            _cand(m.start("name"), m.end("name"), ADRES, "street_context", "addr:" + _key(name))
        )
    for m in _STREET_WITH_NUMBER.finditer(text):
        addr = m.group("addr")
        first = fold(addr.split()[0])
        if first in NOT_A_NAME or first in _MONTH_SET:
            continue
        out.append(
            _cand(m.start("addr"), m.end("addr"), ADRES, "street_context", "addr:" + _key(addr))
        )
    return out


def rule_huisnummer(text: str) -> list[Candidate]:
    """ "huisnummer 14": the number is removed, the word stays."""
    return [
        _cand(m.start("n"), m.end("n"), ADRES, "huisnummer", "nr:" + _key(m.group("n")))
        for m in _HUISNUMMER.finditer(text)
    ]
