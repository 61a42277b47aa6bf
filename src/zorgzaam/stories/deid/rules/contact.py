"""Rules for contact details: phone numbers, e-mail addresses and URLs."""

from __future__ import annotations

import re
from collections.abc import Iterator

from zorgzaam.stories.deid.lexicon import (
    fold,
)
from zorgzaam.stories.deid.model import (
    EMAIL,
    TELEFOON,
    URL,
    Candidate,
)
from zorgzaam.stories.deid.rules.common import _cand, _digits

# --------------------------------------------------------------------------- phones
_PHONE_CANDIDATE = re.compile(
    r"(?<![\w+/@.])(?:\+|00)?\(?\+?\d(?:(?:[ \t.\-/]|\)\s?|\s?\(|\(0\)\s?){0,2}\d){6,16}(?![\w@])"
)


def _phone_national(digits: str, raw: str) -> str | None:
    """Normalise to the Dutch national form (leading 0), or an international key."""
    international = raw.lstrip("( ").startswith(("+", "00"))
    if international:
        if digits.startswith("00"):
            digits = digits[2:]
        if digits.startswith("31"):
            rest = digits[2:]
            if rest.startswith("0"):  # "+31 (0)6 ..."
                rest = rest[1:]
            return "0" + rest if len(rest) == 9 else None
        return "+" + digits if 8 <= len(digits) <= 15 else None
    if not digits.startswith("0"):
        return None
    if len(digits) == 10 and digits[1] != "0":
        return digits
    if digits[:4] in ("0800", "0900", "0906", "0909") and len(digits) in (8, 11):
        return digits
    return None


def normalise_phone(value: str) -> str | None:
    """Public helper: the comparison key of a phone number (``None`` if not phone-like)."""
    return _phone_national(_digits(value), value.strip())


def _phone_spans(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _PHONE_CANDIDATE.finditer(text):
        raw = m.group(0)
        # Try the whole candidate, then shorter prefixes that end on a digit group.
        ends = [len(raw)] + [
            i for i in range(len(raw) - 1, 0, -1) if raw[i - 1].isdigit() and not raw[i].isdigit()
        ]
        for end in ends:
            piece = raw[:end]
            norm = _phone_national(_digits(piece), piece)
            if norm:
                start = m.start()
                stop = m.start() + end
                if text[start] == "(" and ")" not in piece:
                    start += 1
                yield start, stop, norm
                break


def rule_phone(text: str) -> list[Candidate]:
    """+31 6 4821 3377, 0031 6 ..., 06-12345678, 06 1234 5678, (0182) 123 456, +34 ..."""
    return [_cand(s, e, TELEFOON, "phone", "tel:" + n) for s, e, n in _phone_spans(text)]


# --------------------------------------------------------------------------- e-mail / url
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+%'-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?!\w)")
_URL = re.compile(
    r"(?:(?<![\w@.])(?:https?://|www\.)[^\s<>\"']+)"
    r"|(?:(?<![\w@.\-])[A-Za-z0-9][\w-]*(?:\.[\w-]+)*\.(?:nl|com|org|net|eu|be|de|info|nu|online"
    r"|app|io)(?:/[^\s<>\"']*)?(?![\w@]))"
)


def rule_email(text: str) -> list[Candidate]:
    if "@" not in text:
        return []
    return [
        _cand(m.start(), m.end(), EMAIL, "email", "mail:" + fold(m.group(0)))
        for m in _EMAIL.finditer(text)
    ]


# What ``_URL`` cannot match without: its scheme or "www.", or a dot before one of its
# top-level domains (case-sensitive, like ``_URL``). Most stories have neither.
_URL_NEEDS = re.compile(r"https?://|www\.|\.(?:nl|com|org|net|eu|be|de|info|nu|online|app|io)")


def rule_url(text: str) -> list[Candidate]:
    out: list[Candidate] = []
    if not _URL_NEEDS.search(text):
        return out
    for m in _URL.finditer(text):
        value = m.group(0).rstrip(".,;:!?)'\"")
        if not value or "@" in value:
            continue
        out.append(_cand(m.start(), m.start() + len(value), URL, "url", "url:" + fold(value)))
    return out
