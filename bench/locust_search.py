"""Locust users for bench_search_http.py: each GETs a random URL of the plan (ZZ_SEARCH_PLAN,
a JSON list of paths) as fast as it can. Runs in .venv-load (locust only; no Django)."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

from locust import FastHttpUser, constant, task

PATHS = json.loads(Path(os.environ["ZZ_SEARCH_PLAN"]).read_text(encoding="utf-8"))
NAME = os.environ.get("ZZ_SEARCH_NAME", "page")


class Visitor(FastHttpUser):
    wait_time = constant(0)

    @task
    def visit(self) -> None:
        with self.client.get(random.choice(PATHS), name=NAME, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif NAME == "search" and b"results-heading" not in (response.content or b""):
                response.failure("no results heading")
