"""Value objects of the de-identifier.

None of the objects that can leave the package (``Annotation``, ``Result``) carries a
piece of the original text. ``KnownEntities`` does carry personal data, so its ``repr``
only shows counts: it is safe to end up in a log line or a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# The tag set. Every tag is rendered as ``[TAG-n]``.
PERSOON = "PERSOON"
ADRES = "ADRES"
POSTCODE = "POSTCODE"
PLAATS = "PLAATS"
TELEFOON = "TELEFOON"
EMAIL = "EMAIL"
BSN = "BSN"
IBAN = "IBAN"
DATUM = "DATUM"
LEEFTIJD = "LEEFTIJD"
INSTELLING = "INSTELLING"
KENTEKEN = "KENTEKEN"
URL = "URL"
NUMMER = "NUMMER"

TAGS: tuple[str, ...] = (
    PERSOON,
    ADRES,
    POSTCODE,
    PLAATS,
    TELEFOON,
    EMAIL,
    BSN,
    IBAN,
    DATUM,
    LEEFTIJD,
    INSTELLING,
    KENTEKEN,
    URL,
    NUMMER,
)

SOURCE_DEDUCE = "deduce"
SOURCE_KNOWN = "known"


def rule_source(name: str) -> str:
    """The ``source`` value of an annotation produced by the rule ``name``."""
    return f"rule:{name}"


@dataclass(frozen=True, slots=True)
class Annotation:
    """One replaced span of the original text (character offsets, end exclusive).

    ``label`` is the placeholder that replaced the span in ``Result.text``, e.g.
    ``"[PERSOON-1]"``. ``source`` is ``"deduce"``, ``"known"`` or ``"rule:<name>"``.
    """

    start: int
    end: int
    tag: str
    label: str
    source: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "tag": self.tag,
            "label": self.label,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class Result:
    """De-identified text plus the spans (offsets into the *original* text)."""

    text: str
    annotations: tuple[Annotation, ...]

    def tags(self) -> list[str]:
        return [a.tag for a in self.annotations]

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "annotations": [a.as_dict() for a in self.annotations]}


@dataclass(frozen=True, slots=True)
class Candidate:
    """Internal: a span proposed by deduce, a rule or the record. Never leaves the package.

    ``key`` identifies the entity for numbering (same entity, same number). It is
    derived from the original text and therefore never exposed.
    """

    start: int
    end: int
    tag: str
    source: str
    priority: int
    key: str = field(default="", repr=False)

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class KnownPerson:
    """A person linked to the story's record: first name(s), infix ("van der"), last name."""

    first: str = field(default="", repr=False)
    infix: str = field(default="", repr=False)
    last: str = field(default="", repr=False)

    @classmethod
    def from_value(cls, value: KnownPerson | Mapping[str, str] | str) -> KnownPerson:
        if isinstance(value, KnownPerson):
            return value
        if isinstance(value, str):
            return cls.parse(value)
        return cls(
            first=str(value.get("first", "") or ""),
            infix=str(value.get("infix", "") or ""),
            last=str(value.get("last", "") or ""),
        )

    @classmethod
    def parse(cls, full_name: str) -> KnownPerson:
        """Split "Jan van der Berg" into first / infix / last (best effort)."""
        from zorgzaam.stories.deid.lexicon import PARTICLES

        words = full_name.split()
        if not words:
            return cls()
        if len(words) == 1:
            return cls(last=words[0])
        first = words[0]
        rest = words[1:]
        infix: list[str] = []
        while len(rest) > 1 and rest[0].lower() in PARTICLES:
            infix.append(rest.pop(0))
        return cls(first=first, infix=" ".join(infix), last=" ".join(rest))


_POSTCODE_IN_ADDRESS = re.compile(r"(?<!\d)([1-9]\d{3})\s?([A-Za-z]{2})(?![A-Za-z])")
_STREET_NUMBER = re.compile(
    r"^\s*(?P<street>[^\d,]*?[^\W\d][^\d,]*?)\s*(?P<number>\d{1,5}(?:\s?[A-Za-z]\b|[-/]\d{1,4})?)?"
    r"\s*(?:,|$)"
)


