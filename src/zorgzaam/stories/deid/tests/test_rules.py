"""The pattern rules on their own (no deduce needed)."""

from __future__ import annotations

import pytest

from zorgzaam.stories.deid import rules
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
)


def spans(rule, text: str, tag: str | None = None) -> list[str]:
    return [text[c.start : c.end] for c in rule(text) if tag is None or c.tag == tag]


@pytest.mark.parametrize(
    "phone",
    [
        "+31 6 4821 3377",
        "0031 6 4821 3377",
        "+31 (0)6 1122 3344",
        "+31612345678",
        "06-12345678",
        "06 1234 5678",
        "06 41 22 87 90",
        "06-28 44 19 03",
        "(0182) 123 456",
        "0182-612345",
        "0172 61 44 90",
        "0348-123456",
        "+34 612 345 678",
        "0800-1234",
    ],
)
def test_phone_formats(phone: str) -> None:
    text = f"Bel {phone} gerust."
    assert spans(rules.rule_phone, text) == [
        phone.lstrip("(") if phone[0] == "(" and False else phone
    ]


@pytest.mark.parametrize(
    "not_phone", ["14-07-1989", "3.400 euro", "in 2019 en 2020", "2411 AB", "1234567"]
)
def test_phone_negatives(not_phone: str) -> None:
    assert spans(rules.rule_phone, f"Zie {not_phone} hier.") == []


def test_phone_same_number_same_key() -> None:
    a, b = rules.rule_phone("+31 6 4821 3377 of 06-48213377")
    assert a.key == b.key


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("Mevrouw Jansen (82) kwam.", "82"),
        ("Hij is 82 jaar.", "82"),
        ("een 82-jarige dame", "82"),
        ("een 82 jarige dame", "82"),
        ("ze werd 67!", "67"),
        ("De vrouw, 79 jaar, at niets.", "79"),
        ("de oudste: 98 jaar!", "98"),
        ("een man van 84 die", "84"),
        ("Hij werd tweeëntachtig.", "tweeëntachtig"),
        ("een tachtigjarige vrouw", "tachtig"),
        ("Hij is 91 jaar oud", "91"),
    ],
)
def test_ages(text: str, age: str) -> None:
    assert age in spans(rules.rule_age, text, LEEFTIJD)


@pytest.mark.parametrize(
    "text",
    [
        "Na 16 jaar in de bijstand vond ze werk.",
        "Ze is al 12 jaar vrijwilliger.",
        "al acht jaar mantelzorger",
        "twee jaar geleden",
        "Dat was in 1962.",
    ],
)
def test_durations_are_no_ages(text: str) -> None:
    assert spans(rules.rule_age, text) == []


def test_bsn_checksum() -> None:
    assert rules.bsn_valid("123456782")
    assert rules.bsn_valid("111222333")
    assert not rules.bsn_valid("123456789")
    assert not rules.bsn_valid("000000000")


@pytest.mark.parametrize("bsn", ["123 456 782", "123.45.6782", "123456782", "123-456-782"])
def test_bsn_valid_without_context(bsn: str) -> None:
    assert spans(rules.rule_bsn, f"Nummer {bsn} staat erop.") == [bsn]


def test_bsn_invalid_checksum_needs_context() -> None:
    assert spans(rules.rule_bsn, "Het getal 123 456 789 kwam voor.") == []
    assert spans(rules.rule_bsn, "Haar BSN is 123 456 789.") == ["123 456 789"]
    assert spans(rules.rule_bsn, "burgerservicenummer: 12345678") == ["12345678"]


@pytest.mark.parametrize(
    "iban",
    [
        "NL91 ABNA 0417 1643 00",
        "NL91ABNA0417164300",
        "nl91abna0417164300",
        "DE89 3704 0044 0532 0130 00",
    ],
)
def test_iban(iban: str) -> None:
    assert spans(rules.rule_iban, f"Rekening {iban}.", IBAN) == [iban]


def test_iban_checksum() -> None:
    assert rules.iban_valid("NL91ABNA0417164300")
    assert not rules.iban_valid("NL92ABNA0417164300")


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("Hij woont aan de Kerkstraat in Bodegraven.", "Kerkstraat"),
        ("We wandelen op de Molenlaan.", "Molenlaan"),
        ("Ze woont op Noordzijde 22 in Bodegraven.", "Noordzijde 22"),
        ("aan de Willem de Zwijgerlaan wonen", "Willem de Zwijgerlaan"),
        ("op de Prins Hendrikstraat 12a", "Prins Hendrikstraat 12a"),
        ("Dorpsstraat 3a, 2811 AC Reeuwijk", "Dorpsstraat 3a"),
    ],
)
def test_street(text: str, street: str) -> None:
    assert street in spans(rules.rule_street, text, ADRES)


@pytest.mark.parametrize(
    "text", ["Onderweg zag ik hem.", "Gewoonweg mooi.", "In de Supermarkt.", "Wethouder Van Dam"]
)
def test_street_negatives(text: str) -> None:
    assert spans(rules.rule_street, text) == []


