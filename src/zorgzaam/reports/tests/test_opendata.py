"""Open data: tidy CSV, the same for Dutch Excel, and a Frictionless data package that
validates (issue #20)."""

import io
import re
import zipfile
from decimal import Decimal

import frictionless
import pytest

from zorgzaam.accounts.roles import Role
from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.testing import login
from zorgzaam.reports import opendata, sources
from zorgzaam.reports.models import BudgetEntry
from zorgzaam.reports.selectors import report_build
from zorgzaam.reports.tests import test_report

pytestmark = pytest.mark.django_db

PERIOD = test_report.PERIOD
stories = test_report.stories  # the fixture
PLAIN = re.compile(r"-?\d+(\.\d+)?")


@pytest.fixture
def help_rows(world, monkeypatch, settings):
    """Small and large counts in the two villages (threshold 5, no rounding)."""
    settings.REPORT_SMALL_CELL_THRESHOLD, settings.REPORT_ROUND_TO = 5, 1

    def fake_help(municipality, period):
        return [
            {
                "area_id": world.village_a.public_id,
                "total": 3,
                "requests": {"done": 2, "accepted": 1},
                "buddies": 0,
                "volunteers_active": 2,
            },
            {
                "area_id": world.village_b.public_id,
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
    BudgetEntry.objects.create(
        municipality=world.municipality,
        period=PERIOD,
        category="formal",
        amount=Decimal("1121600.50"),
    )


def _rows(data: bytes, delimiter: str) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark
    text = data.decode("utf-8-sig")
    return [line.split(delimiter) for line in text.splitlines()]


def test_tidy_csv_has_one_plain_number_per_row(world, stories, help_rows):
    report = report_build(world.municipality, PERIOD)
    rows = _rows(opendata.tidy_csv(report), ",")
    assert rows[0] == opendata.FIELDS
    body = rows[1:]
    by_code = {(r[1], r[3]): r for r in body if r[0] == PERIOD}
    for r in body:
        assert len(r) == len(opendata.FIELDS), r
        assert r[6] == "" or PLAIN.fullmatch(r[6]), r  # no sentences, no thousands dots
        assert r[8] in ("true", "false") and (r[8] == "true") == (r[6] == "")
        assert r[7] in opendata.UNITS
    # Noorddorp's 3 requests are suppressed (Zuiddorp's 40 too: the total would tell)
    north, south = world.village_a.code, world.village_b.code
    assert by_code[(north, "help.asked")][6:] == ["", "count", "true"]
    assert by_code[(south, "help.buddies")][4:] == [
        "maatjeskoppels",
        "buddy pairs",
        "7",
        "count",
        "false",
    ]
    assert by_code[(world.municipality.code, "budget.formal")][6] == "1121600.5"
    # every code the report gives has its labels (a new figure needs its entry in MEASURES)
    assert {r[3] for r in body if not r[3].startswith(("stories.", "zrm."))} <= set(
        opendata.MEASURES
    )


def test_excel_file_is_semicolon_with_decimal_comma(world, stories, help_rows, settings):
    report = report_build(world.municipality, PERIOD)
    tidy = _rows(opendata.tidy_csv(report), ",")
    excel = _rows(opendata.excel_csv(report), ";")
    assert len(tidy) == len(excel)
    decimals = 0
    for a, b in zip(tidy[1:], excel[1:], strict=True):
        assert b[6] == a[6].replace(".", ",")
        assert b[8] == {"true": "ja", "false": "nee"}[a[8]]
        decimals += "," in b[6]
    assert decimals  # the budget amount with cents


def test_datapackage_validates(world, stories, help_rows, tmp_path):
    report = report_build(world.municipality, PERIOD)
    archive = zipfile.ZipFile(io.BytesIO(opendata.datapackage_zip(report)))
    archive.extractall(tmp_path)
    package = frictionless.Package(str(tmp_path / "datapackage.json"))
    assert package.licenses and package.sources
    assert [r.name for r in package.resources] == ["observations", "observations-excel-nl"]
    result = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert result.valid, result.flatten(["rowNumber", "fieldName", "type", "note"])
    tidy = package.get_resource("observations").read_rows()
    excel = package.get_resource("observations-excel-nl").read_rows()
    assert [dict(r) for r in tidy] == [dict(r) for r in excel]  # the same figures
    assert any(r["suppressed"] for r in tidy) and any(r["value"] == 7 for r in tidy)


def test_broken_file_does_not_validate(world, stories, help_rows, tmp_path):
    """The check is real: a sentence in the value column fails validation."""
    report = report_build(world.municipality, PERIOD)
    archive = zipfile.ZipFile(io.BytesIO(opendata.datapackage_zip(report)))
    archive.extractall(tmp_path)
    path = tmp_path / f"{opendata.file_stem(report)}.csv"
    text = path.read_text(encoding="utf-8-sig").replace(",7,", ",20 van 48 plannen,", 1)
    path.write_text(text, encoding="utf-8-sig")
    assert not frictionless.validate(str(tmp_path / "datapackage.json")).valid


@pytest.mark.parametrize(
    ("url", "content_type"),
    [
        ("/report/csv/", "text/csv; charset=utf-8"),
        ("/report/csv/excel/", "text/csv; charset=utf-8"),
        ("/report/datapackage/", "application/zip"),
    ],
)
def test_downloads_are_audited_and_refused_to_others(client, world, stories, url, content_type):
    login(client, world.users[Role.RESIDENT])
    assert client.get(url).status_code == 403
    login(client, world.users[Role.POLICY_OFFICER])
    response = client.get(f"{url}?period={PERIOD}")
    assert response.status_code == 200 and response["Content-Type"] == content_type
    assert "zorgzaam-" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(event="reports.export_csv").count() == 1
    assert client.get(f"{url}?period=2026-Q9").status_code == 400
    public = url.replace("/report/", f"/report/public/{world.municipality.slug}/")
    client.logout()
    response = client.get(f"{public}?period={PERIOD}")
    assert response.status_code == 200 and response["Content-Type"] == content_type
    assert client.get(public.replace(world.municipality.slug, "bestaat-niet")).status_code == 404


def test_public_open_data_holds_public_stories_only(client, world, stories):
    url = f"/report/public/{world.municipality.slug}/csv/?period={PERIOD}"
    rows = _rows(client.get(url).content, ",")
    current = {(r[1], r[3]): r[6] for r in rows[1:] if r[0] == PERIOD}
    assert current[(world.municipality.code, "stories.total")] == "1"  # De bankjes only
