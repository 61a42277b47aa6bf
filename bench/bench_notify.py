"""Benchmark of the notification service (issue #19): queued e-mail delivered through a real
SMTP server on loopback by the real delivery worker, with a worker killed mid-run.

    .venv/bin/python bench/bench_notify.py [--count 10000] [--workers 2] [--quick]

In a throw-away SQLite database (a temporary file, WAL), it queues ``--count`` notifications
(one e-mail channel each, an idempotency key each) and enqueues their delivery task on the
database task backend (django-tasks-db, as in production). An aiosmtpd server on 127.0.0.1
receives the mail and counts it by Message-ID (the notification's idempotency: the same id on
every attempt). ``--workers`` ``manage.py db_worker`` processes deliver; when about a third has
arrived one worker is killed with SIGKILL and started again. A message the killed worker held
(claimed, lease running) is taken up by ``notifications_retry`` once the lease has run out, as
the ``help_notifications_retry`` command does in production; the bench moves that message's
lease end to now instead of waiting ten minutes.

Prints the machine and CPU calibration, throughput (messages/s) and latency (queued ->
received by the SMTP server: p50, p95, max), the same-run baseline (the same messages built
and sent in one process straight to the SMTP server, no queue, no worker) and the ratio, and
the check: every message received, none twice. Exits 1 when any is lost or duplicated.
``--quick`` (what ``make bench`` runs): 300 messages.
"""

from __future__ import annotations

import argparse
import datetime as dt
import email
import email.policy
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from _common import calibration_text, machine  # noqa: E402


class Counter:
    """aiosmtpd handler: per Message-ID, how often and when (first) it arrived."""

    def __init__(self):
        self.lock = threading.Lock()
        self.seen: dict[str, int] = {}
        self.first: dict[str, float] = {}

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        key = str(message["Message-ID"])
        now = time.time()
        with self.lock:
            self.seen[key] = self.seen.get(key, 0) + 1
            self.first.setdefault(key, now)
        return "250 OK"

    def total(self) -> int:
        with self.lock:
            return sum(self.seen.values())

    def distinct(self) -> int:
        with self.lock:
            return len(self.seen)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SETTINGS = """from zorgzaam.conf.test import *  # noqa: F403
TASKS = {{"default": {{"BACKEND": "django_tasks_db.DatabaseBackend"}}}}
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = {port}
DEFAULT_FROM_EMAIL = "zorgzaam@bench.example.nl"
"""


