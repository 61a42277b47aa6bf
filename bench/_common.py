"""Shared by the benches and the evidence scripts: a description of the machine a run was on."""

from __future__ import annotations

import datetime as dt
import os
import platform
from pathlib import Path


def _proc_field(path: str, key: str) -> str | None:
    """The value of the first ``key: value`` line of a /proc file, or None."""
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def machine(*, lines: bool = False, **extra: str) -> str:
    """Date (UTC), host, platform, Python, CPU (model, cores visible, the cores the process
    is pinned to when fewer, RAM), the 1-minute load average, then ``extra`` (label: value,
    e.g. ``versions="deduce 3.0"``). One line (for a ``machine:`` line or a JSON field), or
    with ``lines=True`` one labelled line each (the header of the benches' reports)."""
    cpu = _proc_field("/proc/cpuinfo", "model name") or platform.processor() or platform.machine()
    cpu += f"; {os.cpu_count()} cores visible"
    if hasattr(os, "sched_getaffinity"):
        pinned = sorted(os.sched_getaffinity(0))
        if len(pinned) < (os.cpu_count() or 0):
            cpu += f"; pinned to CPU {pinned}"
    mem_kb = _proc_field("/proc/meminfo", "MemTotal")
    if mem_kb:
        cpu += f"; {int(mem_kb.split()[0]) / 1024 / 1024:.1f} GB RAM"
    facts = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "host": platform.node(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpu": cpu,
        "load": f"{os.getloadavg()[0]:.1f} (1-minute average)",
        **extra,
    }
    if lines:
        return "\n".join(f"{label:<9} {value}" for label, value in facts.items())
    return " · ".join(f"{label} {value}" for label, value in facts.items())


def db_description(connection) -> str:
    """The database and its Python driver, e.g. ``postgresql psycopg`` (for a report's
    header; ``Database`` is the driver module on every concrete Django backend)."""
    driver = getattr(connection, "Database", None)
    return f"{connection.vendor} {getattr(driver, '__name__', '?')}"
