"""The policy officer opens the council report and downloads the PDF and the CSV."""

import subprocess

import pytest

from zorgzaam.accounts.roles import Role
from zorgzaam.common.testing import PASSWORD, make_world
from zorgzaam.stories.models import Audience
from zorgzaam.stories.tests.factories import approved_story

from .conftest import ui_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_policy_officer_downloads_pdf_and_csv(page, live_server, shot, tmp_path):
    world = make_world()
    for n, area in enumerate([world.village_a, world.village_a, world.village_b]):
        approved_story(
            world,
            area=area,
            title=f"Lichtpuntje {n + 1}",
            text="Het dorpshuis blijft open dankzij twintig vrijwilligers.",
            audience=Audience.COUNCIL,
            period="2026-Q3",
        )
    officer = world.users[Role.POLICY_OFFICER]
    ui_login(page, live_server.url, officer.username, PASSWORD)
    page.goto(f"{live_server.url}/home/")
    page.get_by_role("link", name="Raadsrapportage").click()
    page.get_by_label("Kwartaal", exact=True).select_option("2026-Q3")
    page.get_by_role("button", name="Tonen").click()
    assert page.locator("h1").inner_text().startswith("Raadsrapportage")
    assert page.get_by_text("Bron: CBS / Kadaster, 2024").count() >= 1
    # Issue #20: the summary first; "how is Zuiddorp doing" is one click away
    headings = page.locator("main h2").all_inner_texts()
    assert headings.index("Samenvatting") < headings.index("Cijfers per thema")
    page.get_by_role("link", name=world.village_b.name, exact=True).click()
    assert page.url.endswith(f"#dorp-{world.village_b.name.lower()}")
    card = page.locator(f"#dorp-{world.village_b.name.lower()}")
    assert card.get_by_role("heading", name=world.village_b.name).is_visible()
    assert "Gepubliceerde lichtpuntjes" in card.inner_text()
    shot("report-council")
    page.set_viewport_size({"width": 390, "height": 844})
    shot("report-council-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Bijlage: alle andere gepubliceerde verhalen").click()
    assert page.locator("h1").inner_text() == "Bijlage: alle andere gepubliceerde verhalen"
    assert page.get_by_text("Lichtpuntje 1").count() == 1
    shot("report-annex")
    page.set_viewport_size({"width": 390, "height": 844})
    shot("report-annex-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    # the annex is also a PDF of its own
    with page.expect_download() as info:
        page.get_by_role("link", name="Download de bijlage als pdf").click()
    pdf = tmp_path / "annex.pdf"
    info.value.save_as(pdf)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "Bijlage: alle andere gepubliceerde verhalen" in text and "Lichtpuntje 1" in text
    page.get_by_role("link", name="Terug naar de rapportage").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="PDF downloaden").click()
    pdf = tmp_path / "report.pdf"
    info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "Raadsrapportage" in text and "Bijlage: alle andere gepubliceerde verhalen" in text
    with page.expect_download() as info:
        page.get_by_role("link", name="Open data downloaden (CSV)").click()
    csv_path = tmp_path / "report.csv"
    info.value.save_as(csv_path)
    content = csv_path.read_text(encoding="utf-8-sig")
    assert "2026-Q3" in content
