"""Most Significant Change: team/hub -> municipality -> council committee, reasons at every
level, feedback to the teller."""

import io
import uuid

import pytest
from django.core.management import call_command

from zorgzaam.accounts.roles import Role
from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.errors import ApplicationError
from zorgzaam.common.testing import login
from zorgzaam.stories import services
from zorgzaam.stories.models import Audience, Level, Round, Selection

from .factories import approved_story

pytestmark = pytest.mark.django_db


def test_three_levels_with_reasons_and_feedback(
    client, world, deidentifier, django_capture_on_commit_callbacks
):
    teller = world.users[Role.RESIDENT]
    story = approved_story(world, teller=teller, audience=Audience.COUNCIL)
    muni_only = approved_story(world, teller=teller, audience=Audience.MUNICIPALITY)
    elsewhere = approved_story(world, area=world.village_b)
    lead = world.users[Role.TEAM_LEAD]
    login(client, lead)
    response = client.post("/stories/rounds/", {"period": "2026-Q3", "title": ""})
    assert response.status_code == 302
    rnd = Round.objects.get()
    page = client.get(f"/stories/rounds/{rnd.public_id}/").content.decode()
    assert str(story.public_id) in page
    assert str(elsewhere.public_id) not in page, "a team chooses from its own villages"
    for s in (story, muni_only):
        client.post(
            f"/stories/rounds/{rnd.public_id}/select/",
            {"story": s.public_id, "level": Level.TEAM, "reason": "Laat zien wat buren doen."},
        )
    assert Selection.objects.filter(level=Level.TEAM).count() == 2
    # Without a reason nothing is recorded.
    client.post(
        f"/stories/rounds/{rnd.public_id}/select/",
        {"story": elsewhere.public_id, "level": Level.TEAM, "reason": ""},
    )
    assert Selection.objects.count() == 2
    officer = world.users[Role.POLICY_OFFICER]
    with pytest.raises(ApplicationError):  # council chooses only from municipality choices
        services.story_select(
            rnd=rnd,
            story=story,
            level=Level.COUNCIL,
            reason="Sterk verhaal voor de raad.",
            actor=officer,
        )
    services.story_select(
        rnd=rnd,
        story=story,
        level=Level.MUNICIPALITY,
        reason="Raakt alle drie de domeinen.",
        actor=officer,
    )
    services.story_select(
        rnd=rnd,
        story=muni_only,
        level=Level.MUNICIPALITY,
        reason="Mooi voorbeeld van meedoen.",
        actor=officer,
    )
    with pytest.raises(ApplicationError):  # teller did not share it with the council
        services.story_select(
            rnd=rnd,
            story=muni_only,
            level=Level.COUNCIL,
            reason="Dit wil de raad horen.",
            actor=officer,
        )
    services.story_select(
        rnd=rnd, story=story, level=Level.COUNCIL, reason="Dit wil de raad horen.", actor=officer
    )
    with pytest.raises(ApplicationError):
        services.story_select(
            rnd=rnd, story=story, level=Level.COUNCIL, reason="Nog een keer gekozen.", actor=officer
        )
    with pytest.raises(ApplicationError):  # a team cannot record the council's choice
        services.story_select(
            rnd=rnd,
            story=elsewhere,
            level=Level.COUNCIL,
            reason="Mag niet op dit niveau.",
            actor=lead,
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.story_select(
            rnd=rnd,
            story=elsewhere,
            level=Level.TEAM,
            reason="Buurvrouw Gerda Hoogendoorn belde 06-11223344 elke dag.",
            actor=world.users[Role.HUB_COORDINATOR],
        )
    checked = Selection.objects.get(story=elsewhere, level=Level.TEAM)
    assert checked.reason_checked and "Hoogendoorn" not in checked.reason
    assert "11223344" not in checked.reason
    # The other choices were made without running the commit hooks: their reasons are not
    # published until checked; the catch-up command checks them.
    assert not Selection.objects.filter(story=story, reason_checked=True).exists()
    call_command("stories", "process-drafts", stdout=io.StringIO())
    assert not Selection.objects.filter(reason_checked=False).exists()
    login(client, teller)
    page = client.get(f"/stories/{story.public_id}/").content.decode()
    assert "Dit wil de raad horen." in page and "Raakt alle drie de domeinen." in page
    assert "raadscommissie" in page
    assert AuditEvent.objects.filter(event="stories.select").count() == 6


def test_round_access(client, world):
    login(client, world.users[Role.HUB_COORDINATOR])
    assert client.get("/stories/rounds/").status_code == 200
    assert client.post("/stories/rounds/", {"period": "2026-Q3"}).status_code == 403
    assert client.get(f"/stories/rounds/{uuid.uuid4()}/").status_code == 404
    other = Round.objects.create(
        municipality=world.other_municipality, period="2026-Q3", title="Elders"
    )
    assert client.get(f"/stories/rounds/{other.public_id}/").status_code == 403


def test_story_list_offers_telling_only_to_tellers(client, world):
    approved_story(world, title="Zichtbaar verhaal", audience=Audience.MUNICIPALITY)
    login(client, world.users[Role.POLICY_OFFICER])
    body = client.get("/stories/").content.decode()
    assert "Zichtbaar verhaal" in body and "/stories/new/" not in body
    login(client, world.users[Role.RESIDENT])
    assert "/stories/new/" in client.get("/stories/").content.decode()
