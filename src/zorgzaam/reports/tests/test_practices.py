"""Issue #24 in the council report: the werkbrigade's share of contacts held in the village
and the discretionary decisions per quarter, from real casework objects, suppressed like
every small count, in the page and the open data."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from zorgzaam.accounts.roles import Role
from zorgzaam.casework import decisions, presence
from zorgzaam.casework.tests.conftest import make_case
from zorgzaam.common.testing import login
from zorgzaam.reports import opendata
from zorgzaam.reports.selectors import report_build
from zorgzaam.stories.periods import period_of

pytestmark = pytest.mark.django_db


def _section(report, key):
    return next(s for s in report.sections if s.key == key)


def test_contacts_in_the_village_and_decisions_per_quarter(client, world, settings):
    settings.REPORT_SMALL_CELL_THRESHOLD, settings.REPORT_ROUND_TO = 5, 1
    case = make_case(world)
    pro, lead = world.users["professional"], world.users["team_lead"]
    today = timezone.localdate()
    for place in ["home"] * 8 + ["office"] * 4:
        presence.contact_record(actor=pro, household=case, place=place, held_on=today)
    made = [
        decisions.decision_request(
            actor=pro,
            household=case,
            legal_ground="pw_16",
            reason="Geen recht op bijstand, maar zonder steun valt het gezin uit elkaar.",
            expected_effect="De kinderen blijven thuis wonen.",
            cost=Decimal("850.00"),
            review_on=today + timedelta(days=90),
        )
        for _ in range(2)
    ]
    decisions.decision_decide(actor=lead, decision=made[0], approve=True)
    period = period_of(today)
    report = report_build(world.municipality, period)

    contacts = _section(report, "village_contacts")
    assert contacts.has_data and contacts.table.row_keys[-1] == period
    row = dict(zip(contacts.table.columns, contacts.table.cells[-1], strict=True))
    assert row["contacts"].display() == "12" and row["in_village"].display() == "8"
    assert row["at_hub"].display() == "0"
    assert row["share_in_village"].display() == "67%"  # from the published counts
    # the quarters before have no contacts: zeros, and no share
    assert contacts.table.cells[0][0].display() == "0"
    assert contacts.table.cells[0][-1].display() == "–"

    made_ = _section(report, "decisions")
    row = dict(zip(made_.table.columns, made_.table.cells[-1], strict=True))
    # two requested, one approved: fewer than the threshold, so hidden, and so is the cost
    assert row["requested"].display() == "< 5" and row["approved"].display() == "< 5"
    assert row["rejected"].display() == "0"
    assert row["approved_cost"].display() == "–"
    assert "850" not in str(made_.grid.rows)

    rows = list(csv.DictReader(io.StringIO(opendata.tidy_csv(report).decode("utf-8-sig"))))
    by = {(r["period"], r["measure_code"]): r for r in rows}
    assert by[(period, "village_contacts.contacts")]["value"] == "12"
    assert by[(period, "village_contacts.share_in_village")]["unit"] == "percent"
    assert by[(period, "decisions.requested")]["suppressed"] == "true"
    assert by[(period, "decisions.requested")]["value"] == ""
    assert by[(period, "decisions.requested")]["area_code"] == world.municipality.code

    login(client, world.users[Role.POLICY_OFFICER])
    page = client.get(f"/report/?period={period}").content.decode()
    assert "Werkbrigade: contacten in het dorp" in page
    assert "Ruimte met verantwoording" in page and "besluiten aangevraagd" in page
    assert 'data-cell="village_contacts.share_in_village.' in page


def test_more_decisions_publish_the_count_and_the_rounded_cost(world, settings):
    settings.REPORT_SMALL_CELL_THRESHOLD, settings.REPORT_ROUND_TO = 2, 1
    case = make_case(world)
    pro, lead = world.users["professional"], world.users["team_lead"]
    today = timezone.localdate()
    for cost in ("850.00", "1230.00"):
        decision = decisions.decision_request(
            actor=pro,
            household=case,
            legal_ground="pw_16",
            reason="Zonder steun valt het gezin uit elkaar.",
            expected_effect="De huur wordt betaald.",
            cost=Decimal(cost),
            review_on=today + timedelta(days=90),
        )
        decisions.decision_decide(actor=lead, decision=decision, approve=True)
    report = report_build(world.municipality, period_of(today))
    made = _section(report, "decisions")
    row = dict(zip(made.table.columns, made.table.cells[-1], strict=True))
    assert row["approved"].display() == "2"
    assert row["approved_cost"].display() == "€ 2.100"  # 2,080 rounded to EUR 100
