"""The municipal administrator's users-and-teams screens in a real browser, with JavaScript
switched off (every action is a plain form): invite a professional, change their team, reset
their second factor, deactivate them, and invite three staff from a CSV file. Screenshots at
375 px (phone) and 1280 px; no page may scroll sideways on the phone."""

import csv
import io

import pytest

from zorgzaam.accounts.models import Invitation, User
from zorgzaam.accounts.roles import Role
from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.testing import PASSWORD, give_totp, make_world

from .conftest import ARTIFACTS, ui_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}

STAFF_CSV = (
    "\ufeffusername;first_name;last_name;email;role;team\r\n"
    "s.visser;Sanne;Visser;s.visser@example.nl;professional;Team Noord\r\n"
    "k.smit;Kees;Smit;k.smit@example.nl;teamleider;Team Zuid\r\n"
    "f.elamrani;Fatima;El Amrani;f.elamrani@example.nl;policy_officer;\r\n"
)
BAD_CSV = (
    "username;first_name;last_name;email;role;team\r\n"
    "s.visser;Sanne;Visser;geen-adres;professional;Team Noord\r\n"
    "k.smit;Kees;Smit;k.smit@example.nl;tovenaar;Team Zuid\r\n"
)


def both_widths(page, name: str) -> None:
    """Screenshots at desktop and phone width; the phone page must not scroll sideways."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-1280.png"), full_page=True)
    page.set_viewport_size(PHONE)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name} scrolls sideways on a phone ({width} px)"
    page.screenshot(path=str(ARTIFACTS / f"{name}-375.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def test_administrator_manages_users_and_teams_without_javascript(browser, live_server):
    world = make_world()
    admin = world.users[Role.ADMINISTRATOR]
    base = live_server.url
    context = browser.new_context(locale="nl-NL", viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    ui_login(page, base, admin.username, PASSWORD, device=give_totp(admin))

    # From the home page to the users list.
    page.goto(f"{base}/home/")
    page.get_by_role("link", name="Gebruikers", exact=True).click()
    assert page.locator("h1").inner_text() == "Gebruikers"
    assert page.get_by_role("link", name=world.users[Role.PROFESSIONAL].username).count() == 1
    assert world.other_professional.username not in page.locator("main").inner_text()
    both_widths(page, "user-admin-list")

    # Invite a professional: a mistake first, shown in the error summary.
    page.get_by_role("link", name="Een gebruiker uitnodigen").click()
    page.get_by_label("Voornaam").fill("Lotte")
    page.get_by_label("Achternaam").fill("Jansen")
    page.get_by_label("E-mailadres").fill("lotte-zonder-domein")
    page.get_by_label("Gebruikersnaam").fill("l.jansen")
    page.get_by_label("Rol", exact=True).select_option(Role.PROFESSIONAL)
    page.get_by_label("Team Noord").check()
    page.get_by_role("button", name="Uitnodiging versturen").click()
    summary = page.locator(".error-summary")
    assert "Er is een probleem" in summary.inner_text()
    assert page.get_by_label("Voornaam").input_value() == "Lotte"
    both_widths(page, "user-admin-invite-error")
    page.get_by_label("E-mailadres").fill("l.jansen@example.nl")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    assert page.locator("h1").inner_text() == "Uitnodiging verstuurd"
    link = page.locator(".link-box").inner_text()
    assert "/account/invitation/" in link
    lotte = User.objects.get(username="l.jansen")
    token = link.strip().rstrip("/").rsplit("/", 1)[1]
    assert Invitation.objects.get(user=lotte).token_hash == Invitation.hash_token(token)
    assert "De link is gemaild naar l.jansen@example.nl." in page.locator("main").inner_text()
    both_widths(page, "user-admin-invitation-link")

    # Change her team.
    page.get_by_role("link", name="Naar de pagina van de gebruiker").click()
    assert page.locator("h1").inner_text() == "Lotte Jansen"
    assert "uitgenodigd" in page.locator("dl.facts").inner_text()
    page.get_by_label("Team Noord").uncheck()
    page.get_by_label("Team Zuid").check()
    page.get_by_role("button", name="Teams opslaan").click()
    assert "De teams zijn opgeslagen." in page.locator(".messages").inner_text()
    assert list(lotte.teams.all()) == [world.team_b]

    # She set up an authenticator and lost her telephone: reset, a reason is required.
    give_totp(lotte)
    page.reload()
    page.get_by_role("button", name="Tweede factor herstellen").click()
    assert "Geef een reden voor het herstellen." in page.locator("main").inner_text()
    both_widths(page, "user-admin-detail-error")
    page.get_by_label("Reden").fill("telefoon kwijt")
    page.get_by_role("button", name="Tweede factor herstellen").click()
    assert "is hersteld" in page.locator(".messages").inner_text()
    assert "nog niet ingesteld" in page.locator("dl.facts").inner_text()
    assert AuditEvent.objects.filter(
        event="account.otp.reset", target_id=str(lotte.public_id)
    ).exists()

    # Deactivate: only with the box ticked.
    page.get_by_label("Ja, deactiveer dit account").check()
    page.get_by_role("button", name="Account deactiveren").click()
    assert "gedeactiveerd" in page.locator("dl.facts").inner_text()
    lotte.refresh_from_db()
    assert not lotte.is_active
    both_widths(page, "user-admin-detail-deactivated")

    # Bulk: a file with problems writes nothing and lists each line.
    page.get_by_role("link", name="Uitnodigen uit een CSV-bestand").first.click()
    assert page.locator("h1").inner_text() == "Uitnodigen uit een CSV-bestand"
    page.get_by_label("CSV-bestand met medewerkers").set_input_files(
        files=[{"name": "fout.csv", "mimeType": "text/csv", "buffer": BAD_CSV.encode()}]
    )
    page.get_by_role("button", name="Controleren en uitnodigen").click()
    problems = page.locator("table.problems tbody tr")
    assert problems.count() == 2
    assert problems.nth(0).locator("td").first.inner_text() == "2"
    assert problems.nth(1).locator("td").first.inner_text() == "3"
    assert not User.objects.filter(username__in=["s.visser", "k.smit"]).exists()
    both_widths(page, "user-admin-bulk-errors")

    # The corrected file (Excel's UTF-8 CSV with BOM and semicolons): three invited.
    page.get_by_label("CSV-bestand met medewerkers").set_input_files(
        files=[{"name": "staf.csv", "mimeType": "text/csv", "buffer": STAFF_CSV.encode()}]
    )
    page.get_by_role("button", name="Controleren en uitnodigen").click()
    assert page.locator("h1").inner_text() == "Uitnodigingen verstuurd"
    assert "3 personen zijn uitgenodigd." in page.locator("main").inner_text()
    rows = page.locator("table tbody tr")
    assert rows.count() == 3
    assert User.objects.get(username="k.smit").role == Role.TEAM_LEAD
    assert User.objects.get(username="s.visser").teams.get() == world.team_a
    both_widths(page, "user-admin-bulk-done")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="De links downloaden (CSV)").click()
    download = download_info.value
    with open(download.path(), encoding="utf-8-sig") as fh:
        text = fh.read()
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert [r[0] for r in table[1:]] == ["s.visser", "k.smit", "f.elamrani"]
    assert all("/account/invitation/" in r[4] for r in table[1:])

    # The list filtered by status shows the three new invitations.
    page.goto(f"{base}/account/manage/users/?status=invited")
    names = page.locator("tbody th").all_inner_texts()
    assert sorted(names) == ["Fatima El Amrani", "Kees Smit", "Sanne Visser"]

    # Teams: create one with an area, see its page.
    page.get_by_role("link", name="Teams", exact=True).click()
    page.get_by_label("Naam van het team").fill("Team Oost")
    page.get_by_label(world.village_b.name).check()
    page.get_by_role("button", name="Team aanmaken").click()
    assert page.locator("h1").inner_text() == "Team Oost"
    both_widths(page, "user-admin-team")
    page.goto(f"{base}/account/manage/teams/")
    both_widths(page, "user-admin-teams")
    context.close()
