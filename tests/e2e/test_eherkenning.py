"""Organisations with eHerkenning through a broker (the real test provider's eHerkenning-like
client): the first sign-in asks consent and registers the organisation's contact, the KvK
number is stored only encrypted and never audited, the eHerkenning level (EH3) is recorded as
its level of assurance, and the next sign-in is recognised without consent."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.oidc import provider as op
from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.testing import make_world
from zorgzaam.identity.models import CitizenIdentity

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

KVK = "69599084"


@pytest.fixture(scope="session")
def oidc_provider(live_server):
    provider = op.start(live_server.url)
    yield provider
    provider.stop()


@pytest.fixture
def world_eh(settings, oidc_provider):
    world = make_world()
    value = op.staff_settings(oidc_provider.issuer, world.municipality.code)
    value["providers"]["eherkenning"] = op.eherkenning_settings(
        oidc_provider.issuer, world.municipality.code
    )
    settings.ZORGZAAM_OIDC = value
    return world


def eh_sign_in(page, base: str, login: str, level: str) -> None:
    page.goto(f"{base}/account/login/")
    page.get_by_role("link", name="Inloggen met eHerkenning").click()
    assert "eHerkenning" in page.title()
    page.get_by_label("User name").fill(login)
    page.get_by_label("Password").fill("anything")
    page.get_by_label("Level").select_option(level)
    page.get_by_role("button", name="Sign in").click()


def test_organisation_first_sign_in_with_consent_then_recognised(
    page, browser, live_server, world_eh, shot
):
    base = live_server.url
    eh_sign_in(page, base, "bakker", "EH3")
    page.wait_for_url("**/account/oidc/welcome/")
    content = page.content()
    assert "KvK-nummer" in content and "BSN" not in content
    page.set_viewport_size({"width": 375, "height": 800})
    shot("eherkenning-consent-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.get_by_label("Voornaam").input_value() == "Willem"
    page.get_by_label("Postcode").fill(world_eh.person_a.postcode)
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name="Akkoord en account aanmaken").click()
    page.wait_for_url("**/account/oidc/me/")
    assert "•••••084" in page.content()
    shot("eherkenning-me-1280")

    identity = CitizenIdentity.objects.get()
    assert (identity.kind, identity.identifier, identity.level) == (
        "eherkenning",
        KVK,
        "substantieel",
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT identifier, identifier_index FROM identity_citizenidentity")
        raw = cursor.fetchone()
    assert KVK not in raw[0] and KVK not in raw[1]
    assert not any(
        KVK in str(row) for row in AuditEvent.objects.values_list("reason", "target_id", "fields")
    )
    assert AuditEvent.objects.filter(
        event="identity.citizen_registered",
        reason="method=eherkenning loa=substantieel provider=eherkenning",
    ).exists()

    # A new browser at EH2: recognised by the KvK number, no second consent or account.
    context = browser.new_context(locale="nl-NL")
    second = context.new_page()
    eh_sign_in(second, base, "bakker", "EH2")
    second.wait_for_url(f"{base}/home/**")
    assert CitizenIdentity.objects.count() == 1
    identity.refresh_from_db()
    assert identity.level == "basis"
    assert AuditEvent.objects.filter(
        event="identity.login", reason="method=eherkenning loa=basis provider=eherkenning"
    ).exists()
    context.close()
