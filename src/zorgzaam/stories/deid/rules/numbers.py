"""Rules for identifying numbers: IBAN, BSN (with its eleven-test) and licence plates."""

from __future__ import annotations

import re

from zorgzaam.stories.deid.model import (
    BSN,
    IBAN,
    KENTEKEN,
    Candidate,
)
from zorgzaam.stories.deid.rules.common import _cand, _digits, _key

# --------------------------------------------------------------------------- IBAN / BSN
_IBAN_NL = re.compile(r"(?<![\w])NL\s?\d{2}\s?[A-Z]{4}(?:\s?\d){10}(?!\w)", re.IGNORECASE)
# The look-behind after the first character: same matches, the engine skips to a capital.
_IBAN_ANY = re.compile(r"[A-Z](?<!\w.)[A-Z]\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?(?!\w)")


def iban_valid(value: str) -> bool:
    compact = re.sub(r"\s", "", value).upper()
    if not 15 <= len(compact) <= 34:
        return False
    moved = compact[4:] + compact[:4]
    try:
        number = int("".join(str(int(c, 36)) for c in moved))
    except ValueError:
        return False
    return number % 97 == 1


def rule_iban(text: str) -> list[Candidate]:
    """NL91 ABNA 0417 1643 00 and NL91ABNA0417164300 (NL shape always; others mod-97)."""
    out = []
    for m in _IBAN_NL.finditer(text):
        out.append(_cand(m.start(), m.end(), IBAN, "iban", "iban:" + _key(m.group(0))))
    for m in _IBAN_ANY.finditer(text):
        if not m.group(0).upper().startswith("NL") and iban_valid(m.group(0)):
            out.append(_cand(m.start(), m.end(), IBAN, "iban", "iban:" + _key(m.group(0))))
    return out


_BSN_CANDIDATE = re.compile(r"\d(?<![\w.,/-].)(?:[ .\-]?\d){7,8}(?![\w]|[.,/-]\d)")
_BSN_CONTEXT = re.compile(
    r"(?i)\b(?:bsn|burger\s?service\s?nummer|burgerservicenr|burgerservice-nummer|sofi-?nummer"
    r"|sofinr|persoonsnummer)\b"
)


def bsn_valid(digits: str) -> bool:
    """The 11-proef for a 9-digit BSN (8-digit numbers get a leading zero)."""
    if len(digits) == 8:
        digits = "0" + digits
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    total -= int(digits[8])
    return total % 11 == 0


def rule_bsn(text: str) -> list[Candidate]:
    """9-digit numbers that pass the 11-proef, and any 8/9-digit number near "BSN"."""
    out = []
    for m in _BSN_CANDIDATE.finditer(text):
        digits = _digits(m.group(0))
        context = bool(_BSN_CONTEXT.search(text, max(0, m.start() - 60), m.start()))
        if (len(digits) == 9 and bsn_valid(digits)) or context:
            out.append(_cand(m.start(), m.end(), BSN, "bsn", "bsn:" + digits))
    return out


# --------------------------------------------------------------------------- licence plates
_SIDECODES = (
    "LL-DD-DD",
    "DD-DD-LL",
    "DD-LL-DD",
    "LL-DD-LL",
    "LL-LL-DD",
    "DD-LL-LL",
    "DD-LLL-D",
    "D-LLL-DD",
    "LL-DDD-L",
    "L-DDD-LL",
    "LLL-DD-L",
    "L-DD-LLL",
    "D-LL-DDD",
    "DDD-LL-D",
)


def _sidecode_regex(code: str) -> str:
    return "".join("[A-Z]" if c == "L" else r"\d" if c == "D" else "-" for c in code)


_PLATE = re.compile(
    r"(?<![\w-])(?:" + "|".join(_sidecode_regex(c) for c in _SIDECODES) + r")(?![\w-])"
)
_PLATE_LOWER = re.compile(
    r"(?i)\bkenteken(?:nummer)?\s*:?\s*((?:"
    + "|".join(_sidecode_regex(c) for c in _SIDECODES)
    + r"))(?![\w-])"
)


def rule_kenteken(text: str) -> list[Candidate]:
    """Dutch licence plates in the 14 sidecodes: 12-ABC-3, XX-99-XX, D-123-BB, ..."""
    out = [
        _cand(m.start(), m.end(), KENTEKEN, "kenteken", "plate:" + _key(m.group(0)))
        for m in _PLATE.finditer(text)
    ]
    seen = {c.start for c in out}
    for m in _PLATE_LOWER.finditer(text):
        if m.start(1) in seen:
            continue
        out.append(_cand(m.start(1), m.end(1), KENTEKEN, "kenteken", "plate:" + _key(m.group(1))))
    return out
