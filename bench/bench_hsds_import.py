"""Benchmark of the HSDS 3.0 import (zorgzaam.socialmap.services.hsds_import).

    .venv/bin/python bench/bench_hsds_import.py [--services N] [--quick] [--db sqlite|postgres]
    .venv/bin/python bench/bench_hsds_import.py --profile FILE   # cProfile of the JSON import

Writes N synthetic, seeded services (default 50,000) as valid HSDS 3.0 in both forms - a JSON
package (``services.json`` of compiled service objects, with ``organizations.json`` and
``taxonomy_terms.json``) and the tabular CSV datapackage - each service with a phone, a weekly
schedule, a language, a cost option, a category attribute and a service_at_location with its
location and address (a third also with an accessibility record): about 9.4 HSDS records per
service. Then times, in a throw-away database (a temporary SQLite file, or PostgreSQL: the
server of DATABASE_URL or one started with scripts/pg.sh; only the bench municipality is
filled and emptied), the full import as the command runs it - read, schema validation, checks,
load, search reindex, versions - for: the JSON form into an empty map, the same again
(re-import of the same data: every record matched by id, none changed), a re-import in which
one text field of every record changed, and the CSV form into an empty map. The
baseline, in the same run, is the JSON import of a tenth of the services, to show how the
time scales.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from _common import db_description  # noqa: E402
from bench_search import COMPOUNDS, machine  # noqa: E402

if TYPE_CHECKING:
    from zorgzaam.socialmap.services import ImportSummary

CENTRE = (52.06, 4.77)
TERMS = 20
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
KINDS = ["informal", "welfare", "formal"]


# --- data -----------------------------------------------------------------------------------
def generate(n: int, seed: int) -> dict[str, list[dict]]:
    """Flat HSDS rows per table for n services (seeded: the same n and seed, the same data)."""
    rng = random.Random(seed)
    ident = lambda: str(uuid.UUID(int=rng.getrandbits(128), version=4))  # noqa: E731
    taxonomy = {"id": ident(), "name": "Bench", "description": "Categorieën van de bench"}
    rows: dict[str, list[dict]] = {t: [] for t in TABLE_ORDER}
    rows["taxonomy"].append(taxonomy)
    terms = []
    for i in range(TERMS):
        term = {
            "id": ident(),
            "taxonomy_id": taxonomy["id"],
            "code": f"cat-{i}",
            "name": f"Categorie {i}",
            "description": f"Categorie {i} van de bench",
        }
        terms.append(term)
        rows["taxonomy_term"].append(term)
    organizations = []
    for i in range(max(1, n // 20)):
        org = {
            "id": ident(),
            "name": f"Stichting {rng.choice(COMPOUNDS).capitalize()} {i}",
            "description": "Een organisatie in het dorp.",
            "email": f"info{i}@example.org",
            "website": f"https://example.org/{i}",
        }
        organizations.append(org)
        rows["organization"].append(org)
    for i in range(n):
        words = rng.sample(COMPOUNDS, 3)
        service = {
            "id": ident(),
            "organization_id": rng.choice(organizations)["id"],
            "name": " ".join(words[:2]).capitalize() + f" {i}",
            "description": f"Samen naar de {words[2]}, {rng.choice(COMPOUNDS)} in het dorp.",
            "url": f"https://example.org/dienst/{i}",
            "email": f"dienst{i}@example.org",
            "status": "active",
            "assured_date": f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}",
        }
        rows["service"].append(service)
        location = {
            "id": ident(),
            "location_type": "physical",
            "name": f"Locatie {i}",
            "latitude": round(CENTRE[0] + rng.uniform(-0.1, 0.1), 6),
            "longitude": round(CENTRE[1] + rng.uniform(-0.15, 0.15), 6),
        }
        rows["location"].append(location)
        rows["address"].append(
            {
                "id": ident(),
                "location_id": location["id"],
                "address_1": f"Dorpsstraat {i % 300 + 1}",
                "city": "Benchdorp",
                "state_province": "Zuid-Holland",
                "postal_code": f"24{rng.randint(10, 99)} AB",
                "country": "NL",
                "address_type": "physical",
            }
        )
        if i % 3 == 0:
            rows["accessibility"].append(
                {"id": ident(), "location_id": location["id"], "description": "rolstoel"}
            )
        rows["service_at_location"].append(
            {"id": ident(), "service_id": service["id"], "location_id": location["id"]}
        )
        rows["phone"].append(
            {"id": ident(), "service_id": service["id"], "number": f"0172-{i:06d}"}
        )
        opens = rng.choice([9, 10, 13, 14, 19])
        rows["schedule"].append(
            {
                "id": ident(),
                "service_id": service["id"],
                "freq": "WEEKLY",
                "wkst": "MO",
                "byday": ",".join(sorted(rng.sample(DAYS, rng.randint(1, 3)), key=DAYS.index)),
                "opens_at": f"{opens:02d}:00",
                "closes_at": f"{opens + 2:02d}:00",
            }
        )
        rows["language"].append(
            {"id": ident(), "service_id": service["id"], "name": "Nederlands", "code": "nl"}
        )
        rows["cost_option"].append(
            {
                "id": ident(),
                "service_id": service["id"],
                "currency": "EUR",
                "amount": rng.choice([0, 0, 0, 2.5, 5]),
            }
        )
        rows["attribute"].append(
            {
                "id": ident(),
                "link_id": service["id"],
                "link_entity": "service",
                "link_type": "category",
                "taxonomy_term_id": rng.choice(terms)["id"],
            }
        )
    return rows


TABLE_ORDER = [
    "taxonomy",
    "taxonomy_term",
    "organization",
    "service",
    "location",
    "address",
    "accessibility",
    "service_at_location",
    "phone",
    "schedule",
    "language",
    "cost_option",
    "attribute",
]
# Arrays nested in a compiled service object, and the column pointing back at the service.
SERVICE_ARRAYS = {
    "phone": "phones",
    "schedule": "schedules",
    "language": "languages",
    "cost_option": "cost_options",
}


def write_json(rows: dict[str, list[dict]], directory: Path) -> None:
    """The JSON form: a package of compiled service objects, plus organizations and terms."""
    directory.mkdir(parents=True)
    by_service: dict[str, dict[str, list]] = {}
    for table, key in SERVICE_ARRAYS.items():
        for row in rows[table]:
            item = {k: v for k, v in row.items() if k != "service_id"}
            by_service.setdefault(row["service_id"], {}).setdefault(key, []).append(item)
    attributes: dict[str, list[dict]] = {}
    for row in rows["attribute"]:
        item = {k: v for k, v in row.items() if k not in ("link_id", "link_entity")}
        attributes.setdefault(row["link_id"], []).append(item)
    addresses = {r["location_id"]: r for r in rows["address"]}
    access = {r["location_id"]: r for r in rows["accessibility"]}
    locations = {}
    for row in rows["location"]:
        location = dict(row)
        location["addresses"] = [
            {k: v for k, v in addresses[row["id"]].items() if k != "location_id"}
        ]
        if row["id"] in access:
            location["accessibility"] = [
                {k: v for k, v in access[row["id"]].items() if k != "location_id"}
            ]
        locations[row["id"]] = location
    sal: dict[str, list[dict]] = {}
    for row in rows["service_at_location"]:
        sal.setdefault(row["service_id"], []).append(
            {"id": row["id"], "location": locations[row["location_id"]]}
        )
    services = []
    for row in rows["service"]:
        service = dict(row)
        service.update(by_service.get(row["id"], {}))
        service["service_at_locations"] = sal.get(row["id"], [])
        service["attributes"] = attributes.get(row["id"], [])
        services.append(service)
    terms = [
        {
            **{k: v for k, v in t.items() if k != "taxonomy_id"},
            "taxonomy_detail": rows["taxonomy"][0],
        }
        for t in rows["taxonomy_term"]
    ]
    for name, items in (
        ("taxonomy_terms.json", terms),
        ("organizations.json", rows["organization"]),
        ("services.json", services),
    ):
        (directory / name).write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")


CHANGEABLE = ("description", "name", "number", "address_1", "note", "value")
ADDED = {  # tables whose bench records have none of those: an optional text field is filled
    "schedule": "description",
    "service_at_location": "description",
    "cost_option": "option",
    "attribute": "label",
}


def changed_copy(rows: dict[str, list[dict]]) -> tuple[dict[str, list[dict]], int]:
    """The same records (same ids), each with one text field changed (or an optional one
    filled): a re-import in which every record is updated."""
    out: dict[str, list[dict]] = {}
    changed = 0
    for table, table_rows in rows.items():
        out[table] = []
        for row in table_rows:
            row = dict(row)
            key = next((k for k in CHANGEABLE if isinstance(row.get(k), str) and row[k]), None)
            if key is not None:
                row[key] += " (bijgewerkt)"
                changed += 1
            elif table in ADDED:
                row[ADDED[table]] = "bijgewerkt"
                changed += 1
            out[table].append(row)
    return out, changed


def write_csv(rows: dict[str, list[dict]], directory: Path) -> None:
    """The tabular form: one CSV per table with the official columns, and datapackage.json."""
    from zorgzaam.socialmap.hsds import schemas
    from zorgzaam.socialmap.hsds.spec import TABLES

    directory.mkdir(parents=True)
    resources = []
    for table in TABLE_ORDER:
        columns = schemas.tabular_columns(table)
        with (directory / TABLES[table].csv).open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns)
            writer.writeheader()
            for row in rows[table]:
                writer.writerow(row)
        resources.append({"name": table, "path": TABLES[table].csv})
    (directory / "datapackage.json").write_text(
        json.dumps({"name": "bench", "profile": "tabular-data-package", "resources": resources})
    )


# --- database -------------------------------------------------------------------------------
def setup_django(url: str) -> None:
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "zorgzaam.conf.test"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def empty(municipality) -> None:
    """Remove the bench municipality's social-map rows (and only those)."""
    from django.db import connection, transaction

    from zorgzaam.socialmap.hsds.loader import model_of
    from zorgzaam.socialmap.hsds.spec import LOAD_ORDER
    from zorgzaam.socialmap.models import ItemVersion, OpeningSlot, Service

    with transaction.atomic():
        pks = list(Service.objects.filter(municipality=municipality).values_list("pk", flat=True))
        column = "service_id" if connection.vendor == "postgresql" else "rowid"
        with connection.cursor() as cursor:
            for start in range(0, len(pks), 500):
                chunk = pks[start : start + 500]
                marks = ",".join(["%s"] * len(chunk))
                cursor.execute(
                    f"DELETE FROM socialmap_service_fts WHERE {column} IN ({marks})",  # noqa: S608 - placeholders only
                    chunk,
                )
        OpeningSlot.objects.filter(service__municipality=municipality).delete()
        ItemVersion.objects.filter(municipality=municipality).delete()
        for table in reversed(LOAD_ORDER):
            model_of(table).objects.filter(municipality=municipality)._raw_delete("default")


