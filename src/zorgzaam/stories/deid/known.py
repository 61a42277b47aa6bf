"""Record-aware matching: the people linked to the story's record are always removed.

Names are matched case- and accent-insensitively on a folded copy of the text (same
length, so offsets stay valid), as whole words, also as first-name-only, last-name-only
and possessive forms ("Jans"; in "Fatima's" the "'s" stays as text).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Sequence

from zorgzaam.stories.deid.lexicon import fold
from zorgzaam.stories.deid.model import (
    ADRES,
    EMAIL,
    PERSOON,
    POSTCODE,
    SOURCE_KNOWN,
    TELEFOON,
    Candidate,
    KnownAddress,
    KnownEntities,
    KnownPerson,
)
from zorgzaam.stories.deid.rules import PRIO_KNOWN, _phone_spans, normalise_phone

_MIN_PART = 2  # single letters are never matched on their own


def _flex(value: str) -> str:
    """Regex for a folded name part with flexible whitespace / hyphen spacing."""
    return _flex_folded(fold(value.strip()))


def _flex_folded(value: str) -> str:
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


def _is_word(ch: str) -> bool:
    """``\\w`` of the ``re`` module for one character of a ``str``."""
    return ch.isalnum() or ch == "_"


@functools.lru_cache(maxsize=64)
def _separator(value: str) -> re.Pattern[str]:
    """The ``_flex`` form of what stands between two runs of letters in a name (" ", "-",
    "'", ". ", ", "): a handful of distinct separators, each compiled once per process."""
    return re.compile(_flex_folded(value))


class _Flex:
    """A folded name, street or house number matched like ``_flex(value)`` without
    compiling a pattern: its runs of letters and digits are found with ``str.find`` /
    ``str.startswith``, the separators between them with the shared ``_separator`` patterns.

    ``parts`` is ``None`` when the value starts or ends with something other than a letter
    or digit (or has no letter or digit): such a value is matched with its regular
    expression, as before (a regex could backtrack into a trailing separator).

    Exact: a separator only consumes characters that are no letter or digit and the next
    run starts with one, so the greedy separator match is the only one after which the next
    run can match (``test_known_tokens.py`` checks it against the regular expressions).
    """

    __slots__ = ("chunks", "parts", "value")

    def __init__(self, value: str) -> None:
        self.value = value
        folded = fold(value.strip())
        chunks = list(_CHUNK.finditer(folded))
        #: The runs of letters and digits: each must occur in a text the value matches in.
        self.chunks = tuple(c.group(0) for c in chunks)
        self.parts: tuple[tuple[re.Pattern[str] | None, str], ...] | None = None
        if not chunks or chunks[0].start() != 0 or chunks[-1].end() != len(folded):
            return
        parts: list[tuple[re.Pattern[str] | None, str]] = [(None, chunks[0].group(0))]
        for prev, cur in zip(chunks, chunks[1:], strict=False):
            parts.append((_separator(folded[prev.end() : cur.start()]), cur.group(0)))
        self.parts = tuple(parts)

    @property
    def first(self) -> str:
        assert self.parts is not None
        return self.parts[0][1]

    def match_at(self, folded: str, pos: int) -> int:
        """End of the match of the value at ``pos`` (no boundary checks), or -1."""
        assert self.parts is not None
        for sep, chunk in self.parts:
            if sep is not None:
                m = sep.match(folded, pos)
                if m is None:
                    return -1
                pos = m.end()
            if not folded.startswith(chunk, pos):
                return -1
            pos += len(chunk)
        return pos


@functools.lru_cache(maxsize=256)
def _person_flex(person: KnownPerson) -> tuple[_Flex, ...]:
    """A person's name variants, longest first, ready for matching: prepared once per
    person (a record's people recur in its story's text, title and photo description)."""
    return tuple(_Flex(v) for v in _person_variants(person) if v.strip())


def _starts(folded: str, chunk: str) -> Iterator[int]:
    """Positions where ``chunk`` starts a word (no word character before it)."""
    pos = folded.find(chunk)
    while pos >= 0:
        if pos == 0 or not _is_word(folded[pos - 1]):
            yield pos
        pos = folded.find(chunk, pos + 1)


def _end_of_name(folded: str, end: int) -> int:
    """``(?:s(?!\\w))?(?!\\w)`` after a name: the end with the possessive "s", or -1."""
    n = len(folded)
    if end < n and folded[end] == "s" and (end + 1 >= n or not _is_word(folded[end + 1])):
        return end + 1
    if end < n and _is_word(folded[end]):
        return -1
    return end


def _person_spans(folded: str, variants: Sequence[_Flex]) -> list[tuple[int, int]]:
    """Like ``_word_regex(variants).finditer(folded)``: non-overlapping, left to right, at
    each position the first variant (longest first) that matches with its boundaries."""
    starts: list[tuple[int, int]] = []
    for order, flex in enumerate(variants):
        for pos in _starts(folded, flex.first):
            starts.append((pos, order))
    if not starts:
        return []
    starts.sort()
    out: list[tuple[int, int]] = []
    last_end = 0
    for pos, order in starts:
        if pos < last_end:
            continue
        end = variants[order].match_at(folded, pos)
        if end < 0:
            continue
        end = _end_of_name(folded, end)
        if end < 0:
            continue
        out.append((pos, end))
        last_end = end
    return out


def _address_spans(folded: str, street: _Flex, number: _Flex | None) -> list[tuple[int, int]]:
    """Like ``(?<!\\w)street(?!\\w)(?:\\s+number(?!\\w))?`` (see ``find_known``)."""
    out: list[tuple[int, int]] = []
    last_end = 0
    n = len(folded)
    for pos in _starts(folded, street.first):
        if pos < last_end:
            continue
        end = street.match_at(folded, pos)
        if end < 0 or (end < n and _is_word(folded[end])):
            continue
        if number is not None:
            m = _SPACES.match(folded, end)
            if m:
                stop = number.match_at(folded, m.end())
                if stop >= 0 and (stop >= n or not _is_word(folded[stop])):
                    end = stop
        out.append((pos, end))
        last_end = end
    return out


_SPACES = re.compile(r"\s+")


def find_known(text: str, known: KnownEntities, *, folded: str | None = None) -> list[Candidate]:
    """All occurrences of the record's entities in ``text``.

    No regular expression is compiled per story or per record: names and streets are
    matched by ``_Flex`` (string search plus a few shared separator patterns), e-mail
    addresses, postcodes and phone digits by string search with the same boundaries the
    former per-record patterns had. Values of an unusual shape (a name that starts or ends
    with punctuation) still use their pattern, compiled once (cached). ``folded``:
    ``fold(text)`` when the caller has it.
    """
    if known.is_empty() or not text:
        return []
    if folded is None:
        folded = fold(text)
    out: list[Candidate] = []

    for index, person in enumerate(known.persons):
        variants = [v for v in _person_flex(person) if all(c in folded for c in v.chunks)]
        if not variants:
            continue
        key = f"known-person:{index}"
        if all(v.parts is not None for v in variants):
            spans = _person_spans(folded, variants)
        else:
            pattern = _word_regex(v.value for v in variants)
            spans = [(m.start(), m.end()) for m in pattern.finditer(folded)] if pattern else []
        for start, end in spans:
            out.append(
                Candidate(_initials_left(text, start), end, PERSOON, SOURCE_KNOWN, PRIO_KNOWN, key)
            )

    for index, address in enumerate(known.addresses):
        if (
            address.street
            and len(address.street.strip()) >= 3
            and _may_occur(address.street, folded)
        ):
            street = _Flex(address.street)
            number = _Flex(address.house_number) if address.house_number else None
            if street.parts is not None and (number is None or number.parts is not None):
                spans = _address_spans(folded, street, number)
            else:
                spans = [(m.start(), m.end()) for m in _address_regex(address).finditer(folded)]
            for start, end in spans:
                out.append(
                    Candidate(start, end, ADRES, SOURCE_KNOWN, PRIO_KNOWN, f"known-addr:{index}")
                )
        if address.postcode:
            out.extend(_postcode_matches(folded, address.postcode))

    for postcode in known.postcodes:
        out.extend(_postcode_matches(folded, postcode))

    for email in known.emails:
        value = fold(email.strip())
        if not value or value not in folded:
            continue
        key = "mail:" + value
        for start, end in _email_spans(folded, value):
            out.append(Candidate(start, end, EMAIL, SOURCE_KNOWN, PRIO_KNOWN, key=key))

    wanted = {n for n in (normalise_phone(p) for p in known.phones) if n}
    wanted_digits = {
        d for d in ("".join(filter(str.isdigit, p)) for p in known.phones) if len(d) >= 6
    }
    if wanted or wanted_digits:
        for start, end, norm in _phone_spans(text):
            if norm in wanted:
                out.append(
                    Candidate(start, end, TELEFOON, SOURCE_KNOWN, PRIO_KNOWN, key="tel:" + norm)
                )
        text_digits = "".join(filter(str.isdigit, text))
        positions: list[int] = []
        for digits in wanted_digits:
            if digits not in text_digits:  # the pattern only allows separators between
                continue
            if not positions:
                positions = (
                    [m.start() for m in _ASCII_DIGIT.finditer(text)]
                    if text.isascii()
                    else [i for i, c in enumerate(text) if c.isdigit()]
                )
            key = "tel:" + (normalise_phone(digits) or digits)
            for start, end in _digit_spans(text, digits, positions, text_digits):
                out.append(Candidate(start, end, TELEFOON, SOURCE_KNOWN, PRIO_KNOWN, key=key))
    return out


def _address_regex(address: KnownAddress) -> re.Pattern[str]:
    number = r"(?:\s+" + _flex(address.house_number) + r"(?!\w))?" if address.house_number else ""
    return _compiled(r"(?<!\w)" + _flex(address.street) + r"(?!\w)" + number)


@functools.lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _email_spans(folded: str, value: str) -> list[tuple[int, int]]:
    """Like ``(?<![\\w.+-])value(?![\\w-])`` on the folded text."""
    out: list[tuple[int, int]] = []
    n, size = len(folded), len(value)
    pos = folded.find(value)
    while pos >= 0:
        end = pos + size
        before_ok = pos == 0 or not (_is_word(folded[pos - 1]) or folded[pos - 1] in ".+-")
        after_ok = end >= n or not (_is_word(folded[end]) or folded[end] == "-")
        if before_ok and after_ok:
            out.append((pos, end))
            pos = folded.find(value, end)
        else:
            pos = folded.find(value, pos + 1)
    return out


_PHONE_GAP = frozenset(".-/()")
_ASCII_DIGIT = re.compile(r"[0-9]")  # str.isdigit() of an ASCII character


def _digit_spans(
    text: str, digits: str, positions: list[int], text_digits: str
) -> list[tuple[int, int]]:
    """Like ``(?<!\\d)d[\\s.\\-/()]{0,2}d...(?!\\d)`` over ``digits`` on ``text``: the
    phone's digits in a row in the text, at most two spaces or ``.-/()`` between two of
    them, no digit right before or after."""
    out: list[tuple[int, int]] = []
    size = len(digits)
    n = len(text)
    last_end = 0
    i = text_digits.find(digits)
    while i >= 0:
        start, stop = positions[i], positions[i + size - 1] + 1
        ok = start >= last_end and not (start > 0 and text[start - 1].isdecimal())
        ok = ok and not (stop < n and text[stop].isdecimal())
        if ok:
            for k in range(i, i + size - 1):
                gap = text[positions[k] + 1 : positions[k + 1]]
                if len(gap) > 2 or not all(c.isspace() or c in _PHONE_GAP for c in gap):
                    ok = False
                    break
        if ok:
            out.append((start, stop))
            last_end = stop
        i = text_digits.find(digits, i + 1)
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
