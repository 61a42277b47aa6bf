"""Loading and checking the story corpora in ``data/`` (dev and held-out)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from zorgzaam.stories.deid.engine import strip_labels

DATA = Path(__file__).parent / "data"

# Alphabetic PII shorter than this is checked as a whole word ("Els" must not match
# "winkels"); longer strings with a plain case-insensitive substring check.
_WORD_CHECK_BELOW = 5


def load(name: str) -> list[dict[str, Any]]:
    with open(DATA / f"{name}.json", encoding="utf-8") as fh:
        stories: list[dict[str, Any]] = json.load(fh)["stories"]
    return stories


def _digits(value: str) -> str:
    return "".join(c for c in value if c.isdigit())


def leaked(pii: str, output: str) -> bool:
    """Does ``pii`` survive in ``output`` (labels removed first)?"""
    out = strip_labels(output)
    low_out = out.lower()
    low = pii.lower()
    if len(pii) < _WORD_CHECK_BELOW and any(c.isalpha() for c in pii):
        if re.search(r"(?<!\w)" + re.escape(low) + r"(?!\w)", low_out):
            return True
    elif low in low_out:
        return True
    digits = _digits(pii)
    return len(digits) >= 6 and digits in _digits(out)


def check_story(story: dict[str, Any], output: str) -> tuple[list[str], list[str]]:
    """(PII strings that leaked, keep words that were lost)."""
    leaks = [p for p in story["pii"] if leaked(p, output)]
    lost = [k for k in story["keep"] if k.lower() not in output.lower()]
    return leaks, lost
