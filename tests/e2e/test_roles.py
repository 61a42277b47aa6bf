"""Log in as each role in a real browser, look at the home page, keep a screenshot."""

import pytest
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from zorgzaam.accounts.roles import MFA_ROLES, Role
from zorgzaam.common.testing import PASSWORD, give_totp, make_world
from zorgzaam.web.nav import tasks_for

from .conftest import ui_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("role", Role.values)
def test_each_role_logs_in_and_sees_its_home(page, live_server, shot, role):
    world = make_world()
    user = world.users[role]
    device = give_totp(user) if role in MFA_ROLES else None
    ui_login(page, live_server.url, user.username, PASSWORD, device)
    page.goto(f"{live_server.url}/home/")
    assert page.locator("h1").inner_text().startswith("Welkom")
    with translation.override("nl"):
        label = str(Role(role).label)
    assert page.locator("p.meta strong").inner_text() == label
    # the role's tasks, in order, each a link (web.nav registers them per capability)
    expected = [task["url"] for task in tasks_for(user)]
    assert expected, f"the home page of {role} offers no task"
    links = page.locator(".card-grid .card h3 a")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == expected
    shot(f"home-{role}")
    if role in (Role.PROFESSIONAL, Role.TEAM_LEAD):
        page.get_by_role("link", name="Inwoners in mijn gebied").click()
        assert page.get_by_role("link", name=world.person_a.full_name).is_visible()
        shot(f"people-{role}")


def test_person_page_needs_second_factor_in_browser(page, live_server):
    world = make_world()
    user = world.users[Role.PROFESSIONAL]
    TOTPDevice.objects.filter(user=user).delete()
    ui_login(page, live_server.url, user.username, PASSWORD)
    page.goto(f"{live_server.url}/people/{world.person_a.public_id}/")
    assert "/account/2fa/" in page.url
    assert page.get_by_text("Stel een authenticator-app in", exact=False).is_visible()


def test_phone_width_landing(browser, live_server, shot):
    context = browser.new_context(locale="nl-NL", viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(live_server.url)
    assert page.locator("h1").inner_text() == "Hulp dichtbij huis"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "page scrolls sideways on a phone"
    page.screenshot(path="test-artifacts/landing-phone.png", full_page=True)
    context.close()
