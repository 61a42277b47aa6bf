"""The de-identifier: deduce + rules + record-aware matching + keep words.

One deduce instance costs about 1.1 GB and seconds to build, so there is exactly one
per process, built lazily behind ``get_deidentifier()`` (thread-safe) or eagerly with
``warm_up()`` at worker start. Never build one inside a request.
"""

from __future__ import annotations

import bisect
import fcntl
import gc
import logging
import os
import re
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from zorgzaam.stories.deid.known import find_known
from zorgzaam.stories.deid.lexicon import (
    COMPASS_WORDS,
    DEFAULT_KEEP_WORDS,
    INNER_PARTICLE_PATTERN,
    NOT_A_NAME,
    PARTICLES,
    TITLES,
    fold,
)
from zorgzaam.stories.deid.model import (
    ADRES,
    BSN,
    DATUM,
    EMAIL,
    INSTELLING,
    LEEFTIJD,
    NUMMER,
    PERSOON,
    PLAATS,
    POSTCODE,
    SOURCE_DEDUCE,
    SOURCE_KNOWN,
    TELEFOON,
    URL,
    Annotation,
    Candidate,
    KnownEntities,
    Result,
)
from zorgzaam.stories.deid.rules import (
    CAP,
    PRIO,
    ages_after_names,
    is_quantity,
    not_a_person,
    run_rules,
)

log = logging.getLogger(__name__)

CACHE_ENV = "ZORGZAAM_DEDUCE_CACHE"
#: ``never``: this process never builds deduce's lookup cache (a web or task worker in
#: production); it waits for a build that is running, reads the cache, or refuses clearly.
BUILD_ENV = "ZORGZAAM_DEDUCE_BUILD"

# deduce tag -> (our tag, priority). deduce loses overlaps against every rule.
_DEDUCE_TAGS: dict[str, tuple[str, int]] = {
    "persoon": (PERSOON, 20),
    "patient": (PERSOON, 20),
    "locatie": (ADRES, 22),  # refined below: placenames become PLAATS, postcodes POSTCODE
    "ziekenhuis": (INSTELLING, 30),
    "zorginstelling": (INSTELLING, 30),
    "instelling": (INSTELLING, 30),
    "datum": (DATUM, 25),
    "leeftijd": (LEEFTIJD, 25),
    "bsn": (BSN, 25),
    "id": (NUMMER, 24),
    "telefoonnummer": (TELEFOON, 25),
    "emailadres": (EMAIL, 25),
    "url": (URL, 25),
}

_TITLE_PREFIX = re.compile(
    r"^(?:(?i:"
    + "|".join(re.escape(t) for t in sorted(TITLES, key=len, reverse=True))
    + r")(?:\.|(?=\s|$))\s*)+"
)
_POSTCODE_SHAPE = re.compile(r"^[1-9]\d{3}\s?[A-Za-z]{2}$")
_EXTEND_RIGHT = re.compile(r"^\s+" + INNER_PARTICLE_PATTERN + CAP)
# Initials before a name start at a word boundary ("DR. Visser" and "ABC. Visser" have none).
_EXTEND_LEFT_INITIALS = re.compile(r"(?<![\w.])(?:[A-Z]\.\s?){1,4}\s*$")
# Bare "van" is also the preposition ("Nederlands van Greetje"): only in combinations.
_EXTEND_LEFT_PARTICLE = re.compile(
    r"(?<![\w])(?:van\s+(?:de|der|den|het|'t)|de|der|den|ter|ten|te)\s+$"
)
# Keep words are cut out of name-like spans only, never out of e-mail addresses etc.
_KEEP_APPLIES_TO = frozenset({PERSOON, PLAATS, ADRES, INSTELLING, NUMMER})
# Two letters before the stop: after one letter it is an initial ("S. Pneumoniae").
_SENTENCE_END = re.compile(r"(?<=\w\w)[.!?]+\s+(?=[A-ZÀ-Þ])")
_TRAILING_COMPASS = re.compile(
    r"[\s-]+(?i:" + "|".join(sorted(COMPASS_WORDS, key=len, reverse=True)) + r")\s*$"
)
_TAG_IN_OUTPUT = re.compile(r"\[[A-Z]+-\d+\]")
# Compiled once (were module-level re.sub / re.findall calls, a cache look-up each time).
_POSSESSIVE_END = re.compile(r"['’]s$|(?<=\w)s$")
_PLURAL_END = re.compile(r"(?<=\w{3})s$")
_WORD = re.compile(r"\w+")