def setup(tmp: Path, port: int) -> dict:
    (tmp / "bench_notify_settings.py").write_text(SETTINGS.format(port=port))
    env = dict(os.environ)
    env["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    env["DJANGO_SETTINGS_MODULE"] = "bench_notify_settings"
    env["PYTHONPATH"] = os.pathsep.join([str(tmp), str(ROOT / "src"), env.get("PYTHONPATH", "")])
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")})
    sys.path.insert(0, str(tmp))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return env


def make_notes(count: int, tag: str) -> list[int]:
    """``count`` queued notifications with one e-mail channel each (bulk), returns ids."""
    from zorgzaam.help.models import Notification, NotificationDelivery
    from zorgzaam.tenancy.models import Municipality

    municipality = Municipality.objects.first() or Municipality.objects.create(
        code="GM9999", name="Bench"
    )
    notes = Notification.objects.bulk_create(
        Notification(
            municipality=municipality,
            idempotency_key=f"bench:{tag}:{i}",
            kind="bench",
            subject="Een vrijwilliger gaat u helpen",
            body="Jan helpt u donderdag met boodschappen. Bedankt voor uw geduld.",
            link="/help/my/",
        )
        for i in range(count)
    )
    if notes[0].pk is None:  # backends without RETURNING
        notes = list(Notification.objects.filter(idempotency_key__startswith=f"bench:{tag}:"))
    NotificationDelivery.objects.bulk_create(
        NotificationDelivery(
            municipality=municipality,
            notification=note,
            channel="email",
            address=f"bewoner{i}@example.nl",
        )
        for i, note in enumerate(notes)
    )
    return [n.pk for n in notes]


def baseline(count: int) -> float:
    """The same messages built and sent in one process, no queue: seconds."""
    from zorgzaam.help import channels
    from zorgzaam.help.models import Notification

    notes = list(
        Notification.objects.filter(pk__in=make_notes(count, "baseline")).select_related(
            "municipality"
        )
    )
    t0 = time.perf_counter()
    for i, note in enumerate(notes):
        channels.send_email(note, f"bewoner{i}@example.nl")
    return time.perf_counter() - t0


def start_worker(env: dict, n: int) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "db_worker",
            "--interval",
            "0.05",
            "--no-startup-delay",
            "--no-reload",
            "--worker-id",
            f"bench-{n}",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_until(predicate, timeout: float) -> bool:
    end = time.time() + timeout
    while time.time() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="300 messages")
    args = parser.parse_args()
    count = 300 if args.quick else args.count
    baseline_count = min(count, 300 if args.quick else 1000)

    import logging

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's line per command

    counter = Counter()
    port = free_port()
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    workers: list[subprocess.Popen] = []
    with tempfile.TemporaryDirectory(prefix="zorgzaam-bench-notify-") as tmp:
        try:
            env = setup(Path(tmp), port)
            print(machine(lines=True, database="sqlite (WAL), django-tasks-db"))
            base_s = baseline(baseline_count)
            base_rate = baseline_count / base_s
            counter.seen.clear()
            counter.first.clear()

            from django.db import connection
            from django.utils import timezone

            from zorgzaam.help import notifications
            from zorgzaam.help.models import Notification

            ids = make_notes(count, "run")
            queued_at = time.time()
            for note_id in ids:
                notifications.enqueue_delivery(note_id)
            enqueue_s = time.time() - queued_at
            connection.close()

            t0 = time.time()
            workers = [start_worker(env, n) for n in range(args.workers)]
            wait_until(lambda: counter.distinct() >= count // 3, timeout=600)
            victim = workers[0]
            victim.send_signal(signal.SIGKILL)
            victim.wait()
            killed_at = counter.distinct()
            workers[0] = start_worker(env, args.workers)

            def sending_or_done() -> bool:
                open_ = Notification.objects.filter(
                    idempotency_key__startswith="bench:run:",
                    delivery__in=["queued", "retrying"],
                ).count()
                return open_ == 0

            wait_until(lambda: counter.distinct() >= count or sending_or_done(), timeout=1800)
            # what the killed worker held: taken up again once its lease ran out (the retry
            # command), with the clock moved past the lease instead of waiting for it
            wait_until(lambda: False, timeout=1.0)  # let in-flight sends finish
            held = Notification.objects.filter(
                idempotency_key__startswith="bench:run:", delivery="sending"
            )
            stuck = held.count()
            recovered = 0
            if stuck:  # the lease runs out (moved, not waited for), then the retry command
                held.update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))
                recovered = notifications.notifications_retry(include_failed=True)
            wait_until(lambda: counter.distinct() >= count, timeout=600)
            duration = max(counter.first.values()) - t0 if counter.first else float("nan")
            wait_until(lambda: False, timeout=1.0)  # a late duplicate would arrive now
        finally:
            for w in workers:
                if w.poll() is None:
                    w.send_signal(signal.SIGTERM)
            for w in workers:
                try:
                    w.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    w.kill()
            controller.stop()

        sent = Notification.objects.filter(
            idempotency_key__startswith="bench:run:", delivery="sent"
        ).count()
    latencies = sorted(t - queued_at for t in counter.first.values())
    received, distinct = counter.total(), counter.distinct()
    lost = count - distinct
    duplicated = received - distinct
    rate = distinct / duration if duration else 0.0
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan")
    print()
    print(f"messages        {count:,} queued (enqueue {enqueue_s:.1f} s), {args.workers} workers")
    print(
        f"worker killed   SIGKILL after {killed_at:,} received, restarted; "
        f"{stuck} held by it, {recovered} taken up by the retry after the lease"
    )
    print(f"throughput      {rate:,.0f} messages/s ({duration:.1f} s from worker start)")
    print(
        f"latency         queued -> received: p50 {statistics.median(latencies):.1f} s, "
        f"p95 {p95:.1f} s, max {latencies[-1]:.1f} s (all queued at once)"
    )
    print(
        f"baseline        {base_rate:,.0f} messages/s sent in one process straight to the SMTP "
        f"server ({baseline_count:,} messages, no queue)"
    )
    print(f"ratio           queued delivery / baseline throughput: {rate / base_rate:.2f}")
    print(
        f"check           received {received:,}, distinct Message-IDs {distinct:,}, "
        f"lost {lost}, duplicated {duplicated}, marked sent {sent:,}"
    )
    print(calibration_text())
    ok = lost == 0 and duplicated == 0 and sent == count
    print("OK: none lost, none sent twice" if ok else "FAILED: lost or duplicated messages")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
