"""A real municipality's first day: on an empty database the operator's commands set up Gouda
(GM0513) with its postcode areas, a team, an administrator and a professional; each opens the
printed invitation link in a browser, chooses a password, enrols an authenticator app and
lands on their home page."""

import base64
from io import StringIO

import pytest
from django.core.management import call_command
from django_otp.oath import totp

from zorgzaam.accounts.models import User
from zorgzaam.tenancy.models import PostcodeArea

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
NEW_PASSWORD = "Fietsen-langs-de-Hollandse-IJssel-5"


def zorgzaam(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def link_of(output: str) -> str:
    return output.strip().splitlines()[-1]


def totp_code(secret: str) -> str:
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret) % 8))
    return f"{totp(key):06d}"


def accept(browser, link: str, username: str, viewport: dict, name: str) -> None:
    context = browser.new_context(locale="nl-NL", viewport=viewport)
    page = context.new_page()
    try:
        page.goto(link)
        assert page.locator("h1").inner_text() == "Welkom bij Zorgzaam"
        assert page.get_by_text(username, exact=True).is_visible()
        assert page.get_by_text("Gouda", exact=True).first.is_visible()
        page.screenshot(path=f"test-artifacts/onboarding-{name}-1-invitation.png", full_page=True)
        # A mistake first: the two passwords differ.
        page.get_by_label("Nieuw wachtwoord", exact=True).fill(NEW_PASSWORD)
        page.get_by_label("Nieuw wachtwoord nogmaals").fill(NEW_PASSWORD + "!")
        page.get_by_role("button", name="Wachtwoord instellen en inloggen").click()
        assert page.get_by_text("De twee wachtwoorden verschillen.").is_visible()
        page.screenshot(path=f"test-artifacts/onboarding-{name}-2-error.png", full_page=True)
        page.get_by_label("Nieuw wachtwoord", exact=True).fill(NEW_PASSWORD)
        page.get_by_label("Nieuw wachtwoord nogmaals").fill(NEW_PASSWORD)
        page.get_by_role("button", name="Wachtwoord instellen en inloggen").click()
        # Straight to enrolment of the second factor, before anything else.
        page.wait_for_url("**/account/2fa/**")
        assert page.get_by_text("Stel een authenticator-app in", exact=False).is_visible()
        page.screenshot(path=f"test-artifacts/onboarding-{name}-3-enrol.png", full_page=True)
        secret = page.locator(".secret").inner_text()
        page.get_by_label("Code uit uw authenticator-app").fill(totp_code(secret))
        page.get_by_role("button", name="Bevestigen").click()
        page.wait_for_url("**/home/")
        assert page.locator("h1").inner_text().startswith("Welkom")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], "the page scrolls sideways"
        page.screenshot(path=f"test-artifacts/onboarding-{name}-4-home.png", full_page=True)
        # The link is spent: a second visit explains what to do.
        page.goto(link)
        assert page.locator("h1").inner_text() == "Deze uitnodigingslink werkt niet"
        page.screenshot(path=f"test-artifacts/onboarding-{name}-5-used.png", full_page=True)
    finally:
        context.close()


def test_gouda_is_set_up_from_the_command_line_and_staff_accept_in_a_browser(
    browser, live_server, settings
):
    settings.ZORGZAAM_PUBLIC_URL = live_server.url
    assert not User.objects.exists() and not PostcodeArea.objects.exists()

    assert "Gouda (GM0513) set up" in zorgzaam("municipality", "add", "GM0513")
    assert "created" in zorgzaam(
        "team", "add", "Sociaal team Gouda", "--municipality", "GM0513", "--areas", "Gouda"
    )
    admin_link = link_of(
        zorgzaam(
            "user",
            "add",
            "f.beheer",
            "--role",
            "beheerder",
            "--municipality",
            "GM0513",
            "--email",
            "f.beheer@example.nl",
            "--first-name",
            "Fenna",
            "--last-name",
            "Beheer",
        )  # fmt: skip
    )
    professional_link = link_of(
        zorgzaam(
            "user",
            "add",
            "p.devries",
            "--role",
            "professional",
            "--municipality",
            "GM0513",
            "--email",
            "p.devries@example.nl",
            "--team",
            "Sociaal team Gouda",
        )  # fmt: skip
    )
    assert admin_link.startswith(f"{live_server.url}/account/invitation/")
    assert PostcodeArea.objects.filter(municipality__code="GM0513").count() == 9

    accept(browser, admin_link, "f.beheer", DESKTOP, "administrator-desktop")
    accept(browser, professional_link, "p.devries", PHONE, "professional-phone")

    for username in ("f.beheer", "p.devries"):
        user = User.objects.get(username=username)
        assert user.has_usable_password()
        assert user.totpdevice_set.filter(confirmed=True).count() == 1
