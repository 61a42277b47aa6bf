"""Placeholders read as neutral words (issue #20): by tag, by role, or as the reviewer chose."""

from __future__ import annotations

import pytest

from zorgzaam.accounts.roles import Role
from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.errors import ApplicationError
from zorgzaam.common.testing import login
from zorgzaam.stories import services, wording
from zorgzaam.stories.models import Audience, Story
from zorgzaam.stories.selectors import domains_for

TEXT = (
    "Coördinator [PERSOON-1] zette de hulpvragen in Zorgzaam. Mevrouw [PERSOON-2] "
    "([LEEFTIJD-1]) is blij. Heb je vragen, bel [PERSOON-1] gerust op [TELEFOON-1]."
)


def test_placeholders_become_neutral_words_consistently():
    text = wording.render(TEXT)
    assert text == (
        "De coördinator zette de hulpvragen in Zorgzaam. Een bewoonster is blij. Heb je "
        "vragen, bel de coördinator gerust op [telefoonnummer weggelaten]."
    )
    chosen = wording.render(
        "[PERSOON-1] kwam langs. Later hielp [PERSOON-1] weer.", {"[PERSOON-1]": "een buurvrouw"}
    )
    assert chosen == "Een buurvrouw kwam langs. Later hielp de buurvrouw weer."
    # only words from the closed list: a name typed by someone is ignored
    assert wording.render("[PERSOON-1] kwam.", {"[PERSOON-1]": "Karim"}) == "Iemand kwam."
    assert wording.render("Naar [EMAIL-1] of [ONBEKEND-3].") == (
        "Naar [e-mailadres weggelaten] of [weggelaten]."
    )
    for sample in (TEXT, "[PERSOON-1]", "(([LEEFTIJD-1]))", "Mijn buurman [PERSOON-2]!"):
        assert not wording.LABEL.search(wording.render(sample))


@pytest.fixture
def story(world):
    return Story.objects.create(
        municipality=world.municipality,
        teller=world.users[Role.RESIDENT],
        original_text="origineel",
        text=TEXT,
        status=Story.Status.DEIDENTIFIED,
        audience=Audience.COUNCIL,
        domain=domains_for(world.municipality).first(),
        area=world.village_a,
        period="2026-Q3",
    )


@pytest.mark.django_db
def test_reviewer_sees_and_chooses_the_words_before_approval(client, world, story):
    login(client, world.users[Role.RESIDENT])
    page = client.get(f"/stories/{story.public_id}/").content.decode()
    assert "[PERSOON-2]" in page and "een bewoonster" in page  # the choice, preset
    assert "De coördinator zette" in page  # the preview
    response = client.post(
        f"/stories/{story.public_id}/review/",
        {
            "text": TEXT,
            "audience": Audience.COUNCIL,
            "word_0": "de coördinator",
            "word_1": "een buurvrouw",
            "word_2": "",
            "word_3": "[telefoonnummer weggelaten]",
            "approve": "1",
        },
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == Story.Status.APPROVED
    assert story.wording["[PERSOON-2]"] == "een buurvrouw"
    assert "Een buurvrouw is blij." in story.public_text()
    event = AuditEvent.objects.filter(event="stories.approve").get()
    assert "wording" in event.fields and "buurvrouw" not in str(event.__dict__)


@pytest.mark.django_db
def test_a_word_outside_the_list_is_refused(client, world, story):
    with pytest.raises(ApplicationError):
        services.story_review(
            story=story,
            actor=world.users[Role.RESIDENT],
            text=TEXT,
            audience=Audience.COUNCIL,
            approve=True,
            words={"[PERSOON-1]": "Karim Bouzid"},
        )
    story.refresh_from_db()
    assert story.status == Story.Status.DEIDENTIFIED and story.wording == {}
    login(client, world.users[Role.RESIDENT])
    response = client.post(
        f"/stories/{story.public_id}/review/",
        {"text": TEXT, "audience": Audience.COUNCIL, "word_0": "Karim", "approve": "1"},
    )
    assert response.status_code == 400
    story.refresh_from_db()
    assert story.status == Story.Status.DEIDENTIFIED
