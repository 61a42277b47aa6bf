"""The coordinator's matching screens (#18): the engine's top ten first, a search over every
eligible volunteer by name, village, kind of help or language (with the engine's reasons and
place in the ranking), proposing someone outside the ten, a side-by-side comparison of two
or three candidates with their phone numbers, and the volunteer's phone on their page."""

import uuid

import pytest
from django.utils.html import escape

from zorgzaam.audit.models import AuditEvent
from zorgzaam.common.testing import UserFactory, login
from zorgzaam.help import selectors
from zorgzaam.help.models import Proposal

from .factories import make_request, make_volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def twelve(helpworld):
    """Twelve more eligible volunteers, further away one by one; the last one speaks
    Turkish, can also help in the garden and is called Zeynep Yılmaz."""
    profiles = []
    for i in range(12):
        profile = make_volunteer(
            helpworld.world,
            lat=52.045 + 0.004 * (i + 1),
            lon=4.73,
            skills=("shopping", "garden") if i == 11 else ("shopping",),
            languages=["nl", "tr"] if i == 11 else ["nl"],
        )
        profile.person.phone = f"06-1234{i:04d}"
        if i == 11:
            profile.person.given_name, profile.person.family_name = "Zeynep", "Yılmaz"
        profile.person.save()
        profiles.append(profile)
    return profiles


def test_search_finds_an_eligible_volunteer_outside_the_top_ten(client, helpworld, twelve):
    req = make_request(helpworld.world)
    far = twelve[-1]
    search = selectors.help_request_candidate_search(req)
    assert len(search.top) == 10 and search.eligible == 14
    assert far.pk not in {c.profile.pk for c in search.top}
    assert [c.rank for c in search.top] == list(range(1, 11))
    for words in ("zeynep", "YILMAZ", "tuin", "garden", "turks", "zeynep tuin"):
        found = selectors.help_request_candidate_search(req, words).found
        assert [c.profile.pk for c in found] == [far.pk], words
        assert found[0].rank > 10 and found[0].facts
    assert selectors.help_request_candidate_search(req, "zeynep boodschappen").matches == 1
    assert selectors.help_request_candidate_search(req, "zeynep klussen").matches == 0
    assert len(selectors.help_request_candidate_search(req, show_all=True).found) == 14

    login(client, helpworld.coordinator)
    url = f"/help/coordinate/requests/{req.public_id}/"
    text = client.get(url).content.decode()
    assert "De beste 10 van 14 geschikte vrijwilligers" in text
    assert "Zeynep" not in text
    text = client.get(url, {"q": "zeynep"}).content.decode()
    assert "1 van de 14 geschikte vrijwilligers past bij" in text
    assert escape(far.person.full_name) in text and "Afstand:" in text
    # Proposing someone outside the ten.
    response = client.post(f"{url}propose/{far.public_id}/")
    assert response.status_code == 302
    assert Proposal.objects.filter(request=req, volunteer=far).exists()
    # ... who is then no longer a candidate.
    assert selectors.help_request_candidate_search(req, "zeynep").matches == 0


def test_shared_reasons_are_said_once(client, helpworld, twelve):
    req = make_request(helpworld.world)
    search = selectors.help_request_candidate_search(req)
    common = selectors.candidate_common_facts(search.top)
    assert "skills" in {f.code for f in common}
    assert "distance" not in {f.code for f in common}
    login(client, helpworld.coordinator)
    text = client.get(f"/help/coordinate/requests/{req.public_id}/").content.decode()
    assert text.count("kan helpen met boodschappen") == 1
    assert "Allemaal" in text


def test_compare_shows_what_differs_and_phones(client, helpworld, twelve):
    req = make_request(helpworld.world)
    a, b = twelve[0], twelve[-1]
    login(client, helpworld.coordinator)
    url = f"/help/coordinate/requests/{req.public_id}/compare/"
    page = client.get(url, {"v": [str(a.public_id), str(b.public_id), "not-a-uuid"]})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Vrijwilligers vergelijken" in text
    assert a.person.phone in text and b.person.phone in text
    assert f'href="tel:{b.person.phone}"' in text
    assert text.count("(verschilt)") >= 3  # distance, all kinds of help, languages
    candidates, rows, eligible = selectors.help_request_candidates_compare(
        req, [b.public_id, a.public_id]
    )
    assert [c.profile.pk for c in candidates] == [a.pk, b.pk] and eligible == 14
    differs = {r.label for r in rows if r.differs}
    assert {"Afstand", "Alle talen"} <= differs
    assert "Kan helpen met" not in differs
    seen = AuditEvent.objects.filter(event="help.volunteer.view", fields=["phone"])
    assert {str(e.subject_id) for e in seen} >= {str(a.person.public_id), str(b.person.public_id)}
    # One, or one plus someone not eligible: back to the request with a message.
    response = client.get(url, {"v": [str(a.public_id), str(uuid.uuid4())]})
    assert response.status_code == 302 and response.url.endswith(f"{req.public_id}/")


def test_compare_of_another_municipality_is_refused(client, helpworld, twelve):
    req = make_request(helpworld.world)
    stranger = UserFactory(role="hub_coordinator", municipality=helpworld.world.other_municipality)
    login(client, stranger)
    url = f"/help/coordinate/requests/{req.public_id}/compare/"
    v = [str(twelve[0].public_id), str(twelve[1].public_id)]
    assert client.get(url, {"v": v}).status_code == 403


def test_volunteer_page_and_request_show_the_volunteers_phone(client, helpworld, twelve):
    from zorgzaam.help import services

    profile = twelve[0]
    login(client, helpworld.coordinator)
    text = client.get(f"/help/coordinate/volunteers/{profile.public_id}/").content.decode()
    assert f'href="tel:{profile.person.phone}"' in text
    assert AuditEvent.objects.filter(
        event="help.volunteer.view", subject_id=profile.person.public_id, fields=["phone"]
    ).exists()
    req = make_request(helpworld.world)
    proposal = services.help_request_propose(
        help_request=req, volunteer=profile, actor=helpworld.coordinator
    )
    text = client.get(f"/help/coordinate/requests/{req.public_id}/").content.decode()
    assert profile.person.phone not in text  # only offered: not yet needed
    services.proposal_accept(proposal=proposal, actor=None)
    text = client.get(f"/help/coordinate/requests/{req.public_id}/").content.decode()
    assert f'href="tel:{profile.person.phone}"' in text


def test_village_page_shows_ten_requests_a_page(client, helpworld):
    for i in range(12):
        make_request(helpworld.world, description=f"Boodschappen {i}")
    login(client, helpworld.coordinator)
    url = f"/help/coordinate/village/{helpworld.world.village_a.public_id}/"
    first = client.get(url).content.decode()
    assert first.count('class="card village-request"') == 10
    assert "12 open hulpvragen, de oudste eerst." in first and 'rel="next"' in first
    second = client.get(url, {"page": 2}).content.decode()
    assert second.count('class="card village-request"') == 2
    assert "Boodschappen 11" in second and "Boodschappen 11" not in first
