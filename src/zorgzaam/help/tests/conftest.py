import pytest

from zorgzaam.help.pool import pool_forget


@pytest.fixture(autouse=True)
def _fresh_pools():
    pool_forget()
    yield
    pool_forget()


@pytest.fixture
def helpworld(world):
    from .factories import HelpWorld

    return HelpWorld.make(world)
