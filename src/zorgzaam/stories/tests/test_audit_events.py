"""The audit rows of telling, de-identifying and editing a story, and of adding a domain and
a round, each through its service with real objects (#16): ids only, never the text."""

from __future__ import annotations

import pytest
from django.utils import timezone

from zorgzaam.accounts.roles import Role
from zorgzaam.audit.tests.rows import assert_no_personal_data, audit_row, last_pk
from zorgzaam.common.testing import PersonFactory
from zorgzaam.stories import services
from zorgzaam.stories.models import Audience, Story
from zorgzaam.stories.periods import period_of
from zorgzaam.stories.selectors import domains_for

pytestmark = pytest.mark.django_db

TEXT = "Sinds Fenna Hoogland elke week langskomt, durf ik weer naar de markt in het dorp."
EDITED = "Sinds mijn buurvrouw elke week langskomt, durf ik weer naar de markt in het dorp."


def test_story_create_deidentify_and_edit_are_audited_with_ids_only(world, deidentifier):
    teller = world.users[Role.RESIDENT]
    person = PersonFactory(
        municipality=world.municipality,
        user=teller,
        given_name="Wilma",
        family_name="Koornstra",
        postcode_area=world.person_a.postcode_area,
        area=world.village_a,
    )
    teller.refresh_from_db()
    since = last_pk()
    story = services.story_create(
        teller=teller,
        text=TEXT,
        title="Naar de markt met Fenna",
        domain=domains_for(world.municipality).first(),
        area=world.village_a,
        period=period_of(timezone.localdate()),
    )
    row = audit_row(
        "stories.create", actor=teller, municipality=world.municipality, target=story, since=since
    )
    assert row.subject_id == person.public_id
    assert row.fields == ["original_text"]
    assert_no_personal_data(row, TEXT, "Fenna", "Hoogland", "Koornstra", story.title)

    since = last_pk()
    story = services.story_deidentify(story=story, deidentifier=deidentifier)
    assert story.status == Story.Status.DEIDENTIFIED
    row = audit_row(
        "stories.deidentify", actor=None, municipality=world.municipality, target=story, since=since
    )
    assert row.subject_id == person.public_id and row.fields == ["text"]
    assert_no_personal_data(row, TEXT, story.text, "Fenna", "Hoogland")

    since = last_pk()
    services.story_review(
        story=story, actor=teller, text=EDITED, audience=Audience.MUNICIPALITY, approve=False
    )
    row = audit_row(
        "stories.edit", actor=teller, municipality=world.municipality, target=story, since=since
    )
    assert row.fields == ["audience", "status", "text"]
    assert_no_personal_data(row, TEXT, EDITED, "buurvrouw")


def test_domain_and_round_create_are_audited(world):
    lead = world.users[Role.POLICY_OFFICER]
    since = last_pk()
    domain = services.domain_create(actor=lead, name="Samen koken", description="Eten met buren")
    audit_row(
        "stories.domain_create",
        actor=lead,
        municipality=world.municipality,
        target=domain,
        since=since,
    )
    since = last_pk()
    rnd = services.round_create(actor=lead, period="2026-Q2", title="Oogst voorjaar")
    row = audit_row(
        "stories.round_create", actor=lead, municipality=world.municipality, target=rnd, since=since
    )
    assert_no_personal_data(row, "Oogst voorjaar")
