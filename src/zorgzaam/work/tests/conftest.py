import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages():
    """Service and validation messages are checked in English (the msgids)."""
    with translation.override("en"):
        yield
