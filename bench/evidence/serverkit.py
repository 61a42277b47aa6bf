"""Shared by the evidence scripts: a throw-away database, the real server (granian) on a free
loopback port, and a description of the machine."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv" / "bin"
LOAD_VENV = ROOT / ".venv-load" / "bin"

sys.path.insert(0, str(ROOT / "bench"))
from _common import machine  # noqa: E402, F401  (re-exported: the evidence scripts import it from here)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, env: dict[str, str], port: int, log: Path, workers: int):
        self.env, self.port, self.log, self.workers = env, port, log, workers
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        cmd = [
            str(VENV / "granian"),
            "--interface",
            "wsgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            str(self.workers),
            "--blocking-threads",
            "8",
            "--no-ws",
            "zorgzaam.wsgi:application",
        ]
        self.proc = subprocess.Popen(
            cmd,
            env=self.env,
            cwd=ROOT,
            start_new_session=True,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"server did not start; see {self.log}")

    def kill(self) -> None:
        if self.proc is not None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def app_env(url: str, work: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "zorgzaam.conf.dev",
            "DEBUG": "false",
            "DATABASE_URL": url,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "AXES_ENABLED": "false",
            "ZORGZAAM_VAR_DIR": str(work / "var"),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT / "src"),
        }
    )
    return env


@contextlib.contextmanager
def prepared_db(db: str) -> Iterator[tuple[str, Path]]:
    """A migrated throw-away database (SQLite file or PostgreSQL cluster): (url, work dir)."""
    work = Path(tempfile.mkdtemp(prefix="zorgzaam-evidence-"))
    # Its own top-level folder: the postgres user cannot enter the root-only work folder.
    pg_dir = Path(tempfile.mkdtemp(prefix="zorgzaam-evidence-pg-"))
    if db == "postgres":
        url = subprocess.run(
            ["bash", str(ROOT / "scripts/pg.sh"), "start", str(pg_dir)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    else:
        url = f"sqlite:///{work / 'evidence.sqlite3'}"
    env = app_env(url, work)
    try:
        for args in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"]):
            subprocess.run(
                [str(VENV / "python"), "manage.py", *args], cwd=ROOT, env=env, check=True
            )
        yield url, work
    finally:
        if db == "postgres":
            subprocess.run(["bash", str(ROOT / "scripts/pg.sh"), "stop", str(pg_dir)], check=False)


@contextlib.contextmanager
def demo_server(db: str) -> Iterator[tuple[str, dict[str, str]]]:
    """A throw-away database with a small demo (seed 1, 200 residents, 60 volunteers), Django
    set up in this process against it, and the real server on a free loopback port: yields
    (base URL, the server's environment). Used by the fuzzing and the privacy probe."""
    with prepared_db(db) as (url, work):
        env = app_env(url, work)
        subprocess.run(
            [
                str(VENV / "python"),
                "manage.py",
                "demo-data",
                "--seed",
                "1",
                "--residents",
                "200",
                "--volunteers",
                "60",
            ],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        os.environ.update(env)
        sys.path.insert(0, str(ROOT / "src"))
        import django

        django.setup()
        port = free_port()
        server = Server(env, port, work / "server.log", workers=2)
        server.start()
        try:
            yield f"http://127.0.0.1:{port}", env
        finally:
            server.stop()