class DeduceUnavailableError(RuntimeError):
    """deduce could not be imported or built."""


def _import_deduce() -> Any:
    """Import deduce without letting it reconfigure logging.

    deduce 3.0.6 calls ``logging.basicConfig(stream=sys.stdout, level=DEBUG)`` at import
    time, which would send every DEBUG record of the process to stdout (and pollute the
    CLI output). We undo exactly what that call added.
    """
    root = logging.getLogger()
    handlers_before = list(root.handlers)
    level_before = root.level
    import deduce

    for handler in list(root.handlers):
        if handler not in handlers_before:
            root.removeHandler(handler)
    root.setLevel(level_before)
    return deduce


def default_cache_path() -> Path:
    """Where deduce's lookup cache lives unless ``$ZORGZAAM_DEDUCE_CACHE`` says otherwise.

    In a virtual environment: ``<venv>/var/cache/zorgzaam-deduce`` (the cache belongs to the
    installed deduce, and ``make install`` builds it there). Otherwise the user's cache folder
    (``$XDG_CACHE_HOME`` or ``~/.cache``)/``zorgzaam/deduce``. Never deduce's own package
    directory: deduce judges a cache there stale when a lookup file looks newer than the
    cache, comparing local times, and a Django process runs in Europe/Amsterdam while a plain
    Python process runs in the system's zone, so a cache written by one was rebuilt (a
    minute and 1.1 GB) by the other. In a folder of its own only deduce's version is checked.
    """
    if sys.prefix != sys.base_prefix:
        return Path(sys.prefix) / "var" / "cache" / "zorgzaam-deduce"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "zorgzaam" / "deduce"


def resolve_cache_path(cache_path: str | os.PathLike[str] | None = None) -> Path:
    """Argument, else ``$ZORGZAAM_DEDUCE_CACHE``, else ``default_cache_path()``."""
    value = cache_path if cache_path is not None else os.environ.get(CACHE_ENV) or None
    return Path(value) if value else default_cache_path()


def cache_file(cache_path: str | os.PathLike[str] | None = None) -> Path:
    """The lookup cache file deduce reads inside the cache directory."""
    return resolve_cache_path(cache_path) / "cache" / "lookup_structs.pickle"


def _deduce_with_cache(deduce: Any, path: Path) -> Any:
    """A deduce instance, its lookup structures loaded from ``path`` or built and stored there.

    One process builds, under a lock file in ``path``: another process that needs the cache
    meanwhile (``make install`` builds it in the background while ``make run`` migrates and
    loads the demo; two test workers) waits for it and then reads it, instead of building
    its own (a minute and 1.1 GB). The new cache is written aside and moved into place in one
    rename, so nobody reads half a file. When ``path`` cannot be written the structures are
    built without a lasting cache (slow on every start; logged).
    """
    target = path / "cache" / "lookup_structs.pickle"
    if target.is_file():
        return deduce.Deduce(cache_path=path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        lock = open(path / ".build.lock", "a")  # noqa: SIM115 - held across the build
    except OSError as exc:
        log.warning("deduce cache folder %s is not writable (%s): no lasting cache", path, exc)
        with tempfile.TemporaryDirectory(prefix="zorgzaam-deduce-") as tmp:
            return deduce.Deduce(cache_path=Path(tmp))
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if target.is_file():  # built by another process while this one waited
            return deduce.Deduce(cache_path=path)
        if os.environ.get(BUILD_ENV, "").strip().lower() == "never":
            raise DeduceUnavailableError(
                f"deduce's lookup cache is missing in {path} and {BUILD_ENV}=never: build it "
                "at install time (scripts/install.sh, or warm_up() with the same "
                f"{CACHE_ENV}); a worker does not build it (about a minute and 2 GB)"
            )
        log.info("building deduce's lookup cache in %s (about a minute, once)", path)
        scratch = Path(tempfile.mkdtemp(prefix=".build-", dir=path))
        try:
            instance = deduce.Deduce(cache_path=scratch)
            os.replace(scratch / "cache" / "lookup_structs.pickle", target)
            return instance
        finally:
            shutil.rmtree(scratch, ignore_errors=True)


def build_deduce(cache_path: str | os.PathLike[str] | None = None) -> Any:
    """Build one deduce instance (slow: ~3-6 s with a lookup cache, ~60 s without)."""
    deduce = _import_deduce()
    path = resolve_cache_path(cache_path)
    gc_was_enabled = gc.isenabled()
    gc.disable()  # construction allocates millions of small objects; gc passes only cost time
    try:
        instance = _deduce_with_cache(deduce, path)
        # deduce's lookup structures are ~4.5 million container objects that live as long
        # as the process. Left in the collector, every full collection walks all of them
        # (~4 s on the reference machine, i.e. a 4 s pause in some request). Move
        # everything alive now into the permanent generation; nothing is freed by a
        # collection at this point (measured: 0 objects), so nothing leaks.
        gc.freeze()
        return instance
    except DeduceUnavailableError:
        raise
    except Exception as exc:  # pragma: no cover - depends on the installation
        raise DeduceUnavailableError(f"deduce could not be built: {type(exc).__name__}") from None
    finally:
        if gc_was_enabled:
            gc.enable()


def _keep_regex(words: Iterable[str], *, grouped: bool = True) -> re.Pattern[str] | None:
    """The keep words as one pattern over the folded text, longest word first.

    ``grouped``: the alternatives are grouped under their first letter (``w(?:ord1|ord2)``),
    which matches exactly the same (two words with different first letters never match at
    one position; within a group the order is kept) and is scanned several times faster
    (issue #23). Not when a word starts with something other than a letter or digit."""
    parts = []
    for word in sorted({w.strip() for w in words if w and w.strip()}, key=len, reverse=True):
        flex = re.escape(fold(word)).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]?")
        parts.append(flex)
    if not parts:
        return None
    if grouped and all(p[0].isalnum() for p in parts):
        groups: dict[str, list[str]] = {}
        for p in parts:
            groups.setdefault(p[0], []).append(p[1:])
        alt = "|".join(
            first + ("(?:" + "|".join(rests) + ")" if len(rests) > 1 else rests[0])
            for first, rests in groups.items()
        )
    else:
        alt = "|".join(parts)
    return re.compile(r"(?<!\w)(?:" + alt + r")(?:s|en|'s|’s)?(?!\w)")


