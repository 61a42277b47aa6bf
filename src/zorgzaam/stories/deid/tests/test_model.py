from __future__ import annotations

from zorgzaam.stories.deid.lexicon import AGE_WORDS, fold
from zorgzaam.stories.deid.model import KnownAddress, KnownEntities, KnownPerson


def test_parse_address() -> None:
    a = KnownAddress.parse("Kerkstraat 12a, 2411 ab Bodegraven")
    assert (a.street, a.house_number, a.postcode, a.city) == (
        "Kerkstraat",
        "12a",
        "2411AB",
        "Bodegraven",
    )
    b = KnownAddress.parse("Willem de Zwijgerlaan 3")
    assert (b.street, b.house_number, b.postcode) == ("Willem de Zwijgerlaan", "3", "")
    assert KnownAddress.parse("Noordzijde").street == "Noordzijde"


def test_parse_person() -> None:
    assert KnownPerson.parse("Jan van der Berg") == KnownPerson("Jan", "van der", "Berg")
    assert KnownPerson.parse("Fatima El Amrani") == KnownPerson("Fatima", "El", "Amrani")
    assert KnownPerson.parse("Bakker") == KnownPerson("", "", "Bakker")


def test_from_dict_and_repr() -> None:
    k = KnownEntities.from_dict(
        {
            "persons": [{"first": "Jan"}, "Piet de Wit"],
            "addresses": [{"street": "Dorpsweg"}],
            "phones": [""],
        }
    )
    assert len(k.persons) == 2 and k.phones == ()
    assert "Jan" not in repr(k) and "Dorpsweg" not in repr(k)
    assert KnownEntities().is_empty()


def test_fold_keeps_length() -> None:
    for s in ("Aïcha Öztürk", "Straße", "İstanbul", "ﬁ", "e\u0301"):
        assert len(fold(s)) == len(s)
    assert fold("Aïcha ÖZTÜRK") == "aicha ozturk"


def test_age_words() -> None:
    assert {"tweeëntachtig", "tweeentachtig", "negentig", "zeventien", "honderd"} <= set(AGE_WORDS)
