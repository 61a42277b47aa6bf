"""The cheaper forms of the rules (issue #23) find exactly what the plain forms found:
grouped alternations (``rules._factored``, the keep words), the literal pre-tests of
``rule_age``, ``rule_url``, ``rule_date`` and ``rule_institution``, and name propagation
by string search."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zorgzaam.stories.deid import rules
from zorgzaam.stories.deid.lexicon import AGE_WORDS, INSTITUTION_BEFORE, TITLES

WORD_LISTS = {
    "titles": (sorted(TITLES, key=len, reverse=True), True),
    "age words": (list(AGE_WORDS), False),
    "institutions": (sorted(INSTITUTION_BEFORE, key=len, reverse=True), False),
    "be": (["is", "was", "werd", "wordt", "word", "ben", "bent", "bleek", "lijkt", "leek"], False),
}


def _texts(words: list[str]) -> st.SearchStrategy[str]:
    noise = st.sampled_from([" ", "  ", ".", "-", ",", "Jan", "82", "\n", "é", "K", "ſ", "x"])
    pieces = st.one_of(
        st.sampled_from(words),
        st.sampled_from(words).map(str.upper),
        st.sampled_from(words).map(str.title),
        st.sampled_from(words).map(lambda w: w[:-1]),
        noise,
        st.text(max_size=3),
    )
    return st.lists(pieces, max_size=12).map("".join)


@pytest.mark.parametrize("name", sorted(WORD_LISTS))
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_grouped_alternation_matches_like_the_flat_one(name: str, data: st.DataObject) -> None:
    words, escape = WORD_LISTS[name]
    flat_words = [re.escape(w) for w in words] if escape else words
    flat = re.compile(r"(?i:(?<![\w-])(?:" + "|".join(flat_words) + r"))(?:s\b|\b)")
    grouped = re.compile(
        r"(?i:(?<![\w-])(?:" + rules._factored(words, escape=escape, ignore_case=True) + r"))"
        r"(?:s\b|\b)"
    )
    text = data.draw(_texts(words))
    assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in flat.finditer(text)]


def test_grouping_keeps_the_order_within_a_first_letter() -> None:
    assert rules._factored(["bent", "ben", "was", "b"]) == "b(?:ent|en|)|was"
    with pytest.raises(ValueError):
        rules._factored(["a.b", "a"], escape=False)


_AGE_TEXT = st.lists(
    st.sampled_from(
        [
            "Jan",
            " (82)",
            " is ",
            " werd ",
            " 82",
            " tachtig",
            "-jarige",
            " jarig",
            " jaar",
            " JAAR oud",
            ", ",
            " van ",
            "vrouw",
            " en ",
            ".",
            "12,5",
            " www.x.nl",
            "http://a.b/c",
            " mail@x.nl",
            ".de",
            " Groene Hart",
            " Ziekenhuis",
            " Zorggroep",
            "Sint-Jozefschool",
            " basisschool De Regenboog",
            " 12 maart",
            " 3-4-2021",
            " geboren in 1950",
            " a.b@example.nl",
            "@",
        ]
    )
    | st.text(max_size=3),
    max_size=14,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=_AGE_TEXT)
def test_pretests_change_nothing(text: str) -> None:
    checked = (rules.rule_age, rules.rule_url, rules.rule_date, rules.rule_institution)
    fast = [rule(text) for rule in checked]
    always = re.compile("")
    with pytest.MonkeyPatch.context() as m:
        m.setattr(rules, "_AGE_NEEDS", (always,) * len(rules._AGE_PATTERNS))
        for name in ("_URL_NEEDS", "_ANY_DIGIT", "_INST_AFTER_NEEDS", "_COMPOUND_NEEDS"):
            m.setattr(rules, name, always)
        slow = [rule(text) for rule in checked]
    assert fast == slow


_NAME_TEXT = st.lists(
    st.sampled_from(["Jan", "Jans", "Janssen", "Jan-", "-Jan", "Ria", "Rias", "s", "_", " ", "é"])
    | st.text(max_size=3),
    max_size=12,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=_NAME_TEXT, tokens=st.sets(st.sampled_from(["Jan", "Janssen", "Ria", "Jans"])))
def test_name_propagation_spans_like_the_alternation(text: str, tokens: set[str]) -> None:
    from zorgzaam.stories.deid.engine import _token_spans

    ordered = sorted(tokens, key=len, reverse=True)
    expected = []
    if ordered:
        alt = "|".join(re.escape(t) for t in ordered)
        pattern = re.compile(r"(?<![\w-])(?:" + alt + r")(?:s(?!\w))?(?![\w-])")
        expected = [m.span() for m in pattern.finditer(text)]
    assert _token_spans(text, ordered) == expected


def _keep_texts() -> st.SearchStrategy[str]:
    from zorgzaam.stories.deid.lexicon import DEFAULT_KEEP_WORDS

    words = list(DEFAULT_KEEP_WORDS) + ["Hollandse Kaasboerderij", "Huis-van-Alles"]
    noise = st.sampled_from([" ", "-", "s", "en", "'s", "x", ".", "é", "\n"])
    piece = st.sampled_from(words).map(lambda w: w.lower()) | st.sampled_from(words) | noise
    return st.lists(piece | st.text(max_size=2), max_size=10).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=_keep_texts())
def test_grouped_keep_words_match_like_the_flat_pattern(text: str) -> None:
    from zorgzaam.stories.deid.engine import _keep_regex
    from zorgzaam.stories.deid.lexicon import DEFAULT_KEEP_WORDS, fold

    words = list(DEFAULT_KEEP_WORDS) + ["Hollandse Kaasboerderij", "Huis-van-Alles"]
    grouped, flat = _keep_regex(words), _keep_regex(words, grouped=False)
    assert grouped is not None and flat is not None and grouped.pattern != flat.pattern
    folded = fold(text)
    assert [m.span() for m in grouped.finditer(folded)] == [m.span() for m in flat.finditer(folded)]


def _plain_name_patterns() -> dict[str, re.Pattern[str]]:
    """The patterns as they were written before #23 (look-behind first)."""
    from zorgzaam.stories.deid.lexicon import INNER_PARTICLE_PATTERN as INNER

    cap, initials = rules.CAP, rules.INITIALS
    return {
        "_IBAN_ANY": re.compile(
            r"(?<![\w])[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?(?!\w)"
        ),
        "_BSN_CANDIDATE": re.compile(r"(?<![\w.,/-])\d(?:[ .\-]?\d){7,8}(?![\w]|[.,/-]\d)"),
        "_POSTCODE": re.compile(
            r"(?<![\w])[1-9]\d{3}(?:\s?(?!SA|SD|SS)[A-Z]{2}|(?!kg|km|mg|ml|cm|mm|gr|ha|uu|jr|pp"
            r"|nd|ste|de)[a-z]{2})(?![\w])"
        ),
        "_INNER_PARTICLE_NAME": re.compile(
            r"(?<![\w-])(?P<name>" + cap + r"\s+" + INNER + cap + ")"
        ),
        "_INITIALS_NAME": re.compile(
            r"(?<![\w.])(?P<name>" + initials + r"\s*(?:" + INNER + r")?" + cap + r")"
        ),
        "_SIGNATURE": re.compile(
            r"(?:[–—]|(?<!\w)-)\s*(?P<name>"
            + cap
            + r"(?:\s+(?:"
            + INNER
            + r")?"
            + cap
            + r"){0,3})\s*(?:,|$)"
        ),
        "_MID_SENTENCE_NAME": re.compile(
            r"(?<=[a-zà-ÿ0-9,;:]\s)(?P<name>"
            + cap
            + r"(?:\s+(?:"
            + INNER
            + r")?"
            + cap
            + r"){1,2})"
            r"(?![\w-])"
        ),
    }


_NAME_PIECES = st.sampled_from(
    [
        "Jan",
        "Ahmed",
        " el ",
        " van der ",
        "Khatib",
        "P.J. ",
        "P. ",
        "A.B.C.D.E. ",
        "x",
        "9",
        ",",
        ", ",
        ".",
        "-",
        "– ",
        "—",
        " - ",
        "\n",
        " ",
        "Émile",
        "de Vries",
        "_",
        "NL91ABNA0417164300",
        "DE89 3704 0044 0532 0130 00",
        "1234",
        "2411 AB",
        "2411ab",
        "1250 MG",
        "12345678",
        "123.456.789",
        "/",
        "@",
    ]
)


@settings(max_examples=400, deadline=None)
@given(text=st.lists(_NAME_PIECES | st.text(max_size=2), max_size=14).map("".join))
def test_patterns_starting_with_a_character_match_like_before(text: str) -> None:
    for name, plain in _plain_name_patterns().items():
        fast = getattr(rules, name)
        got = [m.regs for m in fast.finditer(text)]
        assert got == [m.regs for m in plain.finditer(text)], name