class Deidentifier:
    """De-identifies Dutch stories. Thread-safe; build once per process."""

    def __init__(
        self,
        *,
        cache_path: str | os.PathLike[str] | None = None,
        extra_keep_words: Sequence[str] = (),
        deduce_instance: Any = None,
    ) -> None:
        self._deduce = deduce_instance if deduce_instance is not None else build_deduce(cache_path)
        self._lock = threading.Lock()
        self._keep_words: tuple[str, ...] = DEFAULT_KEEP_WORDS + tuple(extra_keep_words)
        self._keep = _keep_regex(self._keep_words)
        # The compiled pattern per set of extra keep words (a municipality's keep-list is
        # the same frozenset for all its stories): compiled once, not once per story.
        self._keep_cache: dict[frozenset[str], re.Pattern[str] | None] = {}

    @property
    def keep_words(self) -> tuple[str, ...]:
        return self._keep_words

    # ------------------------------------------------------------------ public API
    def deidentify(
        self,
        text: str,
        known: KnownEntities | None = None,
        *,
        extra_keep_words: Iterable[str] = (),
    ) -> Result:
        """De-identify ``text``. ``known``: entities of the story's record (always removed).

        ``extra_keep_words``: words that must survive for this call only (in addition to
        the default whitelist and the constructor's ``extra_keep_words``), such as a
        municipality's keep-list as a ``frozenset``. They are cut out of name-like spans
        only (never out of the record's people, e-mail addresses, phone numbers or other
        numbers), like the default whitelist.
        """
        if not isinstance(text, str):
            raise TypeError("text must be str")
        if not text.strip():
            return Result(text=text, annotations=())
        known = known or KnownEntities()
        keep = self._keep_for(extra_keep_words)

        candidates: list[Candidate] = []
        candidates.extend(self._deduce_candidates(text))
        candidates.extend(run_rules(text))
        candidates = [c for c in (self._refine_person(text, c) for c in candidates) if c]
        candidates = [_without_compass(text, c) for c in candidates if not _vetoed(text, c)]
        folded = fold(text)  # once per story: keep words, the record and propagation use it
        kept = (
            sorted((m.start(), m.end()) for m in keep.finditer(folded)) if keep is not None else []
        )
        if kept:
            candidates = self._apply_keep(text, candidates, kept)
        candidates.extend(find_known(text, known, folded=folded))
        spans = _merge(text, candidates)
        found = propagate_names(text, spans, keep, kept=kept)
        if found:
            spans = _merge(text, spans + found)
        persons = [(c.start, c.end) for c in spans if c.tag == PERSOON]
        extra = ages_after_names(text, persons)
        if extra:
            spans = _merge(text, spans + extra)
        snapped = _snap_to_words(text, spans)
        if snapped is not spans:
            spans = _merge(text, snapped)
        return _render(text, spans)

    def _keep_for(self, extra: Iterable[str]) -> re.Pattern[str] | None:
        if not extra:
            return self._keep
        words = extra if isinstance(extra, frozenset) else frozenset(extra)
        if not words:
            return self._keep
        try:
            return self._keep_cache[words]
        except KeyError:
            pattern = _keep_regex(self._keep_words + tuple(sorted(words)))
            if len(self._keep_cache) >= 64:  # a few municipalities per process; stay bounded
                self._keep_cache.clear()
            self._keep_cache[words] = pattern
            return pattern

    # ------------------------------------------------------------------ deduce
    def _deduce_candidates(self, text: str) -> list[Candidate]:
        with self._lock:
            doc = self._deduce.deidentify(text, disabled={"redactor"})
        out = []
        for ann in doc.annotations:
            tag, prio = _DEDUCE_TAGS.get(ann.tag, (NUMMER, 15))
            start, end = int(ann.start_char), int(ann.end_char)
            value = text[start:end]
            if ann.tag == "locatie":
                if _POSTCODE_SHAPE.match(value.strip()):
                    if is_quantity(text, start, end):  # "1000 KG", "250 ML": a quantity
                        continue
                    tag = POSTCODE
                elif not any(c.isdigit() for c in value) and not value.lower().startswith(
                    "postbus"
                ):
                    tag = PLAATS
            if tag == PERSOON:
                # deduce merges adjacent names across ". " ("Spil. Mevrouw Ouarda ..."):
                # split at sentence ends so titles can be kept outside each part.
                for ps, pe in _split_sentences(text, start, end):
                    out.append(
                        Candidate(ps, pe, tag, SOURCE_DEDUCE, prio, _entity_key(tag, text[ps:pe]))
                    )
                continue
            out.append(Candidate(start, end, tag, SOURCE_DEDUCE, prio, key=_entity_key(tag, value)))
        return out

    # ------------------------------------------------------------------ post-processing
    @staticmethod
    def _refine_person(text: str, cand: Candidate) -> Candidate | None:
        """Keep titles outside person spans; add particles, initials and surname parts."""
        if cand.tag != PERSOON:
            return cand
        start, end = cand.start, cand.end
        m = _TITLE_PREFIX.match(text[start:end])
        if m:
            start += m.end()
        if start >= end:
            return None
        m2 = _EXTEND_RIGHT.match(text[end:])
        if m2:
            end += m2.end()
        left = text[max(0, start - 20) : start]
        m3 = _EXTEND_LEFT_PARTICLE.search(left)
        if m3 and cand.source == SOURCE_DEDUCE:
            start -= len(m3.group(0))
            left = text[max(0, start - 20) : start]
        # Searched in the text itself (not a slice), so the look-behind sees the word before.
        m4 = _EXTEND_LEFT_INITIALS.search(text, max(0, start - 20), start)
        if m4:
            start = m4.start()
        value = text[start:end].strip()
        if not value or value.lower() in PARTICLES:
            return None
        if start == cand.start and end == cand.end:
            return cand
        return Candidate(
            start,
            end,
            cand.tag,
            cand.source,
            cand.priority,
            key=_entity_key(PERSOON, text[start:end]),
        )

    @staticmethod
    def _apply_keep(
        text: str, candidates: list[Candidate], kept: list[tuple[int, int]]
    ) -> list[Candidate]:
        """Cut the keep words (their spans, ``kept``) out of spans; drop what is left if it
        is no longer a name."""
        if not kept:
            return candidates
        out = []
        for cand in candidates:
            if cand.tag not in _KEEP_APPLIES_TO:
                out.append(cand)
                continue
            pieces = [(cand.start, cand.end)]
            for ks, ke in kept:
                next_pieces = []
                for ps, pe in pieces:
                    if ke <= ps or ks >= pe:
                        next_pieces.append((ps, pe))
                        continue
                    if ps < ks:
                        next_pieces.append((ps, ks))
                    if ke < pe:
                        next_pieces.append((ke, pe))
                pieces = next_pieces
            if pieces == [(cand.start, cand.end)]:
                out.append(cand)
                continue
            for ps, pe in pieces:
                trimmed = _strip_span(text, ps, pe, particles=cand.tag == PERSOON)
                if trimmed is None:
                    continue
                ts, te = trimmed
                out.append(
                    Candidate(
                        ts,
                        te,
                        cand.tag,
                        cand.source,
                        cand.priority,
                        key=_entity_key(cand.tag, text[ts:te]),
                    )
                )
        return out


