"""Residents with DigiD through a broker (the real test provider's DigiD-like client): first
login with consent creates the account and Person, the BSN is stored only encrypted and
never audited, the level of assurance is recorded and a page can require a minimum."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.oidc import provider as op
from zorgzaam.accounts.roles import Role
from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.testing import make_world
from zorgzaam.identity.models import CitizenIdentity
from zorgzaam.people.models import Person

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BSN = "999990019"


@pytest.fixture(scope="session")
def oidc_provider(live_server):
    provider = op.start(live_server.url)
    yield provider
    provider.stop()


@pytest.fixture
def world_digid(settings, oidc_provider):
    world = make_world()
    value = op.staff_settings(oidc_provider.issuer, world.municipality.code)
    value["providers"]["digid"] = op.digid_settings(oidc_provider.issuer, world.municipality.code)
    settings.ZORGZAAM_OIDC = value
    return world


def digid_sign_in(page, base: str, login: str, level: str) -> None:
    page.goto(f"{base}/account/login/")
    page.get_by_role("link", name="Inloggen met DigiD").click()
    page.get_by_label("User name").fill(login)
    page.get_by_label("Password").fill("anything")
    page.get_by_label("Level").select_option(level)
    page.get_by_role("button", name="Sign in").click()


def test_first_login_with_consent_then_level_rules(page, browser, live_server, world_digid, shot):
    base = live_server.url
    digid_sign_in(page, base, "burger", "midden")
    page.wait_for_url("**/account/oidc/welcome/")
    assert page.get_by_label("Voornaam").input_value() == "Bea"
    page.set_viewport_size({"width": 375, "height": 800})
    shot("digid-consent-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    shot("digid-consent-1280")
    # Without consent: nothing is made.
    postcode = world_digid.person_a.postcode
    page.get_by_label("Postcode").fill(postcode)
    page.get_by_role("button", name="Akkoord en account aanmaken").click()
    assert page.locator(".errorlist").count() == 1
    assert not CitizenIdentity.objects.exists()
    page.get_by_label("Postcode").fill(postcode)
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name="Akkoord en account aanmaken").click()
    page.wait_for_url("**/account/oidc/me/")
    assert "••••••019" in page.content()
    shot("digid-me-1280")

    identity = CitizenIdentity.objects.get()
    assert identity.identifier == BSN and identity.level == "midden"
    assert identity.user.role == Role.RESIDENT
    person = Person.objects.get(user=identity.user)
    assert (person.given_name, person.municipality) == ("Bea", world_digid.municipality)
    # Stored only encrypted: the raw column holds no BSN; the audit log neither.
    with connection.cursor() as cursor:
        cursor.execute("SELECT identifier, identifier_index FROM identity_citizenidentity")
        raw = cursor.fetchone()
    assert BSN not in raw[0] and BSN not in raw[1]
    rows = list(AuditEvent.objects.values_list("reason", "target_id", "fields"))
    assert not any(BSN in str(row) for row in rows)
    assert AuditEvent.objects.filter(
        event="identity.citizen_registered", reason__startswith="method=digid loa=midden"
    ).exists()
    page.get_by_role("button", name="Uitloggen").click()

    # Next login (new browser) at level basis: recognised, no consent again, but the page
    # that needs midden sends her to log in at a higher level.
    context = browser.new_context(locale="nl-NL")
    second = context.new_page()
    digid_sign_in(second, base, "burger", "basis")
    second.wait_for_url(f"{base}/home/**")
    assert CitizenIdentity.objects.count() == 1
    second.goto(f"{base}/account/oidc/me/")
    second.wait_for_url("**/account/oidc/level/**")
    assert "niveau midden" in second.content()
    shot_page = second
    shot_page.screenshot(path="test-artifacts/digid-level-too-low-1280.png", full_page=True)
    assert AuditEvent.objects.filter(
        event="identity.assurance_too_low", reason="needs=midden has=basis"
    ).exists()
    assert AuditEvent.objects.filter(
        event="identity.login", reason="method=digid loa=basis provider=digid"
    ).exists()
    context.close()


def test_invalid_bsn_from_the_broker_is_refused(page, live_server, world_digid, oidc_provider):
    # "kees" has no BSN claim at all.
    digid_sign_in(page, live_server.url, "kees", "substantieel")
    assert page.locator("dd code").first.inner_text() == "identifier"
    assert not CitizenIdentity.objects.exists()