@dataclass(frozen=True, slots=True)
class KnownAddress:
    """An address linked to the story's record."""

    street: str = field(default="", repr=False)
    house_number: str = field(default="", repr=False)
    postcode: str = field(default="", repr=False)
    city: str = field(default="", repr=False)

    @classmethod
    def from_value(cls, value: KnownAddress | Mapping[str, str] | str) -> KnownAddress:
        if isinstance(value, KnownAddress):
            return value
        if isinstance(value, str):
            return cls.parse(value)
        return cls(
            street=str(value.get("street", "") or ""),
            house_number=str(value.get("house_number", "") or ""),
            postcode=str(value.get("postcode", "") or ""),
            city=str(value.get("city", "") or ""),
        )

    @classmethod
    def parse(cls, address: str) -> KnownAddress:
        """Parse "Kerkstraat 12a, 2411 AB Bodegraven" (every part optional)."""
        postcode = ""
        city = ""
        pc = _POSTCODE_IN_ADDRESS.search(address)
        head = address
        if pc:
            postcode = pc.group(1) + pc.group(2).upper()
            city = address[pc.end() :].strip(" ,")
            head = address[: pc.start()]
        street = ""
        number = ""
        m = _STREET_NUMBER.match(head)
        if m:
            street = m.group("street").strip(" ,")
            number = (m.group("number") or "").strip()
        return cls(street=street, house_number=number, postcode=postcode, city=city)


def _tuple_of_str(values: Iterable[str] | None) -> tuple[str, ...]:
    return tuple(str(v) for v in (values or ()) if str(v).strip())


@dataclass(frozen=True, slots=True)
class KnownEntities:
    """Personal data of the people linked to the story's record (household members,
    volunteer, resident). Everything in here is always removed from the story."""

    persons: tuple[KnownPerson, ...] = field(default=(), repr=False)
    addresses: tuple[KnownAddress, ...] = field(default=(), repr=False)
    phones: tuple[str, ...] = field(default=(), repr=False)
    emails: tuple[str, ...] = field(default=(), repr=False)
    postcodes: tuple[str, ...] = field(default=(), repr=False)

    @classmethod
    def build(
        cls,
        persons: Sequence[KnownPerson | Mapping[str, str] | str] = (),
        addresses: Sequence[KnownAddress | Mapping[str, str] | str] = (),
        phones: Iterable[str] = (),
        emails: Iterable[str] = (),
        postcodes: Iterable[str] = (),
    ) -> KnownEntities:
        """Convenience constructor accepting dicts / plain strings."""
        return cls(
            persons=tuple(KnownPerson.from_value(p) for p in persons),
            addresses=tuple(KnownAddress.from_value(a) for a in addresses),
            phones=_tuple_of_str(phones),
            emails=_tuple_of_str(emails),
            postcodes=_tuple_of_str(postcodes),
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> KnownEntities:
        """From the JSON shape used by the CLI and the test data::

        {"persons": [{"first": "Jan", "infix": "van der", "last": "Berg"}],
         "addresses": ["Kerkstraat 12, 2411 AB Bodegraven"],
         "phones": ["0612345678"], "emails": [...], "postcodes": ["2411 AB"]}
        """
        data = data or {}
        return cls.build(
            persons=list(data.get("persons", ()) or ()),
            addresses=list(data.get("addresses", ()) or ()),
            phones=data.get("phones", ()) or (),
            emails=data.get("emails", ()) or (),
            postcodes=data.get("postcodes", ()) or (),
        )

    def is_empty(self) -> bool:
        return not (self.persons or self.addresses or self.phones or self.emails or self.postcodes)

    def __repr__(self) -> str:  # never show the personal data itself
        return (
            f"KnownEntities(persons={len(self.persons)}, addresses={len(self.addresses)}, "
            f"phones={len(self.phones)}, emails={len(self.emails)}, "
            f"postcodes={len(self.postcodes)})"
        )
