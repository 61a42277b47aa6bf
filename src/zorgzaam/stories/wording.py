"""How a de-identified story reads: placeholders as neutral words.

The de-identifier replaces what could identify someone by a placeholder (``[PERSOON-1]``,
``[TELEFOON-1]``, ``[LEEFTIJD-1]``). Correct, but not text a council reads aloud. Here each
placeholder becomes a neutral word: the one the story's reviewer chose from a closed list
(``options_for``), else one that follows from its tag and the word before it:

* a person after a role word ("Coördinator [PERSOON-1] zette ...") becomes that role
  ("De coördinator zette ..."; after "mijn buurtgenoot" it stays "mijn buurtgenoot"),
  a person after a title ("Mevrouw [PERSOON-2]") a resident ("een bewoonster"), any other
  person "iemand";
* a phone number "[telefoonnummer weggelaten]", an address "[adres weggelaten]", and so
  on; an age in brackets ("Mevrouw [PERSOON-2] ([LEEFTIJD-1])") is left out with its
  brackets.

The same placeholder reads the same everywhere in a story ("een vrijwilliger" the first
time, "de vrijwilliger" after that). Only words from the closed lists are ever written, so
no choice can bring a name back. Plain Python: the words are Dutch story text, not UI.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

LABEL = re.compile(r"\[([A-Z]+)-(\d+)\]")

#: Written for a placeholder of this tag when nobody chose a word (never a raw label).
TAG_DEFAULTS: dict[str, str] = {
    "PERSOON": "iemand",
    "ADRES": "[adres weggelaten]",
    "POSTCODE": "[postcode weggelaten]",
    "PLAATS": "[plaatsnaam weggelaten]",
    "TELEFOON": "[telefoonnummer weggelaten]",
    "EMAIL": "[e-mailadres weggelaten]",
    "BSN": "[nummer weggelaten]",
    "IBAN": "[rekeningnummer weggelaten]",
    "DATUM": "[datum weggelaten]",
    "LEEFTIJD": "[leeftijd weggelaten]",
    "INSTELLING": "een instelling",
    "KENTEKEN": "[kenteken weggelaten]",
    "URL": "[webadres weggelaten]",
    "NUMMER": "[nummer weggelaten]",
}
OTHER = "[weggelaten]"
#: Left out altogether (with its brackets when it stands in brackets alone).
OMIT = ""

#: The words a reviewer may choose per tag (besides the default and the inferred role).
TAG_OPTIONS: dict[str, tuple[str, ...]] = {
    "PERSOON": (
        "iemand",
        "een buurvrouw",
        "een buurman",
        "een vrijwilliger",
        "de vrijwilliger",
        "de coördinator",
        "een bewoner",
        "een bewoonster",
        "een dorpsgenoot",
        "een familielid",
        "een vriend",
        "een vriendin",
        "de hulpverlener",
        "de wijkverpleegkundige",
        "de begeleider",
        "de chauffeur",
        "zij",
        "hij",
    ),
    "PLAATS": ("[plaatsnaam weggelaten]", "een dorp in de buurt", "een stad in de buurt"),
    "INSTELLING": (
        "een instelling",
        "een zorginstelling",
        "het ziekenhuis",
        "een organisatie",
        "de school",
    ),
    "ADRES": ("[adres weggelaten]", "een straat in de buurt", "in de buurt"),
    "DATUM": ("[datum weggelaten]", "op een dag", "onlangs"),
    "LEEFTIJD": ("[leeftijd weggelaten]", OMIT),
}

#: Role words that may stand before a name; the name is left out and the role stays.
ROLES = frozenset(
    {
        "begeleider",
        "begeleidster",
        "buurman",
        "buurvrouw",
        "buurtgenoot",
        "buurjongen",
        "buurmeisje",
        "chauffeur",
        "coördinator",
        "coordinator",
        "dorpsgenoot",
        "huisarts",
        "hulpverlener",
        "maatje",
        "mantelzorger",
        "opbouwwerker",
        "ouderenadviseur",
        "vrijwilliger",
        "vrijwilligster",
        "wijkverpleegkundige",
        "wijkagent",
        "consulent",
        "dochter",
        "zoon",
        "kleindochter",
        "kleinzoon",
        "vriend",
        "vriendin",
        "collega",
        "trainer",
        "juf",
        "meester",
        "voorzitter",
    }
)
#: Titles before a name: the person becomes a resident.
TITLES = {
    "mevrouw": "een bewoonster",
    "mevr": "een bewoonster",
    "mw": "een bewoonster",
    "meneer": "een bewoner",
    "dhr": "een bewoner",
}
DETERMINERS = frozenset({"mijn", "onze", "ons", "haar", "zijn", "hun", "jullie", "je", "de"})

_WORD_BEFORE = re.compile(r"(?:(?P<det>\b[\wÀ-ÿ]+)\s+)?(?P<word>\b[\wÀ-ÿ]+)\.?\s+$")
_SENTENCE_START = re.compile(r"(?:[.!?:]\s+|\n\s*|['\"‘“]\s*)$")


def labels_in(text: str) -> list[tuple[str, str]]:
    """The placeholders of ``text`` in order of first appearance: ``(label, tag)``."""
    seen: dict[str, str] = {}
    for match in LABEL.finditer(text or ""):
        seen.setdefault(match.group(0), match.group(1))
    return list(seen.items())


def _role_before(text: str, start: int) -> tuple[int, str, str] | None:
    """A role or title word right before ``start``: (where it starts, its kind, the phrase
    the person becomes). ``kind``: "role" (with its determiner, if any) or "title"."""
    match = _WORD_BEFORE.search(text[max(0, start - 60) : start])
    if match is None:
        return None
    offset = max(0, start - 60)
    word = match.group("word")
    low = word.lower()
    if low in TITLES:
        return offset + match.start("word"), "title", TITLES[low]
    if low not in ROLES:
        return None
    det = match.group("det")
    if det and det.lower() in DETERMINERS:
        return offset + match.start("det"), "role", f"{det.lower()} {low}"
    return offset + match.start("word"), "role", f"de {low}"


def _in_brackets(text: str, start: int, end: int) -> bool:
    return text[start - 1 : start] == "(" and text[end : end + 1] == ")"


def inferred_words(text: str) -> dict[str, str]:
    """The word each placeholder of ``text`` gets when nobody chose one."""
    words: dict[str, str] = {}
    for match in LABEL.finditer(text or ""):
        label, tag = match.group(0), match.group(1)
        if label in words:
            continue
        if tag == "PERSOON":
            role = _role_before(text, match.start())
            words[label] = role[2] if role else TAG_DEFAULTS["PERSOON"]
        elif tag == "LEEFTIJD" and _in_brackets(text, match.start(), match.end()):
            words[label] = OMIT  # "Mevrouw [PERSOON-1] ([LEEFTIJD-1])": the age just goes
        else:
            words[label] = TAG_DEFAULTS.get(tag, OTHER)
    return words


def options_for(text: str) -> dict[str, list[str]]:
    """Per placeholder of ``text``: the words a reviewer may choose (the inferred one first)."""
    inferred = inferred_words(text)
    out: dict[str, list[str]] = {}
    for label, tag in labels_in(text):
        choices = [inferred[label]]
        for word in (TAG_DEFAULTS.get(tag, OTHER), *TAG_OPTIONS.get(tag, ())):
            if word not in choices:
                choices.append(word)
        out[label] = choices
    return out


def clean_choices(text: str, choices: Mapping[str, str] | None) -> dict[str, str]:
    """Only choices for placeholders of ``text`` from their closed lists (others dropped)."""
    allowed = options_for(text)
    return {
        label: word
        for label, word in (choices or {}).items()
        if label in allowed and word in allowed[label]
    }


def _later(word: str) -> str:
    """The same person mentioned again: "een buurvrouw" -> "de buurvrouw"."""
    return "de " + word[4:] if word.startswith("een ") else word


def _capital(word: str) -> str:
    return word[:1].upper() + word[1:] if word and not word.startswith("[") else word


def render(text: str, choices: Mapping[str, str] | None = None) -> str:
    """``text`` with every placeholder written as a word; never a raw ``[TAG-n]``."""
    if not text or "[" not in text:
        return text or ""
    words = inferred_words(text)
    words.update(clean_choices(text, choices))
    out: list[str] = []
    pos = 0
    used: set[str] = set()
    for match in LABEL.finditer(text):
        label, tag = match.group(0), match.group(1)
        start, end = match.start(), match.end()
        word = words.get(label, OTHER)
        capital = False
        if tag == "PERSOON":
            role = _role_before(text, start)
            if role is not None and role[0] >= pos:
                start = role[0]  # the role or title is part of the phrase now
                capital = text[start : start + 1].isupper()
        if word == OMIT:
            # "([LEEFTIJD-1])": the brackets go too, with the space before them
            if _in_brackets(text, start, end):
                start -= 1
                end += 1
            while start > pos and text[start - 1] == " ":
                start -= 1
            out.append(text[pos:start])
            pos = end
            continue
        phrase = _later(word) if label in used else word
        used.add(label)
        if capital or start == 0 or _SENTENCE_START.search(text[max(0, start - 4) : start]):
            phrase = _capital(phrase)
        out.append(text[pos:start])
        out.append(phrase)
        pos = end
    out.append(text[pos:])
    result = "".join(out)
    return LABEL.sub(OTHER, result)  # belt and braces: nothing raw survives
