"""The audit row of reading a work visit (#16): the page audits the read, with the visit's id
and nothing of its plan."""

from __future__ import annotations

import datetime as dt

import pytest

from zorgzaam.accounts.roles import Role
from zorgzaam.audit.tests.rows import assert_no_personal_data, audit_row, last_pk
from zorgzaam.common.testing import login
from zorgzaam.reports import visits
from zorgzaam.reports.models import WorkVisit

pytestmark = pytest.mark.django_db


def test_reading_a_visit_is_audited_with_its_id_only(client, world):
    officer = world.users[Role.POLICY_OFFICER]
    visit = visits.visit_create(
        actor=officer,
        kind=WorkVisit.Kind.WORK_VISIT,
        title="Werkbezoek bij familie Verhoeven",
        date=dt.date(2026, 10, 14),
        start_time=dt.time(14, 0),
        hub_id=None,
        villages=[world.village_a],
        purpose="Hoe gaat het met de mantelzorg?",
        period="2026-Q3",
    )
    login(client, officer)
    since = last_pk()
    assert client.get(f"/report/visits/{visit.public_id}/").status_code == 200
    row = audit_row(
        "reports.visit_view",
        actor=officer,
        municipality=world.municipality,
        target=visit,
        since=since,
    )
    assert_no_personal_data(row, "Verhoeven", "mantelzorg", visit.title)
