"""The privacy and security probe of issue #15, rerun against the real server on loopback with
the demo data: each finding that was reproduced then, asked again.

    python bench/evidence/probe.py [--db sqlite|postgres]

Prints one line per case (ok / FAIL and what came back) and a JSON summary; exits non-zero
when any case fails. The unit tests hold the same cases; this runs them through the real
stack (granian, the production middleware order, the file cache, real sessions).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import requests
from serverkit import demo_server, machine


def login(base: str, username: str, *, second_factor: bool = True) -> requests.Session:
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
    if second_factor:
        page = s.get(f"{base}/account/2fa/", timeout=10, allow_redirects=False)
        if page.status_code == 200:
            s.post(
                f"{base}/account/2fa/",
                timeout=10,
                allow_redirects=False,
                data={
                    "token": f"{totp(bytes.fromhex(demo_totp_key(1, username))):06d}",
                    "csrfmiddlewaretoken": s.cookies.get("csrftoken", ""),
                },
                headers={"Referer": f"{base}/account/2fa/"},
            )
    return s


def cases(base: str) -> list[tuple[str, bool, str]]:
    from zorgzaam.help.models import HelpRequest
    from zorgzaam.people.models import Person
    from zorgzaam.socialmap.models import Service
    from zorgzaam.tenancy.models import Municipality

    results = []

    def case(name: str, ok: bool, detail: str) -> None:
        results.append((name, bool(ok), detail))

    anon = requests.Session()
    r = anon.get(f"{base}/map/?page=99999999999999999999", timeout=30)
    case("map page beyond any integer", r.status_code < 500, str(r.status_code))
    r = anon.get(f"{base}/hsds/services?modified_after=2026-02-30", timeout=30)
    case("HSDS impossible modified_after", r.status_code == 400, str(r.status_code))

    slug = Municipality.objects.filter(name="Bodegraven-Reeuwijk").values_list("slug", flat=True)
    pdf = f"{base}/report/public/{slug.first()}/pdf/"
    timings, bodies = [], []
    for _ in range(2):
        t0 = time.monotonic()
        r = anon.get(pdf, timeout=120)
        timings.append(round(time.monotonic() - t0, 2))
        bodies.append(r.content)
    case(
        "public PDF rendered once",
        r.status_code == 200 and bodies[0] == bodies[1] and timings[1] < 1.0,
        f"first {timings[0]} s, second {timings[1]} s",
    )
    statuses = [anon.get(pdf, timeout=120).status_code for _ in range(30)]
    first_429 = 3 + statuses.index(429) if 429 in statuses else None
    case("public PDF limited per client", first_429 is not None, f"429 at request {first_429}")

    coordinator = login(base, "coordinator", second_factor=False)
    request = HelpRequest.objects.filter(municipality__name="Bodegraven-Reeuwijk").first()
    url = f"{base}/help/coordinate/requests/{request.public_id}/"
    r = coordinator.get(url, timeout=30, allow_redirects=False)
    case(
        "hub coordinator needs the second factor",
        r.status_code == 302 and "/account/2fa/" in r.headers.get("Location", ""),
        f"{r.status_code} {r.headers.get('Location', '')}",
    )
    coordinator = login(base, "coordinator")
    service = Service.objects.filter(municipality__name="Bodegraven-Reeuwijk").first()
    r = coordinator.get(f"{base}/map/{service.public_id}/versions/", timeout=30)
    case("service history", r.status_code == 200, str(r.status_code))
    r = coordinator.post(
        f"{base}/map/{service.public_id}/verify/",
        data={
            "next": "https://evil.example/",
            "csrfmiddlewaretoken": coordinator.cookies["csrftoken"],
        },
        headers={"Referer": f"{base}/map/manage/"},
        allow_redirects=False,
        timeout=30,
    )
    location = r.headers.get("Location", "")
    case("no open redirect through next", "evil.example" not in location, location)

    professional = login(base, "professional")
    person = Person.objects.filter(municipality__name="Bodegraven-Reeuwijk").first()
    r = professional.get(f"{base}/people/{person.public_id}/", timeout=30)
    case(
        "person page not stored",
        "no-store" in r.headers.get("Cache-Control", ""),
        f"{r.status_code} Cache-Control: {r.headers.get('Cache-Control', '')}",
    )
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args(argv)
    with demo_server(args.db) as (base, _env):
        results = cases(base)
    for name, ok, detail in results:
        print(f"{'ok  ' if ok else 'FAIL'} {name}: {detail}")
    print(
        json.dumps(
            {
                "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                "machine": machine(),
                "db": args.db,
                "passed": sum(ok for _, ok, _ in results),
                "failed": [name for name, ok, _ in results if not ok],
            },
            indent=2,
        )
    )
    return 0 if all(ok for _, ok, _ in results) else 1


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
