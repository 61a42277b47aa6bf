"""Shared by the benches and the evidence scripts: a description of the machine a run was on,
with a CPU calibration figure (a fixed workload timed) to scale absolute numbers by."""

from __future__ import annotations

import datetime as dt
import functools
import os
import platform
import time
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


def _python_workload() -> int:
    """Plain interpreter work of the kind the apps do: loops, arithmetic, dicts, strings."""
    counts: dict[str, int] = {}
    total = 0
    for i in range(200_000):
        total += (i * i) % 7
        key = "k" + str(i % 97)
        counts[key] = counts.get(key, 0) + 1
    return total + len(counts)


def _numpy_workload() -> float:
    """Vectorised work of the kind the matching engine and the reports do: a sort, a
    gather, elementwise maths and a small matrix product, on fixed seeded data."""
    import numpy as np

    rng = np.random.default_rng(20_231)
    x = rng.random(200_000)
    order = np.argsort(x, kind="stable")
    y = np.sqrt(x[order]) * np.cos(x)
    m = rng.random((200, 200))
    return float(y.sum() + (m @ m).trace())


@functools.cache
def calibration(rounds: int = 5) -> tuple[float, float]:
    """(pure Python ms, NumPy ms): the best of ``rounds`` timings of a fixed workload on
    this machine (well under 0.1 s each). A run's absolute figures divided by the total
    compare across machines and across busier or quieter moments of a shared one."""
    best = []
    for work in (_python_workload, _numpy_workload):
        work()  # warm up (imports, allocator)
        times = []
        for _ in range(rounds):
            t0 = time.perf_counter()
            work()
            times.append(time.perf_counter() - t0)
        best.append(min(times) * 1000)
    return best[0], best[1]


def calibration_text() -> str:
    """``"calibration: X ms (this machine; ...)"`` - printed beside every bench's figures."""
    py, np_ms = calibration()
    return (
        f"calibration: {py + np_ms:.0f} ms (this machine; fixed workload, best of 5: "
        f"pure Python {py:.0f} ms + NumPy {np_ms:.0f} ms; lower is faster)"
    )


def machine(*, lines: bool = False, **extra: str) -> str:
    """Date (UTC), host, platform, Python, CPU (model, cores visible, the cores the process
    is pinned to when fewer, RAM), the 1-minute load average, then ``extra`` (label: value,
    e.g. ``versions="deduce 3.0"``), and the CPU :func:`calibration`. One line (for a
    ``machine:`` line or a JSON field), or with ``lines=True`` one labelled line each (the
    header of the benches' reports)."""
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
        "calibration": calibration_text().removeprefix("calibration: "),
        **extra,
    }
    if lines:
        return "\n".join(f"{label:<11} {value}" for label, value in facts.items())
    return " · ".join(f"{label} {value}" for label, value in facts.items())


def db_description(connection) -> str:
    """The database and its Python driver, e.g. ``postgresql psycopg`` (for a report's
    header; ``Database`` is the driver module on every concrete Django backend)."""
    driver = getattr(connection, "Database", None)
    return f"{connection.vendor} {getattr(driver, '__name__', '?')}"
