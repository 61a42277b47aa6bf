"""What the stories are about: TF-IDF keywords per domain and per village, and a search,
over the de-identified text of published stories only. Dutch stop words, Dutch stemming
(PyStemmer, Snowball), numpy; no model download."""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from operator import itemgetter

_STOP = """
aan al alle alles als altijd ander andere anders ben bij binnen dan dat de deze die dit
doch doen door dus een eens eerst en er ermee ervan even geen gehad geweest gewoon had
heb hebben heeft hem het hier hij hoe hun iemand iets ik in is ja je jij kan kon kunnen
laat maar me meer men met mij mijn mijne moet moeten na naar niet niets nog nu of om
omdat onder ons onze ook op over reeds samen sinds te tegen toch toen tot u uit uw van
veel voor want waren was wat we wel welke werd wie wij wil worden wordt zal ze zei zelf
zich zij zijn zo zonder zou zouden elke keer weer echt heel best soms vaak nooit daar
waar wanneer dankzij via week jaar dag per twee drie eerste nieuwe mensen iedereen kwam
komt gaat ging mee den der haar hen zijn vorig uur elkaar man vrouw
"""
STOP_WORDS = frozenset(_STOP.split())
_LABEL = re.compile(r"\[[A-Z]+-\d+\]")
_WORD = re.compile(r"[a-zà-ÿ]{3,}")


def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("dutch")


def tokens(text: str, stemmer=None, extra_stop=frozenset()) -> list[tuple[str, str]]:
    """(stem, surface word) pairs, labels and stop words removed."""
    stemmer = stemmer or _stemmer()
    words = [
        w
        for w in _WORD.findall(_LABEL.sub(" ", text).lower())
        if w not in STOP_WORDS and w not in extra_stop
    ]
    return list(zip(stemmer.stemWords(words), words, strict=True))


class ThemeIndex:
    """TF-IDF over a list of (story, text)."""

    def __init__(self, stories: Iterable, extra_stop: Iterable[str] = ()) -> None:
        """``extra_stop``: e.g. the village names, which say where, not what."""
        self.stemmer = _stemmer()
        self.extra_stop = frozenset(
            w for phrase in extra_stop for w in _WORD.findall(str(phrase).lower())
        )
        self.stories = list(stories)
        self.tf: list[Counter] = []
        surface: dict[str, Counter] = defaultdict(Counter)
        df: Counter = Counter()
        for story in self.stories:
            pairs = tokens(story.text, self.stemmer, self.extra_stop)
            counts = Counter(stem for stem, _w in pairs)
            for stem, word in pairs:
                surface[stem][word] += 1
            self.tf.append(counts)
            df.update(counts.keys())
        n = max(len(self.stories), 1)
        self.idf = {stem: math.log((1 + n) / (1 + d)) + 1 for stem, d in df.items()}
        self.word = {stem: c.most_common(1)[0][0] for stem, c in surface.items()}

    def _weights(self, index: int) -> dict[str, float]:
        counts = self.tf[index]
        total = sum(counts.values()) or 1
        return {s: (c / total) * self.idf[s] for s, c in counts.items()}

    def keywords(self, key, top: int = 8) -> list[tuple[object, list[str]]]:
        """Top words per group, ``key(story) -> group``; groups sorted by name."""
        groups: dict[object, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for i, story in enumerate(self.stories):
            for stem, w in self._weights(i).items():
                groups[key(story)][stem] += w
        return [
            (
                group,
                [self.word[s] for s, _w in heapq.nlargest(top, weights.items(), key=itemgetter(1))],
            )
            for group, weights in sorted(groups.items(), key=lambda kv: str(kv[0]))
        ]

    def search(self, query: str, limit: int = 50) -> list:
        stems = {stem for stem, _w in tokens(query, self.stemmer)}
        if not stems:
            return []
        scored = []
        for i in range(len(self.stories)):
            weights = self._weights(i)
            score = sum(weights.get(s, 0.0) for s in stems)
            if score > 0:
                scored.append((score, i))
        scored.sort(key=lambda t: (-t[0], t[1]))
        return [self.stories[i] for _s, i in scored[:limit]]
