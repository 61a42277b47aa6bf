# ruff: noqa: E501 - the templates are data, one fragment a line
"""Build ``deid_precision.jsonl`` from the hand-written fragments in
``deid_precision_source.txt`` and the slot templates below (seeded, reproducible).

    .venv/bin/python bench/data/make_deid_precision.py

Each output line: {"id": n, "text": ..., "spans": [[start, end, TAG], ...], "known": [...]}
with the personal data by character offsets and the people of the story's record (what the
app passes as known entities; empty for most hand-written lines). The generated fragments
name the record's person, as a story linked to a record does. All people, addresses and
numbers are fictional.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

HERE = Path(__file__).parent
MARK = re.compile(r"\{\{([A-Z]+):(.+?)\}\}")

PEOPLE = [
    ("Jan", "de Vries"), ("Marieke", "Bakker"), ("Fatima", "El Amrani"), ("Pieter", "Jansen"),
    ("Hiwet", "Tesfaye"), ("Ahmed", "Bouzid"), ("Olena", "Shevchenko"), ("Gerrit", "van Dam"),
    ("Aisha", "Haddou"), ("Bram", "ter Horst"), ("Wilma", "van den Heuvel"), ("Yusuf", "Öztürk"),
    ("Nadia", "El Idrissi"), ("Dirk", "Hoekstra"), ("Greetje", "van de Wetering"),
    ("Piotr", "Kowalski"), ("Anouk", "Mulder"), ("Karim", "Benali"), ("Els", "Groenendijk"),
    ("Cor", "Verhoef"), ("Meryem", "Kaya"), ("Dmytro", "Bondarenko"), ("Hanneke", "Smit"),
    ("Tesfay", "Gebremedhin"),
]  # fmt: skip
STREETS = [
    "Kerkstraat", "Molenweg", "Dorpsstraat", "Beukenlaan", "Raadhuisplein", "Goudseweg",
    "Oude Rijnkade", "Wilhelminastraat", "Julianalaan", "Populierenlaan",
]  # fmt: skip
NUMBERS = ["4", "12", "1ab", "7a", "23b", "14-2", "108", "3c", "56", "9"]
# Places outside the municipality (its own villages are kept by design, see the source file).
PLACES = [
    "Gouda", "Waddinxveen", "Woerden", "Alphen aan den Rijn", "Boskoop", "Zoetermeer",
    "Amersfoort", "Utrecht", "Oudewater", "Montfoort",
]  # fmt: skip
COMPASS = ["Noord", "Zuid", "Oost", "West"]
INSTITUTIONS = [
    "De Wilgenhof", "De Regenboog", "Het Anker", "De Zonnehoek", "Het Baken", "De Vlinder",
]  # fmt: skip
MONTHS = ["januari", "maart", "mei", "juni", "september", "november"]
TITLES = ["Mevrouw", "Meneer", "Buurvrouw", "Opa", "Oma", "Juf", "Dokter", "Wethouder"]

TEMPLATES = [
    "{title} {{{{PERSOON:{last}}}}} ({{{{LEEFTIJD:{age}}}}}) woont al 12,5 jaar in {{{{PLAATS:{place}}}}}.",
    "{{{{PERSOON:{first}}}}} kreeg via het sociaal team een maatje voor de boodschappen.",
    "Sinds {{{{DATUM:{day} {month}}}}} komt {{{{PERSOON:{first} {last}}}}} naar de koffieochtend.",
    "{{{{PERSOON:{first}}}}} woont aan de {{{{ADRES:{street} {number}}}}} in {{{{PLAATS:{place}}}}} {compass}.",
    "Het nieuwe adres van {{{{PERSOON:{first}}}}} is {{{{ADRES:{street} {number}}}}}.",
    "DR. {{{{PERSOON:{last}}}}} schreef {dose} MG paracetamol voor.",
    "De longarts, dr. {{{{PERSOON:{last}}}}}, zag een stolsel in de V. Cava Inferior.",
    "{title} {{{{PERSOON:{last}}}}} kreeg antibiotica tegen E. Coli.",
    "Na {dec} jaar schuldhulp is {{{{PERSOON:{first}}}}} schuldenvrij.",
    "{{{{PERSOON:{first} {last}}}}} is {{{{LEEFTIJD:{age}}}}} en gaat naar de dagbesteding in {{{{PLAATS:{place}}}}}.",
    "Bel {{{{PERSOON:{first}}}}} op {{{{TELEFOON:{phone}}}}} voor de buurtbus.",
    "Mail {{{{PERSOON:{first}}}}} via {{{{EMAIL:{email}}}}} over het taalcafé.",
    "Ze verhuisde van {{{{PLAATS:{place}}}}} {compass} naar zorgcentrum {{{{INSTELLING:{inst}}}}}.",
    "De {{{{LEEFTIJD:{age}}}}}-jarige {{{{PERSOON:{first}}}}} neemt {dose} MG calcium per dag.",
    "Buurman {{{{PERSOON:{first}}}}} hielp met de post; zijn vrouw is al {dec} jaar ziek.",
    "{title} {{{{PERSOON:{last}}}}} gebruikt nu Quetiapine en slaapt beter.",
    "Op {{{{DATUM:{day} {month} 2025}}}} kreeg {{{{PERSOON:{first}}}}} een indicatie voor beschermd wonen.",
    "Het kleinkind van {{{{PERSOON:{first} {last}}}}} helpt met videobellen.",
    "{{{{PERSOON:{first}}}}} ({{{{LEEFTIJD:{age}}}}}) loopt weer 20 minuten per dag.",
    "Volgens ABC. {{{{PERSOON:{last}}}}} van de woningcorporatie komt er een traplift.",
    "Vrijwilliger {{{{PERSOON:{first}}}}} uit {{{{PLAATS:{place}}}}} fietst elke dinsdag mee.",
    "Basisschool {{{{INSTELLING:{inst}}}}} in {{{{PLAATS:{place}}}}} geeft een gratis ontbijt.",
]


def _phone(rng: random.Random) -> str:
    s = str(rng.randint(10_000_000, 99_999_999))
    return rng.choice([f"06-{s}", f"06 {s[:4]} {s[4:]}", f"+31 6 {s[:4]} {s[4:]}"])


def parse(line: str) -> dict:
    line, _, known = line.partition(" ## known:")
    text, spans, pos = [], [], 0
    out_len = 0
    for m in MARK.finditer(line):
        before = line[pos : m.start()]
        text.append(before)
        out_len += len(before)
        spans.append([out_len, out_len + len(m.group(2)), m.group(1)])
        text.append(m.group(2))
        out_len += len(m.group(2))
        pos = m.end()
    text.append(line[pos:])
    persons = [k.strip() for k in known.split(";") if k.strip()]
    return {"text": "".join(text), "spans": spans, "known": persons}


def lines() -> list[str]:
    hand = [
        ln.strip()
        for ln in (HERE / "deid_precision_source.txt").read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")
    ]
    rng = random.Random(20261205)
    made = []
    for template in TEMPLATES:
        for _ in range(7):
            first, last = rng.choice(PEOPLE)
            values = {
                "first": first,
                "last": last[0].upper() + last[1:],
                "title": rng.choice(TITLES),
                "age": rng.randint(19, 96),
                "place": rng.choice(PLACES),
                "compass": rng.choice(COMPASS),
                "street": rng.choice(STREETS),
                "number": rng.choice(NUMBERS),
                "inst": rng.choice(INSTITUTIONS),
                "day": rng.randint(1, 28),
                "month": rng.choice(MONTHS),
                "dose": rng.choice([250, 500, 1000, 1250, 2000]),
                "dec": rng.choice(["1,5", "2,5", "3,5", "12,5", "7,5"]),
                "phone": _phone(rng),
                "email": f"{first.lower()}.{rng.randint(1, 99)}@example.nl",
            }
            made.append(f"{template.format(**values)} ## known: {first} {last}")
    seen, out = set(), []
    for ln in hand + made:
        text = ln.partition(" ## known:")[0]
        if text not in seen:
            seen.add(text)
            out.append(ln)
    return out


def main() -> None:
    rows = [parse(ln) for ln in lines()]
    with open(HERE / "deid_precision.jsonl", "w", encoding="utf-8") as fh:
        for i, row in enumerate(rows):
            fh.write(json.dumps({"id": i, **row}, ensure_ascii=False) + "\n")
    clean = sum(1 for r in rows if not r["spans"])
    print(f"{len(rows)} fragments, {clean} without personal data")


if __name__ == "__main__":
    main()
