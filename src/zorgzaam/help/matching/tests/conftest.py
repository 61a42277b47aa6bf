"""The matching tests need no Django. The project's root conftest has an autouse fixture that
asks for pytest-django's ``settings``; when the tests run with ``-p no:django`` that fixture does
not exist, so a stand-in is provided here (only then)."""

from __future__ import annotations

import sys
from types import SimpleNamespace

import pytest

if "pytest_django" not in sys.modules:

    @pytest.fixture
    def settings() -> SimpleNamespace:
        return SimpleNamespace()
