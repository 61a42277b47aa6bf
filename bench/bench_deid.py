"""Benchmark of story de-identification (zorgzaam.stories.deid) on one core, once warm.

    .venv/bin/python bench/bench_deid.py [--stories N] [--rounds R] [--quick] [--seed S]

Generates N synthetic, seeded Dutch stories of a few sentences (names from many
backgrounds with particles, streets, phone numbers in Dutch and international formats,
ages, dates, e-mail, institutions, social-domain words and villages) with the record's
people as known entities, the way ``stories.services.known_entities_for`` passes them.
Pins the process to one CPU, builds the process-wide de-identifier (deduce's lookup
structures, from the cache), runs one untimed warm-up pass, then times R rounds of:

* the pipeline the app uses: ``get_deidentifier().deidentify(text, known=...)``
  (deduce + the project's rules + record-aware removal + keep words);
* the same pipeline without a record (``known=None``);
* the baseline, deduce alone on the same instance: ``Deduce.deidentify(text)`` with its
  default redactor, i.e. plain deduce as its README uses it.

Prints the machine (with the CPU calibration figure and the load), stories/s (best and
median round) and per-story p50/p95/p99 of each, the ratio pipeline / deduce, a sanity
check that no name of the record survives, and the verdicts: >= 200 stories/s (issue #6),
>= 0.9x deduce alone by CPU time and >= 500 stories/s on the docs' machine class (the
same-run ratio times deduce alone's 943/s there; issue #23).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import math  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

try:
    import zorgzaam.stories.deid  # noqa: F401
except ImportError:  # not installed: run from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from _common import calibration, machine  # noqa: E402

from zorgzaam.stories.deid import KnownEntities, get_deidentifier, strip_labels  # noqa: E402

TARGET = 200.0  # stories per second on one core (issue #6)
RATIO_TARGET = 0.9  # pipeline / deduce alone in the same run, by CPU time (issue #23)
CLASS_TARGET = 500.0  # stories per second on one core of the docs' machine class (issue #23)
# The docs' machine class: the development VM of docs/deidentification.md "Benchmark", on
# which deduce alone did 943 stories/s on these stories (2026-12-01, before the CPU
# calibration existed). The pipeline's rate there is its same-run ratio to deduce alone
# times 943/s; the rate measured here is printed beside the calibration of this run.
CLASS_DEDUCE_RATE = 943.0

FIRST = [
    "Jan", "Marieke", "Fatima", "Mohammed", "Annelies", "Pieter", "Hiwet", "Ahmed",
    "Ria", "Kees", "Olena", "Mustafa", "Sanne", "Gerrit", "Aisha", "Bram", "Yusuf",
    "Wilma", "Dirk", "Nadia", "Henk", "Truus", "Samira", "Piotr", "Anouk", "Joost",
    "Meryem", "Tesfay", "Greetje", "Dmytro", "Hanneke", "Karim", "Els", "Cor",
]  # fmt: skip
LAST = [
    ("", "Bakker"), ("van der", "Berg"), ("El", "Amrani"), ("de", "Vries"), ("", "Jansen"),
    ("van", "Leeuwen"), ("", "Yilmaz"), ("El", "Idrissi"), ("", "Kowalski"), ("de", "Graaf"),
    ("", "Tesfaye"), ("van den", "Heuvel"), ("", "Hoekstra"), ("", "Öztürk"), ("ter", "Horst"),
    ("", "Visser"), ("", "Shevchenko"), ("", "Mulder"), ("van", "Dam"), ("", "Bouzid"),
    ("", "Groenendijk-Vermeulen"), ("", "Smit"), ("", "Haddou"), ("van de", "Wetering"),
]  # fmt: skip
STREETS = [
    "Kerkstraat", "Molenweg", "Dorpsstraat", "Oude Rijnkade", "Prins Hendrikstraat",
    "Willem de Zwijgerlaan", "Beukenlaan", "Wierickestraat", "Raadhuisplein", "Goudseweg",
]  # fmt: skip
VILLAGES = [
    "Bodegraven", "Reeuwijk-Brug", "Nieuwerbrug", "Driebruggen", "Waarder", "Reeuwijk-Dorp",
]  # fmt: skip
KEEP = [
    "het Huis van Alles", "het sociaal team", "de koffieochtend", "het taalcafé",
    "de voedseltuin", "het repair café", "de papierwinkel", "de voedselbank",
    "de dagbesteding", "het buurthuis",
]  # fmt: skip
TITLES = ["Mevrouw", "Meneer", "Buurvrouw", "Juf", "Wethouder", "Opa", "Dokter"]
INSTITUTIONS = [
    "zorgcentrum De Wilgenhof", "basisschool De Regenboog", "het Groene Hart Ziekenhuis",
    "huisartsenpraktijk Oranjepark", "stichting Present",
]  # fmt: skip
MONTHS = ["januari", "maart", "mei", "juni", "september", "oktober", "december"]

OPENINGS = [
    "{Title} {full} ({age}) woont sinds de dood van haar man alleen aan de {street} in {village}.",
    "Sinds {date} komt {first} elke week naar {keep} in {village}.",
    "Na {years} jaar in de bijstand heeft {full} werk gevonden in de thuiszorg.",
    "Ik ben {full}, {age} jaar, en ik woon op {street} {number} in {village}.",
    "Mijn buurman {first} {last} bracht me in {month} naar {institution}.",
    "{title_cap} {first} uit {village} kwam bij {keep} omdat ze eenzaam was.",
]  # fmt: skip
MIDDLES = [
    "Via {keep} kreeg {pronoun} een maatje, {other}, die elke donderdag komt.",
    "{other} van {keep} hielp met de post en de schulden, en nu ligt er rust op tafel.",
    "Haar dochter {other} belt elke avond, ook vanuit het buitenland op {phone}.",
    "We gaan samen naar {keep}; daar ontmoet {pronoun} weer mensen uit het dorp.",
    "De vrijwilliger, {other}, fietst met {first} naar {institution} voor de controle.",
    "{first} oefent elke week Nederlands met {other} en belt nu zelf met de huisarts.",
    "Het wijkteam regelde via de Wmo een scootmobiel; {first} rijdt er mee naar de markt.",
]  # fmt: skip
ENDINGS = [
    "'{first}s week heeft weer een ritme,' zegt {other}.",
    "Wie ook wil helpen kan mailen naar {email} of bellen met {phone}.",
    "Zo gaan de lichtjes in {village} één voor één aan.",
    "— {other_full}, vrijwilliger bij {keep}",
    "Het is klein, maar voor {first} is het het lichtpunt van de week.",
]  # fmt: skip


def _phone(rng: random.Random) -> str:
    n = rng.randint(10_000_000, 99_999_999)
    s = str(n)
    return rng.choice(
        [
            f"06-{s}",
            f"06 {s[:4]} {s[4:]}",
            f"+31 6 {s[:4]} {s[4:]}",
            f"0031 6 {s[:4]} {s[4:]}",
            f"(0172) {s[:3]} {s[3:6]}",
        ]
    )


def _person(rng: random.Random) -> dict:
    infix, last = rng.choice(LAST)
    return {"first": rng.choice(FIRST), "infix": infix, "last": last}


def _full(p: dict) -> str:
    return " ".join(x for x in (p["first"], p["infix"], p["last"]) if x)


def make_story(rng: random.Random) -> tuple[str, dict, list[str]]:
    """(text, known-entities dict, the record's name strings that must not survive)."""
    main, other = _person(rng), _person(rng)
    phone = _phone(rng)
    street, number = rng.choice(STREETS), f"{rng.randint(1, 180)}{rng.choice(['', '', 'a'])}"
    slug = (main["first"] + "." + main["last"]).lower().replace(" ", "")
    email = f"{slug}{rng.randint(1, 99)}@example.nl"
    values = {
        "Title": rng.choice(TITLES),
        "title_cap": rng.choice(TITLES),
        "full": _full(main),
        "first": main["first"],
        "last": " ".join(x for x in (main["infix"], main["last"]) if x),
        "other": other["first"],
        "other_full": _full(other),
        "age": rng.randint(19, 96),
        "years": rng.randint(2, 20),
        "street": street,
        "number": number,
        "village": rng.choice(VILLAGES),
        "keep": rng.choice(KEEP),
        "institution": rng.choice(INSTITUTIONS),
        "date": f"{rng.randint(1, 28)} {rng.choice(MONTHS)}",
        "month": rng.choice(MONTHS),
        "phone": phone,
        "email": email,
        "pronoun": rng.choice(["zij", "hij"]),
    }
    sentences = [rng.choice(OPENINGS)]
    sentences += rng.sample(MIDDLES, rng.randint(1, 3))
    sentences.append(rng.choice(ENDINGS))
    text = " ".join(s.format(**values) for s in sentences)
    text = text[0].upper() + text[1:]
    known: dict[str, list] = {
        "persons": [main, other] if rng.random() < 0.7 else [main],
        "addresses": [f"{street} {number}, 2411 AB Bodegraven"],
        "phones": [phone],
        "emails": [email],
        "postcodes": ["2411 AB"],
    }
    must_go = [_full(p) for p in known["persons"]] + [phone, email]
    return text, known, must_go


def pin_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        cpus = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpus[-1]})


