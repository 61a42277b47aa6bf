"""Word lists used by the rules (plain data, no logic besides ``fold``).

The long lists live in ``data/<name>.txt`` inside this package, one entry per line in
the order of the list (``#`` lines are comments); they are read once, at import.
"""

from __future__ import annotations

import functools
import unicodedata
from importlib.resources import files


def _words(name: str) -> tuple[str, ...]:
    """The entries of ``data/<name>.txt`` in file order (blank and ``#`` lines skipped)."""
    text = files(__package__ or "zorgzaam.stories.deid").joinpath("data", f"{name}.txt")
    lines = (line.strip() for line in text.read_text(encoding="utf-8").splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


# Surname particles ("tussenvoegsels") and their Arabic/Berber/other counterparts.
PARTICLES: frozenset[str] = frozenset(_words("particles"))

# Particles that may start a surname that is written without a first name
# ("El Amrani", "Van den Heuvel", "De Vries"), in capitalised form.
LEADING_PARTICLE_PATTERN = (
    r"(?:Van\s+(?:de|der|den|het|'t|’t|De|Der|Den)|Van|De|Den|Der|Ter|Ten|Te|Op\s+de|In\s+'t"
    r"|El|Al|Ben|Bin|Ibn|Abu|Ait|Aït|Ou|Von|Da|Di|Du|Dos|La|Le)"
)

# Lower-case particle chain between a first name and a surname ("Ahmed el Khatib").
INNER_PARTICLE_PATTERN = (
    r"(?:(?:van|von|de|der|den|het|'t|’t|te|ter|ten|op|in|el|al|ben|bin|ibn|abu|ait|aït|ou"
    r"|da|di|du|dos|del|la|le|Van|De|Der|Den|El|Al|Ben|Abu|Ait|Ter|Ten)\s+)+"
)

# Titles, forms of address, roles and family words that precede a name. deduce
# includes several of these in the person span; we keep them as text.
TITLES: tuple[str, ...] = _words("titles")

# Capitalised words that follow a title but are no name.
NOT_A_NAME: frozenset[str] = frozenset(_words("not_a_name"))

# Social-domain words and place-like terms that must survive de-identification.
DEFAULT_KEEP_WORDS: tuple[str, ...] = _words("default_keep_words")

STREET_SUFFIXES: tuple[str, ...] = _words("street_suffixes")

# Capitalised common nouns ending in a street suffix (sentence-initial words).
NOT_A_STREET: frozenset[str] = frozenset(_words("not_a_street"))

# Keywords before the name of an institution ("basisschool De Regenboog").
INSTITUTION_BEFORE: tuple[str, ...] = _words("institution_before")

# Institution words at the end of the name ("Groene Hart Ziekenhuis").
INSTITUTION_AFTER: tuple[str, ...] = _words("institution_after")

MONTHS: tuple[str, ...] = _words("months")

_UNITS = ("een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen")
_TENS = ("twintig", "dertig", "veertig", "vijftig", "zestig", "zeventig", "tachtig", "negentig")
_TEENS = (
    "twaalf",
    "dertien",
    "veertien",
    "vijftien",
    "zestien",
    "zeventien",
    "achttien",
    "negentien",
)


def _age_words() -> tuple[str, ...]:
    words: list[str] = list(_TEENS)
    for tens in _TENS:
        words.append(tens)
        for unit in _UNITS:
            joiner = "ën" if unit.endswith("e") else "en"
            words.append(f"{unit}{joiner}{tens}")
            if joiner == "ën":
                words.append(f"{unit}en{tens}")  # written without diaeresis
    words.append("honderd")
    return tuple(sorted(words, key=len, reverse=True))


# Dutch number words 12..100 ("tweeëntachtig"), used for ages written in words.
AGE_WORDS: tuple[str, ...] = _age_words()


def fold_char(ch: str) -> str:
    """Lower-case and strip diacritics from one character, keeping the length at 1."""
    decomposed = unicodedata.normalize("NFD", ch)
    base = decomposed[0] if decomposed else ch
    if len(decomposed) > 1 and not all(unicodedata.combining(c) for c in decomposed[1:]):
        base = ch
    folded = base.casefold()
    if len(folded) != 1:
        folded = base.lower()
        if len(folded) != 1:
            folded = base
    return folded


_fold_char_cached = functools.lru_cache(maxsize=1 << 16)(fold_char)


def fold(text: str) -> str:
    """Length-preserving case and accent folding (offsets stay valid)."""
    if text.isascii():
        return text.lower()
    return "".join(map(_fold_char_cached, text))


# Compass words: "Reeuwijk Noord", "Gouda-Oost". Never the last word of a name or a place
# name proposed by deduce or a rule (also in NOT_A_NAME and NOT_A_STREET above).
COMPASS_WORDS: frozenset[str] = frozenset(
    {"noord", "zuid", "oost", "west", "noordoost", "noordwest", "zuidoost", "zuidwest"}
)

# Medical and anatomical Latin that follows an initial ("E. Coli", "V. Cava Inferior",
# "A. Femoralis"): the initial is the abbreviated genus or vessel/nerve/muscle word, the
# rest is no surname. Folded (lower case, no accents).
MEDICAL_LATIN: frozenset[str] = frozenset(_words("medical_latin"))

# Endings of anatomical Latin adjectives and of bacterial species names, for the words
# that are not in MEDICAL_LATIN (only ever tested on the words after an initial).
MEDICAL_LATIN_SUFFIXES: tuple[str, ...] = (
    "alis",
    "aris",
    "icus",
    "iaca",
    "oniae",
    "ensis",
    "idis",
    "ideus",
)

# Medicines often named in care stories (generic and brand names), folded.
DRUG_NAMES: frozenset[str] = frozenset(_words("drug_names"))

# Endings of international non-proprietary drug names (stems set by the WHO): a word with
# one of them after a title ("dr. Olanzapine") is a medicine, not a surname.
DRUG_SUFFIXES: tuple[str, ...] = _words("drug_suffixes")

# Common nouns that name shops, venues and organisations ("De Clinique", "De Schakel",
# "Het Rode Kruis", "het Juridisch Loket"). A person candidate made only of these words
# (and particles) is no person; institution rules still tag named institutions after a
# keyword ("zorgcentrum De Schakel"). Deliberately no noun that is also a frequent
# surname (Boer, Graaf, Jong, Wit, Groot, Bruin, Haan, Vos, Koning, Leeuw, Lange, Ruiter,
# Visser, Smit, Bakker, Molen, Brink, Berg, Beek, Bos, Wal, ...).
VENUE_NOUNS: frozenset[str] = frozenset(_words("venue_nouns"))
