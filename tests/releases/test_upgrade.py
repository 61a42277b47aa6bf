"""Migrating from the previous release's schema, with its data, loses nothing (on the
database of this test run: SQLite, or a fresh database on the PostgreSQL server)."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from . import upgrade

HERE = Path(__file__).resolve().parent
RELEASES = sorted(p.name for p in HERE.iterdir() if (p / "migrations.json").exists())


def _run(url: str, release: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="zorgzaam.conf.test")
    return subprocess.run(
        [sys.executable, str(HERE / "upgrade.py"), release],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.mark.slow
@pytest.mark.parametrize("release", RELEASES)
def test_upgrade_from_release_loses_nothing(release, tmp_path):
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        name = f"zz_upgrade_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        parts = urlsplit(url)
        target = urlunsplit(parts._replace(path=f"/{name}"))
        try:
            result = _run(target, release)
        finally:
            with psycopg.connect(url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        result = _run(f"sqlite:///{tmp_path / 'upgrade.sqlite3'}", release)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "upgrade check: no loss" in result.stdout
    assert "15167 objects" in result.stdout or release != "0.1.0"


def test_the_check_sees_lost_rows_and_changed_values():
    t1, t2 = "2026-12-01T11:01:59.000Z", "2026-12-01T11:01:59Z"
    wanted = {"app.model": {1: {"a": "x", "t": t1}, 2: {"a": "y"}}}
    intact = {"app.model": {1: {"a": "x", "t": t2}, 2: {"a": "y"}}}
    assert upgrade.compare(wanted, intact, {}) == []
    problems = upgrade.compare(wanted, {"app.model": {1: {"a": "z", "t": t2}}}, {})
    assert any("1 of 2 rows lost" in p for p in problems)
    assert any("app.model.a: 1 of 2 values changed" in p for p in problems)
    dropped = upgrade.compare(wanted, {"app.model": {1: {"t": t2}, 2: {}}}, {})
    assert dropped == ["app.model.a (dropped): 2 of 2 values changed"]
    changed = {"app.model": {1: {"a": "z", "t": t2}, 2: {"a": "y"}}}
    assert upgrade.compare(wanted, changed, {"app.model": ["a"]}) == []
    assert upgrade.compare(wanted, {}, {}) == ["app.model: the model is gone (2 rows)"]