def _vetoed(text: str, cand: Candidate) -> bool:
    """A person span that is medical Latin, a medicine or a venue noun (``not_a_person``).
    The record's own people (``known``) are never vetoed; they are added later anyway."""
    return cand.tag == PERSOON and not_a_person(text[cand.start : cand.end]) is not None


def _without_compass(text: str, cand: Candidate) -> Candidate:
    """ "Reeuwijk Noord", "van Woerden Oost": a compass word at the end of a person or place
    span is the part of town, not part of the name; it stays in the text."""
    if cand.tag not in (PERSOON, PLAATS):
        return cand
    m = _TRAILING_COMPASS.search(text, cand.start, cand.end)
    if not m or m.start() <= cand.start:
        return cand
    return Candidate(cand.start, m.start(), cand.tag, cand.source, cand.priority, cand.key)


def _snap_to_words(text: str, spans: list[Candidate]) -> list[Candidate]:
    """No word is ever cut in two: a span end that falls between two letters or digits is
    moved outwards to the end of that word (removing a little more, never leaking the rest
    of a word). Returns ``spans`` itself when nothing moved."""
    out, moved = [], False
    n = len(text)
    for c in spans:
        start, end = c.start, c.end
        while 0 < start < n and text[start - 1].isalnum() and text[start].isalnum():
            start -= 1
        while 0 < end < n and text[end - 1].isalnum() and text[end].isalnum():
            end += 1
        if (start, end) == (c.start, c.end):
            out.append(c)
            continue
        moved = True
        out.append(Candidate(start, end, c.tag, c.source, c.priority, key=c.key))
    return out if moved else spans


