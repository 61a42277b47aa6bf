"""Text of the social-map search: folding, Dutch stems and the full-text query.

* SQLite's FTS5 has no Dutch stemmer, so text is stemmed in Python (PyStemmer, Dutch) at
  index and at query time.
* PostgreSQL stems itself (``to_tsvector('dutch', ...)``); the query is a prefix tsquery.

Used by ``search.service_reindex()`` (the documents) and by the selectors and the API
(``fts_sql``)."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from django.db import connection

_WORD = re.compile(r"\w+", re.UNICODE)


@cache
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("dutch")


def fold(text: str) -> str:
    """Lower case without diacritics ('Café' -> 'cafe')."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text or ""))


def stem_text(text: str) -> str:
    return " ".join(_stemmer().stemWords(words(text)))


def query_terms(text: str) -> list[str]:
    """The stems of a query, at most eight, without duplicates."""
    seen: list[str] = []
    for stem in _stemmer().stemWords(words(text)):
        if stem and stem not in seen:
            seen.append(stem)
    return seen[:8]


def fts_sql(text: str) -> tuple[str, list] | None:
    """SQL selecting the keys of the services matching ``text`` (None: no usable words)."""
    if connection.vendor == "postgresql":
        tokens = [t for t in words(text) if t][:8]
        if not tokens:
            return None
        query = " & ".join(f"{t}:*" for t in tokens)
        return (
            "SELECT service_id FROM socialmap_service_fts"
            " WHERE document @@ to_tsquery('dutch', %s)",
            [query],
        )
    terms = query_terms(text)
    if not terms:
        return None
    query = " AND ".join(f'"{t}"*' for t in terms)
    return "SELECT rowid FROM socialmap_service_fts WHERE socialmap_service_fts MATCH %s", [query]
