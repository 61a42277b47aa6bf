"""Staff sign-in with OpenID Connect against a real provider (oidc-provider on loopback):
mapped role and team, the provider's second factor in place of TOTP, refusals with a clear
page and an audit line, and logout at the provider."""

from __future__ import annotations

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.oidc import provider as op
from zorgzaam.accounts.models import User
from zorgzaam.accounts.roles import Role
from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.testing import PASSWORD, make_world
from zorgzaam.identity.models import ProviderIdentity

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="session")
def oidc_provider(live_server):
    provider = op.start(live_server.url)
    yield provider
    provider.stop()


@pytest.fixture
def world_oidc(settings, oidc_provider):
    world = make_world()
    settings.ZORGZAAM_OIDC = op.staff_settings(oidc_provider.issuer, world.municipality.code)
    return world


def provider_sign_in(page, base: str, login: str, *, mfa: bool, next_path: str = "") -> None:
    page.goto(f"{base}/account/login/{'?next=' + next_path if next_path else ''}")
    page.get_by_role("link", name="Inloggen met Testgemeente ID").click()
    page.get_by_label("User name").fill(login)
    page.get_by_label("Password").fill("anything")
    if mfa:
        page.get_by_label("I used my authenticator app (second factor)").check()
    page.get_by_role("button", name="Sign in").click()


def test_staff_sign_in_mapped_role_and_team_strong_factor_and_logout(
    page, live_server, world_oidc, oidc_provider, shot
):
    base = live_server.url
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{base}/account/login/")
    assert page.get_by_role("link", name="Inloggen met Testgemeente ID").is_visible()
    shot("oidc-login-page-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    shot("oidc-login-page-1280")

    provider_sign_in(page, base, "anna", mfa=True)
    # Created from the group mapping: professional in Team Noord, no password of her own.
    anna = User.objects.get(username="anna")
    assert anna.role == Role.PROFESSIONAL
    assert anna.municipality == world_oidc.municipality
    assert [t.name for t in anna.teams.all()] == ["Team Noord"]
    assert not anna.has_usable_password()
    assert ProviderIdentity.objects.filter(user=anna, provider="test-idp", subject="anna").exists()
    # The provider's second factor counts: a person-level page opens without the TOTP step.
    page.goto(f"{base}/people/")
    assert "/account/2fa/" not in page.url
    assert page.get_by_role("heading", level=1).count() == 1
    shot("oidc-strong-factor-1280")
    events = list(AuditEvent.objects.filter(actor_id=anna.public_id).values_list("event", "reason"))
    assert ("identity.user_created", "provider=test-idp") in events
    assert ("identity.login", "method=oidc loa=strong provider=test-idp") in events
    assert ("identity.second_factor", "provider=test-idp") in events
    assert not any("999" in reason for _event, reason in events)

    # Logout goes on to the provider, which sends the browser back to Zorgzaam.
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(f"{oidc_provider.issuer}/**")
    shot("oidc-provider-logout-1280")
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url(f"{base}/")
    assert AuditEvent.objects.filter(event="identity.logout", actor_id=anna.public_id).exists()
    page.goto(f"{base}/people/")
    assert "/account/login/" in page.url


def test_weak_factor_still_needs_totp(page, live_server, world_oidc, settings):
    # With login throttling on, as in production (the other tests switch it off).
    settings.AXES_ENABLED = True
    base = live_server.url
    provider_sign_in(page, base, "lotte", mfa=False)
    # Without the provider's second factor: straight to Zorgzaam's own TOTP enrolment.
    page.wait_for_url("**/account/2fa/**")
    lotte = User.objects.get(username="lotte")
    assert lotte.role == Role.TEAM_LEAD
    assert AuditEvent.objects.filter(
        event="identity.login",
        actor_id=lotte.public_id,
        reason__startswith="method=oidc loa=password",
    ).exists()
    page.goto(f"{base}/people/")
    assert "/account/2fa/" in page.url
    device = TOTPDevice.objects.get(user=lotte, confirmed=False)
    code = f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"
    page.get_by_label("Code uit uw authenticator-app").fill(code)
    page.get_by_role("button", name="Bevestigen").click()
    page.goto(f"{base}/people/")
    assert "/account/2fa/" not in page.url


def test_existing_account_is_found_by_username(page, live_server, world_oidc):
    # An invited account of the municipality signs in at the provider: no second account,
    # the role stays the one Zorgzaam's administrator gave.
    existing = world_oidc.users[Role.POLICY_OFFICER]
    existing.username = "anna"
    existing.save()
    provider_sign_in(page, live_server.url, "anna", mfa=False)
    page.wait_for_url(f"{live_server.url}/home/**")
    assert User.objects.filter(username="anna").count() == 1
    assert User.objects.get(username="anna").role == Role.POLICY_OFFICER


@pytest.mark.parametrize(
    ("login", "tamper", "code"),
    [
        ("kees", "none", "unknown_group"),
        ("anna", "nonce", "nonce"),
        ("anna", "expired", "expired"),
        ("anna", "audience", "audience"),
        ("anna", "signature", "signature"),
    ],
)
def test_refused_with_a_clear_page_and_an_audit_line(
    page, live_server, world_oidc, oidc_provider, shot, login, tamper, code
):
    oidc_provider.tamper(tamper)
    provider_sign_in(page, live_server.url, login, mfa=True)
    assert page.get_by_role("heading", level=1).inner_text() == "U bent niet ingelogd"
    assert page.locator("dd code").first.inner_text() == code
    assert not User.objects.filter(username=login).exists()
    refusal = AuditEvent.objects.get(event="identity.login_refused")
    assert refusal.outcome == "denied"
    assert refusal.reason == f"method=oidc provider=test-idp refused={code}"
    assert str(refusal.public_id) in page.content()
    assert refusal.municipality_code == world_oidc.municipality.code
    # Not logged in.
    page.goto(f"{live_server.url}/people/")
    assert "/account/login/" in page.url
    if code in ("unknown_group", "nonce"):
        page.go_back()
        page.set_viewport_size({"width": 375, "height": 800})
        shot(f"oidc-refused-{code}-375")
        page.set_viewport_size({"width": 1280, "height": 900})
        shot(f"oidc-refused-{code}-1280")


def test_local_passwords_off_for_the_municipality(page, live_server, settings, world_oidc):
    settings.ZORGZAAM_OIDC = {
        **settings.ZORGZAAM_OIDC,
        "municipalities": {world_oidc.municipality.code: {"local_passwords": False}},
    }
    prof = world_oidc.users[Role.PROFESSIONAL]
    page.goto(f"{live_server.url}/account/login/")
    page.get_by_label("Gebruikersnaam").fill(prof.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    assert "/account/login/" in page.url
    page.goto(f"{live_server.url}/home/")
    assert "/account/login/" in page.url
    # Another municipality's staff still use their password.
    other = world_oidc.other_professional
    page.goto(f"{live_server.url}/account/login/")
    page.get_by_label("Gebruikersnaam").fill(other.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.wait_for_url(f"{live_server.url}/home/**")
