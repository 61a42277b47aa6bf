"""`zorgzaam oidc list|check` against the real test provider on loopback."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from tests.oidc import provider as op
from zorgzaam.common.testing import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def oidc_provider():
    provider = op.start("http://127.0.0.1:8000")
    yield provider
    provider.stop()


def test_check_passes_for_a_provider_that_answers(settings, oidc_provider, capsys):
    world = make_world()
    settings.ZORGZAAM_OIDC = op.staff_settings(oidc_provider.issuer, world.municipality.code)
    call_command("oidc", "check")
    out = capsys.readouterr().out
    assert f"test-idp: staff for {world.municipality.code}" in out
    assert "All providers answer" in out


def test_check_names_each_problem(settings, oidc_provider, capsys):
    world = make_world()
    value = op.staff_settings(oidc_provider.issuer + "/wrong", world.municipality.code)
    value["providers"]["test-idp"]["groups"]["x"] = {"teams": ["Team Nergens"]}
    settings.ZORGZAAM_OIDC = value
    with pytest.raises(CommandError, match="2 problem"):
        call_command("oidc", "check")
    out = capsys.readouterr().out
    assert "no team 'Team Nergens'" in out
    assert "discovery" in out


def test_list_without_providers(settings, capsys):
    settings.ZORGZAAM_OIDC = ""
    call_command("oidc", "list")
    assert "local passwords only" in capsys.readouterr().out