def _split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    parts = []
    pos = start
    for m in _SENTENCE_END.finditer(text, start, end):
        parts.append((pos, m.start() + 1))
        pos = m.end()
    parts.append((pos, end))
    return [(a, b) for a, b in (p for p in parts) if text[a:b].strip(" .!?")]


def _strip_span(text: str, start: int, end: int, particles: bool = True) -> tuple[int, int] | None:
    """Trim punctuation, spaces and dangling particles; None when nothing meaningful is left."""
    value = text[start:end]
    left = len(value) - len(value.lstrip(" \t\n-,.;:'’()"))
    right = len(value) - len(value.rstrip(" \t\n-,;:'’()"))
    start, end = start + left, end - right
    words = text[start:end].split() if particles else []
    while words and fold(words[0]) in PARTICLES:
        start = text.index(words[0], start) + len(words[0])
        words = words[1:]
        while start < end and text[start].isspace():
            start += 1
    while words and fold(words[-1]) in PARTICLES:
        end = text.rindex(words[-1], start, end)
        words = words[:-1]
        while end > start and text[end - 1].isspace():
            end -= 1
    if sum(c.isalnum() for c in text[start:end]) < 2:
        return None
    return start, end


_NAME_TOKEN = re.compile(r"[A-ZÀ-Þ][a-zà-ÿ'’]{2,}(?:-[A-ZÀ-Þ][a-zà-ÿ'’]+)*")


def propagate_names(
    text: str,
    spans: list[Candidate],
    keep: re.Pattern[str] | None,
    *,
    kept: list[tuple[int, int]] | None = None,
) -> list[Candidate]:
    """A name found once is removed everywhere in the text ("Hiwet Tesfaye ... Hiwet").

    ``kept``: the sorted spans of ``keep`` in the folded text, when the caller has them."""
    tokens: set[str] = set()
    for c in spans:
        if c.tag == PERSOON:
            for tok in _NAME_TOKEN.findall(text[c.start : c.end]):
                if fold(tok) not in PARTICLES and fold(tok) not in NOT_A_NAME:
                    tokens.add(tok)
    if not tokens:
        return []
    if kept is None:
        kept = (
            sorted((m.start(), m.end()) for m in keep.finditer(fold(text)))
            if keep is not None
            else []
        )
    covered = sorted((c.start, c.end) for c in spans)
    out = []
    for start, end in _token_spans(text, sorted(tokens, key=len, reverse=True)):
        if _inside(covered, start):
            continue
        if _inside(kept, start):
            continue
        out.append(
            Candidate(
                start,
                end,
                PERSOON,
                "rule:name_propagation",
                PRIO[PERSOON] - 4,
                key=_entity_key(PERSOON, text[start:end]),
            )
        )
    return out


