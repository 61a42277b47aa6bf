"""One deduce-backed de-identifier for the whole test session (it costs ~1.1 GB).

These tests use no Django. The project's root conftest has an autouse fixture that asks
for pytest-django's ``settings``; with ``-p no:django`` that fixture does not exist, so
this directory provides a harmless stand-in (with pytest-django it shadows the real one
for these tests only, which is fine: nothing here reads Django settings).
"""

from __future__ import annotations

import types

import pytest

from zorgzaam.stories.deid.engine import Deidentifier, get_deidentifier


@pytest.fixture
def settings() -> types.SimpleNamespace:
    return types.SimpleNamespace()


@pytest.fixture(scope="session")
def deid() -> Deidentifier:
    return get_deidentifier()
