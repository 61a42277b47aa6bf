"""The `zorgzaam` console command as a user meets it: help without any settings, and a
missing production setting as one line (what is missing, how to run locally), no traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

import zorgzaam

SRC = Path(zorgzaam.__file__).resolve().parent.parent


def zorgzaam_cmd(tmp_path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run `zorgzaam ARGS` in a clean environment: no Django settings at all, unless given."""
    clean = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(SRC),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "zorgzaam", *args],
        env=clean,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_help_works_without_any_setting(tmp_path):
    top = zorgzaam_cmd(tmp_path, "--help")
    assert top.returncode == 0, top.stderr
    assert "demo-data" in top.stdout and "hsds" in top.stdout  # every command, not Django's only
    assert top.stderr == ""
    sub = zorgzaam_cmd(tmp_path, "hsds", "--help")
    assert sub.returncode == 0, sub.stderr
    assert sub.stdout.startswith("usage: zorgzaam hsds")
    assert "Traceback" not in sub.stderr
    assert "usage: zorgzaam demo-data" in zorgzaam_cmd(tmp_path, "help", "demo-data").stdout
    assert not any(tmp_path.iterdir())  # printing help wrote nothing


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({}, "SECRET_KEY"),  # production settings, nothing set
        ({"SECRET_KEY": "x" * 50, "DEBUG": "maybe"}, "DEBUG"),  # a value that is not understood
    ],
)
def test_a_missing_setting_is_one_clear_line(tmp_path, env, named):
    result = zorgzaam_cmd(tmp_path, "hsds", "list", **env)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr  # one line, no traceback
    assert lines[0].startswith("zorgzaam: ") and named in lines[0]
    assert "DJANGO_SETTINGS_MODULE=zorgzaam.conf.dev zorgzaam hsds list" in lines[0]


def test_the_local_way_the_message_names_works(tmp_path):
    result = zorgzaam_cmd(
        tmp_path,
        "check",
        DJANGO_SETTINGS_MODULE="zorgzaam.conf.dev",
        ZORGZAAM_VAR_DIR=str(tmp_path / "var"),
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
