"""Locust users for the Zorgzaam load test. Driven by bench/load/run.py, which writes the plan
(users, write scenarios) to the JSON file named by ZZ_LOAD_PLAN and reads the acknowledged
writes back from ZZ_LOAD_ACKS. Runs in .venv-load (locust only; no Django here)."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import os
import random
import re
import struct
import threading
import time
import uuid
from pathlib import Path

from locust import HttpUser, between, task

PLAN = json.loads(Path(os.environ["ZZ_LOAD_PLAN"]).read_text(encoding="utf-8"))
ACKS = open(os.environ["ZZ_LOAD_ACKS"], "a", encoding="utf-8")  # noqa: SIM115 - process-long
_lock = threading.Lock()
_users = itertools.cycle(PLAN["users"])
_counter = itertools.count(1)


def totp(hex_key: str, step: int = 30, digits: int = 6) -> str:
    counter = struct.pack(">Q", int(time.time()) // step)
    digest = hmac.new(bytes.fromhex(hex_key), counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**digits
    return f"{code:0{digits}d}"


def fill(value, n: int):
    if isinstance(value, str):
        return (
            value.replace("{n8}", f"{n % 10**8:08d}")
            .replace("{n}", str(n))
            .replace("{uuid}", uuid.uuid4().hex[:8])
        )
    return value


class ZorgzaamUser(HttpUser):
    wait_time = between(0.05, 0.3)

    def on_start(self) -> None:
        self.account = next(_users)
        self.client.get("/account/login/", name="login page")
        token = self.client.cookies.get("csrftoken", "")
        self.client.post(
            "/account/login/",
            {
                "username": self.account["username"],
                "password": self.account["password"],
                "csrfmiddlewaretoken": token,
            },
            headers={"Referer": self.host + "/account/login/"},
            name="login",
            allow_redirects=False,
        )
        if self.account.get("totp"):
            self.client.post(
                "/account/2fa/",
                {"token": totp(self.account["totp"]), "csrfmiddlewaretoken": self._csrf()},
                headers={"Referer": self.host + "/account/2fa/"},
                name="second factor",
                allow_redirects=False,
            )
        self.scenarios = [s for s in PLAN["scenarios"] if s["role"] == self.account["role"]]

    def _csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")

    @task(1)
    def home(self) -> None:
        self.client.get("/home/", name="home")

    @task(4)
    def write(self) -> None:
        if not self.scenarios:
            return
        scenario = random.choice(self.scenarios)
        n = next(_counter)
        data = {k: fill(v, n) for k, v in scenario["data"].items()}
        url = fill(random.choice(scenario["urls"]), n)
        data["csrfmiddlewaretoken"] = self._csrf()
        with self.client.post(
            url,
            data,
            headers={"Referer": self.host + url},
            name=scenario["kind"],
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            match = re.search(scenario["ack"], location)
            if response.status_code in (301, 302, 303) and match:
                ack_id = match.group(1)
                if scenario.get("marker_field"):  # the record's id is not in the redirect
                    ack_id = data[scenario["marker_field"]].rsplit(" ", 1)[-1]
                with _lock:
                    ACKS.write(json.dumps({"kind": scenario["kind"], "id": ack_id}) + "\n")
                    ACKS.flush()
                    os.fsync(ACKS.fileno())
                response.success()
            else:
                response.failure(f"no acknowledgement: {response.status_code} {location[:60]}")
