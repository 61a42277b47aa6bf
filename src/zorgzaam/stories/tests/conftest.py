import pytest


@pytest.fixture(scope="session")
def deidentifier():
    """The one process-wide de-identifier (deduce costs ~1.1 GB and seconds to build)."""
    from zorgzaam.stories.deid import get_deidentifier

    return get_deidentifier()
