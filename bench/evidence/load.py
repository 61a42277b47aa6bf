"""Load without loss (and crash) test: the real server (granian) on loopback, N concurrent
locust clients writing for a bounded time, then proof that every acknowledged write is in the
database.

    python bench/evidence/load.py [--db sqlite|postgres] [--clients 50] [--seconds 60] [--crash]

Prints throughput, p50/p95/p99 latency, error rate, and acknowledged vs present writes per
kind ("lost" must be 0). With --crash the server is killed with SIGKILL halfway and restarted;
afterwards no half-written records may exist and the task queue must drain (no lost
notification). Exits non-zero when anything acknowledged is missing.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import time
from pathlib import Path

from serverkit import LOAD_VENV, Server, app_env, free_port, machine, prepared_db


def percentile_row(stats_csv: Path) -> dict[str, str]:
    with stats_csv.open() as fh:
        rows = list(csv.DictReader(fh))
    return next(r for r in rows if r["Name"] == "Aggregated")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--crash", action="store_true")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", default="", help="write the summary as JSON here")
    args = parser.parse_args(argv)
    if not (LOAD_VENV / "locust").exists():
        raise SystemExit("locust is missing: run `make load-env` (creates .venv-load).")

    with prepared_db(args.db) as (url, work):
        return run(args, url, work)


def run(args, url: str, work: Path) -> int:
    import os

    env = app_env(url, work)
    os.environ.update(env)
    import django

    django.setup()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import scenarios

    plan = scenarios.build_plan(args.clients)
    plan_file, acks_file = work / "plan.json", work / "acks.jsonl"
    plan_file.write_text(json.dumps(plan))
    acks_file.touch()
    from django.db import connections

    connections.close_all()

    port = free_port()
    server = Server(env, port, work / "server.log", args.workers)
    server.start()
    locust_env = dict(env, ZZ_LOAD_PLAN=str(plan_file), ZZ_LOAD_ACKS=str(acks_file))
    cmd = [
        str(LOAD_VENV / "locust"),
        "-f",
        str(Path(__file__).with_name("locustfile.py")),
        "--headless",
        "-u",
        str(args.clients),
        "-r",
        str(max(1, args.clients // 2)),
        "-t",
        f"{args.seconds}s",
        "--host",
        f"http://127.0.0.1:{port}",
        "--csv",
        str(work / "stats"),
        "--only-summary",
        "--stop-timeout",
        "5",
        "--exit-code-on-error",
        "0",
        "--loglevel",
        "WARNING",
    ]
    started = time.time()
    locust = subprocess.Popen(
        cmd,
        env=locust_env,
        cwd=work,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    crashed_at = None
    if args.crash:
        time.sleep(args.seconds / 2)
        server.kill()
        crashed_at = time.time() - started
        server.start()
    output, _ = locust.communicate(timeout=args.seconds + 120)
    server.stop()

    acks = [json.loads(line) for line in acks_file.read_text().splitlines() if line.strip()]
    verification = scenarios.verify(acks)
    row = percentile_row(work / "stats_stats.csv")
    requests_total = int(row["Request Count"])
    failures = int(row["Failure Count"])
    summary = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": machine(),
        "db": args.db,
        "clients": args.clients,
        "seconds": args.seconds,
        "crash_at_s": round(crashed_at, 1) if crashed_at else None,
        "requests": requests_total,
        "throughput_rps": float(row["Requests/s"]),
        "p50_ms": float(row["50%"]),
        "p95_ms": float(row["95%"]),
        "p99_ms": float(row["99%"]),
        "error_rate": round(failures / requests_total, 4) if requests_total else None,
        "writes": verification["writes"],
        "lost": verification["lost"],
        "half_written": verification["half_written"],
        "tasks_pending_after_drain": verification["tasks_pending"],
    }
    print(json.dumps(summary, indent=2))
    if args.out:
        Path(args.out).write_text(json.dumps(summary, indent=2))
    ok = (
        summary["lost"] == 0
        and summary["half_written"] == 0
        and summary["tasks_pending_after_drain"] == 0
        and requests_total > 0
        and sum(w["acknowledged"] for w in summary["writes"].values()) > 0
    )
    if not ok:
        print(output[-3000:])
        print(f"FAILED: see {work}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
