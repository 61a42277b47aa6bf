"""HTTP benchmark of the social-map search page: the real server (granian) on loopback,
20 concurrent clients (locust), 50,000 services.

    make load-env   # once: locust in .venv-load
    .venv/bin/python bench/bench_search_http.py [--db sqlite|postgres] [--services N]
        [--clients 20] [--seconds 30] [--workers 2] [--quick]

Builds the services as bench_search.py does (a throw-away SQLite file or PostgreSQL
cluster), then runs two phases against the same server in the same run: the baseline, the
health check `/healthz` (one `SELECT 1` through the whole middleware stack: what the server,
Django and the load generator cost by themselves), and the search page `/map/?q=...&postcode=
...&radius=...&term=...&day=...&time=...` (text + distance from a postcode + category +
open at; first page of 20 with the form, filters and pagination rendered). Prints throughput,
p50/p95/p99 and errors of both, and the ratio. Target (issue #3): >= 150 requests/s with p95
<= 250 ms for the search page. The load generator shares the machine's cores with the
server; that is part of what is measured.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "evidence"))

import bench_search  # noqa: E402
from serverkit import LOAD_VENV, ROOT, Server, app_env, free_port, machine, prepared_db  # noqa: E402

PC4_FILE = ROOT / "src" / "zorgzaam" / "tenancy" / "data" / "pc4-demo.tsv"


def search_paths(code: str, terms, rng: random.Random, count: int) -> list[str]:
    from urllib.parse import urlencode

    from zorgzaam.tenancy.models import PostcodeArea

    postcodes = list(PostcodeArea.objects.values_list("pc4", flat=True))
    paths = []
    for _ in range(count):
        params = {
            "gemeente": code,
            "q": rng.choice(bench_search.COMPOUNDS),
            "postcode": rng.choice(postcodes),
            "radius": rng.choice(["5", "10", "25"]),
            "term": str(rng.choice(terms).public_id),
            "day": str(rng.randrange(7)),
            "time": f"{rng.choice([9, 10, 14, 19])}:30",
            "searched": "1",
            "informal_first": "on",
        }
        paths.append("/map/?" + urlencode(params))
    return paths


def phase(port: int, env: dict, work: Path, name: str, paths: list[str], args) -> dict:
    plan = work / f"plan-{name}.json"
    plan.write_text(json.dumps(paths))
    stats = work / f"stats-{name}"
    cmd = [
        str(LOAD_VENV / "locust"),
        "-f",
        str(HERE / "locust_search.py"),
        "--headless",
        "-u",
        str(args.clients),
        "-r",
        str(args.clients),
        "-t",
        f"{args.seconds}s",
        "--host",
        f"http://127.0.0.1:{port}",
        "--csv",
        str(stats),
        "--only-summary",
        "--stop-timeout",
        "5",
        "--exit-code-on-error",
        "0",
        "--loglevel",
        "WARNING",
    ]
    run_env = dict(env, ZZ_SEARCH_PLAN=str(plan), ZZ_SEARCH_NAME=name)
    subprocess.run(cmd, env=run_env, cwd=work, check=True, capture_output=True, timeout=600)
    with open(f"{stats}_stats.csv", newline="", encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["Name"] == "Aggregated")
    total = int(row["Request Count"])
    return {
        "requests": total,
        "rps": float(row["Requests/s"]),
        "p50": float(row["50%"]),
        "p95": float(row["95%"]),
        "p99": float(row["99%"]),
        "errors": int(row["Failure Count"]),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--services", type=int, default=50_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="5,000 services, 10 s per phase")
    parser.add_argument("--out", default="", help="write the figures as JSON here")
    args = parser.parse_args(argv)
    if args.quick:
        args.services, args.seconds = 5_000, 10
    if not (LOAD_VENV / "locust").exists():
        raise SystemExit("locust is missing: run `make load-env` (creates .venv-load).")
    rng = random.Random(args.seed)
    load_before = os.getloadavg()[0]
    with prepared_db(args.db) as (url, work):
        env = app_env(url, work)
        os.environ.update(env)
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        started = time.perf_counter()
        municipality, terms = bench_search.build(args.services, rng)
        call_command("pc4", "import", str(PC4_FILE), verbosity=0)
        built = time.perf_counter() - started
        paths = search_paths(municipality.code, terms, rng, 500)
        connections.close_all()
        port = free_port()
        server = Server(env, port, work / "server.log", args.workers)
        server.start()
        try:
            results = {
                "healthz": phase(port, env, work, "healthz", ["/healthz"], args),
                "search": phase(port, env, work, "search", paths, args),
            }
        finally:
            server.stop()
    print(f"machine: {machine()}, load average before the run {load_before:.1f}")
    print(
        f"database: {args.db}; {args.services:,} services built in {built:.0f} s; "
        f"granian --workers {args.workers}; {args.clients} clients, {args.seconds} s per phase"
    )
    for name, r in results.items():
        print(
            f"{name:>8}: {r['rps']:7.1f} req/s  p50 {r['p50']:6.0f} ms  p95 {r['p95']:6.0f} ms"
            f"  p99 {r['p99']:6.0f} ms  errors {r['errors']}/{r['requests']}"
        )
    ratio = results["search"]["rps"] / max(results["healthz"]["rps"], 1e-9)
    print(f"search page throughput / health-check throughput: {ratio:.2f}")
    search = results["search"]
    met = search["rps"] >= 150 and search["p95"] <= 250 and search["errors"] == 0
    print(f"target >= 150 req/s, p95 <= 250 ms, no errors: {'met' if met else 'NOT met'}")
    if args.out:
        Path(args.out).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
