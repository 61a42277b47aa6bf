"""Benchmark of the legacy HSDS import (HSDS 1.1 data package -> socialmap.hsds.legacy ->
services.hsds_import), target: 4,000 services within 60 s on SQLite.

    .venv/bin/python bench/bench_hsds_legacy.py [--services N] [--quick] [--seed S]

Writes a seeded, synthetic HSDS 1.1.1 data package (datapackage.json declaring 1.1.1, integer
ids as such packages have them): per service an organization (one per 10 services), a
location with a physical address, a services_at_location row, two regular_schedules rows
(weekday numbers), a phone, a language, an eligibility row and a services_taxonomy link to
one of 20 taxonomy terms. Then times, in a throw-away SQLite database, the import as
``zorgzaam hsds import`` runs it: detect, convert (the 3.0 tabular reader and schema checks
included), check, load, search reindex, versions; then the same package again (every row found
by its converted UUIDv5 id: nothing created). Prints the machine with its CPU calibration
figure, the time of each phase and the verdict against the target.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from _common import db_description, machine  # noqa: E402

TARGET_SECONDS = 60.0
VILLAGES = ["Lekkerkerk", "Ouderkerk", "Schoonhoven", "Bergambacht", "Stolwijk", "Haastrecht"]
WORDS = ["Koffieochtend", "Spreekuur", "Inloop", "Cursus", "Maaltijd", "Wandelgroep", "Advies"]


def generate(n: int, seed: int) -> dict[str, list[dict]]:
    """HSDS 1.1 rows per CSV file for n services (the same n and seed, the same package)."""
    rng = random.Random(seed)
    files: dict[str, list[dict]] = {}

    def add(name: str, row: dict) -> None:
        files.setdefault(name, []).append(row)

    for t in range(20):
        add("taxonomy.csv", {"id": f"T{t}", "name": f"Categorie {t}", "vocabulary": "Bench"})
    for i in range(n):
        village = VILLAGES[i % len(VILLAGES)]
        if i % 10 == 0:
            add(
                "organizations.csv",
                {
                    "id": i // 10 + 1,
                    "name": f"Stichting {village} {i // 10}",
                    "description": f"Welzijnswerk in {village}.",
                    "url": f"https://org{i // 10}.example",
                },
            )
        sid = 100_000 + i
        add(
            "services.csv",
            {
                "id": sid,
                "organization_id": i // 10 + 1,
                "name": f"{rng.choice(WORDS)} {village} {i}",
                "description": "Voor iedereen uit de buurt; loop gerust binnen.",
                "status": "active",
                "fees": rng.choice(["Gratis", "5 euro", ""]),
            },
        )
        lid = 200_000 + i
        add(
            "locations.csv",
            {
                "id": lid,
                "organization_id": i // 10 + 1,
                "name": f"Buurthuis {village} {i}",
                "latitude": round(51.95 + rng.random() * 0.08, 5),
                "longitude": round(4.60 + rng.random() * 0.15, 5),
            },
        )
        add(
            "physical_addresses.csv",
            {
                "id": 300_000 + i,
                "location_id": lid,
                "address_1": f"Dorpsstraat {i % 200 + 1}",
                "city": village,
                "state_province": "Zuid-Holland",
                "postal_code": f"29{i % 90 + 10} AB",
                "country": "NL",
            },
        )
        add(
            "services_at_location.csv",
            {"id": 400_000 + i, "service_id": sid, "location_id": lid},
        )
        for k, day in enumerate(rng.sample(range(1, 8), 2)):
            add(
                "regular_schedules.csv",
                {
                    "id": 500_000 + 2 * i + k,
                    "service_id": sid,
                    "weekday": day,
                    "opens_at": "9:30",
                    "closes_at": "12:00",
                },
            )
        add("phones.csv", {"id": 600_000 + i, "service_id": sid, "number": f"0180 {i:06d}"})
        add("languages.csv", {"id": 700_000 + i, "service_id": sid, "language": "nl"})
        add("eligibility.csv", {"id": 800_000 + i, "service_id": sid, "eligibility": "adult"})
        add(
            "services_taxonomy.csv",
            {"id": 900_000 + i, "service_id": sid, "taxonomy_id": f"T{rng.randrange(20)}"},
        )
    return files


def write(files: dict[str, list[dict]], directory: Path) -> int:
    directory.mkdir(parents=True)
    (directory / "datapackage.json").write_text(
        json.dumps(
            {
                "name": "bench-legacy",
                "version": "1.1.1",
                "resources": [{"path": name} for name in files],
            }
        )
    )
    for name, rows in files.items():
        columns = list(dict.fromkeys(k for row in rows for k in row))
        with (directory / name).open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, columns)
            writer.writeheader()
            writer.writerows(rows)
    return sum(len(rows) for rows in files.values())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=4_000)
    parser.add_argument("--quick", action="store_true", help="400 services")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if args.quick:
        args.services = 400
    tmp = Path(tempfile.mkdtemp(prefix="zorgzaam-bench-legacy-"))
    try:
        os.environ.setdefault("SECRET_KEY", "bench-only")
        os.environ.setdefault("ALLOWED_HOSTS", "localhost")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
        os.environ["DJANGO_SETTINGS_MODULE"] = "zorgzaam.conf.test"
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        return run(args, tmp, connection)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(args, tmp: Path, connection) -> int:
    from zorgzaam.socialmap.hsds import legacy
    from zorgzaam.socialmap.services import hsds_import
    from zorgzaam.tenancy.models import Municipality

    print(machine(lines=True))
    print(f"database: {db_description(connection)}")
    package = tmp / "package"
    rows = write(generate(args.services, args.seed), package)
    print(f"generated an HSDS 1.1.1 package: {args.services:,} services, {rows:,} legacy rows")
    municipality = Municipality.objects.create(code="GM9999", name="Benchdorp")
    verdict = True
    for label in ("into an empty map", "again (re-import)"):
        t0 = time.perf_counter()
        info = legacy.detect(package)
        assert info is not None  # noqa: S101 - the bench wrote a legacy package
        dataset = legacy.convert(package, scope=municipality.code)
        t1 = time.perf_counter()
        summary = hsds_import(dataset=dataset, municipality=municipality)
        t2 = time.perf_counter()
        total = t2 - t0
        print(
            f"{label}: {total:.1f} s (detect + convert {t1 - t0:.1f} s, check + load + index "
            f"{t2 - t1:.1f} s); {sum(summary.created.values()):,} created, "
            f"{sum(summary.updated.values()):,} updated; first line: {info.summary()}"
        )
        verdict = verdict and total <= TARGET_SECONDS * args.services / 4_000
    print(
        f"target: 4,000 services within {TARGET_SECONDS:.0f} s on SQLite: "
        f"{'met' if verdict else 'NOT met'}"
    )
    return 0 if verdict else 1


if __name__ == "__main__":
    raise SystemExit(main())
