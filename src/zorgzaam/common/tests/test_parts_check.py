"""`manage.py check` passes for every ZORGZAAM_PARTS value docs/operations.md offers.

The values are read from the documentation's row of the setting (`auto`, `none`, the example
list), plus each part on its own ("or names"). Each runs in its own process, because the
setting decides INSTALLED_APPS when Django starts.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]
PARTS = ("socialmap", "help", "casework", "stories", "reports", "work")


def documented_values() -> list[str]:
    text = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| `ZORGZAAM_PARTS`"))
    values = re.findall(r"`([^`]+)`", row)[1:]  # the first is the variable's name
    return list(dict.fromkeys(values))


def test_the_documented_values_are_found():
    values = documented_values()
    assert {"auto", "none"} <= set(values)
    assert any("," in value for value in values), "the example list of names"


@pytest.mark.parametrize("value", list(dict.fromkeys(documented_values() + list(PARTS))))
def test_manage_py_check_passes(value):
    env = {
        **os.environ,
        "ZORGZAAM_PARTS": value,
        "DJANGO_SETTINGS_MODULE": "zorgzaam.conf.test",
    }
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"ZORGZAAM_PARTS={value}:\n{result.stdout}\n{result.stderr}"
    assert "System check identified no issues" in result.stdout
