"""A municipality's keep-list as a plain argument (issue #22): a frozenset of words."""

from __future__ import annotations

from zorgzaam.stories.deid import KnownEntities, KnownPerson

TEXT = "Via de Hollandse Kaasboerderij kreeg Karim Bouzid werk. Bel 06-41234567."
KEEP = frozenset({"Hollandse Kaasboerderij"})


def test_a_kept_word_survives_and_nothing_else_does(deid):
    assert "Kaasboerderij" not in deid.deidentify(TEXT).text
    out = deid.deidentify(TEXT, extra_keep_words=KEEP).text
    assert "Via de Hollandse Kaasboerderij kreeg" in out
    assert "Karim" not in out and "41234567" not in out


def test_the_pattern_of_a_keep_list_is_compiled_once(deid):
    first = deid._keep_for(KEEP)
    assert deid._keep_for(frozenset({"Hollandse Kaasboerderij"})) is first
    assert deid._keep_for(["Hollandse Kaasboerderij"]) is first  # any iterable of words
    assert deid._keep_for(frozenset()) is deid._keep_for(())


def test_the_records_people_are_removed_even_when_kept(deid):
    known = KnownEntities(persons=(KnownPerson("Karim", "", "Bouzid"),))
    out = deid.deidentify(TEXT, known, extra_keep_words=frozenset({"Karim Bouzid"})).text
    assert "Karim" not in out and "Bouzid" not in out
