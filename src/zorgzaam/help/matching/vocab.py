"""Small vocabularies (skills, languages) mapped to bit positions of a ``uint64`` mask."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from .errors import UnknownLanguageError, UnknownSkillError, UnknownTermError, VocabularyError

MAX_TERMS = 64

#: Dutch and English names of languages commonly spoken in Dutch municipalities (ISO 639 codes).
LANGUAGE_LABELS: Mapping[str, Mapping[str, str]] = {
    "nl": {"nl": "Nederlands", "en": "Dutch"},
    "en": {"nl": "Engels", "en": "English"},
    "de": {"nl": "Duits", "en": "German"},
    "fr": {"nl": "Frans", "en": "French"},
    "es": {"nl": "Spaans", "en": "Spanish"},
    "pt": {"nl": "Portugees", "en": "Portuguese"},
    "it": {"nl": "Italiaans", "en": "Italian"},
    "pl": {"nl": "Pools", "en": "Polish"},
    "ro": {"nl": "Roemeens", "en": "Romanian"},
    "bg": {"nl": "Bulgaars", "en": "Bulgarian"},
    "uk": {"nl": "Oekraïens", "en": "Ukrainian"},
    "ru": {"nl": "Russisch", "en": "Russian"},
    "tr": {"nl": "Turks", "en": "Turkish"},
    "ar": {"nl": "Arabisch", "en": "Arabic"},
    "ber": {"nl": "Berbers", "en": "Berber"},
    "fa": {"nl": "Perzisch", "en": "Persian"},
    "ti": {"nl": "Tigrinya", "en": "Tigrinya"},
    "so": {"nl": "Somalisch", "en": "Somali"},
    "pap": {"nl": "Papiaments", "en": "Papiamento"},
    "srn": {"nl": "Sranantongo", "en": "Sranan Tongo"},
    "zh": {"nl": "Chinees", "en": "Chinese"},
    "hi": {"nl": "Hindi", "en": "Hindi"},
    "fy": {"nl": "Fries", "en": "Frisian"},
    "li": {"nl": "Limburgs", "en": "Limburgish"},
    "ngt": {"nl": "Nederlandse Gebarentaal", "en": "Sign Language of the Netherlands"},
}


class Vocabulary:
    """An ordered set of at most 64 terms; term *i* is bit ``1 << i``.

    ``kind`` is ``"skill"`` or ``"language"`` (it selects the exception raised for unknown
    terms). ``labels`` optionally maps a term to its display names per UI language, e.g.
    ``{"ar": {"nl": "Arabisch", "en": "Arabic"}}``; for languages the built-in
    :data:`LANGUAGE_LABELS` are used when no label is given.
    """

    __slots__ = ("_cache", "_index", "_labels", "_terms", "kind")

    def __init__(
        self,
        terms: Iterable[str],
        *,
        kind: str = "skill",
        labels: Mapping[str, Mapping[str, str]] | None = None,
    ) -> None:
        if kind not in ("skill", "language"):
            raise VocabularyError(f"kind must be 'skill' or 'language', not {kind!r}")
        self.kind = kind
        self._terms: tuple[str, ...] = tuple(terms)
        if len(self._terms) > MAX_TERMS:
            raise VocabularyError(f"a vocabulary holds at most {MAX_TERMS} terms")
        self._index: dict[str, int] = {}
        for i, term in enumerate(self._terms):
            if not isinstance(term, str) or not term:
                raise VocabularyError(f"terms must be non-empty strings, not {term!r}")
            if term in self._index:
                raise VocabularyError(f"duplicate term: {term!r}")
            self._index[term] = i
        given = dict(labels or {})
        for term in given:
            if term not in self._index:
                raise self._unknown(term)
        self._cache: dict[int, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {}
        self._labels: dict[str, Mapping[str, str]] = {}
        for term in self._terms:
            if term in given:
                self._labels[term] = given[term]
            elif kind == "language" and term in LANGUAGE_LABELS:
                self._labels[term] = LANGUAGE_LABELS[term]

    @classmethod
    def skills(
        cls, terms: Iterable[str], labels: Mapping[str, Mapping[str, str]] | None = None
    ) -> Vocabulary:
        return cls(terms, kind="skill", labels=labels)

    @classmethod
    def languages(
        cls, terms: Iterable[str], labels: Mapping[str, Mapping[str, str]] | None = None
    ) -> Vocabulary:
        return cls(terms, kind="language", labels=labels)

    def _unknown(self, term: object) -> UnknownTermError:
        if self.kind == "language":
            return UnknownLanguageError(term)
        return UnknownSkillError(term)

    def __len__(self) -> int:
        return len(self._terms)

    def __iter__(self) -> Iterator[str]:
        return iter(self._terms)

    def __contains__(self, term: object) -> bool:
        return term in self._index

    def __repr__(self) -> str:
        return f"Vocabulary({list(self._terms)!r}, kind={self.kind!r})"

    @property
    def terms(self) -> tuple[str, ...]:
        return self._terms

    def bit(self, term: str) -> int:
        """The bit position of ``term``; raises :class:`UnknownTermError` if unknown."""
        try:
            return self._index[term]
        except (KeyError, TypeError):
            raise self._unknown(term) from None

    def encode(self, terms: Iterable[str]) -> int:
        """The mask (Python int < 2**64) of ``terms``; raises on an unknown term."""
        if isinstance(terms, str):  # a bare string is one term, not an iterable of letters
            terms = (terms,)
        mask = 0
        for term in terms:
            mask |= 1 << self.bit(term)
        return mask

    def decode(self, mask: int) -> tuple[str, ...]:
        """The terms whose bits are set in ``mask``, in vocabulary order."""
        mask = int(mask)
        if mask < 0 or mask >> len(self._terms):
            raise VocabularyError(f"mask {mask:#x} has bits outside this vocabulary")
        return tuple(t for i, t in enumerate(self._terms) if mask >> i & 1)

    def label(self, term: str, lang: str = "nl") -> str:
        """Display name of ``term`` in UI language ``lang`` (falls back to the term itself)."""
        if term not in self._index:
            raise self._unknown(term)
        return self._labels.get(term, {}).get(lang, term)

    def labels(self, terms: Iterable[str], lang: str = "nl") -> tuple[str, ...]:
        return tuple(self.label(t, lang) for t in terms)

    def describe(self, mask: int) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """``(terms, Dutch labels, English labels)`` of ``mask``; memoised (at most 4096)."""
        mask = int(mask)
        hit = self._cache.get(mask)
        if hit is None:
            terms = self.decode(mask)
            hit = (terms, self.labels(terms, "nl"), self.labels(terms, "en"))
            if len(self._cache) >= 4096:
                self._cache.clear()
            self._cache[mask] = hit
        return hit
