"""The cheap pre-tests in ``known.find_known`` (added for speed, bench/bench_deid.py) never
drop a match: same candidates as without them, and the flexible forms still match."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from zorgzaam.stories.deid import known as known_module
from zorgzaam.stories.deid.known import find_known
from zorgzaam.stories.deid.model import KnownEntities

RECORD = KnownEntities.from_dict(
    {
        "persons": [
            {"first": "Fatima", "infix": "El", "last": "Amrani"},
            {"first": "Anna Maria", "infix": "", "last": "Groenendijk-Vermeulen"},
            {"first": "Jan", "infix": "van der", "last": "Berg"},
        ],
        "addresses": ["Prins Hendrikstraat 12a, 2411 AB Bodegraven"],
        "phones": ["06 1234 5678", "+31 172 123 456"],
        "emails": ["Fatima.Amrani@Example.nl"],
        "postcodes": ["2411 AB"],
    }
)


def _spans(text: str) -> list[tuple[int, int, str, str]]:
    return sorted((c.start, c.end, c.tag, c.key) for c in find_known(text, RECORD))


def test_flexible_forms_still_match() -> None:
    text = (
        "Mevrouw El   Amrani (FATIMA) en mevrouw Groenendijk - Vermeulen, Anna  Maria, "
        "wonen aan de prins  hendrikstraat 12a, 2411ab. Bel 06.12.34.56.78 of 0172-123456, "
        "mail FATIMA.AMRANI@EXAMPLE.NL. Jans buurman zag J. van der Berg."
    )
    spans = _spans(text)
    for value, tag in (
        ("El   Amrani", "PERSOON"),
        ("FATIMA", "PERSOON"),
        ("Groenendijk - Vermeulen", "PERSOON"),
        ("Anna  Maria", "PERSOON"),
        ("prins  hendrikstraat 12a", "ADRES"),
        ("2411ab", "POSTCODE"),
        ("06.12.34.56.78", "TELEFOON"),
        ("0172-123456", "TELEFOON"),
        ("FATIMA.AMRANI@EXAMPLE.NL", "EMAIL"),
        ("Jans", "PERSOON"),
        ("J. van der Berg", "PERSOON"),
    ):
        start = text.index(value)
        assert any(s <= start and start + len(value) <= e and t == tag for s, e, t, _k in spans), (
            value
        )


def test_nothing_of_the_record_in_the_text_compiles_nothing() -> None:
    known_module._word_regex_cached.cache_clear()
    assert find_known("Een verhaal over de koffieochtend in Waarder.", RECORD) == []
    assert known_module._word_regex_cached.cache_info().currsize == 0


pieces = st.sampled_from(
    [
        "Fatima",
        "El Amrani",
        "el  amrani",
        "Amrani's",
        "Groenendijk",
        "Vermeulen",
        "Groenendijk -Vermeulen",
        "Anna",
        "Maria",
        "Jan",
        "Jans",
        "van der Berg",
        "Berg, Jan",
        "P.J. van der Berg",
        "Prins Hendrikstraat",
        "prins hendrikstraat 12a",
        "2411 AB",
        "2411ab",
        "06-12345678",
        "06 1234 5678",
        "+31 6 1234 5678",
        "0172 123 456",
        "fatima.amrani@example.nl",
        "Bodegraven",
        "maatje",
        " ",
        ", ",
        ". ",
        "-",
        "'",
        "é",
    ]
)


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(st.one_of(pieces, st.text(max_size=6)), max_size=14))
def test_same_candidates_as_without_the_pretests(parts: list[str]) -> None:
    text = "".join(parts)
    fast = _spans(text)
    original = known_module._may_occur
    known_module._may_occur = lambda value, folded: True
    try:
        slow = _spans(text)
    finally:
        known_module._may_occur = original
    assert fast == slow