def _token_spans(text: str, tokens: Sequence[str]) -> list[tuple[int, int]]:
    """Like ``re.finditer(r"(?<![\\w-])(?:t1|t2|...)(?:s(?!\\w))?(?![\\w-])", text)`` for
    ``tokens`` longest first, without compiling that alternation for every story:
    non-overlapping, left to right, at each position the first token that fits."""
    starts: list[tuple[int, int]] = []
    for order, token in enumerate(tokens):
        pos = text.find(token)
        while pos >= 0:
            if pos == 0 or not _word_or_hyphen(text[pos - 1]):
                starts.append((pos, order))
            pos = text.find(token, pos + 1)
    if not starts:
        return []
    starts.sort()
    n = len(text)
    out: list[tuple[int, int]] = []
    last_end = 0
    for pos, order in starts:
        if pos < last_end:
            continue
        end = pos + len(tokens[order])
        # (?:s(?!\w))? then (?![\w-]): with the possessive "s" first, then without.
        if end < n and text[end] == "s" and (end + 1 >= n or not _word_or_hyphen(text[end + 1])):
            end += 1
        elif end < n and _word_or_hyphen(text[end]):
            continue
        out.append((pos, end))
        last_end = end
    return out


def _word_or_hyphen(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or ch == "-"


def _inside(intervals: list[tuple[int, int]], pos: int) -> bool:
    """Is ``pos`` inside one of the sorted, non-nested ``intervals``? (binary search)"""
    i = bisect.bisect_right(intervals, (pos, 1 << 62)) - 1
    return i >= 0 and intervals[i][0] <= pos < intervals[i][1]


def _entity_key(tag: str, value: str) -> str:
    if tag in (TELEFOON, BSN, NUMMER):
        from zorgzaam.stories.deid.rules import normalise_phone

        if tag == TELEFOON:
            norm = normalise_phone(value)
            if norm:
                return "tel:" + norm
        return tag + ":" + "".join(c for c in value if c.isdigit())
    folded = fold(value)
    if tag == PERSOON:
        folded = _POSSESSIVE_END.sub("", folded.strip()) if len(folded) > 4 else folded
        return "name:" + "".join(c for c in folded if c.isalnum())
    return tag + ":" + "".join(c for c in folded if c.isalnum())


def _merge(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """Resolve overlaps. Spans of one tag are united; where spans of different tags
    overlap, the strongest (priority, length) keeps the overlap and the others keep only
    what sticks out (if that is still a meaningful piece)."""
    cands = sorted(
        (c for c in candidates if 0 <= c.start < c.end <= len(text)),
        key=lambda c: (c.start, -c.end),
    )
    merged: list[Candidate] = []
    group: list[Candidate] = []
    group_end = -1
    for cand in cands:
        if group and cand.start < group_end:
            group.append(cand)
            group_end = max(group_end, cand.end)
            continue
        if group:
            merged.extend(_resolve(text, group))
        group = [cand]
        group_end = cand.end
    if group:
        merged.extend(_resolve(text, group))
    return sorted(merged, key=lambda c: c.start)


def _resolve(text: str, group: list[Candidate]) -> list[Candidate]:
    if len(group) == 1:
        return group
    if len({c.tag for c in group}) == 1:
        best = max(group, key=lambda c: (c.priority, c.length))
        start, end = min(c.start for c in group), max(c.end for c in group)
        return [Candidate(start, end, best.tag, best.source, best.priority, key=best.key)]
    accepted: list[Candidate] = []
    for cand in sorted(group, key=lambda c: (-c.priority, -c.length, c.start)):
        pieces = [(cand.start, cand.end)]
        for acc in accepted:
            pieces = [p for piece in pieces for p in _subtract(piece, (acc.start, acc.end))]
        for ps, pe in pieces:
            trimmed = _strip_span(text, ps, pe, particles=cand.tag == PERSOON)
            if trimmed is None:
                continue
            ts, te = trimmed
            same = [
                a
                for a in accepted
                if a.tag == cand.tag
                and (
                    (a.end <= ts and not text[a.end : ts].strip())
                    or (te <= a.start and not text[te : a.start].strip())
                )
            ]
            if same:
                a = same[0]
                accepted.remove(a)
                accepted.append(
                    Candidate(min(a.start, ts), max(a.end, te), a.tag, a.source, a.priority, a.key)
                )
                continue
            key = (
                cand.key
                if (ts, te) == (cand.start, cand.end)
                else _entity_key(cand.tag, text[ts:te])
            )
            if cand.source == SOURCE_KNOWN:
                key = cand.key
            accepted.append(Candidate(ts, te, cand.tag, cand.source, cand.priority, key=key))
    return accepted


def _subtract(piece: tuple[int, int], cut: tuple[int, int]) -> list[tuple[int, int]]:
    ps, pe = piece
    cs, ce = cut
    if ce <= ps or cs >= pe:
        return [piece]
    out = []
    if ps < cs:
        out.append((ps, cs))
    if ce < pe:
        out.append((ce, pe))
    return out


class _Numbering:
    """Same entity, same number (per tag). Person names are linked by shared name parts."""

    def __init__(self) -> None:
        self.counters: dict[str, int] = {}
        self.numbers: dict[tuple[str, str], int] = {}
        self.person_tokens: list[tuple[set[str], int]] = []

    def number(self, text: str, cand: Candidate) -> int:
        tag = cand.tag
        ident = (tag, cand.key)
        if ident in self.numbers:
            return self.numbers[ident]
        n = None
        tokens: set[str] = set()
        if tag == PERSOON and not cand.key.startswith("known-person:"):
            tokens = {
                _PLURAL_END.sub("", t)
                for t in _WORD.findall(fold(text[cand.start : cand.end]))
                if len(t) > 1 and t not in PARTICLES
            }
            for other_tokens, other_n in self.person_tokens:
                if tokens and (tokens <= other_tokens or other_tokens <= tokens):
                    n = other_n
                    other_tokens |= tokens
                    break
        if n is None:
            n = self.counters.get(tag, 0) + 1
            self.counters[tag] = n
            if tokens:
                self.person_tokens.append((tokens, n))
        self.numbers[ident] = n
        return n


def _render(text: str, spans: list[Candidate]) -> Result:
    numbering = _Numbering()
    pieces: list[str] = []
    annotations: list[Annotation] = []
    pos = 0
    for cand in spans:
        n = numbering.number(text, cand)
        label = f"[{cand.tag}-{n}]"
        pieces.append(text[pos : cand.start])
        pieces.append(label)
        pos = cand.end
        annotations.append(Annotation(cand.start, cand.end, cand.tag, label, cand.source))
    pieces.append(text[pos:])
    return Result(text="".join(pieces), annotations=tuple(annotations))


# ---------------------------------------------------------------------- process singleton
_instance: Deidentifier | None = None
_instance_lock = threading.Lock()


def get_deidentifier(cache_path: str | os.PathLike[str] | None = None) -> Deidentifier:
    """The process-wide de-identifier, built on first use (thread-safe, built once).

    ``cache_path`` only matters for the first call; see ``warm_up``.
    """
    global _instance
    if _instance is not None:
        return _instance
    with _instance_lock:
        if _instance is None:
            _instance = Deidentifier(cache_path=cache_path)
        return _instance


def warm_up(cache_path: str | None = None) -> Deidentifier:
    """Build the deduce lookup structures (and their on-disk cache) and the process-wide
    instance. Call it at install time (to write the cache) and at worker start.

    ``cache_path`` (or ``$ZORGZAAM_DEDUCE_CACHE``) is the directory for deduce's lookup
    cache; default ``default_cache_path()``. The installer, the web server, the task worker
    and the tests all resolve the same folder, so the cache is built once.
    """
    return get_deidentifier(cache_path)


def deidentify(text: str, known: KnownEntities | None = None, **kwargs: Any) -> Result:
    """Shortcut: ``get_deidentifier().deidentify(...)``."""
    return get_deidentifier().deidentify(text, known, **kwargs)


def strip_labels(text: str) -> str:
    """Replace the ``[TAG-n]`` labels by a space (used to check outputs for leaks)."""
    return _TAG_IN_OUTPUT.sub(" ", text)
