"""Pattern rules that run next to deduce and fix what deduce misses on Dutch stories.

Every rule is a function ``text -> list[Candidate]`` registered in ``RULES`` under its
name; the ``source`` of its annotations is ``"rule:<name>"``. The rules need no deduce
instance, so they are unit-tested on their own (see ``tests/test_rules.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from zorgzaam.stories.deid.lexicon import (
    AGE_WORDS,
    DRUG_NAMES,
    DRUG_SUFFIXES,
    INNER_PARTICLE_PATTERN,
    INSTITUTION_AFTER,
    INSTITUTION_BEFORE,
    LEADING_PARTICLE_PATTERN,
    MEDICAL_LATIN,
    MEDICAL_LATIN_SUFFIXES,
    MONTHS,
    NOT_A_NAME,
    NOT_A_STREET,
    PARTICLES,
    STREET_SUFFIXES,
    TITLES,
    VENUE_NOUNS,
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


RULES: dict[str, Rule] = {
    "phone": rule_phone,
    "email": rule_email,
    "url": rule_url,
    "iban": rule_iban,
    "bsn": rule_bsn,
    "kenteken": rule_kenteken,
    "postcode": rule_postcode,
    "street": rule_street,
    "street_context": rule_street_context,
    "huisnummer": rule_huisnummer,
    "date": rule_date,
    "age": rule_age,
    "title_name": rule_title_name,
    "particle_name": rule_particle_name,
    "signature": rule_signature,
    "proper_name": rule_proper_name,
    "institution": rule_institution,
}


def run_rules(text: str) -> list[Candidate]:
    out: list[Candidate] = []
    for rule in RULES.values():
        out.extend(rule(text))
    return out
