"""While a story is de-identified (#18) its teller's page shows that and then the result by
itself: a meta refresh without JavaScript, htmx polling with it (the poll answers "still
busy" with nothing, "done" with a full reload), stopping when it takes unusually long. The
teller never has to reload the page."""

from __future__ import annotations

from datetime import timedelta

import pytest

from zorgzaam.accounts.roles import Role
from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.testing import PersonFactory, UserFactory, login
from zorgzaam.stories import services
from zorgzaam.stories.forms import period_words
from zorgzaam.stories.models import Story
from zorgzaam.stories.tests.test_stories import _form

pytestmark = pytest.mark.django_db

REFRESH = '<noscript><meta http-equiv="refresh" content="3"></noscript>'
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def teller(world):
    user = world.users[Role.RESIDENT]
    PersonFactory(
        municipality=world.municipality,
        user=user,
        postcode_area=world.person_a.postcode_area,
        area=world.village_a,
    )
    return user


def _sent(client, world, teller) -> Story:
    """A story just sent: the task has not run yet (no on-commit callbacks in this test)."""
    login(client, teller)
    response = client.post("/stories/new/", _form(world))
    assert response.status_code == 302
    story = Story.objects.get(teller=teller)
    assert story.status == Story.Status.DRAFT
    return story


def test_the_tellers_page_shows_progress_and_then_the_result_by_itself(
    client, world, teller, deidentifier
):
    story = _sent(client, world, teller)
    url = f"/stories/{story.public_id}/"
    page = client.get(url).content.decode()
    assert "Uw verhaal wordt geanonimiseerd" in page
    assert "<progress" in page and "werkt zichzelf bij" in page
    assert "Laad deze pagina" not in page  # nobody is asked to reload
    assert REFRESH in page  # without JavaScript
    assert f'hx-get="{url}?progress=1"' in page and 'hx-trigger="every 3s"' in page
    assert "django_htmx/htmx-2.min.js" in page
    assert '"includeIndicatorStyles": false' in page  # htmx adds no inline style (CSP)
    # The quarter in months, as on the form ("oktober t/m december 2026", not "2026-Q4").
    assert period_words(story.period) in page and story.period not in page

    # The poll: still busy, nothing to change (and no story text sent).
    busy = client.get(url, {"progress": "1"}, **HTMX)
    assert busy.status_code == 204 and not busy.content

    services.story_deidentify(story=story, deidentifier=deidentifier)
    done = client.get(url, {"progress": "1"}, **HTMX)
    assert done.status_code == 200 and done["HX-Refresh"] == "true"
    page = client.get(url).content.decode()
    assert "Controleer de geanonimiseerde tekst" in page
    mine = client.get("/stories/").content.decode()
    assert period_words(story.period) in mine and story.period not in mine
    assert "<progress" not in page and REFRESH not in page and "hx-get" not in page


def test_the_page_stops_looking_when_it_takes_unusually_long(client, world, teller):
    story = _sent(client, world, teller)
    Story.objects.filter(pk=story.pk).update(updated_at=story.updated_at - timedelta(minutes=6))
    url = f"/stories/{story.public_id}/"
    page = client.get(url).content.decode()
    assert "duurt langer dan normaal" in page
    assert REFRESH not in page and "hx-get" not in page and "htmx-2" not in page
    # A page that was still polling gets the same words, without a next poll.
    stop = client.get(url, {"progress": "1"}, **HTMX)
    assert stop.status_code == 200
    text = stop.content.decode()
    assert "duurt langer dan normaal" in text and "hx-get" not in text


def test_only_the_teller_is_polled_and_nobody_else_learns_the_status(client, world, teller):
    story = _sent(client, world, teller)
    url = f"/stories/{story.public_id}/"
    client.logout()
    # The team sees the progress without a refresh that would write an audit line each time.
    login(client, world.users[Role.PROFESSIONAL])
    page = client.get(url).content.decode()
    assert "Dit verhaal wordt geanonimiseerd" in page
    assert REFRESH not in page and "hx-get" not in page
    # Another resident's poll is refused like the page (audited), not answered.
    client.logout()
    login(client, UserFactory(role=Role.RESIDENT, municipality=world.municipality))
    refused = client.get(url, {"progress": "1"}, **HTMX)
    assert refused.status_code == 403 and "HX-Refresh" not in refused
    assert AuditEvent.objects.filter(event="access.denied").exists()
