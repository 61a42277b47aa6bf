"""Problems and warnings of an HSDS import grouped so a person can act on them: by kind, with
a count and the first few examples each, and the full list as a CSV report file.

The kind of a problem is its reason with the particulars taken out (ids, quoted values,
numbers): "service 1a2b...: name is required" and "service 3c4d...: name is required" are one
kind, "service <id>: name is required". No Django import: this module is pure Python.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

from zorgzaam.common.csvsafe import csv_row

EXAMPLES = 3

_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_PARTICULARS = [
    (re.compile(_UUID), "<id>"),
    (re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\""), "<value>"),
    (re.compile(r"(?<![\w<])-?\d+(?:[.,]\d+)*(?![\w>])"), "<n>"),
    (re.compile(r" at \S+"), " at <place>"),
]


def kind_of(reason: str) -> str:
    """The reason of a problem without its particulars."""
    text = reason
    for pattern, placeholder in _PARTICULARS:
        text = pattern.sub(placeholder, text)
    if text.startswith("conflict:"):
        return "conflict between files: " + text.split(" is ", 1)[0].split()[-1]
    return text


def grouped(items: list[tuple[str, str]], *, examples: int = EXAMPLES) -> list[str]:
    """Lines: per kind (most frequent first) its count, then its first ``examples``."""
    kinds = Counter(kind_of(why) for _where, why in items)
    shown: dict[str, list[tuple[str, str]]] = {}
    for where, why in items:
        bucket = shown.setdefault(kind_of(why), [])
        if len(bucket) < examples:
            bucket.append((where, why))
    lines = []
    for kind, count in kinds.most_common():
        lines.append(f"  {count:,} × {kind}")
        lines += [f"      {where}: {why}" for where, why in shown[kind]]
        if count > examples:
            lines.append(f"      ... and {count - examples:,} more")
    return lines


def summary_line(items: list[tuple[str, str]], noun: str) -> str:
    kinds = len({kind_of(why) for _where, why in items})
    return f"{len(items):,} {noun}{'s' if len(items) != 1 else ''} of {kinds:,} kind" + (
        "s" if kinds != 1 else ""
    )


def write_report(
    path: Path, problems: list[tuple[str, str]], warnings: list[tuple[str, str]]
) -> int:
    """Every problem and warning as a CSV row (severity, kind, place, reason); the rows
    written."""
    rows = [("problem", p) for p in problems] + [("warning", w) for w in warnings]
    with Path(path).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["severity", "kind", "place", "reason"])
        for severity, (where, why) in rows:
            writer.writerow(csv_row([severity, kind_of(why), where, why]))
    return len(rows)
