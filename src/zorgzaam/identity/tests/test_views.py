"""Without a provider: password logins carry their method in the audit log, local passwords
can be switched off per municipality, a callback without a known state is refused, and a
page that needs a DigiD level sends a lower login on."""

from __future__ import annotations

import pytest

from zorgzaam.accounts.roles import Role
from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.testing import PASSWORD, login

pytestmark = pytest.mark.django_db

STAFF = {
    "municipality": "",
    "issuer": "http://127.0.0.1:9/",
    "client_id": "zorgzaam",
    "client_secret": "x",
}


def _password_login(client, user):
    return client.post("/account/login/", {"username": user.username, "password": PASSWORD})


def test_password_login_is_audited_with_its_method(client, world, settings):
    settings.AXES_ENABLED = False
    user = world.users[Role.POLICY_OFFICER]
    response = _password_login(client, user)
    assert response.status_code == 302
    line = AuditEvent.objects.get(event="identity.login")
    assert line.actor_id == user.public_id
    assert line.reason == "method=password loa=password"


def test_no_provider_configured_no_buttons(client, settings):
    settings.ZORGZAAM_OIDC = ""
    page = client.get("/account/login/").content.decode()
    assert "Of log in met" not in page
    assert client.get("/account/oidc/anything/login/").status_code == 404


def test_local_passwords_off_refuses_only_that_municipality(client, world, settings):
    settings.AXES_ENABLED = False
    settings.ZORGZAAM_OIDC = {
        "providers": {"idp": {**STAFF, "municipality": world.municipality.code}},
        "municipalities": {world.municipality.code: {"local_passwords": False}},
    }
    page = client.get("/account/login/").content.decode()
    assert "Inloggen met idp" in page
    response = _password_login(client, world.users[Role.PROFESSIONAL])
    assert response.status_code == 200  # the form again, not logged in
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(event="auth.login_failed").count() == 1
    assert _password_login(client, world.other_professional).status_code == 302


def test_callback_without_a_started_sign_in_is_refused(client, world, settings):
    settings.ZORGZAAM_OIDC = {
        "providers": {"idp": {**STAFF, "municipality": world.municipality.code}}
    }
    response = client.get("/account/oidc/callback/?code=abc&state=forged")
    assert response.status_code == 400
    assert "Deze aanmelding is niet hier begonnen" in response.content.decode()
    line = AuditEvent.objects.get(event="identity.login_refused")
    assert line.reason == "method=oidc provider=- refused=state"
    assert line.outcome == "denied"


def test_unreachable_provider_is_a_clear_page(client, world, settings):
    settings.ZORGZAAM_OIDC = {
        "providers": {"idp": {**STAFF, "municipality": world.municipality.code, "timeout": 2}}
    }
    response = client.get("/account/oidc/idp/login/")
    assert response.status_code == 502
    assert "niet bereikbaar" in response.content.decode()


def test_page_needing_a_level_sends_a_password_login_on(client, world):
    login(client, world.users[Role.RESIDENT])
    response = client.get("/account/oidc/me/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/oidc/level/?minimum=midden")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "niveau midden" in page.content.decode()
    assert AuditEvent.objects.filter(
        event="identity.assurance_too_low", reason="needs=midden has=-"
    ).exists()


def test_consent_page_without_a_pending_login_is_refused(client):
    response = client.get("/account/oidc/welcome/")
    assert response.status_code == 400
