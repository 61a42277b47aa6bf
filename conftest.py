"""Shared pytest fixtures: personas, and Playwright in Debian's chromium."""

import os

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Hypothesis on CI: no per-example deadline (a loaded 2-core machine is slow at random
# moments), no "too slow" health check for the same reason, and the same examples on every
# run (derandomize), so a red build is reproducible and not a roll of the dice. Loaded when
# CI=true, or by name with HYPOTHESIS_PROFILE=ci.
hypothesis_settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
if os.environ.get("HYPOTHESIS_PROFILE"):
    hypothesis_settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])
elif os.environ.get("CI", "").lower() == "true":
    hypothesis_settings.load_profile("ci")


@pytest.fixture
def world(db):
    from zorgzaam.common.testing import make_world

    return make_world()


@pytest.fixture(autouse=True)
def _no_axes_lockout_between_tests(settings):
    settings.AXES_ENABLED = False


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args():
    return {"locale": "nl-NL", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture(scope="session")
def shared_dir():
    """../shared beside the project root; tests that read it fail clearly when it is absent."""
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "shared"
    if not path.is_dir():
        pytest.fail(
            f"{path} is missing: clone the project next to its shared/ folder "
            "(tests read the official HSDS files and the PC4 data from there)."
        )
    return path


def _uses_db(request) -> tuple[bool, bool]:
    marker = request.node.get_closest_marker("django_db")
    names = request.fixturenames
    transactional = bool(
        (marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
        or "transactional_db" in names
        or "live_server" in names
    )
    return bool(marker) or "db" in names or transactional, transactional


@pytest.fixture(autouse=True)
def _audit_append_only_guard(request):
    """The audit log's append-only triggers are on in every test; a transactional test drops
    them just before pytest-django flushes its tables (the flush deletes every row)."""
    uses_db, transactional = _uses_db(request)
    if not uses_db:
        yield
        return
    request.getfixturevalue("_django_db_helper")
    from django.db import connection

    from zorgzaam.audit.db import drop_guard, install_guard

    install_guard(connection)
    yield
    if transactional:
        drop_guard(connection)
