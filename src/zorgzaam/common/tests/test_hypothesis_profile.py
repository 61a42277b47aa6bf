"""The Hypothesis CI profile (registered in the root conftest.py) is what CI relies on."""

import os
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[4]


def test_ci_profile_has_no_deadline_and_fixed_examples():
    ci = settings.get_profile("ci")
    assert ci.deadline is None
    assert ci.derandomize is True
    assert HealthCheck.too_slow in ci.suppress_health_check


def test_ci_true_loads_the_ci_profile():
    env = {k: v for k, v in os.environ.items() if k != "HYPOTHESIS_PROFILE"}
    env["CI"] = "true"
    probe = (
        "import conftest\n"
        "from hypothesis import settings\n"
        "assert settings.default.deadline is None, settings.default\n"
        "assert settings.default.derandomize, settings.default\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
