"""Precision benchmark of story de-identification: what is removed that should stay.

    .venv/bin/python bench/bench_deid_precision.py [--data PATH] [--show N] [--rounds R]

On the labelled fragments of ``bench/data/deid_precision.jsonl`` (fictional, hand-written
Dutch fragments in the social domain and care vocabulary, personal data marked by character
offsets; built by ``bench/data/make_deid_precision.py``), for the pipeline the app uses
(``get_deidentifier().deidentify(text, known=...)`` with the people of the fragment's record,
as the app passes them) and for deduce alone on the same instance
(``Deduce.deidentify(text)``, its defaults), in the same run:

* span recall: annotated spans whose every letter and digit is inside a removed span;
* no-PII fragments changed: fragments without personal data in which anything was removed;
* words outside personal data lost: words (runs of letters/digits) that do not touch an
  annotated span and that a removed span touches, over all such words;
* words cut in two: ends of removed spans that fall between two letters/digits of a word;
* fragments where the pipeline removes more outside personal data than deduce, and fewer;
* throughput on one core (the process is pinned to one CPU), stories (fragments) per second.

Exits non-zero when a target of issue #22 is missed: recall 100 %, over-redaction within
one point of deduce alone (both measures), no word cut in two, >= 200 fragments/s.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

try:
    import zorgzaam.stories.deid  # noqa: F401
except ImportError:  # not installed: run from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from _common import machine  # noqa: E402

from zorgzaam.stories.deid import KnownEntities, get_deidentifier  # noqa: E402

DATA = Path(__file__).parent / "data" / "deid_precision.jsonl"
THROUGHPUT_TARGET = 200.0
WORD = re.compile(r"[^\W_]+")


def load(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def covered(spans: list[tuple[int, int]], length: int) -> list[bool]:
    mask = [False] * length
    for s, e in spans:
        for i in range(max(0, s), min(length, e)):
            mask[i] = True
    return mask


@dataclass
class Score:
    gold_spans: int = 0
    recalled: int = 0
    missed: list[str] = field(default_factory=list)
    clean: int = 0
    clean_changed: int = 0
    other_words: int = 0
    words_lost: int = 0
    cuts: int = 0
    lost_by_fragment: dict[int, int] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)

    def add(self, row: dict, pred: list[tuple[int, int]]) -> None:
        text = row["text"]
        mask = covered(pred, len(text))
        gold = [(s, e) for s, e, _tag in row["spans"]]
        gold_mask = covered(gold, len(text))
        for s, e, tag in row["spans"]:
            self.gold_spans += 1
            if all(mask[i] for i in range(s, e) if text[i].isalnum()):
                self.recalled += 1
            else:
                self.missed.append(f"{tag}:{text[s:e]!r} in {text!r}")
        if not gold:
            self.clean += 1
            if pred:
                self.clean_changed += 1
        lost = []
        for m in WORD.finditer(text):
            if any(gold_mask[m.start() : m.end()]):
                continue
            self.other_words += 1
            if any(mask[m.start() : m.end()]):
                lost.append(m.group(0))
        self.words_lost += len(lost)
        self.lost_by_fragment[row["id"]] = len(lost)
        if lost:
            self.examples.append(f"{' '.join(lost)!r:<28} in {text!r}")
        for s, e in pred:
            for b in (s, e):
                if 0 < b < len(text) and text[b - 1].isalnum() and text[b].isalnum():
                    self.cuts += 1
                    self.examples.append(f"CUT at {b}: {text[max(0, b - 12) : b + 12]!r}")

    def lines(self) -> list[str]:
        return [
            f"span recall {self.recalled}/{self.gold_spans} = "
            f"{pct(self.recalled, self.gold_spans)}",
            f"no-PII fragments changed {self.clean_changed}/{self.clean} = "
            f"{pct(self.clean_changed, self.clean)}",
            f"words outside PII lost {self.words_lost}/{self.other_words} = "
            f"{pct(self.words_lost, self.other_words)}",
            f"words cut in two {self.cuts}",
        ]


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f} %" if b else "n/a"


def share(a: int, b: int) -> float:
    return 100 * a / b if b else 0.0


def pin_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        cpus = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpus[-1]})


def rate(fn, texts: list[str], rounds: int) -> tuple[float, float]:
    """(median fragments/s by wall time, by CPU time of this process) over ``rounds``."""
    walls, cpus = [], []
    for _ in range(rounds):
        start, cpu = time.perf_counter(), time.process_time()
        for text in texts:
            fn(text)
        walls.append(len(texts) / (time.perf_counter() - start))
        cpus.append(len(texts) / max(time.process_time() - cpu, 1e-9))
    return statistics.median(walls), statistics.median(cpus)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--show", type=int, default=15, help="examples of lost words to print")
    parser.add_argument("--rounds", type=int, default=5, help="timing rounds")
    args = parser.parse_args(argv)
    pin_one_core()
    import deduce

    print(machine(lines=True, versions=f"deduce {getattr(deduce, '__version__', '?')}"))
    rows = load(args.data)
    clean = sum(1 for r in rows if not r["spans"])
    print(
        f"data      {args.data.name}: {len(rows)} fragments, {clean} without personal data, "
        f"{sum(len(r['spans']) for r in rows)} annotated spans"
    )
    deid = get_deidentifier()
    plain = deid._deduce  # the same deduce instance the pipeline uses

    records = {r["text"]: KnownEntities.build(persons=r.get("known", [])) for r in rows}

    def pipeline(text: str) -> list[tuple[int, int]]:
        return [(a.start, a.end) for a in deid.deidentify(text, records[text]).annotations]

    def deduce_alone(text: str) -> list[tuple[int, int]]:
        return [(int(a.start_char), int(a.end_char)) for a in plain.deidentify(text).annotations]

    scores = {"pipeline": Score(), "deduce alone": Score()}
    for row in rows:
        scores["pipeline"].add(row, pipeline(row["text"]))
        scores["deduce alone"].add(row, deduce_alone(row["text"]))
    for name, score in scores.items():
        print(f"\n{name}")
        for line in score.lines():
            print(f"  {line}")
        for miss in score.missed[: args.show]:
            print(f"  MISSED {miss}")
        for ex in score.examples[: args.show]:
            print(f"  lost   {ex}")
    pipe, base = scores["pipeline"], scores["deduce alone"]
    worse = sum(1 for i, n in pipe.lost_by_fragment.items() if n > base.lost_by_fragment.get(i, 0))
    better = sum(1 for i, n in pipe.lost_by_fragment.items() if n < base.lost_by_fragment.get(i, 0))
    print(
        f"\nfragments where the pipeline loses more words than deduce alone: {worse}, "
        f"fewer: {better}"
    )

    texts = [r["text"] for r in rows]
    for fn in (pipeline, deduce_alone):  # warm-up
        for text in texts:
            fn(text)
    pipe_wall, pipe_cpu = rate(lambda t: deid.deidentify(t, records[t]), texts, args.rounds)
    base_wall, base_cpu = rate(lambda t: plain.deidentify(t), texts, args.rounds)
    print(
        f"throughput on one core (median of {args.rounds} rounds of {len(texts)} fragments): "
        f"pipeline {pipe_wall:.0f}/s (by CPU time {pipe_cpu:.0f}/s), deduce alone "
        f"{base_wall:.0f}/s (by CPU time {base_cpu:.0f}/s); ratio {pipe_wall / base_wall:.2f}"
    )
    print(f"load      {os.getloadavg()[0]:.1f} (1-minute average, after the run)")

    clean_gap = share(pipe.clean_changed, pipe.clean) - share(base.clean_changed, base.clean)
    words_gap = share(pipe.words_lost, pipe.other_words) - share(base.words_lost, base.other_words)
    checks = {
        "span recall 100 %": pipe.recalled == pipe.gold_spans,
        f"no-PII fragments changed within 1 point of deduce ({clean_gap:+.1f})": clean_gap <= 1.0,
        f"words lost within 1 point of deduce ({words_gap:+.1f})": words_gap <= 1.0,
        "no word cut in two": pipe.cuts == 0,
        f"throughput >= {THROUGHPUT_TARGET:.0f}/s on one core": pipe_wall >= THROUGHPUT_TARGET,
    }
    print()
    for label, ok in checks.items():
        print(f"target    {'meets ' if ok else 'MISSES'} {label}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
