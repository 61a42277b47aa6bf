"""Reviewers see what was replaced and why, restore a wrongly replaced word with one click
(audited without the word), and the word goes on the municipality's keep-list (#22)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone

from zorgzaam.accounts.roles import Role
from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.testing import UserFactory, login
from zorgzaam.stories import services
from zorgzaam.stories.models import Audience, KeepWord, Redaction, Story
from zorgzaam.stories.periods import period_of
from zorgzaam.stories.selectors import domains_for, keep_words_for

pytestmark = pytest.mark.django_db

WORD = "Hollandse Kaasboerderij"
TEXT = (
    "Sinds Karim Bouzid elke dinsdag langskomt durf ik weer naar buiten. Via de "
    "Hollandse Kaasboerderij kreeg ik werk. Bel hem op 06-41234567. De Hollandse "
    "Kaasboerderij zoekt nog meer mensen."
)


def _story(world, teller, deidentifier, text=TEXT, municipality=None, area=None) -> Story:
    municipality = municipality or world.municipality
    story = services.story_create(
        teller=teller,
        text=text,
        domain=domains_for(municipality).first(),
        area=area or world.village_a,
        period=period_of(timezone.localdate()),
        audience=Audience.MUNICIPALITY,
    )
    return services.story_deidentify(story=story, deidentifier=deidentifier)


def _redaction(story: Story, word: str) -> Redaction:
    return next(r for r in story.redactions.all() if r.word == word)


@pytest.fixture
def teller(world):
    return world.users[Role.RESIDENT]


def test_the_review_shows_what_was_replaced_and_why(client, world, teller, deidentifier):
    story = _story(world, teller, deidentifier)
    assert WORD not in story.text and "Karim" not in story.text
    rows = list(story.redactions.order_by("order"))
    assert [r.word for r in rows] == [
        "Karim Bouzid",
        WORD,
        "06-41234567",
        f"De {WORD}",
    ]
    for row in rows:  # each one points at its placeholder in the text
        assert story.text[row.at : row.at + len(row.label)] == row.label
    with connection.cursor() as cursor:  # the replaced words are stored encrypted
        cursor.execute("SELECT word FROM stories_redaction")
        assert all("Kaas" not in raw and "Karim" not in raw for (raw,) in cursor.fetchall())

    login(client, world.users[Role.PROFESSIONAL])
    page = client.get(f"/stories/{story.public_id}/").content.decode()
    assert "Wat is vervangen en waarom" in page
    assert "een woord met een hoofdletter midden in een zin" in page  # rule:proper_name
    restore = Redaction.objects.get(pk=_redaction(story, WORD).pk)
    assert f"/stories/{story.public_id}/restore/{restore.public_id}/" in page
    phone = _redaction(story, "06-41234567")
    assert f"/restore/{phone.public_id}/" not in page  # a phone number stays replaced
    # The teller reviews too, but the policy officer does not see the replaced words.
    officer = login(client.__class__(), world.users[Role.POLICY_OFFICER])
    assert officer.get(f"/stories/{story.public_id}/").status_code == 403


def test_team_restore_puts_the_word_back_audited_and_on_the_keep_list(
    client, world, teller, deidentifier
):
    story = _story(world, teller, deidentifier)
    professional = world.users[Role.PROFESSIONAL]
    login(client, professional)
    target = _redaction(story, WORD)
    response = client.post(f"/stories/{story.public_id}/restore/{target.public_id}/")
    assert response.status_code == 302 and response["Location"].endswith("#redactions")
    story.refresh_from_db()
    # Both mentions are back (one click for the word), the person and phone stay replaced.
    assert story.text.count(WORD) == 2
    assert "Karim" not in story.text and "41234567" not in story.text
    assert story.text.startswith("Sinds [PERSOON-1] elke dinsdag")
    assert story.deid_summary == {"PERSOON": 1, "TELEFOON": 1}
    page = client.get(f"/stories/{story.public_id}/").content.decode()
    assert f"Via de {WORD} kreeg ik werk." in page  # re-rendered in the review text
    assert "teruggezet" in page

    event = AuditEvent.objects.get(event="stories.restore")
    assert (event.actor_id, event.target_id, event.reason) == (
        professional.public_id,
        str(story.public_id),
        "rule:proper_name",
    )
    keep = KeepWord.objects.get()
    assert (keep.municipality, keep.word, keep.added_by) == (
        world.municipality,
        WORD,
        professional,
    )
    assert AuditEvent.objects.filter(event="stories.keep_add", target_id=str(keep.public_id))
    with connection.cursor() as cursor:
        cursor.execute("SELECT word FROM stories_keepword")
        assert "Kaas" not in cursor.fetchone()[0]  # encrypted at rest
    for row in AuditEvent.objects.all().values():  # never the word in the audit log
        assert "Kaasboerderij" not in str(row)

    # The next story of this municipality keeps the word; another municipality's does not.
    assert keep_words_for(world.municipality) == frozenset({WORD})
    later = _story(world, world.users[Role.VOLUNTEER], deidentifier, text=TEXT)
    assert later.text.count(WORD) == 2 and "Karim" not in later.text
    elsewhere = _story(
        world,
        world.other_professional,
        deidentifier,
        text=TEXT,
        municipality=world.other_municipality,
        area=world.other_person.area,
    )
    assert WORD not in elsewhere.text
    assert keep_words_for(world.other_municipality) == frozenset()

    # A second click on a restored passage is refused clearly, nothing changes.
    again = client.post(f"/stories/{story.public_id}/restore/{target.public_id}/", follow=True)
    assert "Deze passage kan niet worden teruggezet." in again.content.decode()
    assert KeepWord.objects.count() == 1

    # Approval ends the review: the replaced words are deleted.
    client.post(
        f"/stories/{story.public_id}/review/",
        {"text": story.text, "audience": Audience.MUNICIPALITY, "approve": "1"},
    )
    story.refresh_from_db()
    assert story.status == Story.Status.APPROVED and not story.redactions.exists()


def test_a_tellers_restore_stays_in_the_story(client, world, teller, deidentifier):
    story = _story(world, teller, deidentifier)
    login(client, teller)
    target = _redaction(story, WORD)
    page = client.get(f"/stories/{story.public_id}/").content.decode()
    assert "/stories/keep-list/" not in page  # the teller's restore is for this story only
    client.post(f"/stories/{story.public_id}/restore/{target.public_id}/")
    story.refresh_from_db()
    assert story.text.count(WORD) == 2
    assert not KeepWord.objects.exists()
    assert AuditEvent.objects.filter(event="stories.restore", actor_id=teller.public_id)


def test_contact_details_and_the_records_people_cannot_be_restored(world, teller, deidentifier):
    teller.first_name, teller.last_name = "Wilma", "Verhoef"
    teller.save()
    story = _story(world, teller, deidentifier, text=TEXT + " Groet, Wilma Verhoef.")
    phone = _redaction(story, "06-41234567")
    known = next(r for r in story.redactions.all() if r.source == "known")
    for row in (phone, known):
        with pytest.raises(services.ApplicationError):
            services.redaction_restore(redaction=row, actor=teller)
    story.refresh_from_db()
    assert "41234567" not in story.text and "Verhoef" not in story.text
    assert not AuditEvent.objects.filter(event="stories.restore").exists()


def test_restore_refused_to_others_and_after_the_text_changed(client, world, teller, deidentifier):
    story = _story(world, teller, deidentifier)
    target = _redaction(story, WORD)
    url = f"/stories/{story.public_id}/restore/{target.public_id}/"
    for user in (
        world.other_professional,
        world.users["professional_b"],
        UserFactory(role=Role.VOLUNTEER, municipality=world.municipality),
    ):
        assert login(client.__class__(), user).post(url).status_code == 403, user.role
    story.refresh_from_db()
    assert WORD not in story.text
    # The teller edits the text: it is checked again, the old list is gone (404, not a
    # wrong passage restored).
    login(client, teller)
    client.post(
        f"/stories/{story.public_id}/review/",
        {"text": story.text + " Het was fijn.", "audience": Audience.MUNICIPALITY},
    )
    assert client.post(url).status_code == 404


def test_keep_list_seen_and_removed_by_the_team_of_its_municipality(client, world):
    mine = services.keep_word_add(
        municipality=world.municipality,
        word="Kaasboerderij",
        tag="PERSOON",
        source="rule:proper_name",
        actor=world.users[Role.PROFESSIONAL],
    )
    theirs = services.keep_word_add(
        municipality=world.other_municipality,
        word="Anderstadse Molen",
        tag="PERSOON",
        source="deduce",
        actor=world.other_professional,
    )
    assert (
        services.keep_word_add(  # the same word again is the same entry
            municipality=world.municipality,
            word="kaasboerderij ",
            tag="PERSOON",
            source="deduce",
            actor=world.users[Role.TEAM_LEAD],
        )
        == mine
    )
    lead = world.users[Role.TEAM_LEAD]
    login(client, lead)
    page = client.get("/stories/keep-list/").content.decode()
    assert "Kaasboerderij" in page and "Anderstadse" not in page
    assert AuditEvent.objects.filter(event="stories.keep_view", actor_id=lead.public_id)
    assert client.post(f"/stories/keep-list/{theirs.public_id}/remove/").status_code == 403
    assert KeepWord.objects.filter(pk=theirs.pk).exists()
    response = client.post(f"/stories/keep-list/{mine.public_id}/remove/")
    assert response.status_code == 302
    assert not KeepWord.objects.filter(pk=mine.pk).exists()
    removed = AuditEvent.objects.get(event="stories.keep_remove")
    assert removed.target_id == str(mine.public_id) and removed.reason == "rule:proper_name"
    resident = login(client.__class__(), world.users[Role.RESIDENT])
    assert resident.get("/stories/keep-list/").status_code == 403