def test_street_context_and_huisnummer() -> None:
    text = "Hij woont aan de Weidelied, huisnummer 14, en zij op Lindeboom 4."
    assert "Weidelied" in spans(rules.rule_street_context, text)
    assert "Lindeboom 4" in spans(rules.rule_street_context, text)
    assert spans(rules.rule_huisnummer, text) == ["14"]


@pytest.mark.parametrize(
    "plate", ["12-ABC-3", "XX-99-XX", "D-123-BB", "45-KLV-8", "AB-12-34", "99-XX-99"]
)
def test_kenteken(plate: str) -> None:
    assert spans(rules.rule_kenteken, f"Kenteken {plate} staat er.", KENTEKEN) == [plate]


def test_kenteken_negatives() -> None:
    assert spans(rules.rule_kenteken, "Op 12-03-24 om 10-12 uur, ZRM-score 3.") == []


@pytest.mark.parametrize("pc", ["2411 AB", "2411AB", "2411ab"])
def test_postcode(pc: str) -> None:
    assert spans(rules.rule_postcode, f"Postcode {pc} in Bodegraven.", POSTCODE) == [pc]


def test_postcode_negatives() -> None:
    assert spans(rules.rule_postcode, "In 2019 en 1962 kwam 3400 kg mee, 1000 km.") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Mevrouw El Idrissi kwam.", "El Idrissi"),
        ("meneer Van den Heuvel", "Van den Heuvel"),
        ("juf Sanne las voor", "Sanne"),
        ("wethouder Bakker sprak", "Bakker"),
        ("dokter Pieters verwees", "Pieters"),
        ("zijn vrouw Riet zei", "Riet"),
        ("Mevrouw Ouarda El Ouazzani", "Ouarda El Ouazzani"),
        ("de heer P.J. van Vliet", "P.J. van Vliet"),
    ],
)
def test_title_name_keeps_title_outside(text: str, name: str) -> None:
    assert spans(rules.rule_title_name, text, PERSOON) == [name]


def test_title_name_stops_at_non_names() -> None:
    assert spans(rules.rule_title_name, "juf Nederlands en meester Maandag") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Gisteren kwam El Amrani langs.", "El Amrani"),
        ("Dat zei Ahmed el Khatib.", "Ahmed el Khatib"),
        ("Ook Jan van der Berg was er.", "Jan van der Berg"),
        ("Wethouder Van Dam luisterde.", "Van Dam"),
    ],
)
def test_particle_names(text: str, name: str) -> None:
    assert name in spans(rules.rule_particle_name, text, PERSOON)


def test_signature() -> None:
    assert spans(rules.rule_signature, "Goud waard. – Anja de Jong") == ["Anja de Jong"]
    assert spans(rules.rule_signature, "Mooi. – Marloes, wijkverpleegkundige") == ["Marloes"]


@pytest.mark.parametrize(
    ("text", "inst"),
    [
        ("opgenomen in het Groene Hart Ziekenhuis in Gouda", "Groene Hart Ziekenhuis"),
        ("van basisschool De Regenboog", "De Regenboog"),
        ("in zorgcentrum De Wilgenhof", "De Wilgenhof"),
        ("juf van de Sint-Jozefschool", "Sint-Jozefschool"),
    ],
)
def test_institutions(text: str, inst: str) -> None:
    assert inst in spans(rules.rule_institution, text, INSTELLING)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("geboren op 3 mei 1942", "3 mei 1942"),
        ("sinds 1 september werkt ze", "1 september"),
        ("op 14-07-1989", "14-07-1989"),
        ("geboren in 1938", "1938"),
    ],
)
def test_dates(text: str, date: str) -> None:
    assert date in spans(rules.rule_date, text, DATUM)


def test_email_and_url() -> None:
    text = (
        "Mail tuin.waarder@gmail.com of kijk op www.huisvanalles.nl/agenda of https://x.org/a?b=1."
    )
    assert spans(rules.rule_email, text, EMAIL) == ["tuin.waarder@gmail.com"]
    assert spans(rules.rule_url, text, URL) == ["www.huisvanalles.nl/agenda", "https://x.org/a?b=1"]


def test_every_rule_is_registered_and_sources_are_named() -> None:
    text = "Mevrouw El Idrissi (82), 06-12345678, NL91ABNA0417164300, 12-ABC-3, Kerkstraat 1."
    found = rules.run_rules(text)
    assert {c.source for c in found} <= {f"rule:{name}" for name in rules.RULES}
    assert {c.tag for c in found} >= {PERSOON, LEEFTIJD, TELEFOON, IBAN, KENTEKEN, ADRES, BSN} - {
        BSN
    }


def test_proper_name_mid_sentence() -> None:
    assert spans(rules.rule_proper_name, "vrouwen als Hiwet Tesfaye uit Eritrea") == [
        "Hiwet Tesfaye"
    ]
    assert spans(rules.rule_proper_name, "Hiwet Tesfaye kwam.") == []  # sentence start
    assert spans(rules.rule_proper_name, "op zaterdag Januari Maandag") == []


def test_ages_after_names() -> None:
    text = "Jan 82, Piet 79 en Kees"
    found = rules.ages_after_names(text, [(0, 3), (8, 12)])
    assert [text[c.start : c.end] for c in found] == ["82", "79"]
