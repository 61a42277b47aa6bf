"""Idle logout in a real browser: a professional types a household note, walks away, submits
after the idle limit; the login page says why, and after the password and the second factor
they are back on the household page with the note filled in again (never a 405)."""

from __future__ import annotations

import re
import time

import pytest
from django_otp.oath import totp

from zorgzaam.casework.models import CaseNote
from zorgzaam.casework.tests.conftest import make_case
from zorgzaam.common.testing import PASSWORD, give_totp, make_world

from .conftest import ui_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NOTE = "Mevrouw belde: de buurvrouw kan dinsdag niet, graag een ander maatje zoeken."


def test_idle_logout_keeps_the_note_and_returns_to_the_page(page, live_server, settings, shot):
    world = make_world()
    professional = world.users["professional"]
    household = make_case(world)
    device = give_totp(professional)
    base = live_server.url
    ui_login(page, base, professional.username, PASSWORD, device)

    detail = f"{base}/cases/{household.public_id}/"
    page.goto(detail)
    page.locator("textarea[name=text]").fill(NOTE)
    # Walk away: the limit passes (0 minutes: the next request is over it).
    settings.PROFESSIONAL_IDLE_TIMEOUT_MINUTES = 0
    time.sleep(1.2)
    page.locator("textarea[name=text]").press("Tab")
    page.locator("form[action$='/notes/'] button[type=submit]").click()

    page.wait_for_url(re.compile(r"/account/login/\?"))
    assert page.get_by_text("U bent uitgelogd omdat u een tijd niets gedaan had").is_visible()
    page.set_viewport_size({"width": 375, "height": 800})
    shot("idle-login-375")
    settings.PROFESSIONAL_IDLE_TIMEOUT_MINUTES = 30
    page.get_by_label("Gebruikersnaam").fill(professional.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r"/account/2fa/"))
    # The code of the first login may still be the current one: django-otp refuses a code
    # twice, so this test lets the device accept the current step again.
    type(device).objects.filter(pk=device.pk).update(last_t=-1)
    code = f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"
    page.get_by_label("Code uit uw authenticator-app").fill(code)
    page.get_by_role("button", name="Bevestigen").click()

    page.wait_for_url(detail)
    assert page.get_by_role("heading", name="Wat u aan het typen was, is bewaard").is_visible()
    assert page.locator("textarea[name=text]").input_value() == NOTE
    filled = "Het formulier hieronder is weer met deze gegevens ingevuld."
    assert page.get_by_text(filled).is_visible()
    # The kept value is named by its field's label, not by the form's field name ("text").
    label = page.locator("textarea[name=text]").evaluate("e => e.labels[0].textContent.trim()")
    assert page.locator(".idle-draft-fields dt").all_inner_texts() == [label]
    assert label != "text"
    shot("idle-draft-restored-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    shot("idle-draft-restored-1280")
    # Nothing was saved behind the user's back; submitting now saves it, once.
    assert all(n.text != NOTE for n in CaseNote.objects.filter(household=household))
    page.locator("form[action$='/notes/'] button[type=submit]").click()
    assert [n.text for n in CaseNote.objects.filter(household=household)].count(NOTE) == 1
