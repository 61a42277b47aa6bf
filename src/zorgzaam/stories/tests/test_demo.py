import random
import re
from datetime import date
from types import SimpleNamespace

import pytest

from zorgzaam.accounts.roles import Role
from zorgzaam.reports.selectors import report_build
from zorgzaam.stories.demo import INVENTED, generate
from zorgzaam.stories.models import Level, Round, Selection, Story

pytestmark = pytest.mark.django_db


def test_demo_stories_and_rounds(world):
    users = {
        "bewoner": world.users[Role.RESIDENT],
        "vrijwilliger": world.users[Role.VOLUNTEER],
        "coordinator": world.users[Role.HUB_COORDINATOR],
        "professional": world.users[Role.PROFESSIONAL],
        "teamleider": world.users[Role.TEAM_LEAD],
        "beleid": world.users[Role.POLICY_OFFICER],
    }
    ctx = SimpleNamespace(
        municipality=world.municipality,
        users=users,
        teams=[world.team_a, world.team_b],
        rng=random.Random(3),
        today=date(2026, 11, 15),
        residents=[world.person_a, world.person_b],
    )
    counts = generate(ctx)
    assert counts["stories"] >= 300 and Story.objects.count() == counts["stories"]
    assert Story.objects.values("period").distinct().count() == 6
    assert Story.objects.values("area").distinct().count() == 2
    assert Story.objects.values("domain").distinct().count() == 3
    assert Round.objects.count() == 2
    for level in (Level.TEAM, Level.MUNICIPALITY, Level.COUNCIL):
        assert Selection.objects.filter(level=level).exists(), level
    assert all(s.reason for s in Selection.objects.all())
    report = report_build(world.municipality, "2026-Q3")
    assert report.stories and report.selections
    # Some stories name people: they went through the real de-identifier, nothing survives.
    named = Story.objects.exclude(deid_summary={})
    assert counts["stories_deidentified"] == named.count() >= 40
    assert Story.objects.filter(linked_persons__isnull=False).exists()
    approved = Story.objects.filter(status=Story.Status.APPROVED)
    assert approved.count() >= 300
    people = [
        (p.given_name, p.family_name, p.phone, p.street_address)
        for p in (world.person_a, world.person_b)
    ] + [(first, last, phone, street) for first, _infix, last, phone, street in INVENTED]
    for story in approved:
        digits = re.sub(r"\D", "", story.text)
        for first, last, phone, street in people:
            for word in (first, last, re.sub(r"\s*\d.*$", "", street)):
                assert not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", story.text), word
            assert re.sub(r"\D", "", phone)[-6:] not in digits, story.text
    assert all(s.original_text for s in named)
    # Issue #20: the report of the demo's last full quarter never shows a raw placeholder,
    # though its stories have them (they read as neutral words).
    from django.template.loader import render_to_string
    from django.utils.html import escape

    from zorgzaam.reports.pdf import annex_pdf_html, report_pdf_html
    from zorgzaam.reports.selectors import annex_build

    assert any(re.search(r"\[[A-Z]+-\d+\]", s.text) for s in report.stories)
    html = report_pdf_html(report)  # summary and the chosen stories
    # the annex with every other story: its page's cards and its own PDF
    annex = render_to_string("reports/_story.html", {"story": report.annex[0], "level": 3})
    annex_pdf = annex_pdf_html(annex_build(report.municipality, report.period), "council")
    assert all(str(escape(s.public_title())) in annex_pdf for s in report.annex)
    html += annex_pdf
    for text in (html, annex):
        assert not re.search(r"\[[A-Z]+-\d+\]", text)
    assert "weggelaten]" in html or "iemand" in html.lower()
