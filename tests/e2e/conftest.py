"""Browser tests: Playwright (Python) driving Debian's chromium against live_server."""

from pathlib import Path

import pytest
from django_otp.oath import totp

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def shot(page):
    """Save a full-page screenshot under test-artifacts/ (kept by CI, git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def ui_login(page, base_url: str, username: str, password: str, device=None) -> None:
    page.goto(f"{base_url}/account/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    if device is not None:
        page.goto(f"{base_url}/account/2fa/")
        code = f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"
        page.get_by_label("Code uit uw authenticator-app").fill(code)
        page.get_by_role("button", name="Bevestigen").click()
