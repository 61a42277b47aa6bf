"""Bad input against the whole API: schemathesis over the OpenAPI schema (/api/schema/) of the
real server on loopback, once anonymously and once authenticated as each demo role.

    python bench/evidence/fuzz_api.py [--db sqlite|postgres] [--max-examples 25]

Passes when no operation answers 5xx and every response conforms to the schema (status code,
content type, body). Prints a line per role and the totals; exits non-zero on any failure.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import requests
from serverkit import VENV, demo_server, machine

ROLES = [
    "anonymous",
    "bewoner",
    "vrijwilliger",
    "coordinator",
    "professional",
    "teamleider",
    "beleid",
    "beheerder",
]
CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,"
    "response_schema_conformance"
)


def session_headers(base: str, username: str) -> list[str]:
    if username == "anonymous":
        return []
    from django_otp.oath import totp

    from zorgzaam.common.demo import DEMO_PASSWORD, demo_totp_key

    s = requests.Session()
    s.get(f"{base}/account/login/", timeout=10)
    s.post(
        f"{base}/account/login/",
        timeout=10,
        allow_redirects=False,
        data={
            "username": username,
            "password": DEMO_PASSWORD,
            "csrfmiddlewaretoken": s.cookies.get("csrftoken", ""),
        },
        headers={"Referer": f"{base}/account/login/"},
    )
    page = s.get(f"{base}/account/2fa/", timeout=10, allow_redirects=False)
    if page.status_code == 200:
        code = f"{totp(bytes.fromhex(demo_totp_key(1, username))):06d}"
        s.post(
            f"{base}/account/2fa/",
            timeout=10,
            allow_redirects=False,
            data={"token": code, "csrfmiddlewaretoken": s.cookies.get("csrftoken", "")},
            headers={"Referer": f"{base}/account/2fa/"},
        )
    cookie = "; ".join(f"{k}={v}" for k, v in s.cookies.items())
    return [
        "-H",
        f"Cookie: {cookie}",
        "-H",
        f"X-CSRFToken: {s.cookies.get('csrftoken', '')}",
        "-H",
        f"Referer: {base}/",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--max-examples", type=int, default=25)
    parser.add_argument("--roles", default=",".join(ROLES))
    parser.add_argument("--seed", type=int, default=None, help="repeatable run")
    args = parser.parse_args(argv)
    with demo_server(args.db) as (base, env):
        results, failed = {}, False
        for role in args.roles.split(","):
            started = time.time()
            cmd = [
                str(VENV / "schemathesis"),
                "run",
                f"{base}/api/schema/",
                "--checks",
                CHECKS,
                "--max-examples",
                str(args.max_examples),
                "--request-timeout",
                "30",
                "--no-color",
                *(["--seed", str(args.seed)] if args.seed is not None else []),
                *session_headers(base, role),
            ]
            proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
            tail = proc.stdout.strip().splitlines()[-1:] or [""]
            ops = re.search(r"(\d+) passed", proc.stdout)
            results[role] = {
                "exit": proc.returncode,
                "summary": tail[0],
                "seconds": round(time.time() - started, 1),
                "operations_passed": int(ops.group(1)) if ops else 0,
            }
            print(f"{role:<14} exit={proc.returncode} {tail[0]}")
            if "defines no API operations" in proc.stdout:
                results[role]["summary"] = "no API operations in the schema"
            elif proc.returncode != 0:
                failed = True
                print(proc.stdout[-4000:])
        print(
            json.dumps(
                {
                    "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                    "machine": machine(),
                    "db": args.db,
                    "max_examples": args.max_examples,
                    "results": results,
                },
                indent=2,
            )
        )
        return 1 if failed else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