def rounds(fn, batches) -> tuple[list[float], list[float], list[float]]:
    """One round per batch: (stories/s per round by wall time, by CPU time of this process,
    per-story latencies in ms over all rounds). The CPU rate is less disturbed when other
    jobs share the core. Every round has stories of its own, so no cache (the re module's,
    the compiled record patterns) carries a story from one round to the next."""
    rates, cpu_rates, lat = [], [], []
    for items in batches:
        start, cpu = time.perf_counter(), time.process_time()
        for item in items:
            t0 = time.perf_counter()
            fn(item)
            lat.append((time.perf_counter() - t0) * 1000)
        rates.append(len(items) / (time.perf_counter() - start))
        cpu_rates.append(len(items) / max(time.process_time() - cpu, 1e-9))
    return rates, cpu_rates, lat


def pct(values, p) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=2000, help="per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="2 rounds of 200 stories")
    parser.add_argument("--seed", type=int, default=20261201)
    args = parser.parse_args(argv)
    if args.quick:
        args.stories, args.rounds = 200, 2
    pin_one_core()
    import deduce

    print(machine(lines=True, versions=f"deduce {getattr(deduce, '__version__', '?')}"))
    rng = random.Random(args.seed)
    warm = [make_story(rng) for _ in range(200)]
    stories = [make_story(rng) for _ in range(args.stories * args.rounds)]
    items = [(text, KnownEntities.from_dict(known)) for text, known, _ in stories]
    batches = [items[i : i + args.stories] for i in range(0, len(items), args.stories)]
    chars = statistics.mean(len(t) for t, _ in items)
    words = statistics.mean(len(t.split()) for t, _ in items)
    sentences = statistics.mean(len(re.findall(r"[.!?](?:\s|$)", t)) + 0 for t, _ in items)
    print(
        f"stories   {args.rounds} rounds of {args.stories:,} different synthetic stories (seed "
        f"{args.seed}): {chars:.0f} characters, {words:.0f} words, {sentences:.1f} sentences "
        f"on average; 200 others for the warm-up"
    )

    start = time.perf_counter()
    deid = get_deidentifier()
    print(f"build     {time.perf_counter() - start:.1f} s (deduce lookup structures, cached)")
    plain = deid._deduce  # the same deduce instance the pipeline uses

    def pipeline(item):
        return deid.deidentify(item[0], known=item[1])

    def no_record(item):
        return deid.deidentify(item[0])

    def deduce_alone(item):
        return plain.deidentify(item[0])

    # Warm-up: one untimed pass of each on other stories (deduce's lazy parts, imports).
    for fn in (pipeline, no_record, deduce_alone):
        for text, record, _ in warm:
            fn((text, KnownEntities.from_dict(record)))

    results = {}
    for name, fn in (
        ("pipeline (app, with record)", pipeline),
        ("pipeline, no record", no_record),
        ("deduce alone (baseline)", deduce_alone),
    ):
        rates, cpu_rates, lat = rounds(fn, batches)
        results[name] = (rates, cpu_rates)
        print(
            f"{name:>28}: {max(rates):5.0f} stories/s best, {statistics.median(rates):5.0f} "
            f"median of {args.rounds} rounds (by CPU time {statistics.median(cpu_rates):5.0f}/s)"
            f" | per story p50 {statistics.median(lat):5.2f} ms p95 {pct(lat, 95):5.2f} ms "
            f"p99 {pct(lat, 99):5.2f} ms"
        )
    # Sanity check, after the timing: nothing of the record survives (the bench must not
    # measure a pipeline that got faster by catching less).
    leaks = 0
    for (text, known), (_t, _k, must_go) in zip(items, stories, strict=True):
        out = strip_labels(deid.deidentify(text, known=known).text).lower()
        leaks += sum(1 for value in must_go if value.lower() in out)
    print(f"\ncheck     record names, phones and e-mails left in the output: {leaks}")
    app = statistics.median(results["pipeline (app, with record)"][0])
    base = statistics.median(results["deduce alone (baseline)"][0])
    app_cpu = statistics.median(results["pipeline (app, with record)"][1])
    base_cpu = statistics.median(results["deduce alone (baseline)"][1])
    print(
        f"ratio pipeline / deduce alone (median rounds): {app / base:.2f} by wall time, "
        f"{app_cpu / base_cpu:.2f} by CPU time (pipeline costs "
        f"{1000 / app_cpu - 1000 / base_cpu:+.2f} ms CPU per story over deduce)"
    )
    verdict = "meets" if app >= TARGET else "MISSES"
    print(
        f"target >= {TARGET:.0f} stories/s on one core: {verdict} ({app:.0f}/s; by CPU time "
        f"{app_cpu:.0f}/s; at the issue's 400/s for deduce alone this ratio gives "
        f"{400 * app_cpu / base_cpu:.0f}/s)"
    )
    ratio_cpu = app_cpu / base_cpu
    verdict = "meets" if ratio_cpu >= RATIO_TARGET else "MISSES"
    print(
        f"target >= {RATIO_TARGET}x deduce alone (issue #23, CPU time): {verdict} ({ratio_cpu:.2f})"
    )
    calib = sum(calibration())
    there = ratio_cpu * CLASS_DEDUCE_RATE
    verdict = "meets" if there >= CLASS_TARGET else "MISSES"
    print(
        f"target >= {CLASS_TARGET:.0f} stories/s on the docs' machine class (deduce alone "
        f"{CLASS_DEDUCE_RATE:.0f}/s there): {verdict} ({ratio_cpu:.2f} x {CLASS_DEDUCE_RATE:.0f} "
        f"= {there:.0f}/s); here {app:.0f}/s by wall time, {app_cpu:.0f}/s by CPU time, "
        f"calibration {calib:.0f} ms, load {os.getloadavg()[0]:.1f}"
    )
    print(f"load      {os.getloadavg()[0]:.1f} (1-minute average, after the run)")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"max RSS of the benchmark process {rss:.0f} MB")
    return 0 if leaks == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
