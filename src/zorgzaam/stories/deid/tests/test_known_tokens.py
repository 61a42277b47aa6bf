"""``known.find_known`` matches the record's names, streets, e-mail addresses and phone
digits without compiling a pattern per story (issue #23). These tests hold it to the
regular expressions it replaced: the same candidates, on texts built to hit the edges
(spacing, hyphens, apostrophes, initials, possessives, word boundaries, phone separators)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from zorgzaam.stories.deid import known as k
from zorgzaam.stories.deid.lexicon import fold
from zorgzaam.stories.deid.model import (
    ADRES,
    EMAIL,
    PERSOON,
    SOURCE_KNOWN,
    TELEFOON,
    Candidate,
    KnownEntities,
)
from zorgzaam.stories.deid.rules import PRIO_KNOWN, _phone_spans, normalise_phone


def _reference(text: str, known: KnownEntities) -> list[Candidate]:
    """``find_known`` as it was: one regular expression per name, street, e-mail, phone."""
    if known.is_empty() or not text:
        return []
    folded = fold(text)
    out: list[Candidate] = []
    for index, person in enumerate(known.persons):
        variants = [v for v in k._person_variants(person) if v.strip()]
        if not variants:
            continue
        pattern = re.compile(
            r"(?<!\w)(?:" + "|".join(k._flex(v) for v in variants) + r")(?:s(?!\w))?(?!\w)"
        )
        for m in pattern.finditer(folded):
            start = k._initials_left(text, m.start())
            key = f"known-person:{index}"
            out.append(Candidate(start, m.end(), PERSOON, SOURCE_KNOWN, PRIO_KNOWN, key))
    for index, address in enumerate(known.addresses):
        if address.street and len(address.street.strip()) >= 3:
            number = (
                r"(?:\s+" + k._flex(address.house_number) + r"(?!\w))?"
                if address.house_number
                else ""
            )
            pattern = re.compile(r"(?<!\w)" + k._flex(address.street) + r"(?!\w)" + number)
            for m in pattern.finditer(folded):
                out.append(
                    Candidate(
                        m.start(), m.end(), ADRES, SOURCE_KNOWN, PRIO_KNOWN, f"known-addr:{index}"
                    )
                )
        if address.postcode:
            out.extend(k._postcode_matches(folded, address.postcode))
    for postcode in known.postcodes:
        out.extend(k._postcode_matches(folded, postcode))
    for email in known.emails:
        value = fold(email.strip())
        pattern = re.compile(r"(?<![\w.+-])" + re.escape(value) + r"(?![\w-])")
        for m in pattern.finditer(folded):
            out.append(
                Candidate(m.start(), m.end(), EMAIL, SOURCE_KNOWN, PRIO_KNOWN, "mail:" + value)
            )
    wanted = {n for n in (normalise_phone(p) for p in known.phones) if n}
    wanted_digits = {"".join(c for c in p if c.isdigit()) for p in known.phones}
    wanted_digits = {d for d in wanted_digits if len(d) >= 6}
    if wanted or wanted_digits:
        for start, end, norm in _phone_spans(text):
            if norm in wanted:
                out.append(Candidate(start, end, TELEFOON, SOURCE_KNOWN, PRIO_KNOWN, "tel:" + norm))
        for digits in wanted_digits:
            pattern = re.compile(
                r"(?<!\d)" + r"[\s.\-/()]{0,2}".join(re.escape(d) for d in digits) + r"(?!\d)"
            )
            for m in pattern.finditer(text):
                key = "tel:" + (normalise_phone(digits) or digits)
                out.append(Candidate(m.start(), m.end(), TELEFOON, SOURCE_KNOWN, PRIO_KNOWN, key))
    return out


def _same(text: str, known: KnownEntities) -> None:
    def spans(cands: list[Candidate]) -> list[tuple[int, int, str, str]]:
        return sorted((c.start, c.end, c.tag, c.key) for c in cands)

    assert spans(k.find_known(text, known)) == spans(_reference(text, known)), text


RECORD = KnownEntities.from_dict(
    {
        "persons": [
            {"first": "Fatima", "infix": "El", "last": "Amrani"},
            {"first": "Anna Maria", "infix": "", "last": "Groenendijk-Vermeulen"},
            {"first": "Jan", "infix": "van der", "last": "Berg"},
            {"first": "Jan", "infix": "", "last": "Janssen"},
            {"first": "Dirk", "infix": "", "last": "d'Ancona"},
            {"first": "Zoë", "infix": "", "last": "O’Neill"},
        ],
        "addresses": [
            "Prins Hendrikstraat 12a, 2411 AB Bodegraven",
            "Oude Rijnkade 14-2, 2411 XY Bodegraven",
            "Willem de Zwijgerlaan 7, 2412 CD Reeuwijk",
        ],
        "phones": ["06 1234 5678", "+31 172 123 456", "0612345678"],
        "emails": ["Fatima.Amrani@Example.nl", "jan-b@example.nl"],
        "postcodes": ["2411 AB", "2412cd"],
    }
)

PIECES = [
    "Fatima",
    "FATIMA",
    "El Amrani",
    "el  amrani",
    "Amrani's",
    "Amranis",
    "Amranisx",
    "Amrani-",
    "Groenendijk",
    "Vermeulen",
    "Groenendijk -Vermeulen",
    "Groenendijk - Vermeulen",
    "Anna",
    "Maria",
    "Anna Maria",
    "Jan",
    "Jans",
    "Janssen",
    "Janssens",
    "van der Berg",
    "van der Bergen",
    "Berg, Jan",
    "Berg,Jan",
    "P.J. van der Berg",
    "Dirk dAncona",
    "d'Ancona",
    "d’ancona",
    "Zoe O'Neill",
    "ONeill",
    "Prins Hendrikstraat",
    "prins hendrikstraat 12a",
    "Prins Hendrikstraat 12",
    "Oude Rijnkade 14-2",
    "oude rijnkade 14 - 2",
    "Willem de Zwijgerlaan 7",
    "2411 AB",
    "2411ab",
    "2412 cd",
    "06-12345678",
    "06 1234 5678",
    "06  12 34 56 78",
    "06.12.34.56.78",
    "(06)12345678",
    "+31 6 1234 5678",
    "0172 123 456",
    "0172-123456",
    "fatima.amrani@example.nl",
    "x.fatima.amrani@example.nl",
    "jan-b@example.nl",
    "jan-b@example.nl-",
    "Bodegraven",
    "maatje",
    "_",
    "1",
    " ",
    "  ",
    ", ",
    ". ",
    "-",
    "'",
    "é",
    "\n",
]


def test_the_usual_forms() -> None:
    for text in (
        "Mevrouw El   Amrani (FATIMA) en mevrouw Groenendijk - Vermeulen, Anna  Maria, "
        "wonen aan de prins  hendrikstraat 12a, 2411ab. Bel 06.12.34.56.78 of 0172-123456, "
        "mail FATIMA.AMRANI@EXAMPLE.NL. Jans buurman zag J. van der Berg.",
        "Jan Janssen, Janssens en Jan van der Bergen; Dirk d'Ancona en Zoë O’Neill.",
        "Oude Rijnkade 14-2 en Oude Rijnkade 14 - 2a, 2412CD; jan-b@example.nl-x",
        "0612345678 06123456789 106 1234 5678 06 12 34 56 78 06--12345678",
    ):
        _same(text, RECORD)


@settings(max_examples=400, deadline=None)
@given(parts=st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)), max_size=16))
def test_same_candidates_as_the_regular_expressions(parts: list[str]) -> None:
    _same("".join(parts), RECORD)


names = st.text(alphabet="abeijnorsAJ éë'’.-_ ,", min_size=1, max_size=9)


@settings(max_examples=300, deadline=None)
@given(
    first=names,
    infix=st.sampled_from(["", "van", "van der", "de", "El"]),
    last=names,
    street=names,
    number=st.sampled_from(["", "1", "12a", "14-2", "7 b", "3.", "-4"]),
    tail=st.lists(st.sampled_from(PIECES + ["Jan", "jan's", "a.b", "a-b", "a b"]), max_size=6),
    text=st.text(alphabet="abeijnorsAJ éë'’.-_ ,12", max_size=40),
)
def test_any_record_same_as_the_regular_expressions(
    first: str, infix: str, last: str, street: str, number: str, tail: list[str], text: str
) -> None:
    record = KnownEntities.build(
        persons=[{"first": first, "infix": infix, "last": last}],
        addresses=[{"street": street, "house_number": number}],
    )
    sample = " ".join([text, first, infix, last, street, number, *tail, text[::-1]])
    _same(sample, record)