PHASES = {
    "read_path": "read + schema",
    "dataset_check": "check",
    "dataset_load": "load",
    "service_reindex": "reindex",
    "_import_versions": "versions",
}


def phase_timers() -> dict[str, float]:
    """Time the steps of services.hsds_import by wrapping the functions it calls."""
    import functools

    from zorgzaam.socialmap import services

    spent = SPENT
    spent.update(dict.fromkeys(PHASES.values(), 0.0))
    for name, label in PHASES.items():
        original = getattr(services, name)

        @functools.wraps(original)
        def wrapper(*args, _original=original, _label=label, **kwargs):
            start = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                spent[_label] += time.perf_counter() - start

        setattr(services, name, wrapper)
    return spent


SPENT: dict[str, float] = {}


def timed_import(path: Path, municipality) -> tuple[float, ImportSummary, str]:
    from zorgzaam.socialmap.services import hsds_import

    for key in SPENT:
        SPENT[key] = 0.0
    start, cpu = time.perf_counter(), time.process_time()
    summary = hsds_import(path=path, municipality=municipality, kind="informal")
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    phases = ", ".join(f"{k} {v:.1f}" for k, v in SPENT.items())
    return seconds, summary, f"CPU {cpu:.1f} s; {phases}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=50_000)
    parser.add_argument("--quick", action="store_true", help="5,000 services")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default=None)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", metavar="FILE", help="cProfile the JSON import into FILE")
    args = parser.parse_args(argv)
    if args.quick:
        args.services = 5_000
    db = args.db or (
        "postgres" if os.environ.get("DATABASE_URL", "").startswith("post") else "sqlite"
    )
    tmp = Path(tempfile.mkdtemp(prefix="zorgzaam-bench-hsds-"))
    pg_dir = None
    try:
        if db == "sqlite":
            url = f"sqlite:///{tmp / 'bench.sqlite3'}"
        elif os.environ.get("DATABASE_URL", "").startswith("post"):
            url = os.environ["DATABASE_URL"]
        else:
            # its own top-level folder: the postgres user cannot enter the root-only tmp
            pg_dir = Path(tempfile.mkdtemp(prefix="zorgzaam-bench-hsds-pg-"))
            url = subprocess.run(
                ["bash", str(ROOT / "scripts/pg.sh"), "start", str(pg_dir)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout.strip()
        return run(args, url, tmp)
    finally:
        if pg_dir is not None:
            subprocess.run(["bash", str(ROOT / "scripts/pg.sh"), "stop", str(pg_dir)], check=False)
            shutil.rmtree(pg_dir, ignore_errors=True)
        shutil.rmtree(tmp, ignore_errors=True)


def run(args, url: str, tmp: Path) -> int:
    setup_django(url)
    from django.db import connection

    from zorgzaam.tenancy.models import Municipality

    n, small_n = args.services, max(1, args.services // 10)
    print(f"machine: {machine()}")
    print(f"database: {db_description(connection)}")
    start = time.perf_counter()
    data, small = generate(n, args.seed), generate(small_n, args.seed + 1)
    records = sum(len(v) for v in data.values())
    write_json(data, tmp / "json")
    write_csv(data, tmp / "csv")
    write_json(small, tmp / "small")
    changed_data, changed_records = changed_copy(data)
    write_json(changed_data, tmp / "changed")
    size = sum(p.stat().st_size for p in (tmp / "json").iterdir()) / 1e6
    print(
        f"generated {n:,} services ({records:,} HSDS records, JSON {size:.0f} MB) "
        f"in {time.perf_counter() - start:.1f} s"
    )
    municipality, _ = Municipality.objects.get_or_create(
        code="GM9998", defaults={"name": "Bench-import", "slug": "bench-import"}
    )
    empty(municipality)
    phase_timers()
    try:
        small_s, _, small_p = timed_import(tmp / "small", municipality)
        small_records = sum(len(v) for v in small.values())
        empty(municipality)
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        json_s, summary, json_p = timed_import(tmp / "json", municipality)
        if args.profile:
            profiler.disable()
            profiler.dump_stats(args.profile)
        assert summary.total == records, (summary.total, records)
        again_s, again, again_p = timed_import(tmp / "json", municipality)
        assert sum(again.created.values()) == 0 and sum(again.updated.values()) == records
        changed_s, changed, changed_p = timed_import(tmp / "changed", municipality)
        assert sum(changed.created.values()) == 0 and sum(changed.updated.values()) == records
        empty(municipality)
        csv_s, summary, csv_p = timed_import(tmp / "csv", municipality)
        assert summary.total == records, (summary.total, records)
    finally:
        empty(municipality)

    def line(label, count, seconds, recs, phases):
        print(
            f"{label:>28}: {seconds:7.1f} s  {count / seconds:8,.0f} services/s"
            f"  {recs / seconds:9,.0f} records/s\n{'':>30}({phases} s)"
        )

    line(f"JSON, {n:,} new", n, json_s, records, json_p)
    line(f"JSON re-import, {n:,} same", n, again_s, records, again_p)
    line(f"JSON re-import, {n:,} changed", n, changed_s, records, changed_p)
    print(f"{'':>30}({changed_records:,} of the {records:,} records changed)")
    line(f"CSV, {n:,} new", n, csv_s, records, csv_p)
    line(f"baseline JSON, {small_n:,} new", small_n, small_s, small_records, small_p)
    per_small, per_full = small_s / small_n, json_s / n
    print(f"time per service, {n:,} / {small_n:,}: {per_full / per_small:.2f}x (1.0 = linear)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
